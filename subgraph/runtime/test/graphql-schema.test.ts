/** The generated query API: graph-node's names for query fields, filter operators and order enums. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType } from "graphql";
import type { GraphQLSchema } from "graphql";
import { buildApi } from "../src/graphql/api.ts";
import { pluralize, queryFieldNames } from "../src/graphql/names.ts";
import { openStore } from "../src/store/index.ts";
import type { EntityStore } from "../src/store/index.ts";
import { TEST_SCHEMA } from "./store-helpers.ts";

let store: EntityStore;
let api: GraphQLSchema;
before(async () => {
  store = await openStore({ schema: TEST_SCHEMA, deployment: "QmSchemaApi" });
  api = buildApi(store);
});
after(() => store.close());

test("collection names follow graph-node's English plurals", () => {
  assert.deepEqual(queryFieldNames("Asset"), { single: "asset", collection: "assets" });
  assert.deepEqual(queryFieldNames("Candle"), { single: "candle", collection: "candles" });
  assert.equal(pluralize("Delegation"), "Delegations");
  assert.equal(pluralize("Identity"), "Identities");
  assert.equal(pluralize("DailyVolume"), "DailyVolumes");
  assert.equal(pluralize("Stats"), "Stats");
  assert.equal(pluralize("Address"), "Addresses");
  assert.equal(pluralize("Batch"), "Batches");
  assert.equal(pluralize("Person"), "People");
  assert.deepEqual(queryFieldNames("Data"), { single: "data", collection: "data_collection" });
  const query = api.getQueryType()!.getFields();
  for (const name of ["asset", "assets", "holder", "holders", "position", "positions", "trade", "trades", "candle", "candles", "_meta"]) assert.ok(query[name], name);
  assert.deepEqual(query.assets!.args.map((a) => a.name), ["skip", "first", "orderBy", "orderDirection", "where", "block", "subgraphError"]);
});

test("filters carry graph-node's operator set per field type", () => {
  const filter = api.getType("Asset_filter") as GraphQLInputObjectType;
  const fields = Object.keys(filter.getFields());
  const stringOps = ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in", "_contains", "_contains_nocase", "_not_contains", "_not_contains_nocase", "_starts_with", "_starts_with_nocase", "_not_starts_with", "_not_starts_with_nocase", "_ends_with", "_ends_with_nocase", "_not_ends_with", "_not_ends_with_nocase"];
  for (const op of stringOps) assert.ok(fields.includes(`name${op}`), `name${op}`);
  for (const op of ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"]) assert.ok(fields.includes(`capacity${op}`), `capacity${op}`);
  assert.ok(!fields.includes("capacity_contains"));
  for (const op of ["", "_not", "_in", "_not_in"]) assert.ok(fields.includes(`active${op}`));
  assert.ok(!fields.includes("active_gt"));
  for (const op of ["", "_not", "_contains", "_contains_nocase", "_not_contains", "_not_contains_nocase"]) assert.ok(fields.includes(`tags${op}`));
  assert.ok(fields.includes("owner_contains") && fields.includes("owner_not_contains"));
  assert.ok(fields.includes("operator_") && fields.includes("positions_") && !fields.includes("positions"));
  for (const f of ["_change_block", "and", "or"]) assert.ok(fields.includes(f));
  const order = (api.getType("Position_orderBy") as GraphQLEnumType).getValues().map((v) => v.name);
  assert.ok(order.includes("asset__name") && order.includes("holder__label") && order.includes("balance"));
  const meta = api.getType("_Meta_") as GraphQLObjectType;
  assert.deepEqual(Object.keys(meta.getFields()), ["block", "deployment", "hasIndexingErrors"]);
});
