/**
 * Prometheus metrics of the embedded runtime: after indexing a live chain, `/metrics` on the GraphQL server
 * reports the indexed block and chain head, one event and one handler run per Transfer log, handler and
 * store-flush timings, and counts queries and query errors.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAbiItem } from "viem";
import { startSubgraphRuntime } from "../src/cli.ts";
import { buildTokenFixture } from "./fixtures/build-fixture.ts";
import { capturingLogger, tokenChain } from "./fixtures/chain.ts";

/** The value of one sample in Prometheus text format: `name{labels} value`, labels matched as given. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) return Number(m[3]);
  }
  throw new Error(`no sample ${name}${JSON.stringify(labels)} in\n${text}`);
}

async function post(url: string, query: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

describe("runtime metrics", () => {
  it("serves indexing and query metrics at /metrics", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    const { alice, bob } = chain;
    await chain.mint(alice.account.address, 1_000n);
    await chain.transfer(alice, bob.account.address, 250n);
    await chain.transfer(alice, bob.account.address, 50n);
    const head = Number(await chain.publicClient.getBlockNumber());
    const transfers = await chain.publicClient.getLogs({
      address: chain.token.address,
      event: parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)"),
      fromBlock: BigInt(chain.deployBlock),
      toBlock: BigInt(head),
    });
    assert.ok(transfers.length >= 3);

    const runtime = await startSubgraphRuntime({
      manifest: await buildTokenFixture(chain.token.address, chain.deployBlock),
      rpcUrl: chain.rpcUrl,
      port: 0,
      pollIntervalMs: 20,
      logger: capturingLogger().logger,
    });
    t.after(() => runtime.stop());
    const metricsUrl = new URL("/metrics", runtime.url!).href;
    const deployment = runtime.manifest.deployment;
    const scrape = async () => {
      const res = await fetch(metricsUrl);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
      return res.text();
    };

    let text = await scrape();
    for (let i = 0; i < 400 && sample(text, "subgraph_indexed_block_number") < head; i++) {
      await new Promise((r) => setTimeout(r, 25));
      text = await scrape();
    }
    assert.equal(sample(text, "subgraph_indexed_block_number", { deployment }), head);
    assert.ok(sample(text, "subgraph_chain_head_block_number", { deployment }) >= head);
    assert.equal(sample(text, "subgraph_events_processed_total", { deployment }), transfers.length);
    assert.equal(sample(text, "subgraph_handlers_executed_total", { handler: "handleTransfer" }), transfers.length);
    assert.equal(sample(text, "subgraph_handler_duration_seconds_count", { handler: "handleTransfer" }), transfers.length);
    assert.ok(sample(text, "subgraph_handler_duration_seconds_sum", { handler: "handleTransfer" }) > 0);
    // Every block with a transfer is flushed, plus the end of each range.
    assert.ok(sample(text, "subgraph_store_flush_duration_seconds_count") >= new Set(transfers.map((l) => l.blockNumber)).size);
    assert.ok(sample(text, "process_resident_memory_bytes") > 0, "process metrics");

    const queriesBefore = sample(text, "subgraph_queries_total");
    const errorsBefore = sample(text, "subgraph_query_errors_total");
    const timedBefore = sample(text, "subgraph_query_duration_seconds_count");
    const ok = await post(runtime.url!, "{ accounts(first: 5) { id balance } }");
    assert.equal(ok.errors, undefined);
    const bad = await post(runtime.url!, "{ accounts { nope } }");
    assert.equal(bad.errors?.length, 1);
    text = await scrape();
    assert.equal(sample(text, "subgraph_queries_total") - queriesBefore, 2);
    assert.equal(sample(text, "subgraph_query_errors_total") - errorsBefore, 1);
    assert.equal(sample(text, "subgraph_query_duration_seconds_count") - timedBefore, 2);
  });
});
