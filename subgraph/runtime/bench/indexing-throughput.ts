/**
 * Indexing throughput benchmark: end to end (eth_getLogs over HTTP JSON-RPC from a Hardhat node,
 * decoding, a fresh WASM instance per event running the compiled lean ERC-20 mapping, the PGlite or
 * PostgreSQL store) over a generated history of Transfer events.
 *
 *   node subgraph/runtime/bench/indexing-throughput.ts [--events 100000] [--per-block 500] [--database-url URL]
 *   (BENCH_TRACE=1 prints the time per 10 blocks)
 *
 * The history comes from a tiny emitter contract installed with hardhat_setCode that logs N ERC-20
 * Transfer events per call (sender → address(i)), so generating 100k events takes seconds.
 */
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createPublicClient, http, type EIP1193RequestFn, type Hex } from "viem";
import { Indexer } from "../src/indexer/indexer.ts";
import { loadManifest } from "../src/manifest.ts";
import { openStore } from "../src/store/index.ts";
import { buildTokenFixture } from "../test/fixtures/build-fixture.ts";
import { startHardhatNode, transferEmitterCode } from "../test/fixtures/chain.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    "per-block": { type: "string", default: "500" },
    "database-url": { type: "string" },
  },
});
const totalEvents = Number(values.events);
const perBlock = Number(values["per-block"]);

const emitter: Hex = "0x00000000000000000000000000000000000e1717";

const node = await startHardhatNode();
try {
  const client = createPublicClient({ transport: http(node.url, { timeout: 300_000 }) });
  const request = client.request as unknown as EIP1193RequestFn;
  const from = ((await request({ method: "eth_accounts" } as never)) as Hex[])[0]!;
  await request({ method: "hardhat_setCode", params: [emitter, transferEmitterCode()] } as never);
  // Raw eth_blockNumber: viem's getBlockNumber caches for the polling interval.
  const blockNumber = async () => Number((await request({ method: "eth_blockNumber" } as never)) as Hex);
  const startBlock = (await blockNumber()) + 1;

  const genStart = performance.now();
  for (let sent = 0; sent < totalEvents; sent += perBlock) {
    const n = Math.min(perBlock, totalEvents - sent);
    await request({
      method: "eth_sendTransaction",
      params: [{ from, to: emitter, data: `0x${n.toString(16).padStart(64, "0")}`, gas: "0xf42400" }],
    } as never);
  }
  const genSeconds = (performance.now() - genStart) / 1000;
  const head = await blockNumber();

  const manifest = loadManifest(await buildTokenFixture(emitter, startBlock, "lean"));
  const store = await openStore({ schema: manifest.schema, deployment: manifest.deployment, databaseUrl: values["database-url"] });
  if (values["database-url"]) await store.revertTo(null);
  // Time spent making blocks durable, to tell the store's share from the host's.
  let transactMs = 0;
  const transact = store.transact.bind(store);
  store.transact = async (block) => {
    const t = performance.now();
    await transact(block);
    transactMs += performance.now() - t;
  };
  let lastT = performance.now();
  const trace = process.env.BENCH_TRACE === "1";
  const indexer = new Indexer({
    manifest, store, request, rpcUrl: node.url, logger: pino({ level: "warn" }), maxRange: 1000,
    onProgress: ({ block, events }) => {
      if (trace && block.number % 10 === 0) {
        console.log(`block ${block.number} events ${events} +${Math.round(performance.now() - lastT)} ms`);
        lastT = performance.now();
      }
    },
  });

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  await indexer.syncToHead();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  indexer.close();

  const latest = await store.latestBlock();
  if (latest?.number !== head) throw new Error(`indexed to ${latest?.number}, head is ${head}`);
  if (indexer.eventsProcessed !== totalEvents) throw new Error(`handled ${indexer.eventsProcessed} events, expected ${totalEvents}`);
  const hot = store.get("Account", from.toLowerCase());
  const balance = hot?.get("balance");
  const expected = -BigInt(Math.floor(totalEvents / perBlock)) * BigInt((perBlock * (perBlock + 1)) / 2) - BigInt(((totalEvents % perBlock) * ((totalEvents % perBlock) + 1)) / 2);
  if (!balance || balance.kind !== "BigInt" || balance.value !== expected) throw new Error(`sender balance ${JSON.stringify(balance, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}, expected ${expected}`);
  await store.close();

  const rows = [
    ["events", totalEvents.toLocaleString("en")],
    ["blocks", (head - startBlock + 1).toLocaleString("en")],
    ["store", values["database-url"] ? "PostgreSQL" : "PGlite (in memory)"],
    ["history generated in", `${genSeconds.toFixed(1)} s`],
    ["indexing time", `${seconds.toFixed(1)} s`],
    ["events / s (end to end)", Math.round(totalEvents / seconds).toLocaleString("en")],
    ["of which store.transact", `${(transactMs / 1000).toFixed(1)} s`],
    ["peak RSS", `${Math.round(peakRss / 2 ** 20)} MiB`],
  ];
  const width = Math.max(...rows.map((r) => r[0]!.length));
  console.log("\nSubgraph indexing throughput (lean ERC-20 mapping)\n");
  for (const [k, v] of rows) console.log(`  ${k!.padEnd(width)}  ${v}`);
  console.log(JSON.stringify({ events: totalEvents, seconds, eventsPerSecond: totalEvents / seconds, peakRssMiB: peakRss / 2 ** 20 }));
} finally {
  node.stop();
}
