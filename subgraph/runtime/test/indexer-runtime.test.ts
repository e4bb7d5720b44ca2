/**
 * The embedded runtime end to end: startSubgraphRuntime indexes a Hardhat node over HTTP JSON-RPC into
 * PGlite and serves graph-node's GraphQL API; the CLI rejects bad arguments with a clear message.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { startSubgraphRuntime } from "../src/cli.ts";
import { buildTokenFixture } from "./fixtures/build-fixture.ts";
import { capturingLogger, tokenChain } from "./fixtures/chain.ts";

async function query<T>(url: string, q: string): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: q }) });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await fn();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

type Meta = { _meta: { block: { number: number }; hasIndexingErrors: boolean; deployment: string } };

describe("startSubgraphRuntime", async () => {
  it("indexes a live chain and serves the entities over GraphQL, with time travel", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    const { alice, bob } = chain;
    await chain.mint(alice.account.address, 1_000n);
    const afterMint = Number(await chain.publicClient.getBlockNumber());
    const manifestPath = await buildTokenFixture(chain.token.address, chain.deployBlock);
    const runtime = await startSubgraphRuntime({
      manifest: manifestPath,
      rpcUrl: chain.rpcUrl,
      port: 0,
      name: "cowatt-test",
      pollIntervalMs: 20,
      logger: capturingLogger().logger,
    });
    t.after(() => runtime.stop());
    assert.match(runtime.url!, /\/subgraphs\/name\/cowatt-test$/);

    await chain.transfer(alice, bob.account.address, 250n);
    const head = Number(await chain.publicClient.getBlockNumber());
    const meta = await waitFor(() => query<Meta>(runtime.url!, "{ _meta { block { number } hasIndexingErrors deployment } }"), (m) => m._meta.block.number >= head, "the head");
    assert.equal(meta._meta.hasIndexingErrors, false);
    assert.equal(meta._meta.deployment, runtime.manifest.deployment);

    const now = await query<{ accounts: { id: string; balance: string }[] }>(runtime.url!, "{ accounts(orderBy: balance, orderDirection: desc, where: { balance_gt: 0 }) { id balance } }");
    assert.deepEqual(now.accounts, [
      { id: alice.account.address.toLowerCase(), balance: "750" },
      { id: bob.account.address.toLowerCase(), balance: "250" },
    ]);
    const before = await query<{ account: { balance: string } }>(runtime.url!, `{ account(id: "${alice.account.address.toLowerCase()}", block: { number: ${afterMint} }) { balance } }`);
    assert.equal(before.account.balance, "1000");
    const sent = await query<{ account: { sent: { value: string }[] } }>(runtime.url!, `{ account(id: "${alice.account.address.toLowerCase()}") { sent { value } } }`);
    assert.deepEqual(sent.account.sent, [{ value: "250" }]);
  });

  it("keeps serving after a mapping failure and reports it in _meta", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    await chain.mint(chain.alice.account.address, 5n);
    const goodBlock = Number(await chain.publicClient.getBlockNumber());
    await chain.mint(chain.alice.account.address, 13n);
    const runtime = await startSubgraphRuntime({
      manifest: await buildTokenFixture(chain.token.address, chain.deployBlock),
      rpcUrl: chain.rpcUrl,
      port: 0,
      pollIntervalMs: 20,
      logger: capturingLogger().logger,
    });
    t.after(() => runtime.stop());
    await assert.rejects(runtime.indexing, /unlucky transfer of 13/);
    const meta = await query<Meta>(runtime.url!, "{ _meta { block { number } hasIndexingErrors deployment } }");
    assert.equal(meta._meta.hasIndexingErrors, true);
    assert.equal(meta._meta.block.number, goodBlock);
    const balances = await query<{ accounts: { balance: string }[] }>(runtime.url!, "{ accounts(where: { balance_gt: 0 }) { balance } }");
    assert.deepEqual(balances.accounts, [{ balance: "5" }]);
  });
});

describe("cli", () => {
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  it("explains missing arguments and exits non-zero", async () => {
    await assert.rejects(promisify(execFile)(process.execPath, [cli, "--manifest", "x.yaml"], { env: { ...process.env, RPC_URL: "" } }), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 1);
      assert.match(e.stderr, /--manifest and --rpc are required/);
      return true;
    });
  });
  it("rejects a bad port", async () => {
    await assert.rejects(promisify(execFile)(process.execPath, [cli, "--manifest", "x.yaml", "--rpc", "http://127.0.0.1:1", "--port", "99999"]), /--port must be a port number/);
  });
  it("reports a missing manifest", async () => {
    await assert.rejects(promisify(execFile)(process.execPath, [cli, "--manifest", "/nonexistent/subgraph.yaml", "--rpc", "http://127.0.0.1:1", "--port", "0"]), /ENOENT|no such file/);
  });
});
