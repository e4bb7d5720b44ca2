/**
 * Indexing throughput benchmark: end to end (eth_getLogs over HTTP JSON-RPC from a Hardhat node,
 * decoding, a fresh WASM instance per event running the compiled lean ERC-20 mapping, the PGlite or
 * PostgreSQL store) over a generated history of Transfer events.
 *
 *   node subgraph/runtime/bench/indexing-throughput.ts [--events 100000] [--per-block 500] [--store pglite|postgres|both]
 *        [--database-url URL] [--profile DIR]
 *   (BENCH_TRACE=1 prints the time per 10 blocks)
 *
 * The history comes from a tiny emitter contract installed with hardhat_setCode that logs N ERC-20
 * Transfer events per call (sender → address(i)), so generating 100k events takes seconds. It is
 * generated once; each store is then indexed by a fresh child process (so peak RSS is per store).
 * PostgreSQL (DATABASE_URL or postgres://postgres@127.0.0.1:5432/test) is skipped when unreachable.
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { pino } from "pino";
import { createPublicClient, http, type EIP1193RequestFn, type Hex } from "viem";
import { Indexer } from "../src/indexer/indexer.ts";
import { loadManifest } from "../src/manifest.ts";
import { openStore } from "../src/store/index.ts";
import { buildTokenFixture } from "../test/fixtures/build-fixture.ts";
import { startHardhatNode, transferEmitterCode } from "../test/fixtures/chain.ts";
import { benchDatabaseUrl, postgresReachable } from "./postgres.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    "per-block": { type: "string", default: "500" },
    store: { type: "string", default: "both" },
    "database-url": { type: "string" },
    profile: { type: "string" },
    // Internal: set by the parent for the child that indexes one store.
    child: { type: "string" },
  },
});
const totalEvents = Number(values.events);
const perBlock = Number(values["per-block"]);
const databaseUrl = values["database-url"] ?? benchDatabaseUrl;
const emitter: Hex = "0x00000000000000000000000000000000000e1717";

interface ChildArgs {
  rpcUrl: string;
  from: Hex;
  startBlock: number;
  head: number;
  store: "pglite" | "postgres";
}

interface Result {
  store: string;
  seconds: number;
  eventsPerSecond: number;
  transactSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

if (values.child) {
  console.log(JSON.stringify(await indexOnce(JSON.parse(values.child) as ChildArgs)));
} else {
  await main();
}

async function main(): Promise<void> {
  const stores = values.store === "both" ? (["pglite", "postgres"] as const) : [values.store as "pglite" | "postgres"];
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
    rmSync(await buildTokenFixture(emitter, startBlock, "lean")); // builds once, before the children race to build it
    console.log(`history: ${totalEvents.toLocaleString("en")} events in ${(head - startBlock + 1).toLocaleString("en")} blocks, generated in ${genSeconds.toFixed(1)} s`);

    const results: Result[] = [];
    for (const store of stores) {
      if (store === "postgres" && !(await postgresReachable(databaseUrl))) {
        console.log(`PostgreSQL at ${databaseUrl} is not reachable: skipped`);
        continue;
      }
      const args: ChildArgs = { rpcUrl: node.url, from, startBlock, head, store };
      const nodeArgs = values.profile ? [`--cpu-prof`, `--cpu-prof-dir=${values.profile}`] : [];
      const self = fileURLToPath(import.meta.url);
      const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs, self, "--events", String(totalEvents), "--per-block", String(perBlock), "--database-url", databaseUrl, "--child", JSON.stringify(args)], {
        maxBuffer: 64 * 2 ** 20,
        env: process.env,
      });
      const lines = stdout.trim().split("\n");
      for (const l of lines.slice(0, -1)) console.log(l);
      results.push(JSON.parse(lines.at(-1)!) as Result);
    }
    console.log("\nSubgraph indexing throughput (lean ERC-20 mapping, end to end: RPC + decode + handlers + store)\n");
    console.table(
      results.map((r) => ({
        store: r.store,
        "indexing s": +r.seconds.toFixed(1),
        "events/s": Math.round(r.eventsPerSecond),
        "store.transact s": +r.transactSeconds.toFixed(1),
        "indexer CPU s": +r.cpuSeconds.toFixed(1),
        "peak RSS MiB": Math.round(r.peakRssMiB),
      })),
    );
    console.log(JSON.stringify({ events: totalEvents, blocks: head - startBlock + 1, results }));
  } finally {
    node.stop();
  }
}

async function indexOnce({ rpcUrl, from, startBlock, head, store: kind }: ChildArgs): Promise<Result> {
  const client = createPublicClient({ transport: http(rpcUrl, { timeout: 300_000 }) });
  const request = client.request as unknown as EIP1193RequestFn;
  const manifestPath = await buildTokenFixture(emitter, startBlock, "lean");
  const manifest = loadManifest(manifestPath);
  rmSync(manifestPath);
  // A deployment of its own, so concurrent runs on one PostgreSQL never share tables.
  const deployment = `${manifest.deployment}bench${process.pid}`;
  const store = await openStore({ schema: manifest.schema, deployment, databaseUrl: kind === "postgres" ? databaseUrl : undefined });
  try {
    // Time spent making blocks durable, to tell the store's share from the host's.
    let transactMs = 0;
    const transact = store.transact.bind(store);
    store.transact = async (block, options) => {
      const t = performance.now();
      await transact(block, options);
      transactMs += performance.now() - t;
    };
    let lastT = performance.now();
    const trace = process.env.BENCH_TRACE === "1";
    const indexer = new Indexer({
      manifest, store, request, rpcUrl, logger: pino({ level: "warn" }), maxRange: 1000,
      onProgress: ({ block, events }) => {
        if (trace && block.number % 10 === 0) {
          console.log(`block ${block.number} events ${events} +${Math.round(performance.now() - lastT)} ms`);
          lastT = performance.now();
        }
      },
    });

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await indexer.syncToHead();
    if (store.bufferedBlocks !== 0) throw new Error(`${store.bufferedBlocks} blocks left unflushed at the head`);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    indexer.close();

    const latest = await store.latestBlock();
    if (latest?.number !== head) throw new Error(`indexed to ${latest?.number}, head is ${head}`);
    if (indexer.eventsProcessed !== totalEvents) throw new Error(`handled ${indexer.eventsProcessed} events, expected ${totalEvents}`);
    const balance = store.get("Account", from.toLowerCase())?.get("balance");
    const full = Math.floor(totalEvents / perBlock);
    const rest = totalEvents % perBlock;
    const expected = -BigInt(full) * BigInt((perBlock * (perBlock + 1)) / 2) - BigInt((rest * (rest + 1)) / 2);
    if (!balance || balance.kind !== "BigInt" || balance.value !== expected) throw new Error(`sender balance ${balance?.kind === "BigInt" ? balance.value : "missing"}, expected ${expected}`);
    return {
      store: kind === "postgres" ? "PostgreSQL" : "PGlite (in memory)",
      seconds,
      eventsPerSecond: totalEvents / seconds,
      transactSeconds: transactMs / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: peakRss / 2 ** 20,
    };
  } finally {
    if (kind === "postgres") await store.dropDeployment();
    await store.close();
  }
}
