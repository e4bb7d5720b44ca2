/**
 * Indexer behaviour on a live Hardhat chain: reorgs (evm_snapshot/evm_revert then different blocks),
 * restarts (resume without re-indexing a block), adaptive eth_getLogs ranges and RPC retries.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EIP1193RequestFn } from "viem";
import { Indexer } from "../src/indexer/indexer.ts";
import { capturingLogger, gql, openTestStore, tokenChain } from "./fixtures/chain.ts";
import type { EntityStore } from "../src/store/index.ts";
import type { StoreValue } from "../src/store/types.ts";

async function transferValues(store: EntityStore): Promise<bigint[]> {
  const r = await gql<{ transferEvents: { value: string }[] }>(store, "{ transferEvents(first: 1000, orderBy: value) { value } }");
  return r.transferEvents.map((t) => BigInt(t.value));
}

async function balances(store: EntityStore, chain: Awaited<ReturnType<typeof tokenChain>>) {
  const out: Record<string, [bigint, bigint]> = {};
  for (const w of [chain.alice, chain.bob, chain.carol]) {
    const id = w.account.address.toLowerCase();
    const stored = (store.get("Account", id)?.get("balance") as Extract<StoreValue, { kind: "BigInt" }> | undefined)?.value ?? 0n;
    out[id] = [stored, await chain.token.read.balanceOf([w.account.address])];
  }
  return out;
}

function assertBalancesMatchChain(b: Record<string, [bigint, bigint]>) {
  for (const [id, [stored, onChain]] of Object.entries(b)) assert.equal(stored, onChain, `balance of ${id}`);
}

describe("indexer on a live chain", async () => {
  it("rolls back a reorg to the common ancestor and indexes the new branch", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    const { alice, bob, carol } = chain;
    await chain.mint(alice.account.address, 1_000n);
    const store = await openTestStore(chain.manifest);
    t.after(() => store.close());
    const { logger, lines } = capturingLogger();
    const indexer = new Indexer({ manifest: chain.manifest, store, request: chain.request, rpcUrl: chain.rpcUrl, logger });
    await indexer.syncToHead();
    const ancestor = await store.latestBlock();

    const snapshot = await chain.rpc("evm_snapshot");
    await chain.transfer(alice, bob.account.address, 100n);
    await chain.transfer(alice, bob.account.address, 200n);
    await indexer.syncToHead();
    assert.equal((await transferValues(store)).length, 3);
    const orphaned = await store.latestBlock();

    await chain.rpc("evm_revert", [snapshot]);
    await chain.transfer(alice, carol.account.address, 50n);
    await chain.rpc("hardhat_mine", ["0x3"]);
    const head = Number(await chain.publicClient.getBlockNumber());
    assert.ok(head >= orphaned!.number, "the new branch is at least as long");

    await indexer.syncToHead();
    indexer.close();
    assert.equal((await store.latestBlock())?.number, head);
    assert.notEqual(await store.indexedBlockHash(orphaned!.number), orphaned!.hash);
    assert.equal(await store.indexedBlockHash(ancestor!.number), ancestor!.hash);
    // Orphaned transfers are gone, the new branch's transfer is there.
    assert.deepEqual(await transferValues(store), [50n, 1_000n]);
    assertBalancesMatchChain(await balances(store, chain));
    assert.ok(lines.some((l) => String(l.msg).includes("chain reorganisation")));
  });

  it("resumes after a restart from the latest indexed block without indexing a block twice", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    const { alice, bob, carol } = chain;
    await chain.mint(alice.account.address, 500n);
    await chain.transfer(alice, bob.account.address, 120n);
    const store = await openTestStore(chain.manifest);
    t.after(() => store.close());
    const logger = capturingLogger().logger;
    const first = new Indexer({ manifest: chain.manifest, store, request: chain.request, rpcUrl: chain.rpcUrl, logger });
    await first.syncToHead();
    first.close();
    const before = (await store.latestBlock())!.number;

    await chain.transfer(bob, carol.account.address, 20n);
    await chain.transfer(alice, carol.account.address, 30n);
    const second = new Indexer({ manifest: chain.manifest, store, request: chain.request, rpcUrl: chain.rpcUrl, logger });
    await second.syncToHead();
    second.close();
    // The store rejects a block at or below its pointer, and TransferEvent is immutable: a re-indexed
    // block would have failed. The new blocks are there, each transfer once.
    assert.ok((await store.latestBlock())!.number > before);
    assert.deepEqual(await transferValues(store), [20n, 30n, 120n, 500n]);
    assertBalancesMatchChain(await balances(store, chain));
  });

  it("runs continuously, picking up new blocks by polling, until stopped", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    const store = await openTestStore(chain.manifest);
    t.after(() => store.close());
    const indexer = new Indexer({ manifest: chain.manifest, store, request: chain.request, rpcUrl: chain.rpcUrl, logger: capturingLogger().logger, pollIntervalMs: 20 });
    const running = indexer.run();
    await chain.mint(chain.alice.account.address, 7n);
    const target = Number(await chain.publicClient.getBlockNumber());
    for (let i = 0; i < 200 && ((await store.latestBlock())?.number ?? 0) < target; i++) await new Promise((r) => setTimeout(r, 20));
    indexer.stop();
    await running;
    assert.equal((await store.latestBlock())?.number, target);
    assert.deepEqual(await transferValues(store), [7n]);
  });

  it("shrinks eth_getLogs ranges the provider rejects and retries failed RPC calls", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    const { alice, bob } = chain;
    await chain.mint(alice.account.address, 1_000n);
    for (let i = 1n; i <= 6n; i++) await chain.transfer(alice, bob.account.address, i);
    let rejectedRanges = 0;
    let failures = 0;
    const flaky = (async (args: { method: string; params: unknown[] }) => {
      if (args.method === "eth_getLogs") {
        const [{ fromBlock, toBlock }] = args.params as [{ fromBlock: string; toBlock: string }];
        if (Number(toBlock) - Number(fromBlock) > 2) {
          rejectedRanges++;
          throw new Error("query returned more than 10000 results");
        }
      }
      if (args.method === "eth_getBlockByNumber" && failures < 2) {
        failures++;
        throw new Error("socket hang up");
      }
      return chain.request(args as never);
    }) as unknown as EIP1193RequestFn;
    const store = await openTestStore(chain.manifest);
    t.after(() => store.close());
    const indexer = new Indexer({ manifest: chain.manifest, store, request: flaky, rpcUrl: chain.rpcUrl, logger: capturingLogger().logger, initialRange: 100 });
    await indexer.syncToHead();
    indexer.close();
    assert.ok(rejectedRanges > 0);
    assert.equal(failures, 2);
    assert.deepEqual(await transferValues(store), [1n, 2n, 3n, 4n, 5n, 6n, 1_000n]);
    assertBalancesMatchChain(await balances(store, chain));
  });
});
