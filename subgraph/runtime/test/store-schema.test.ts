/** Schema parsing: entity model, id types, derived fields, and clear errors for what the runtime does not store. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSubgraphSchema, snakeCase, sqlType } from "../src/store/schema.ts";
import { TEST_SCHEMA } from "./store-helpers.ts";

test("entities, tables, id types, immutability, columns and derived fields", () => {
  const s = parseSubgraphSchema(TEST_SCHEMA);
  assert.deepEqual([...s.entities.keys()], ["Asset", "Holder", "Position", "Trade", "Candle"]);
  assert.deepEqual(s.enums.get("AssetKind"), ["Solar", "Wind", "Hydro"]);
  const asset = s.entities.get("Asset")!;
  assert.equal(asset.table, "asset");
  assert.equal(asset.immutable, false);
  assert.equal(asset.idType, "String");
  assert.deepEqual(
    asset.columns.map((f) => `${f.name}:${sqlType(f)}`),
    ["id:text", "name:text", "symbol:text", "kind:text", "capacity:numeric", "price:numeric", "active:bool", "owner:bytea", "createdAt:int8", "units:int8", "count:int4", "tags:text[]", "operator:bytea"],
    "derived fields are not stored; references store the referenced id type",
  );
  assert.equal(asset.fields.get("positions")?.derivedFrom, "asset");
  assert.equal(asset.fields.get("kind")?.kind, "enum");
  assert.equal(asset.fields.get("symbol")?.nonNull, false);
  assert.equal(s.entities.get("Trade")?.immutable, true);
  assert.equal(s.entities.get("Trade")?.idType, "Bytes");
  assert.equal(s.entities.get("Candle")?.idType, "Int8");
  assert.equal(snakeCase("ProductionPeriod"), "production_period");
  assert.equal(snakeCase("WATTStake"), "watt_stake");
});

test("interfaces: implementers, shared fields, and references stored as the implementers' id type", () => {
  const s = parseSubgraphSchema(
    `interface Event { id: Bytes! amount: BigInt! } type Transfer implements Event @entity(immutable: true) { id: Bytes! amount: BigInt! } type Mint implements Event @entity { id: Bytes! amount: BigInt! } type A @entity { id: ID! last: Event }`,
  );
  assert.equal(s.entities.get("Transfer")?.immutable, true);
  assert.deepEqual(s.interfaces.get("Event")?.implementers, ["Transfer", "Mint"]);
  const last = s.entities.get("A")!.fields.get("last")!;
  assert.equal(last.kind, "interface");
  assert.equal(sqlType(last), "bytea");
});

test("schemas the runtime cannot store fail with the reason", () => {
  assert.throws(() => parseSubgraphSchema(`type A @entity { id: ID! b: Missing }`), { message: "Type `A`, field `b`: type `Missing` is not defined" });
  assert.throws(() => parseSubgraphSchema(`interface E { id: ID! } type A @entity { id: ID! e: [E!] }`), /lists of and derived interface references are not supported/);
  assert.throws(() => parseSubgraphSchema(`interface E { id: ID! n: Int! } type A implements E @entity { id: ID! }`), /does not satisfy interface `E`/);
  assert.throws(() => parseSubgraphSchema(`interface E { id: ID! } type A implements E @entity { id: ID! } type B implements E @entity { id: Bytes! }`), /share one id type/);
  assert.throws(() => parseSubgraphSchema(`type A @entity { id: String! }  type P @entity(timeseries: true) { id: Int8! timestamp: Timestamp! }`), /timeseries entities are not supported/);
  assert.throws(() => parseSubgraphSchema(`type A @entity { name: String }`), { message: "Entity type `A` does not have an `id` field" });
  assert.throws(() => parseSubgraphSchema(`type A @entity { id: Int! }`), /unsupported type for `id`/);
  assert.throws(() => parseSubgraphSchema(`type A @entity { id: ID! `), /Syntax Error/);
});
