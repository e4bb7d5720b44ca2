/** Store semantics on both back ends: merge writes, validation as graph-node words it, block ranges, revert, restart. */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { buildApi } from "../src/graphql/api.ts";
import { runQuery } from "../src/graphql/index.ts";
import { openStore } from "../src/store/index.ts";
import type { EntityStore } from "../src/store/index.ts";
import { StoreError } from "../src/store/types.ts";
import { NULL, TEST_SCHEMA, big, block, bool, bytes, dec, entity, int, list, plain, postgresReachable, str, ts } from "./store-helpers.ts";

const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const pgAvailable = await postgresReachable(PG_URL);
const runId = `${process.pid}x${Date.now().toString(36)}`;

const asset = (name: string, extra: Record<string, ReturnType<typeof str>> = {}) =>
  entity({ name: str(name), kind: str("Solar"), capacity: big(100), active: bool(true), ...extra });

/** Versions of an entity as stored: [value of `column`, block range text], oldest first. */
async function versions(store: EntityStore, table: string, id: string, column = "name"): Promise<[unknown, string][]> {
  const rows = await store.db.query<{ v: unknown; r: string }>(`select "${column}"::text as v, block_range::text as r from "${store.namespace}"."${table}" where id = $1 order by vid`, [id]);
  return rows.map((r) => [r.v, r.r]);
}

function backends(): { name: string; open: (deployment: string) => Promise<EntityStore>; skip: boolean }[] {
  return [
    { name: "PGlite", open: (deployment) => openStore({ schema: TEST_SCHEMA, deployment }), skip: false },
    {
      name: "PostgreSQL",
      open: async (deployment) => openStore({ schema: TEST_SCHEMA, deployment: `${deployment}${runId}`, databaseUrl: PG_URL }),
      skip: !pgAvailable,
    },
  ];
}

for (const backend of backends()) {
  describe(`store on ${backend.name}`, { skip: backend.skip && "PostgreSQL not reachable" }, () => {
    const opened: EntityStore[] = [];
    const open = async (d: string) => {
      const s = await backend.open(d);
      opened.push(s);
      return s;
    };
    after(async () => {
      for (const s of opened) {
        if (backend.name === "PostgreSQL") await s.dropDeployment();
        await s.close();
      }
    });

    test("set merges over the current version; a new version closes the old range at the block", async () => {
      const s = await open("QmMerge");
      s.set("Asset", "a1", asset("Sun", { symbol: str("SUN") }));
      assert.equal(s.getInBlock("Asset", "a1")?.get("name")?.kind, "String");
      assert.equal(await s.latestBlock(), null);
      await s.transact(block(1));
      assert.equal(s.getInBlock("Asset", "a1"), null, "in-block view is empty after the block is durable");
      s.set("Asset", "a1", entity({ name: str("Sun 2"), price: dec("1.25") }));
      assert.deepEqual(plain(s.get("Asset", "a1")), { ...plain(asset("Sun", { symbol: str("SUN") })), id: "a1", name: "Sun 2", price: "1.25" });
      await s.transact(block(3));
      assert.deepEqual(await versions(s, "asset", "a1"), [
        ["Sun", "[1,3)"],
        ["Sun 2", "[3,)"],
      ]);
      // Explicit nulls unset optional fields.
      s.set("Asset", "a1", entity({ symbol: NULL }));
      await s.transact(block(4));
      assert.equal(s.get("Asset", "a1")?.get("symbol")?.kind ?? "Null", "Null");
      assert.deepEqual((await s.latestBlock())?.number, 4);
      assert.equal(await s.indexedBlockHash(3), block(3).hash);
      assert.equal(await s.indexedBlockHash(2), null);
    });

    test("remove closes the range; discardPending drops the block's writes", async () => {
      const s = await open("QmRemove");
      s.set("Asset", "a1", asset("Sun"));
      s.set("Position", "p1", entity({ asset: str("a1"), holder: bytes("0x01"), balance: big(5) }));
      await s.transact(block(10));
      s.remove("Asset", "a1");
      assert.equal(s.get("Asset", "a1"), null);
      await s.transact(block(11));
      assert.deepEqual(await versions(s, "asset", "a1"), [["Sun", "[10,11)"]]);
      s.set("Position", "p1", entity({ balance: big(6) }));
      s.set("Asset", "a2", asset("Wind"));
      s.discardPending();
      assert.equal(s.get("Asset", "a2"), null);
      assert.equal(plain(s.get("Position", "p1"))?.balance, "5");
      await assert.rejects(s.transact(block(11)), /already at block 11/);
    });

    test("validation errors are worded as graph-node words them", async () => {
      const s = await open("QmValidate");
      assert.throws(() => s.set("Nope", "x", entity({})), (e: Error) => e instanceof StoreError && e.message === "Entity Nope[x]: unknown entity type `Nope`");
      assert.throws(() => s.set("Asset", "a1", asset("Sun", { colour: str("red") })), { message: "Unknown key `colour`. It probably is not part of the schema" });
      assert.throws(() => s.set("Asset", "a1", entity({ name: str("S"), kind: str("Solar"), capacity: int(3), active: bool(true) })), {
        message: "Entity Asset[a1]: the value `3` for field `capacity` must have type BigInt! but has type Int",
      });
      assert.throws(() => s.set("Asset", "a1", entity({ name: str("S"), kind: str("Solar"), active: bool(true) })), {
        message: "Entity Asset[a1]: missing value for non-nullable field `capacity`",
      });
      assert.throws(() => s.set("Asset", "a1", entity({ ...Object.fromEntries(asset("S")), tags: list(int(1)) })), /must have type \[String\] but has type \[Int\]/);
      assert.throws(() => s.set("Asset", "a1", asset("S", { positions: list(str("p")) })), { message: "Entity Asset[a1]: field `positions` is derived and cannot be set" });
      assert.throws(() => s.set("Asset", "a1", asset("S", { id: str("a2") })), { message: "Value of Asset attribute 'id' conflicts with ID passed to `store.set()`: a2 != a1" });
      s.set("Holder", "0xAB", entity({ id: bytes("0xab") })); // same id, other spelling
      const trade = entity({ asset: str("a1"), price: dec("2"), amount: big(1), timestamp: ts(1) });
      s.set("Trade", "0x01", trade);
      s.set("Trade", "0x01", trade); // same block: still one insert
      await s.transact(block(1));
      assert.throws(() => s.set("Trade", "0x01", trade), { message: "Entity Trade[0x01]: immutable entity type Trade only allows inserts, not updates" });
      assert.throws(() => s.remove("Trade", "0x01"), { message: "Entity Trade[0x01]: immutable entity type Trade only allows inserts, not removals" });
      assert.equal(s.count("Asset"), 0, "failed writes leave nothing behind");
    });

    test("Bytes and Int8 ids, hex strings into Bytes fields, loadRelated from both sides", async () => {
      const s = await open("QmIds");
      s.set("Holder", "0xAbCd", entity({ label: str("alice"), favourites: list(str("a1")) }));
      s.set("Asset", "a1", asset("Sun", { owner: str("0xFF00") }));
      s.set("Position", "p1", entity({ asset: str("a1"), holder: str("0xabcd"), balance: big(1) }));
      s.set("Position", "p2", entity({ asset: str("a1"), holder: bytes("0xabcd"), balance: big(2) }));
      s.set("Candle", "42", entity({ open: dec("1"), close: dec("2.5") }));
      await s.transact(block(1));
      s.set("Position", "p3", entity({ asset: str("a2"), holder: bytes("0xabcd"), balance: big(3) }));
      assert.deepEqual(plain(s.get("Holder", "0xabcd")), { id: "0xabcd", label: "alice", favourites: ["a1"] });
      assert.equal(plain(s.get("Asset", "a1"))?.owner, "0xff00");
      assert.equal(plain(s.get("Candle", "42"))?.close, "2.5");
      const ids = (es: ReturnType<typeof s.loadRelated>) => es.map((e) => plain(e)?.id as string).sort();
      assert.deepEqual(ids(s.loadRelated("Asset", "a1", "positions")), ["p1", "p2"]);
      assert.deepEqual(ids(s.loadRelated("Holder", "0xABCD", "positions")), ["p1", "p2", "p3"], "pending writes included");
      assert.deepEqual(ids(s.loadRelated("Position", "a1", "asset")), ["p1", "p2"], "child type + reference field also accepted");
      assert.throws(() => s.loadRelated("Asset", "a1", "name"), StoreError);
      // The reverse index follows later blocks: moves, removals, and reverts.
      await s.transact(block(2));
      s.set("Position", "p1", entity({ asset: str("a2") }));
      s.remove("Position", "p2");
      await s.transact(block(3));
      assert.deepEqual(ids(s.loadRelated("Asset", "a1", "positions")), []);
      assert.deepEqual(ids(s.loadRelated("Asset", "a2", "positions")), ["p1", "p3"]);
      assert.deepEqual(ids(s.loadRelated("Asset", "A2", "positions")), [], "String ids are case-sensitive");
      await s.revertTo(block(2));
      assert.deepEqual(ids(s.loadRelated("Asset", "a1", "positions")), ["p1", "p2"]);
      assert.deepEqual(ids(s.loadRelated("Asset", "a2", "positions")), ["p3"]);
    });

    test("revertTo deletes versions above the block and reopens closed ranges", async () => {
      const s = await open("QmRevert");
      s.set("Asset", "a1", asset("v1"));
      await s.transact(block(1));
      s.set("Asset", "a1", entity({ name: str("v2") }));
      s.set("Trade", "0x02", entity({ asset: str("a1"), price: dec("2"), amount: big(1), timestamp: ts(1) }));
      await s.transact(block(2));
      s.remove("Asset", "a1");
      s.set("Asset", "a3", asset("new"));
      await s.transact(block(3));
      await s.setFailed({ message: "boom", block: block(3), handler: "handleX" });
      assert.equal((await s.failure())?.message, "boom");

      await s.revertTo(block(2));
      assert.equal(plain(s.get("Asset", "a1"))?.name, "v2");
      assert.equal(s.get("Asset", "a3"), null);
      assert.deepEqual(await versions(s, "asset", "a1"), [
        ["v1", "[1,2)"],
        ["v2", "[2,)"],
      ]);
      assert.equal((await s.latestBlock())?.number, 2);
      assert.equal(await s.indexedBlockHash(3), null);
      assert.equal(await s.failure(), null, "a failure above the revert point is cleared");

      await s.revertTo(block(1));
      assert.equal(plain(s.get("Asset", "a1"))?.name, "v1");
      assert.equal(s.get("Trade", "0x02"), null, "immutable rows above the block are deleted");
      await s.revertTo(null);
      assert.equal(s.get("Asset", "a1"), null);
      assert.equal(await s.latestBlock(), null);
      // Indexing resumes after a revert.
      s.set("Asset", "a1", asset("again"));
      await s.transact(block(1));
      assert.equal(plain(s.get("Asset", "a1"))?.name, "again");
    });

    test("dynamic data sources are durable with their block, dropped by discardPending and by reverts", async () => {
      const s = await open("QmDataSources");
      const ds = (n: number, context: ReturnType<typeof entity> | null = null) => ({
        template: "Pair",
        address: `0x${String(n).padStart(40, "0")}` as `0x${string}`,
        params: [`0x${String(n).padStart(40, "0")}`],
        context,
        creationBlock: n,
      });
      s.addDynamicDataSources([ds(1, entity({ fee: big(3), owner: bytes("0xab"), name: str("x"), ok: bool(true), tags: list(str("a")), none: NULL }))]);
      await s.transact(block(1));
      s.addDynamicDataSources([ds(2)]);
      s.discardPending();
      await s.transact(block(2));
      s.addDynamicDataSources([ds(3), ds(4)]);
      await s.transact(block(3));
      const all = await s.dynamicDataSources();
      assert.deepEqual(all.map((d) => d.creationBlock), [1, 3, 4]);
      assert.deepEqual(plain(all[0]!.context), { fee: "3", owner: "0xab", name: "x", ok: true, tags: ["a"], none: null });
      assert.equal(all[0]!.context?.get("fee")?.kind, "BigInt");
      await s.revertTo(block(2));
      assert.deepEqual((await s.dynamicDataSources()).map((d) => d.creationBlock), [1]);
    });

    test("buffered blocks flush as one batch with each block's versions exact; time travel inside the batch", async () => {
      const s = await open("QmBatch");
      s.set("Asset", "a1", asset("Sun"));
      s.set("Asset", "gone", asset("Short-lived"));
      await s.transact(block(5));
      s.set("Asset", "a1", entity({ name: str("Sun 10") }));
      s.set("Asset", "a2", asset("Wind 10"));
      s.set("Trade", "0x0a", entity({ asset: str("a1"), price: dec("1"), amount: big(1), timestamp: ts(10) }));
      await s.transact(block(10), { buffer: true });
      s.remove("Asset", "gone");
      s.set("Asset", "a2", entity({ name: str("Wind 11") }));
      await s.transact(block(11), { buffer: true });
      // Buffered writes are visible to the next blocks, block hashes too; the database is untouched.
      assert.equal(plain(s.get("Asset", "a2"))?.name, "Wind 11");
      assert.equal(s.get("Asset", "gone"), null);
      assert.deepEqual(await s.latestBlock(), block(11));
      assert.equal(await s.indexedBlockHash(10), block(10).hash);
      assert.equal(s.bufferedBlocks, 2);
      assert.deepEqual(s.head, block(5), "queries see the last flushed block");
      assert.deepEqual(await versions(s, "asset", "a1"), [["Sun", "[5,)"]]);
      s.set("Asset", "a1", entity({ name: str("Sun 12") }));
      s.set("Asset", "a2", entity({ name: str("Wind 12") }));
      s.set("Asset", "gone", asset("Back at 12"));
      await s.transact(block(12), { buffer: true });
      s.set("Asset", "a3", asset("Hydro 13"));
      await s.transact(block(13)); // not buffered: flushes 10–13 in one go
      assert.equal(s.bufferedBlocks, 0);
      assert.deepEqual(s.head, block(13));
      assert.deepEqual(await versions(s, "asset", "a1"), [["Sun", "[5,10)"], ["Sun 10", "[10,12)"], ["Sun 12", "[12,)"]]);
      assert.deepEqual(await versions(s, "asset", "a2"), [["Wind 10", "[10,11)"], ["Wind 11", "[11,12)"], ["Wind 12", "[12,)"]]);
      assert.deepEqual(await versions(s, "asset", "gone"), [["Short-lived", "[5,11)"], ["Back at 12", "[12,)"]]);
      assert.deepEqual(await versions(s, "asset", "a3"), [["Hydro 13", "[13,)"]]);
      const [trade] = await s.db.query<{ b: number }>(`select "block$" as b from "${s.namespace}"."trade"`);
      assert.equal(trade?.b, 10);
      const api = buildApi(s);
      const names = async (b: number) => {
        const res = await runQuery(api, s, `{ assets(orderBy: id, block: { number: ${b} }) { id name } }`);
        assert.equal(res.errors, undefined);
        return (res.data as { assets: { id: string; name: string }[] }).assets.map((a) => `${a.id}=${a.name}`);
      };
      assert.deepEqual(await names(10), ["a1=Sun 10", "a2=Wind 10", "gone=Short-lived"]);
      assert.deepEqual(await names(11), ["a1=Sun 10", "a2=Wind 11"]);
      assert.deepEqual(await names(12), ["a1=Sun 12", "a2=Wind 12", "gone=Back at 12"]);
      assert.equal(await s.indexedBlockHash(11), block(11).hash);
      // A revert into flushed history after more buffered blocks: the buffer is written, then reverted.
      s.set("Asset", "a1", entity({ name: str("Sun 14") }));
      await s.transact(block(14), { buffer: true });
      await s.revertTo(block(11));
      assert.equal(s.bufferedBlocks, 0);
      assert.deepEqual(await versions(s, "asset", "a1"), [["Sun", "[5,10)"], ["Sun 10", "[10,)"]]);
      assert.equal(plain(s.get("Asset", "a2"))?.name, "Wind 11");
      assert.deepEqual(await s.latestBlock(), block(11));
    });

    if (backend.name === "PostgreSQL") {
      test("a crash mid-batch loses only the unflushed blocks; the restart resumes from the last flushed one", async () => {
        await crashMidBatch(
          () => open("QmCrash"),
          async (s) => {
            await s.db.close();
            opened.splice(opened.indexOf(s), 1);
          },
        );
      });

      test("reopening the deployment's schema reloads entities and the block pointer", async () => {
        const s = await open("QmReopen");
        s.set("Asset", "a1", asset("Sun"));
        s.set("Trade", "0x01", entity({ asset: str("a1"), price: dec("2"), amount: big(1), timestamp: ts(1) }));
        await s.transact(block(8));
        const again = await open("QmReopen");
        assert.equal(again.namespace, s.namespace);
        assert.equal(plain(again.get("Asset", "a1"))?.name, "Sun");
        assert.equal(plain(again.get("Trade", "0x01"))?.price, "2");
        assert.deepEqual(await again.latestBlock(), block(8));
      });
    }
  });
}

/**
 * Flushes blocks 1–2, buffers 3–4, then crashes (the connection dies without a flush) and reopens: the store is
 * at block 2 with block 2's state and versions, and indexing 3–4 again gives the same result as without a crash.
 */
async function crashMidBatch(reopen: () => Promise<EntityStore>, crash: (s: EntityStore) => Promise<void>): Promise<void> {
  const first = await reopen();
  first.set("Asset", "a1", asset("Sun 1"));
  await first.transact(block(1), { buffer: true });
  first.set("Asset", "a1", entity({ name: str("Sun 2") }));
  await first.transact(block(2)); // flushes 1–2
  first.set("Asset", "a1", entity({ name: str("Sun 3") }));
  first.set("Asset", "a2", asset("Wind 3"));
  first.addDynamicDataSources([{ template: "Pool", address: "0x0000000000000000000000000000000000000003", params: [], creationBlock: 3, context: null }]);
  await first.transact(block(3), { buffer: true });
  first.set("Asset", "a1", entity({ name: str("Sun 4") }));
  await first.transact(block(4), { buffer: true });
  await crash(first);

  const second = await reopen();
  assert.deepEqual(await second.latestBlock(), block(2));
  assert.deepEqual(second.head, block(2));
  assert.equal(plain(second.get("Asset", "a1"))?.name, "Sun 2");
  assert.equal(second.get("Asset", "a2"), null);
  assert.deepEqual(await second.dynamicDataSources(), []);
  assert.equal(await second.indexedBlockHash(3), null);
  assert.deepEqual(await versions(second, "asset", "a1"), [["Sun 1", "[1,2)"], ["Sun 2", "[2,)"]]);
  second.set("Asset", "a1", entity({ name: str("Sun 3") }));
  await second.transact(block(3), { buffer: true });
  second.set("Asset", "a1", entity({ name: str("Sun 4") }));
  await second.transact(block(4));
  assert.deepEqual(await versions(second, "asset", "a1"), [["Sun 1", "[1,2)"], ["Sun 2", "[2,3)"], ["Sun 3", "[3,4)"], ["Sun 4", "[4,)"]]);
}

describe("store restart", () => {
  test("a PGlite data directory after a crash mid-batch resumes from the last flushed block", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sg-store-"));
    const opened: EntityStore[] = [];
    try {
      await crashMidBatch(
        async () => {
          const s = await openStore({ schema: TEST_SCHEMA, deployment: "QmCrash", dataDir: dir });
          opened.push(s);
          return s;
        },
        async (s) => {
          await s.db.close();
          opened.splice(opened.indexOf(s), 1);
        },
      );
    } finally {
      for (const s of opened) await s.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a PGlite data directory reloads current entities, the block pointer and the failure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sg-store-"));
    try {
      const first = await openStore({ schema: TEST_SCHEMA, deployment: "QmRestart", dataDir: dir });
      first.set("Asset", "a1", asset("Sun"));
      first.set("Holder", "0x01", entity({ favourites: list(str("a1")) }));
      await first.transact(block(5));
      first.set("Asset", "a1", entity({ name: str("Sun 2") }));
      await first.transact(block(6));
      first.set("Asset", "a2", asset("pending, never made durable"));
      await first.setFailed({ message: "mapping aborted", block: block(7) });
      await first.close();

      const second = await openStore({ schema: TEST_SCHEMA, deployment: "QmRestart", dataDir: dir });
      try {
        assert.equal(plain(second.get("Asset", "a1"))?.name, "Sun 2");
        assert.equal(second.get("Asset", "a2"), null);
        assert.deepEqual(plain(second.get("Holder", "0x01")), { id: "0x01", favourites: ["a1"] });
        assert.deepEqual(await second.latestBlock(), block(6));
        assert.equal((await second.failure())?.message, "mapping aborted");
        assert.equal(await second.indexedBlockHash(5), block(5).hash);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
