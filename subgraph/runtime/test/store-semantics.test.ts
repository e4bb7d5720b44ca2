/** Store semantics on both back ends: merge writes, validation as graph-node words it, block ranges, revert, restart. */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
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

    if (backend.name === "PostgreSQL") {
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

describe("store restart", () => {
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
