/**
 * Data source templates: a factory's Created event creates a token data source (with a context) that is
 * indexed from the creating block on — including that block's later events — and never before it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createPublicClient, http, pad, toHex, type EIP1193RequestFn, type Hex } from "viem";
import { Indexer } from "../src/indexer/indexer.ts";
import { loadManifest } from "../src/manifest.ts";
import { buildTokenFixture } from "./fixtures/build-fixture.ts";
import { capturingLogger, factoryCode, gql, openTestStore, startHardhatNode, transferEmitterCode } from "./fixtures/chain.ts";

const factory: Hex = "0x00000000000000000000000000000000000fac70";
const tokenA: Hex = "0x000000000000000000000000000000000000a0a0";
const tokenB: Hex = "0x000000000000000000000000000000000000b0b0";
const tokenC: Hex = "0x000000000000000000000000000000000000c0c0";

describe("data source templates", () => {
  it("indexes created data sources from their creation block, never before", async (t) => {
    const node = await startHardhatNode();
    t.after(node.stop);
    const request = createPublicClient({ transport: http(node.url) }).request as unknown as EIP1193RequestFn;
    const rpc = (method: string, params: unknown[] = []) => request({ method, params } as never) as Promise<unknown>;
    const from = ((await rpc("eth_accounts")) as Hex[])[0]!;
    const send = (to: Hex, data: Hex) => rpc("eth_sendTransaction", [{ from, to, data, gas: "0x989680" }]);
    const emit = (token: Hex, n: number) => send(token, pad(toHex(n)));
    const create = (token: Hex) => send(factory, pad(token));
    await rpc("hardhat_setCode", [factory, factoryCode()]);
    for (const token of [tokenA, tokenB, tokenC]) await rpc("hardhat_setCode", [token, transferEmitterCode()]);
    const startBlock = Number(await rpc("eth_blockNumber")) + 1;

    await emit(tokenA, 3); // before A exists as a data source: ignored
    await create(tokenA);
    await emit(tokenA, 2); // indexed: 2 transfers
    // One block: B is created, then emits (indexed, after its creation), C emits but is never created.
    await rpc("evm_setAutomine", [false]);
    await create(tokenB);
    await emit(tokenB, 1);
    await emit(tokenC, 4);
    await rpc("hardhat_mine", ["0x1"]);
    await rpc("evm_setAutomine", [true]);
    const createdB = Number(await rpc("eth_blockNumber"));

    const manifest = loadManifest(await buildTokenFixture(factory, startBlock, "factory"));
    const store = await openTestStore(manifest);
    t.after(() => store.close());
    const { logger, lines } = capturingLogger();
    const indexer = new Indexer({ manifest, store, request, rpcUrl: node.url, logger });
    await indexer.syncToHead();
    indexer.close();

    const data = await gql<{ children: { id: string; createdAtBlock: string; network: string }[]; transfers: { value: string; from: { id: string } }[] }>(
      store,
      "{ children(orderBy: createdAtBlock) { id createdAtBlock network } transfers(orderBy: value) { value from { id } } }",
    );
    assert.deepEqual(
      data.children.map((c) => c.id),
      [tokenA, tokenB],
    );
    assert.equal(Number(data.children[1]!.createdAtBlock), createdB);
    assert.equal(data.children[0]!.network, "hardhat");
    // A: transfers 1 and 2 after its creation; B: transfer 1 in its creation block; C: none.
    assert.deepEqual(
      data.transfers.map((x) => x.value),
      ["1", "1", "2"],
    );
    assert.equal(indexer.eventsProcessed, 2 + 3);
    assert.ok(lines.some((l) => l.msg === "Create data source" && l.name === "Token"));

    // A restart must still index the created tokens (from the store's records, or by reindexing).
    await emit(tokenA, 1);
    await emit(tokenC, 1);
    const restarted = new Indexer({ manifest, store, request, rpcUrl: node.url, logger });
    await restarted.syncToHead();
    restarted.close();
    const after = await gql<{ transfers: { value: string }[] }>(store, "{ transfers(orderBy: value) { value } }");
    assert.deepEqual(
      after.transfers.map((x) => x.value),
      ["1", "1", "1", "2"],
    );
  });
});
