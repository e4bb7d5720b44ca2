/** Interfaces: entity types implementing one are queryable together (`events`), and references to an interface resolve to the concrete entity. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startQueryServer } from "../src/graphql/index.ts";
import { openStore } from "../src/store/index.ts";
import type { EntityStore } from "../src/store/index.ts";
import { big, block, bytes, entity, str, ts } from "./store-helpers.ts";

const SCHEMA = `
interface Event { id: ID! asset: Asset! amount: BigInt! timestamp: Timestamp! }
type Asset @entity { id: ID! name: String! lastEvent: Event }
type Purchase implements Event @entity(immutable: true) { id: ID! asset: Asset! amount: BigInt! timestamp: Timestamp! buyer: Bytes! }
type Claim implements Event @entity { id: ID! asset: Asset! amount: BigInt! timestamp: Timestamp! claimant: Bytes }
`;

let store: EntityStore;
let server: { url: string; close(): Promise<void> };

async function data(query: string): Promise<any> {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

before(async () => {
  store = await openStore({ schema: SCHEMA, deployment: "QmInterfaces" });
  store.set("Asset", "a1", entity({ name: str("Sun"), lastEvent: str("c1") }));
  store.set("Asset", "a2", entity({ name: str("Wind") }));
  store.set("Purchase", "p1", entity({ asset: str("a1"), amount: big(30), timestamp: ts(10), buyer: bytes("0x01") }));
  store.set("Claim", "c1", entity({ asset: str("a1"), amount: big(5), timestamp: ts(20), claimant: bytes("0x02") }));
  await store.transact(block(1));
  store.set("Purchase", "p2", entity({ asset: str("a2"), amount: big(12), timestamp: ts(15), buyer: bytes("0x03") }));
  store.set("Asset", "a2", entity({ lastEvent: str("p2") }));
  await store.transact(block(2));
  server = await startQueryServer({ store, port: 0, subgraphName: "ifaces" });
});
after(async () => {
  await server?.close();
  await store?.close();
});

test("an interface collection spans its implementers with ordering, filters and pagination", async () => {
  const d = await data(`{
    byTime: events(orderBy: timestamp, orderDirection: desc) { __typename id amount asset { name } ... on Purchase { buyer } ... on Claim { claimant } }
    big: events(where: { amount_gte: "12" }, orderBy: amount) { id }
    second: events(first: 1, skip: 1) { id }
    nested: events(where: { asset_: { name: "Wind" } }) { id }
    past: events(block: { number: 1 }) { id }
  }`);
  assert.deepEqual(d.byTime, [
    { __typename: "Claim", id: "c1", amount: "5", asset: { name: "Sun" }, claimant: "0x02" },
    { __typename: "Purchase", id: "p2", amount: "12", asset: { name: "Wind" }, buyer: "0x03" },
    { __typename: "Purchase", id: "p1", amount: "30", asset: { name: "Sun" }, buyer: "0x01" },
  ]);
  assert.deepEqual(d.big.map((e: any) => e.id), ["p2", "p1"]);
  assert.deepEqual(d.second.map((e: any) => e.id), ["p1"], "default order is by id across implementers");
  assert.deepEqual(d.nested.map((e: any) => e.id), ["p2"]);
  assert.deepEqual(d.past.map((e: any) => e.id), ["c1", "p1"]);
});

test("single interface lookups and references to an interface resolve the concrete type", async () => {
  const d = await data(`{ event(id: "p2") { __typename id } missing: event(id: "zz") { id } assets(orderBy: id) { id lastEvent { __typename id amount } } }`);
  assert.deepEqual(d.event, { __typename: "Purchase", id: "p2" });
  assert.equal(d.missing, null);
  assert.deepEqual(d.assets, [
    { id: "a1", lastEvent: { __typename: "Claim", id: "c1", amount: "5" } },
    { id: "a2", lastEvent: { __typename: "Purchase", id: "p2", amount: "12" } },
  ]);
  const past = await data(`{ asset(id: "a2", block: { number: 1 }) { lastEvent { id } } }`);
  assert.equal(past.asset.lastEvent, null);
});
