/**
 * The query path's reuse and batching: validated query shapes reused across literals and variables (with the
 * literal-dependent checks still applied), SQL that reads only the selected columns, children batched per level
 * with their own first/skip/orderBy/where, and time travel through all of it. Runs on PGlite, in process.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildApi, runQuery, queryShape } from "../src/graphql/index.ts";
import { openStore } from "../src/store/index.ts";
import type { EntityStore } from "../src/store/index.ts";
import { TEST_SCHEMA, big, block, bool, bytes, entity, str } from "./store-helpers.ts";
import type { GraphQLSchema } from "graphql";

let store: EntityStore;
let api: GraphQLSchema;

const HOLDERS = ["0x01", "0x02", "0x03", "0x04"];
const ASSETS = ["a1", "a2", "a3"];

async function data(query: string, variables?: Record<string, unknown>, schema = api): Promise<any> {
  const res = await runQuery(schema, store, query, variables);
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  return JSON.parse(JSON.stringify(res.data)); // plain objects, as a client receives them
}

async function errors(query: string, schema = api): Promise<string[]> {
  const res = await runQuery(schema, store, query);
  assert.equal(res.data, undefined);
  return (res.errors ?? []).map((e) => e.message);
}

describe("query plans: shapes, projection, batching", () => {
  before(async () => {
    store = await openStore({ schema: TEST_SCHEMA, deployment: "QmQueryPlansTest" });
    for (const [i, id] of ASSETS.entries())
      store.set("Asset", id, entity({ name: str(`Asset ${id}`), kind: str("Solar"), capacity: big(100 * (i + 1)), active: bool(true) }));
    for (const h of HOLDERS) store.set("Holder", h, entity({ label: str(`holder ${h}`) }));
    // Every holder holds every asset; balances differ so orderings are strict.
    let n = 0;
    for (const a of ASSETS) for (const h of HOLDERS) store.set("Position", `${a}-${h}`, entity({ asset: str(a), holder: bytes(h), balance: big(((n++ * 7) % 13) + 1) }));
    await store.transact(block(1));
    // Block 2: balances move and a1 is renamed, so block 1 and the latest block answer differently.
    for (const a of ASSETS) for (const h of HOLDERS) store.set("Position", `${a}-${h}`, entity({ asset: str(a), holder: bytes(h), balance: big(((n++ * 5) % 17) + 100) }));
    store.set("Asset", "a1", entity({ name: str("Renamed"), kind: str("Solar"), capacity: big(100), active: bool(true) }));
    await store.transact(block(2));
    api = buildApi(store);
  });
  after(async () => {
    await store.close();
  });

  test("a shape ignores literal values but not names, enums or structure", () => {
    assert.equal(queryShape(`{ asset(id: "a1") { name } }`), queryShape(`{ asset(id: "a2") {   name } } # comment`));
    assert.equal(queryShape(`{ assets(first: 1) { id } }`), queryShape(`{ assets(first: 200) { id } }`));
    assert.notEqual(queryShape(`{ assets(first: 1) { id } }`), queryShape(`{ assets(first: "1") { id } }`));
    assert.notEqual(queryShape(`{ assets(orderBy: name) { id } }`), queryShape(`{ assets(orderBy: capacity) { id } }`));
    assert.notEqual(queryShape(`{ asset(id: "a1") { name } }`), queryShape(`{ asset(id: "a1") { name1 } }`));
  });

  test("a known shape with other literals answers for those literals", async () => {
    for (const id of ASSETS) {
      const d = await data(`{ asset(id: "${id}") { id capacity } }`);
      assert.equal(d.asset.id, id);
    }
    const small = await data(`{ positions(first: 2, where: { asset: "a2" }, orderBy: balance) { id } }`);
    const large = await data(`{ positions(first: 3, where: { asset: "a3" }, orderBy: balance) { id } }`);
    assert.equal(small.positions.length, 2);
    assert.ok(small.positions.every((p: { id: string }) => p.id.startsWith("a2-")));
    assert.equal(large.positions.length, 3);
    assert.ok(large.positions.every((p: { id: string }) => p.id.startsWith("a3-")));
  });

  test("a known shape with a bad literal fails exactly as an unseen one does", async () => {
    await data(`{ assets(first: 5, where: { capacity_gt: "1" }) { id } }`);
    const fresh = buildApi(store); // its shape cache is empty: full validation
    for (const bad of [`{ assets(first: 5, where: { capacity_gt: "x1" }) { id } }`, `{ assets(first: 99999999999, where: { capacity_gt: "1" }) { id } }`]) {
      const cached = await errors(bad);
      assert.ok(cached.length > 0);
      assert.deepEqual(cached, await errors(bad, fresh));
    }
    // Same-named fields: equal arguments merge, different ones conflict, even though the shape is the same.
    await data(`{ x: asset(id: "a1") { id } x: asset(id: "a1") { name } }`);
    const conflict = await errors(`{ x: asset(id: "a1") { id } x: asset(id: "a2") { name } }`);
    assert.match(conflict[0]!, /Fields "x" conflict/);
  });

  test("one query text with different variables", async () => {
    const q = `query ($id: ID!, $n: Int!) { asset(id: $id) { id positions(first: $n, orderBy: balance) { id } } }`;
    const a = await data(q, { id: "a1", n: 1 });
    const b = await data(q, { id: "a3", n: 3 });
    assert.equal(a.asset.id, "a1");
    assert.equal(a.asset.positions.length, 1);
    assert.equal(b.asset.id, "a3");
    assert.equal(b.asset.positions.length, 3);
    assert.ok(b.asset.positions.every((p: { id: string }) => p.id.startsWith("a3-")));
  });

  test("aliases and fragments each get the columns they select", async () => {
    const d = await data(`
      fragment Named on Asset { name }
      { positions(where: { asset: "a1" }, orderBy: id) {
          id
          bare: asset { id }
          named: asset { ...Named }
          both: asset { ... on Asset { capacity } ...Named }
          holder { label }
      } }`);
    assert.equal(d.positions.length, HOLDERS.length);
    for (const p of d.positions) {
      assert.deepEqual(p.bare, { id: "a1" });
      assert.deepEqual(p.named, { name: "Renamed" });
      assert.deepEqual(p.both, { capacity: "100", name: "Renamed" });
      assert.match(p.holder.label, /^holder 0x0[1-4]$/);
    }
  });

  test("children batched across parents keep each parent's first/skip/orderBy/where", async () => {
    const args = `first: 2, skip: 1, orderBy: balance, orderDirection: desc, where: { balance_gt: "100" }`;
    const batched = await data(`{ assets(orderBy: id) { id positions(${args}) { id balance holder { id } } } }`);
    assert.deepEqual(
      batched.assets.map((a: { id: string }) => a.id),
      ASSETS,
    );
    for (const a of batched.assets) {
      // The same page asked for one parent at a time, as a top-level collection.
      const alone = await data(`{ positions(${args.replace("where: {", `where: { asset: "${a.id}",`)}) { id balance holder { id } } }`);
      assert.deepEqual(a.positions, alone.positions);
      assert.equal(a.positions.length, 2);
    }
    // Derived children of a Bytes-id parent, two aliases with different arguments in one level.
    const holders = await data(`{ holders(orderBy: id) { id top: positions(first: 1, orderBy: balance, orderDirection: desc) { id } all: positions(orderBy: id) { id asset { id } } } }`);
    for (const h of holders.holders) {
      assert.equal(h.top.length, 1);
      assert.deepEqual(
        h.all.map((p: { id: string }) => p.id),
        ASSETS.map((a) => `${a}-${h.id}`),
      );
    }
  });

  test("time travel through a known shape and batched children", async () => {
    const q = (blockNumber: number) => `{ assets(block: { number: ${blockNumber} }, orderBy: id) { id name positions(orderBy: id) { id balance } } }`;
    const latest = await data(q(2));
    const past = await data(q(1));
    assert.equal(latest.assets[0].name, "Renamed");
    assert.equal(past.assets[0].name, "Asset a1");
    for (const [i, a] of past.assets.entries()) {
      assert.ok(a.positions.every((p: { balance: string }) => BigInt(p.balance) < 100n), "block 1 balances");
      assert.ok(latest.assets[i].positions.every((p: { balance: string }) => BigInt(p.balance) >= 100n), "block 2 balances");
      assert.deepEqual(
        a.positions.map((p: { id: string }) => p.id),
        latest.assets[i].positions.map((p: { id: string }) => p.id),
      );
    }
    // Again at the latest block, after the past one used the same shape.
    assert.deepEqual(await data(q(2)), latest);
  });
});
