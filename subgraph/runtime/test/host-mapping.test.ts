/**
 * Runs the compiled token fixture mapping (graph build output) against real DevStablecoin transfers on
 * Hardhat's network and checks every host function result the mapping stored against graph-node's
 * semantics, computed independently here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeAbiParameters, keccak256, toBytes, bytesToHex, getAddress, type Hex } from "viem";
import { Indexer, IndexingFailed } from "../src/indexer/indexer.ts";
import { capturingLogger, gql, openTestStore, tokenChain } from "./fixtures/chain.ts";
import type { Entity, StoreValue } from "../src/store/types.ts";

const v = (e: Entity | undefined, field: string): unknown => {
  const x = e?.get(field) as StoreValue | undefined;
  if (!x) return undefined;
  if (x.kind === "Null") return null;
  if (x.kind === "Bytes") return bytesToHex(x.value);
  if (x.kind === "Array") return x.value.map((i) => (i.kind === "Null" ? null : i.value));
  return x.value;
};

describe("compiled mapping through the host", async () => {
  it("stores entities and host-function results as graph-node would", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    const { alice, bob } = chain;
    await chain.mint(alice.account.address, 1000n);
    await chain.transfer(alice, bob.account.address, 300n);
    const store = await openTestStore(chain.manifest);
    t.after(() => store.close());
    const { logger } = capturingLogger();
    const indexer = new Indexer({ manifest: chain.manifest, store, request: chain.request, rpcUrl: chain.rpcUrl, logger, pollIntervalMs: 10 });
    const latest = await indexer.syncToHead();
    indexer.close();
    assert.equal(latest?.number, Number(await chain.publicClient.getBlockNumber()));

    const account = (id: string) => store.get("Account", id) ?? undefined;
    const aliceId = alice.account.address.toLowerCase();
    const bobId = bob.account.address.toLowerCase();
    assert.equal(v(account(aliceId), "balance"), 700n);
    assert.equal(v(account(bobId), "balance"), 300n);
    assert.equal(v(account(aliceId), "transferCount"), 2);
    assert.equal(v(account("0x0000000000000000000000000000000000000000"), "balance"), -1000n);

    const ids = await gql<{ transferEvents: { id: string }[]; hostProbes: { id: string }[] }>(
      store,
      "{ transferEvents { id } hostProbes(orderBy: value) { id } }",
    );
    const transfers = ids.transferEvents.map((t) => store.get("TransferEvent", t.id)!);
    assert.equal(transfers.length, 2);
    const probes = ids.hostProbes.map((p) => store.get("HostProbe", p.id)!);
    assert.equal(probes.length, 2);

    const probe = probes[0]!; // the 300 transfer
    const value = 300n;
    assert.equal(v(probe, "value"), value);
    assert.equal(v(probe, "negQuotient"), -42n); // truncating division
    assert.equal(v(probe, "negRemainder"), -6n); // sign of the dividend
    assert.equal(v(probe, "cubed"), 27_000_000n);
    assert.equal(v(probe, "shifted"), -value * 2n ** 67n);
    assert.equal(v(probe, "orMask"), 511n);
    assert.equal(v(probe, "andMask"), 44n);
    assert.equal(v(probe, "fromString"), -123456789012345678901234567890n);
    assert.equal(v(probe, "thirds"), "100");
    assert.equal(v(probes[1], "thirds"), "333.3333333333333333333333333333333");
    assert.equal(v(probes[1], "thirdsString"), "333.3333333333333333333333333333333");
    assert.equal(v(probe, "decimalSum"), "-300");
    assert.equal(v(probe, "decimalEquals"), true);
    assert.equal(v(probe, "hex"), "0x00ff10");
    assert.equal(v(probe, "bigIntHex"), "0x12c");
    assert.equal(v(probe, "keccak"), keccak256(toBytes("cowatt")));
    const expectedEncoding = encodeAbiParameters(
      [{ type: "tuple", components: [{ type: "address" }, { type: "uint256" }, { type: "string" }, { type: "bool[]" }] }],
      [[bob.account.address, value, "kWh ⚡", [true, false]]],
    );
    assert.equal(v(probe, "encoded"), expectedEncoding);
    assert.equal(v(probe, "decodedAddress"), bobId);
    assert.equal(v(probe, "decodedAmount"), value);
    assert.equal(v(probe, "decodedText"), "kWh ⚡");
    assert.deepEqual(v(probe, "decodedFlags"), [true, false]);
    assert.equal(v(probe, "checksumAddress"), "0x00000000000000000000000000000000000000aa");
    // Bitcoin alphabet; the leading zero byte becomes "1" (value checked with the bs58 package).
    assert.equal(v(probe, "base58"), "12VfUX");
    assert.equal(v(probe, "utf8"), "énergie");
    assert.equal(getAddress(v(probe, "dataSourceAddress") as Hex), getAddress(chain.token.address));
    assert.equal(v(probe, "network"), "hardhat");
    assert.equal(v(probe, "int8"), -9007199254740993n);
    assert.deepEqual(v(probe, "tags"), ["wind", "solar"]);
    assert.equal(v(probe, "reloadedBalance"), 300n);
    assert.equal(v(probe, "inBlock"), true);
    assert.equal(v(probe, "relatedCount"), 1); // alice's one outgoing transfer (this one)
    assert.equal(v(probe, "callBalance"), 300n); // balanceOf(bob) at the transfer's block
    assert.equal(v(probes[1], "callBalance"), 1000n); // balanceOf(alice) right after the mint
    assert.equal(v(probe, "callReverted"), true);

    const transfer = transfers.find((t) => v(t, "value") === 300n)!;
    assert.equal(v(transfer, "from"), aliceId);
    assert.equal(typeof v(transfer, "timestamp"), "bigint");
  });

  it("stops indexing on a mapping abort with the mapping's message, keeping earlier blocks", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    await chain.mint(chain.alice.account.address, 100n);
    const goodBlock = Number(await chain.publicClient.getBlockNumber());
    await chain.transfer(chain.alice, chain.bob.account.address, 13n);
    await chain.transfer(chain.alice, chain.bob.account.address, 5n);
    const store = await openTestStore(chain.manifest);
    t.after(() => store.close());
    const { logger, lines } = capturingLogger();
    const indexer = new Indexer({ manifest: chain.manifest, store, request: chain.request, rpcUrl: chain.rpcUrl, logger });
    await assert.rejects(indexer.syncToHead(), (e: Error) => e instanceof IndexingFailed && /unlucky transfer of 13/.test(e.message));
    indexer.close();
    const failure = await store.failure();
    assert.match(failure!.message, /^Mapping aborted at .*mapping\.ts, line \d+, column \d+, with message: unlucky transfer of 13/);
    assert.equal(failure!.block.number, goodBlock + 1);
    assert.equal(failure!.handler, "handleTransfer");
    assert.equal((await store.latestBlock())?.number, goodBlock);
    assert.equal((await gql<{ transferEvents: unknown[] }>(store, "{ transferEvents { id } }")).transferEvents.length, 1);
    assert.deepEqual(await gql(store, "{ _meta { hasIndexingErrors block { number } } }"), {
      _meta: { hasIndexingErrors: true, block: { number: goodBlock } },
    });
    assert.ok(lines.some((l) => l.level === 50 && String(l.msg).includes("unlucky transfer of 13")));
    // A restarted indexer refuses to continue past the failure.
    const again = new Indexer({ manifest: chain.manifest, store, request: chain.request, rpcUrl: chain.rpcUrl, logger });
    await assert.rejects(again.syncToHead(), IndexingFailed);
    again.close();
  });

  it("treats log.critical as a mapping failure", async (t) => {
    const chain = await tokenChain();
    t.after(chain.close);
    await chain.mint(chain.alice.account.address, 14n);
    const store = await openTestStore(chain.manifest);
    t.after(() => store.close());
    const indexer = new Indexer({ manifest: chain.manifest, store, request: chain.request, rpcUrl: chain.rpcUrl, logger: capturingLogger().logger });
    await assert.rejects(indexer.syncToHead(), /Critical error logged in mapping with log message: critical transfer of 14/);
    indexer.close();
  });
});
