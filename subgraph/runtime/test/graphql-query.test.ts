/**
 * The query API through the HTTP server: every filter operator, ordering, pagination, time travel, _meta, derived
 * fields, errors. Runs on PGlite; graphql-query-postgres.test.ts runs the same file on PostgreSQL.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startQueryServer } from "../src/graphql/index.ts";
import { openStore } from "../src/store/index.ts";
import type { EntityStore } from "../src/store/index.ts";
import { NULL, TEST_SCHEMA, big, block, bool, bytes, dec, entity, int, int8, list, postgresReachable, str, ts } from "./store-helpers.ts";

let store: EntityStore;
let server: { url: string; close(): Promise<void> };
const PG_URL = process.env.GRAPHQL_TEST_DATABASE_URL;
const skip = PG_URL && !(await postgresReachable(PG_URL)) ? "PostgreSQL not reachable" : false;
const DEPLOYMENT = PG_URL ? `QmQueryTestPg${process.pid}x${Date.now().toString(36)}` : "QmQueryTestDeployment";

async function gql(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: { message: string; locations?: unknown }[] }> {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  assert.equal(res.status, 200);
  return res.json() as Promise<any>;
}

async function data(query: string, variables?: Record<string, unknown>): Promise<any> {
  const body = await gql(query, variables);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

async function errorOf(query: string): Promise<string> {
  const body = await gql(query);
  assert.equal(body.data, undefined, "errors come without data, as graph-node returns them");
  assert.ok(body.errors && body.errors.length > 0, "expected an error");
  return body.errors[0]!.message;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe(`query API on ${PG_URL ? "PostgreSQL" : "PGlite"}`, { skip }, () => {
  before(async () => {
    store = await openStore({ schema: TEST_SCHEMA, deployment: DEPLOYMENT, ...(PG_URL ? { databaseUrl: PG_URL } : {}) });
    const assetFields = (o: {
      name: string;
      symbol: string | null;
      kind: string;
      capacity: number;
      price: string | null;
      active: boolean;
      owner: string | null;
      createdAt: number;
      units: number;
      count: number;
      tags: string[];
      operator: string | null;
    }) =>
      entity({
        name: str(o.name),
        symbol: o.symbol === null ? NULL : str(o.symbol),
        kind: str(o.kind),
        capacity: big(o.capacity),
        price: o.price === null ? NULL : dec(o.price),
        active: bool(o.active),
        owner: o.owner === null ? NULL : bytes(o.owner),
        createdAt: ts(o.createdAt),
        units: int8(o.units),
        count: int(o.count),
        tags: list(...o.tags.map(str)),
        operator: o.operator === null ? NULL : bytes(o.operator),
      });
    store.set(
      "Asset",
      "a1",
      assetFields({
        name: "Solar Alpha",
        symbol: "SOLA",
        kind: "Solar",
        capacity: 100,
        price: "1.5",
        active: true,
        owner: "0xaa01",
        createdAt: 1000,
        units: 10,
        count: 1,
        tags: ["green", "roof"],
        operator: "0x01",
      })
    );
    store.set(
      "Asset",
      "a2",
      assetFields({
        name: "Wind Beta",
        symbol: "WNDB",
        kind: "Wind",
        capacity: 250,
        price: "0.75",
        active: false,
        owner: "0xbb02",
        createdAt: 2000,
        units: 20,
        count: 2,
        tags: ["offshore"],
        operator: "0x02",
      })
    );
    store.set(
      "Asset",
      "a3",
      assetFields({
        name: "hydro gamma",
        symbol: "HYG",
        kind: "Hydro",
        capacity: 50,
        price: "10",
        active: true,
        owner: null,
        createdAt: 3000,
        units: -5,
        count: 3,
        tags: [],
        operator: null,
      })
    );
    store.set(
      "Asset",
      "a4",
      assetFields({
        name: "Solar_Delta%",
        symbol: null,
        kind: "Solar",
        capacity: 1000,
        price: null,
        active: true,
        owner: "0xaa04",
        createdAt: 4000,
        units: 40,
        count: 4,
        tags: ["green"],
        operator: "0x01",
      })
    );
    store.set("Holder", "0x01", entity({ label: str("alice"), favourites: list(str("a3"), str("a1")) }));
    store.set("Holder", "0x02", entity({ label: str("bob"), favourites: list(str("a2")) }));
    const position = (id: string, a: string, h: string, balance: number) =>
      store.set("Position", id, entity({ asset: str(a), holder: bytes(h), balance: big(balance) }));
    position("p1", "a1", "0x01", 10);
    position("p2", "a1", "0x02", 20);
    position("p3", "a2", "0x01", 5);
    position("p4", "a4", "0x02", 7);
    const trade = (id: string, a: string, price: string, amount: number, t: number) =>
      store.set("Trade", id, entity({ asset: str(a), price: dec(price), amount: big(amount), timestamp: ts(t) }));
    trade("0x0a", "a1", "1.5", 3, 100);
    trade("0x0b", "a1", "1.6", 4, 200);
    trade("0x0c", "a2", "0.7", 1, 300);
    for (let i = 1; i <= 105; i++) store.set("Candle", String(i), entity({ open: dec(String(i)), close: dec(`${i}.5`) }));
    await store.transact(block(1));

    store.set("Asset", "a1", entity({ name: str("Solar Alpha II"), capacity: big(150) }));
    store.set("Position", "p1", entity({ balance: big(15) }));
    trade("0x0d", "a1", "1.7", 2, 400);
    await store.transact(block(2));

    store.remove("Position", "p3");
    store.set(
      "Asset",
      "a5",
      assetFields({
        name: "Tidal Epsilon",
        symbol: "TDL",
        kind: "Hydro",
        capacity: 75,
        price: "2",
        active: true,
        owner: null,
        createdAt: 5000,
        units: 50,
        count: 5,
        tags: [],
        operator: "0x02",
      })
    );
    await store.transact(block(3));

    server = await startQueryServer({ store, port: 0, subgraphName: "cowatt/test" });
  });

  after(async () => {
    await server?.close();
    if (PG_URL) await store?.dropDeployment();
    await store?.close();
  });

  describe("entities and scalars", () => {
    test("single entity by id with every scalar serialised as graph-node does", async () => {
      const d = await data(
        `{ asset(id: "a1") { id name symbol kind capacity price active owner createdAt units count tags } holder(id: "0x01") { id label } candle(id: "7") { id open close } }`
      );
      assert.deepEqual(d.asset, {
        id: "a1",
        name: "Solar Alpha II",
        symbol: "SOLA",
        kind: "Solar",
        capacity: "150",
        price: "1.5",
        active: true,
        owner: "0xaa01",
        createdAt: "1000",
        units: "10",
        count: 1,
        tags: ["green", "roof"],
      });
      assert.deepEqual(d.holder, { id: "0x01", label: "alice" });
      assert.deepEqual(d.candle, { id: "7", open: "7", close: "7.5" });
      assert.equal((await data(`{ asset(id: "nope") { id } }`)).asset, null);
      assert.equal((await data(`{ position(id: "p3") { id } }`)).position, null, "removed entities are gone at the latest block");
    });

    test("references resolve as nested objects; null references as null", async () => {
      const d = await data(`{ positions(orderBy: id) { id balance asset { id name operator { label } } holder { id label } } }`);
      assert.deepEqual(d.positions, [
        { id: "p1", balance: "15", asset: { id: "a1", name: "Solar Alpha II", operator: { label: "alice" } }, holder: { id: "0x01", label: "alice" } },
        { id: "p2", balance: "20", asset: { id: "a1", name: "Solar Alpha II", operator: { label: "alice" } }, holder: { id: "0x02", label: "bob" } },
        { id: "p4", balance: "7", asset: { id: "a4", name: "Solar_Delta%", operator: { label: "alice" } }, holder: { id: "0x02", label: "bob" } },
      ]);
      assert.equal((await data(`{ asset(id: "a3") { operator { id } } }`)).asset.operator, null);
    });

    test("GET with query parameters, and the query page for analysts", async () => {
      const res = await fetch(
        `${server.url}?query=${encodeURIComponent("query($id: ID!) { asset(id: $id) { name } }")}&variables=${encodeURIComponent(JSON.stringify({ id: "a2" }))}`
      );
      assert.deepEqual(await res.json(), { data: { asset: { name: "Wind Beta" } } });
      const page = await fetch(server.url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-type") ?? "", /text\/html/);
      const html = await page.text();
      assert.match(html, /__schema/);
      assert.doesNotMatch(html, /https?:\/\//, "no CDN: the page is self-contained");
      const preflight = await fetch(server.url, { method: "OPTIONS", headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" } });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const missing = await fetch(server.url.replace("cowatt/test", "other"), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      assert.equal(missing.status, 404);
    });
  });

  describe("where: every operator", () => {
    const cases: [string, string[]][] = [
      [`{ name: "Wind Beta" }`, ["a2"]],
      [`{ name_not: "Wind Beta" }`, ["a1", "a3", "a4", "a5"]],
      [`{ capacity_gt: "100" }`, ["a1", "a2", "a4"]],
      [`{ capacity_gte: "150" }`, ["a1", "a2", "a4"]],
      [`{ capacity_lt: "100" }`, ["a3", "a5"]],
      [`{ capacity_lte: "75" }`, ["a3", "a5"]],
      [`{ capacity_in: ["50", "250", "7"] }`, ["a2", "a3"]],
      [`{ capacity_not_in: ["50", "250"] }`, ["a1", "a4", "a5"]],
      [`{ price_gt: "1.5" }`, ["a3", "a5"]],
      [`{ price: null }`, ["a4"]],
      [`{ price_not: null }`, ["a1", "a2", "a3", "a5"]],
      [`{ units_lt: "0" }`, ["a3"]],
      [`{ createdAt_gte: "3000" }`, ["a3", "a4", "a5"]],
      [`{ count_in: [1, 5] }`, ["a1", "a5"]],
      [`{ active: false }`, ["a2"]],
      [`{ active_not: false }`, ["a1", "a3", "a4", "a5"]],
      [`{ kind: Hydro }`, ["a3", "a5"]],
      [`{ kind_in: [Wind, Hydro] }`, ["a2", "a3", "a5"]],
      [`{ kind_not_in: [Solar] }`, ["a2", "a3", "a5"]],
      [`{ name_contains: "ta" }`, ["a2", "a4"]],
      [`{ name_contains_nocase: "GAMMA" }`, ["a3"]],
      [`{ name_not_contains: "a" }`, []],
      [`{ name_not_contains_nocase: "SOLAR" }`, ["a2", "a3", "a5"]],
      [`{ name_starts_with: "Solar" }`, ["a1", "a4"]],
      [`{ name_starts_with_nocase: "HYDRO" }`, ["a3"]],
      [`{ name_not_starts_with: "Solar" }`, ["a2", "a3", "a5"]],
      [`{ name_not_starts_with_nocase: "solar" }`, ["a2", "a3", "a5"]],
      [`{ name_ends_with: "II" }`, ["a1"]],
      [`{ name_ends_with_nocase: "beta" }`, ["a2"]],
      [`{ name_not_ends_with: "II" }`, ["a2", "a3", "a4", "a5"]],
      [`{ name_not_ends_with_nocase: "BETA" }`, ["a1", "a3", "a4", "a5"]],
      [`{ name_contains: "_Delta%" }`, ["a4"]],
      [`{ name_contains: "%" }`, ["a4"]],
      [`{ name_starts_with: "S_lar" }`, []],
      [`{ name_gt: "Wind" }`, ["a2", "a3"]],
      [`{ owner: "0xaa01" }`, ["a1"]],
      [`{ owner_not: "0xaa01" }`, ["a2", "a4"]],
      [`{ owner_in: ["0xAA04", "0xbb02"] }`, ["a2", "a4"]],
      [`{ owner_contains: "0xaa" }`, ["a1", "a4"]],
      [`{ owner_not_contains: "0x04" }`, ["a1", "a2"]],
      [`{ owner_gt: "0xaa02" }`, ["a2", "a4"]],
      [`{ tags: ["green", "roof"] }`, ["a1"]],
      [`{ tags_not: ["green"] }`, ["a1", "a2", "a3", "a5"]],
      [`{ tags_contains: ["green"] }`, ["a1", "a4"]],
      [`{ tags_contains_nocase: ["ROOF"] }`, ["a1"]],
      [`{ tags_not_contains: ["green"] }`, ["a2", "a3", "a5"]],
      [`{ tags_not_contains_nocase: ["GREEN"] }`, ["a2", "a3", "a5"]],
      [`{ id: "a3" }`, ["a3"]],
      [`{ id_not: "a3" }`, ["a1", "a2", "a4", "a5"]],
      [`{ id_in: ["a1", "a5", "zz"] }`, ["a1", "a5"]],
      [`{ id_not_in: ["a1", "a5"] }`, ["a2", "a3", "a4"]],
      [`{ id_gt: "a3" }`, ["a4", "a5"]],
      [`{ id_lte: "a2" }`, ["a1", "a2"]],
      [`{ operator: "0x02" }`, ["a2", "a5"]],
      [`{ operator_: { label: "alice" } }`, ["a1", "a4"]],
      [`{ operator_: { label_starts_with: "b" }, capacity_gt: "100" }`, ["a2"]],
      [`{ positions_: { balance_gt: "10" } }`, ["a1"]],
      [`{ positions_: { holder_: { label: "bob" } } }`, ["a1", "a4"]],
      [`{ trades_: { amount_gte: "1" } }`, ["a1", "a2"]],
      [`{ and: [{ kind: Solar }, { capacity_gt: "500" }] }`, ["a4"]],
      [`{ or: [{ kind: Wind }, { capacity_lt: "60" }] }`, ["a2", "a3"]],
      [`{ or: [{ and: [{ kind: Solar }, { active: true }] }, { name_contains: "Tidal" }] }`, ["a1", "a4", "a5"]],
      [`{ _change_block: { number_gte: 2 } }`, ["a1", "a5"]],
      [`{ _change_block: { number_gte: 3 } }`, ["a5"]],
    ];
    for (const [where, expected] of cases) {
      test(`assets(where: ${where})`, async () => {
        const d = await data(`{ assets(where: ${where}) { id } }`);
        assert.deepEqual(ids(d.assets).sort(), expected);
      });
    }

    test("filters on Bytes-id entities, list-of-reference children and immutable entities", async () => {
      assert.deepEqual(ids((await data(`{ holders(where: { favourites_contains: ["a2"] }) { id } }`)).holders), ["0x02"]);
      assert.deepEqual(ids((await data(`{ holders(where: { favourites_: { kind: Hydro } }) { id } }`)).holders), ["0x01"]);
      assert.deepEqual(ids((await data(`{ holders(where: { id_in: ["0x02"] }) { id } }`)).holders), ["0x02"]);
      assert.deepEqual(ids((await data(`{ trades(where: { price_gte: "1.6", asset: "a1" }) { id } }`)).trades), ["0x0b", "0x0d"]);
      assert.deepEqual(ids((await data(`{ trades(where: { _change_block: { number_gte: 2 } }) { id } }`)).trades), ["0x0d"]);
      assert.deepEqual(ids((await data(`{ candles(where: { id_gt: "100" }) { id } }`)).candles), ["101", "102", "103", "104", "105"]);
    });

    test("variables work for filters", async () => {
      const d = await data(`query($w: Asset_filter) { assets(where: $w) { id } }`, { w: { capacity_in: ["75", "1000"] } });
      assert.deepEqual(ids(d.assets), ["a4", "a5"]);
    });
  });

  describe("ordering and pagination", () => {
    test("orderBy numeric, string, enum and nested child fields in both directions", async () => {
      assert.deepEqual(ids((await data(`{ assets(orderBy: capacity) { id } }`)).assets), ["a3", "a5", "a1", "a2", "a4"], "BigInt orders numerically");
      assert.deepEqual(ids((await data(`{ assets(orderBy: capacity, orderDirection: desc) { id } }`)).assets), ["a4", "a2", "a1", "a5", "a3"]);
      assert.deepEqual(ids((await data(`{ assets(orderBy: units) { id } }`)).assets), ["a3", "a1", "a2", "a4", "a5"]);
      assert.deepEqual(
        ids((await data(`{ assets(orderBy: kind, orderDirection: desc) { id } }`)).assets),
        ["a2", "a4", "a1", "a5", "a3"],
        "ties break on id in the same direction"
      );
      assert.deepEqual(ids((await data(`{ positions(orderBy: asset__capacity, orderDirection: desc) { id } }`)).positions), ["p4", "p2", "p1"]);
      assert.deepEqual(ids((await data(`{ positions(orderBy: holder__label) { id } }`)).positions), ["p1", "p2", "p4"]);
      assert.deepEqual(ids((await data(`{ assets(where: { operator_not: null }, orderBy: operator__label, orderDirection: asc) { id } }`)).assets), [
        "a1",
        "a4",
        "a2",
        "a5",
      ]);
      assert.deepEqual(ids((await data(`{ trades(orderBy: timestamp, orderDirection: desc, first: 2) { id } }`)).trades), ["0x0d", "0x0c"]);
    });

    test("first defaults to 100, skip pages, Int8 ids order numerically", async () => {
      const all = (await data(`{ candles { id } }`)).candles;
      assert.equal(all.length, 100);
      assert.deepEqual(ids(all).slice(0, 3), ["1", "2", "3"]);
      assert.deepEqual(ids((await data(`{ candles(first: 3, skip: 100) { id } }`)).candles), ["101", "102", "103"]);
      assert.equal((await data(`{ candles(first: 1000) { id } }`)).candles.length, 105);
      assert.deepEqual((await data(`{ candles(first: 0) { id } }`)).candles, []);
    });

    test("first over 1000 and a negative skip are graph-node's errors", async () => {
      assert.equal(await errorOf(`{ assets(first: 1001) { id } }`), "The `first` argument must be between 0 and 1000, but is 1001");
      assert.equal(await errorOf(`{ assets(first: -1) { id } }`), "The `first` argument must be between 0 and 1000, but is -1");
      assert.equal(await errorOf(`{ assets(skip: -1) { id } }`), "The `skip` argument must be between 0 and 4294967295, but is -1");
      assert.deepEqual((await data(`{ assets(skip: 6000) { id } }`)).assets, [], "skip is unlimited by default, as in graph-node");
      assert.equal(await errorOf(`{ assets { positions(first: 2000) { id } } }`), "The `first` argument must be between 0 and 1000, but is 2000");
    });
  });

  describe("derived fields and nested collections", () => {
    test("reverse lookups with their own first/skip/orderBy/where, batched across parents", async () => {
      const d = await data(`{
      assets(orderBy: id) {
        id
        positions(orderBy: balance, orderDirection: desc) { id balance }
        top: positions(first: 1, orderBy: balance) { id }
        big: positions(where: { balance_gt: "16" }) { id }
        trades(orderBy: timestamp, skip: 1) { id }
      }
    }`);
      assert.deepEqual(
        d.assets.map((a: any) => [a.id, ids(a.positions), ids(a.top), ids(a.big), ids(a.trades)]),
        [
          ["a1", ["p2", "p1"], ["p1"], ["p2"], ["0x0b", "0x0d"]],
          ["a2", [], [], [], []],
          ["a3", [], [], [], []],
          ["a4", ["p4"], ["p4"], [], []],
          ["a5", [], [], [], []],
        ]
      );
      const h = await data(
        `{ holders(orderBy: id) { id positions { id asset { name } } favourites(orderBy: capacity) { id } firstFav: favourites(first: 1, orderBy: id) { id } } }`
      );
      assert.deepEqual(h.holders, [
        { id: "0x01", positions: [{ id: "p1", asset: { name: "Solar Alpha II" } }], favourites: [{ id: "a3" }, { id: "a1" }], firstFav: [{ id: "a1" }] },
        {
          id: "0x02",
          positions: [
            { id: "p2", asset: { name: "Solar Alpha II" } },
            { id: "p4", asset: { name: "Solar_Delta%" } },
          ],
          favourites: [{ id: "a2" }],
          firstFav: [{ id: "a2" }],
        },
      ]);
    });
  });

  describe("time travel and _meta", () => {
    test("block: { number } reads the versions valid at that block", async () => {
      const at = async (n: number) =>
        data(
          `{ asset(id: "a1", block: { number: ${n} }) { name capacity positions { id balance } } assets(block: { number: ${n} }) { id } positions(block: { number: ${n} }) { id balance } trades(block: { number: ${n} }) { id } }`
        );
      const b1 = await at(1);
      assert.deepEqual(b1.asset, {
        name: "Solar Alpha",
        capacity: "100",
        positions: [
          { id: "p1", balance: "10" },
          { id: "p2", balance: "20" },
        ],
      });
      assert.deepEqual(ids(b1.assets), ["a1", "a2", "a3", "a4"]);
      assert.deepEqual(ids(b1.positions), ["p1", "p2", "p3", "p4"]);
      assert.deepEqual(ids(b1.trades), ["0x0a", "0x0b", "0x0c"]);
      const b2 = await at(2);
      assert.deepEqual(b2.asset.name, "Solar Alpha II");
      assert.deepEqual(
        b2.positions.map((p: any) => p.balance),
        ["15", "20", "5", "7"]
      );
      const b3 = await at(3);
      assert.deepEqual(ids(b3.positions), ["p1", "p2", "p4"]);
      assert.deepEqual(ids(b3.assets), ["a1", "a2", "a3", "a4", "a5"]);
      const b0 = await at(0);
      assert.equal(b0.asset, null);
      assert.deepEqual(b0.assets, []);
    });

    test("block: { hash } and { number_gte }", async () => {
      const byHash = await data(`{ asset(id: "a1", block: { hash: "${block(1).hash}" }) { name } }`);
      assert.equal(byHash.asset.name, "Solar Alpha");
      const gte = await data(`{ asset(id: "a1", block: { number_gte: 2 }) { name } }`);
      assert.equal(gte.asset.name, "Solar Alpha II");
      assert.equal(
        await errorOf(`{ asset(id: "a1", block: { hash: "0x${"12".repeat(32)}" }) { name } }`),
        "Failed to decode `block.hash` value: `no block with that hash found`"
      );
    });

    test("a block not yet indexed is graph-node's error", async () => {
      assert.equal(
        await errorOf(`{ assets(block: { number: 9 }) { id } }`),
        `Failed to decode \`block.number\` value: \`subgraph ${DEPLOYMENT} has only indexed up to block number 3 and data for block number 9 is therefore not yet available\``
      );
      assert.equal(
        await errorOf(`{ assets(block: { number_gte: 4 }) { id } }`),
        `Failed to decode \`block.number_gte\` value: \`subgraph ${DEPLOYMENT} has only indexed up to block number 3 and data for block number 4 is therefore not yet available\``
      );
    });

    test("_meta reports the block pointer, deployment and indexing errors", async () => {
      const d = await data(`{ _meta { block { number hash timestamp parentHash } deployment hasIndexingErrors } }`);
      assert.deepEqual(d._meta, {
        block: { number: 3, hash: block(3).hash, timestamp: block(3).timestamp, parentHash: block(3).parentHash },
        deployment: DEPLOYMENT,
        hasIndexingErrors: false,
      });
      const past = await data(`{ _meta(block: { number: 1 }) { block { number hash } } }`);
      assert.deepEqual(past._meta.block, { number: 1, hash: block(1).hash });
    });
  });

  describe("bad queries", () => {
    test("unknown field, malformed query, unknown filter, bad scalar, empty query", async () => {
      const unknown = await gql(`{ foo { id } }`);
      assert.deepEqual(unknown, { errors: [{ message: "Type `Query` has no field `foo`", locations: [{ line: 1, column: 3 }] }] });
      assert.equal(await errorOf(`{ assets { id colour } }`), "Type `Asset` has no field `colour`");
      assert.match(await errorOf(`{ assets(first: 1 { id }`), /^Syntax Error/);
      assert.match(await errorOf(`{ assets(where: { colour: "red" }) { id } }`), /colour/);
      assert.match(await errorOf(`{ assets(where: { owner: "0xzz" }) { id } }`), /Bytes/);
      assert.match(await errorOf(`{ assets(where: { capacity_gt: "1.5" }) { id } }`), /BigInt/);
      assert.equal(await errorOf(` `), "The query is empty");
      const bad = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
      assert.equal(bad.status, 400);
    });

    test("a database failure is a Store error, and the server keeps serving", async () => {
      const original = store.db.query;
      store.db.query = (async () => {
        throw new Error("connection lost");
      }) as typeof store.db.query;
      try {
        assert.equal(await errorOf(`{ assets { id } }`), "Store error: connection lost");
      } finally {
        store.db.query = original;
      }
      assert.equal((await data(`{ asset(id: "a1") { id } }`)).asset.id, "a1");
    });

    test("a recorded indexing failure shows in _meta", async () => {
      await store.setFailed({ message: "mapping aborted at handleX", block: block(4) });
      const d = await data(`{ _meta { hasIndexingErrors } }`);
      assert.equal(d._meta.hasIndexingErrors, true);
    });
  });
});
