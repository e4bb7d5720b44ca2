/** graph-node's query API generated from the subgraph schema, resolved with batched SQL (one query per level). */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  Kind,
} from "graphql";
import type { FieldNode, GraphQLResolveInfo, SelectionNode, GraphQLFieldConfig, GraphQLFieldConfigArgumentMap, GraphQLInputFieldConfigMap, GraphQLInputType, GraphQLOutputType, ValueNode } from "graphql";
import { arrayLiteral, idSqlType } from "../store/index.ts";
import type { EntityDef, EntityStore, FieldDef } from "../store/index.ts";
import type { InterfaceDef } from "../store/schema.ts";
import { graphqlOutput, idToSqlText } from "../store/values.ts";
import { queryFieldNames } from "./names.ts";
import { Params, blockPredicate, filterSql, orderSql, selectColumns } from "./sql.ts";
import type { BlockSel } from "./sql.ts";

// graph-node's limits and their environment overrides (skip is unlimited by default).
const FIRST_MAX = Number(process.env.GRAPH_GRAPHQL_MAX_FIRST ?? 1000);
const SKIP_MAX = Number(process.env.GRAPH_GRAPHQL_MAX_SKIP ?? 4294967295);
const FIRST_DEFAULT = 100;

/** A row on its way through the resolvers: raw column text plus the block the query reads. */
interface Row {
  entity: EntityDef;
  block: BlockSel;
  raw: Record<string, unknown>;
}

export interface RequestContext {
  store: EntityStore;
  batches: Map<string, Batch>;
}

interface Batch {
  keys: string[];
  promise: Promise<Map<string, Record<string, unknown>[]>>;
}

function stringScalar(name: string, check: (s: string) => boolean): GraphQLScalarType {
  const parse = (v: unknown): string => {
    const s = typeof v === "number" || typeof v === "bigint" ? String(v) : v;
    if (typeof s !== "string" || !check(s)) throw new GraphQLError(`Failed to decode \`${name}\` value: \`${String(v)}\``);
    return s;
  };
  return new GraphQLScalarType({
    name,
    serialize: (v) => v,
    parseValue: parse,
    parseLiteral: (node: ValueNode) => {
      if (node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT) return parse(node.value);
      throw new GraphQLError(`Failed to decode \`${name}\` value`);
    },
  });
}

const INTEGER = /^-?[0-9]+$/;
const SCALARS = {
  BigInt: stringScalar("BigInt", (s) => INTEGER.test(s)),
  BigDecimal: stringScalar("BigDecimal", (s) => /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(s)),
  Bytes: stringScalar("Bytes", (s) => /^0x([0-9a-fA-F]{2})*$/.test(s)),
  Int8: stringScalar("Int8", (s) => INTEGER.test(s)),
  Timestamp: stringScalar("Timestamp", (s) => INTEGER.test(s)),
};

export function buildApi(store: EntityStore): GraphQLSchema {
  const { entities, enums } = store.schema;
  const enumTypes = new Map<string, GraphQLEnumType>();
  for (const [name, values] of enums) enumTypes.set(name, new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }));
  const orderDirection = new GraphQLEnumType({ name: "OrderDirection", values: { asc: { value: "asc" }, desc: { value: "desc" } } });
  const blockHeight = new GraphQLInputObjectType({
    name: "Block_height",
    fields: { hash: { type: SCALARS.Bytes }, number: { type: GraphQLInt }, number_gte: { type: GraphQLInt } },
  });
  const blockChanged = new GraphQLInputObjectType({ name: "BlockChangedFilter", fields: { number_gte: { type: new GraphQLNonNull(GraphQLInt) } } });
  const errorPolicy = new GraphQLEnumType({ name: "_SubgraphErrorPolicy_", values: { allow: { value: "allow" }, deny: { value: "deny" } } });

  const scalarType = (f: FieldDef): GraphQLInputType & GraphQLOutputType => {
    if (f.kind === "enum") return enumTypes.get(f.typeName)!;
    switch (f.kind === "entity" ? "String" : f.scalar) {
      case "ID":
        return GraphQLID;
      case "String":
        return GraphQLString;
      case "Int":
        return GraphQLInt;
      case "Boolean":
        return GraphQLBoolean;
      default:
        return SCALARS[f.scalar as keyof typeof SCALARS];
    }
  };

  const filters = new Map<string, GraphQLInputObjectType>();
  const orderBys = new Map<string, GraphQLEnumType>();
  const objects = new Map<string, GraphQLObjectType>();

  const { interfaces } = store.schema;
  const interfaceTypes = new Map<string, GraphQLInterfaceType>();
  const filterOwners: { name: string; fields: Map<string, FieldDef>; idType: EntityDef["idType"] }[] = [...entities.values(), ...interfaces.values()];
  for (const e of filterOwners) {
    filters.set(
      e.name,
      new GraphQLInputObjectType({
        name: `${e.name}_filter`,
        fields: (): GraphQLInputFieldConfigMap => {
          const out: GraphQLInputFieldConfigMap = {};
          for (const f of e.fields.values()) {
            if (f.derivedFrom) {
              out[`${f.name}_`] = { type: filters.get(f.typeName)! };
              continue;
            }
            const t = f.kind === "entity" || f.kind === "interface" ? (f.scalar === "Bytes" ? SCALARS.Bytes : f.scalar === "Int8" ? SCALARS.Int8 : GraphQLString) : scalarType(f);
            if (f.list) {
              const lt = new GraphQLList(new GraphQLNonNull(t));
              for (const op of ["", "_not", "_contains", "_contains_nocase", "_not_contains", "_not_contains_nocase"]) out[f.name + op] = { type: lt };
            } else {
              const ops = ["", "_not", "_in", "_not_in"];
              if (f.scalar !== "Boolean") ops.push("_gt", "_lt", "_gte", "_lte");
              if (f.scalar === "Bytes") ops.push("_contains", "_not_contains");
              if (f.scalar === "String" || f.scalar === "ID" || f.kind === "enum")
                if (f.name !== "id" || e.idType === "String")
                  ops.push(
                    "_contains",
                    "_contains_nocase",
                    "_not_contains",
                    "_not_contains_nocase",
                    "_starts_with",
                    "_starts_with_nocase",
                    "_not_starts_with",
                    "_not_starts_with_nocase",
                    "_ends_with",
                    "_ends_with_nocase",
                    "_not_ends_with",
                    "_not_ends_with_nocase",
                  );
              for (const op of ops) out[f.name + op] = { type: op === "_in" || op === "_not_in" ? new GraphQLList(new GraphQLNonNull(t)) : t };
            }
            if (f.kind === "entity") out[`${f.name}_`] = { type: filters.get(f.typeName)! };
          }
          out["_change_block"] = { type: blockChanged };
          out["and"] = { type: new GraphQLList(filters.get(e.name)!) };
          out["or"] = { type: new GraphQLList(filters.get(e.name)!) };
          return out;
        },
      }),
    );
  }
  for (const e of filterOwners) {
    const values: Record<string, { value: string }> = {};
    for (const f of e.fields.values()) {
      values[f.name] = { value: f.name };
      if (f.kind === "entity" && !f.list && !f.derivedFrom) {
        for (const cf of entities.get(f.typeName)!.fields.values()) if (cf.kind !== "entity" && !cf.list && !cf.derivedFrom) values[`${f.name}__${cf.name}`] = { value: `${f.name}__${cf.name}` };
      }
    }
    orderBys.set(e.name, new GraphQLEnumType({ name: `${e.name}_orderBy`, values }));
  }

  const collectionArgs = (e: { name: string }): GraphQLFieldConfigArgumentMap => ({
    skip: { type: GraphQLInt, defaultValue: 0 },
    first: { type: GraphQLInt, defaultValue: FIRST_DEFAULT },
    orderBy: { type: orderBys.get(e.name)! },
    orderDirection: { type: orderDirection },
    where: { type: filters.get(e.name)! },
  });

  for (const e of entities.values()) {
    objects.set(
      e.name,
      new GraphQLObjectType({
        name: e.name,
        interfaces: () => [...interfaces.values()].filter((i) => i.implementers.includes(e.name)).map((i) => interfaceTypes.get(i.name)!),
        fields: () => {
          const out: Record<string, GraphQLFieldConfig<Row, RequestContext>> = {};
          for (const f of e.fields.values()) {
            if (f.kind === "interface") {
              const t = interfaceTypes.get(f.typeName)!;
              out[f.name] = { type: f.nonNull ? new GraphQLNonNull(t) : t, resolve: (row, _args, ctx) => resolveInterfaceRef(ctx, row, f) };
              continue;
            }
            if (f.kind !== "entity") {
              const base = f.name === "id" ? (e.idType === "Bytes" ? SCALARS.Bytes : e.idType === "Int8" ? SCALARS.Int8 : GraphQLID) : scalarType(f);
              const wrapped = f.list ? new GraphQLList(new GraphQLNonNull(base)) : base;
              out[f.name] = { type: f.nonNull ? new GraphQLNonNull(wrapped) : wrapped, resolve: (row) => graphqlOutput(f, row.raw[f.name]) };
              continue;
            }
            const child = objects.get(f.typeName)!;
            if (f.list) {
              out[f.name] = {
                type: f.nonNull ? new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(child))) : new GraphQLList(new GraphQLNonNull(child)),
                args: collectionArgs(entities.get(f.typeName)!),
                resolve: (row, args, ctx, info) => resolveChildren(ctx, row, f, args, selectedColumns(entities.get(f.typeName)!, info)),
              };
            } else {
              out[f.name] = { type: f.nonNull && !f.derivedFrom ? new GraphQLNonNull(child) : child, resolve: (row, _args, ctx, info) => resolveSingleChild(ctx, row, f, selectedColumns(entities.get(f.typeName)!, info)) };
            }
          }
          return out;
        },
      }),
    );
  }

  for (const i of interfaces.values()) {
    interfaceTypes.set(
      i.name,
      new GraphQLInterfaceType({
        name: i.name,
        resolveType: (row: Row) => row.entity.name,
        fields: () => {
          const out: Record<string, GraphQLFieldConfig<Row, RequestContext>> = {};
          for (const f of i.fields.values()) {
            if (f.kind === "entity" || f.kind === "interface") {
              const t = f.kind === "entity" ? objects.get(f.typeName)! : interfaceTypes.get(f.typeName)!;
              out[f.name] = f.list
                ? { type: new GraphQLList(new GraphQLNonNull(t as GraphQLObjectType)), args: collectionArgs(entities.get(f.typeName)!) }
                : { type: f.nonNull ? new GraphQLNonNull(t) : t };
              continue;
            }
            const base = f.name === "id" ? (i.idType === "Bytes" ? SCALARS.Bytes : i.idType === "Int8" ? SCALARS.Int8 : GraphQLID) : scalarType(f);
            const wrapped = f.list ? new GraphQLList(new GraphQLNonNull(base)) : base;
            out[f.name] = { type: f.nonNull ? new GraphQLNonNull(wrapped) : wrapped };
          }
          return out;
        },
      }),
    );
  }

  const metaBlock = new GraphQLObjectType({
    name: "_Block_",
    fields: { hash: { type: SCALARS.Bytes }, number: { type: new GraphQLNonNull(GraphQLInt) }, timestamp: { type: GraphQLInt }, parentHash: { type: SCALARS.Bytes } },
  });
  const meta = new GraphQLObjectType({
    name: "_Meta_",
    fields: {
      block: { type: new GraphQLNonNull(metaBlock) },
      deployment: { type: new GraphQLNonNull(GraphQLString) },
      hasIndexingErrors: { type: new GraphQLNonNull(GraphQLBoolean) },
    },
  });

  const queryFields: Record<string, GraphQLFieldConfig<unknown, RequestContext>> = {};
  for (const e of entities.values()) {
    const { single, collection } = queryFieldNames(e.name);
    const idArgType = e.idType === "Bytes" ? SCALARS.Bytes : e.idType === "Int8" ? SCALARS.Int8 : GraphQLID;
    queryFields[single] = {
      type: objects.get(e.name)!,
      args: { id: { type: new GraphQLNonNull(idArgType) }, block: { type: blockHeight }, subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: "deny" } },
      resolve: async (_src, args, ctx, info) => {
        const block = await resolveBlock(ctx.store, args.block);
        if (!block) return null;
        const params = new Params();
        const sql = `select ${selectColumns(e, "t", selectedColumns(e, info))} from ${ctx.store.table(e)} t where t.id = ${params.add(idToSqlText(e.idType, String(args.id)))}::text::${idSqlType(e)} and ${blockPredicate(e, "t", block, params)}`;
        const [raw] = await ctx.store.db.query<Record<string, unknown>>(sql, params.values);
        return raw ? ({ entity: e, block, raw } satisfies Row) : null;
      },
    };
    queryFields[collection] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(objects.get(e.name)!))),
      args: { ...collectionArgs(e), block: { type: blockHeight }, subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: "deny" } },
      resolve: async (_src, args, ctx, info) => {
        const { first, skip } = checkRange(args);
        const block = await resolveBlock(ctx.store, args.block);
        if (!block) return [];
        const params = new Params();
        const order = orderSql(ctx.store, e, "t", args.orderBy, args.orderDirection, block, params);
        const where = filterSql(ctx.store, e, "t", args.where, block, params);
        const sql =
          `select ${selectColumns(e, "t", selectedColumns(e, info))} from ${ctx.store.table(e)} t${order.joins} where ${blockPredicate(e, "t", block, params)} and ${where}` +
          ` order by ${order.orderBy} limit ${first} offset ${skip}`;
        const rows = await ctx.store.db.query<Record<string, unknown>>(sql, params.values);
        return rows.map((raw) => ({ entity: e, block, raw }) satisfies Row);
      },
    };
  }
  for (const i of interfaces.values()) {
    const { single, collection } = queryFieldNames(i.name);
    const idArgType = i.idType === "Bytes" ? SCALARS.Bytes : i.idType === "Int8" ? SCALARS.Int8 : GraphQLID;
    const t = interfaceTypes.get(i.name)!;
    queryFields[single] = {
      type: t,
      args: { id: { type: new GraphQLNonNull(idArgType) }, block: { type: blockHeight }, subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: "deny" } },
      resolve: async (_src, args, ctx) => {
        const block = await resolveBlock(ctx.store, args.block);
        if (!block) return null;
        const rows = await fetchByIds(ctx.store, i.implementers.map((n) => entities.get(n)!), [idToSqlText(i.idType, String(args.id))], block);
        return rows[0] ?? null;
      },
    };
    queryFields[collection] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(t))),
      args: { ...collectionArgs(i), block: { type: blockHeight }, subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: "deny" } },
      resolve: async (_src, args, ctx) => {
        const { first, skip } = checkRange(args);
        const block = await resolveBlock(ctx.store, args.block);
        if (!block) return [];
        return interfaceCollection(ctx.store, i, args, first, skip, block);
      },
    };
  }
  queryFields["_meta"] = {
    type: meta,
    args: { block: { type: blockHeight } },
    resolve: async (_src, args, ctx) => {
      const block = await resolveBlock(ctx.store, args.block);
      const head = ctx.store.head;
      let ptr: { number: number; hash: string | null; timestamp: number | null; parentHash: string | null };
      if (!block) ptr = { number: 0, hash: null, timestamp: null, parentHash: null };
      else if (head && block.number === head.number) ptr = { number: head.number, hash: head.hash, timestamp: head.timestamp, parentHash: head.parentHash };
      else ptr = { number: block.number, hash: await ctx.store.indexedBlockHash(block.number), timestamp: null, parentHash: null };
      return { block: ptr, deployment: ctx.store.deployment, hasIndexingErrors: ctx.store.hasIndexingErrors };
    },
  };

  return new GraphQLSchema({ query: new GraphQLObjectType({ name: "Query", fields: queryFields }) });
}

function checkRange(args: Record<string, unknown>): { first: number; skip: number } {
  const first = (args.first as number | null) ?? FIRST_DEFAULT;
  const skip = (args.skip as number | null) ?? 0;
  if (first < 0 || first > FIRST_MAX) throw new GraphQLError(`The \`first\` argument must be between 0 and ${FIRST_MAX}, but is ${first}`);
  if (skip < 0 || skip > SKIP_MAX) throw new GraphQLError(`The \`skip\` argument must be between 0 and ${SKIP_MAX}, but is ${skip}`);
  return { first, skip };
}

/** `block: { number | hash | number_gte }` → the block to read, with graph-node's errors for blocks not yet indexed. */
async function resolveBlock(store: EntityStore, arg: { number?: number | null; hash?: string | null; number_gte?: number | null } | null | undefined): Promise<BlockSel | null> {
  const head = store.head;
  const headNumber = head?.number ?? 0;
  const notYet = (what: string, n: number) =>
    new GraphQLError(
      `Failed to decode \`${what}\` value: \`subgraph ${store.deployment} has only indexed up to block number ${headNumber} and data for block number ${n} is therefore not yet available\``,
    );
  if (arg?.hash !== undefined && arg.hash !== null) {
    const n = await store.blockNumberOfHash(arg.hash);
    if (n === null) throw new GraphQLError("Failed to decode `block.hash` value: `no block with that hash found`");
    if (n > headNumber) throw notYet("block.number", n);
    return n === head?.number ? { latest: true, number: n } : { latest: false, number: n };
  }
  if (arg?.number !== undefined && arg.number !== null) {
    if (arg.number > headNumber || !head) throw notYet("block.number", arg.number);
    return arg.number === head.number ? { latest: true, number: arg.number } : { latest: false, number: arg.number };
  }
  if (arg?.number_gte !== undefined && arg.number_gte !== null) {
    if (!head || head.number < arg.number_gte) throw notYet("block.number_gte", arg.number_gte);
  }
  return head ? { latest: true, number: head.number } : null;
}

/** Batches one nested field across all parent rows of a level into one SQL query. */
function batched(ctx: RequestContext, key: string, parentKey: string, load: (keys: string[]) => Promise<Map<string, Record<string, unknown>[]>>): Promise<Record<string, unknown>[]> {
  let batch = ctx.batches.get(key);
  if (!batch) {
    const keys: string[] = [];
    const promise = new Promise<Map<string, Record<string, unknown>[]>>((resolve, reject) => {
      setImmediate(() => {
        ctx.batches.delete(key);
        load([...new Set(keys)]).then(resolve, reject);
      });
    });
    batch = { keys, promise };
    ctx.batches.set(key, batch);
  }
  batch.keys.push(parentKey);
  return batch.promise.then((m) => m.get(parentKey) ?? []);
}

/**
 * The stored columns of `e` a field's selection reads: `id` (children are batched by it) and every selected
 * stored field, through fragments; `@skip`/`@include` are ignored (reading a column too many is harmless).
 * Kept per field node, as cached documents repeat.
 */
function selectedColumns(e: EntityDef, info: GraphQLResolveInfo): readonly FieldDef[] {
  const single = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : null;
  const known = single ? projections.get(single) : undefined;
  if (known?.entity === e) return known.columns;
  const names = new Set<string>(["id"]);
  const visited = new Set<string>();
  const walk = (selections: readonly SelectionNode[]) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet.selections);
      else if (!visited.has(s.name.value)) {
        visited.add(s.name.value);
        const fragment = info.fragments[s.name.value];
        if (fragment) walk(fragment.selectionSet.selections);
      }
    }
  };
  for (const node of info.fieldNodes) if (node.selectionSet) walk(node.selectionSet.selections);
  const columns = e.columns.filter((f) => names.has(f.name));
  if (single) projections.set(single, { entity: e, columns });
  return columns;
}
const projections = new WeakMap<FieldNode, { entity: EntityDef; columns: readonly FieldDef[] }>();

function columnsKey(columns: readonly FieldDef[]): string {
  return columns.map((c) => c.name).join(",");
}

function blockKey(b: BlockSel): string {
  return b.latest ? "latest" : String(b.number);
}

async function resolveSingleChild(ctx: RequestContext, row: Row, f: FieldDef, columns: readonly FieldDef[]): Promise<Row | null> {
  const store = ctx.store;
  const child = store.schema.entities.get(f.typeName)!;
  if (f.derivedFrom) {
    const rows = await resolveChildren(ctx, row, f, { first: 1, skip: 0 }, columns);
    return rows[0] ?? null;
  }
  const ref = row.raw[f.name] as string | null;
  if (ref === null || ref === undefined) return null;
  const key = `ref|${row.entity.name}.${f.name}|${blockKey(row.block)}|${columnsKey(columns)}`;
  const rows = await batched(ctx, key, ref, async (ids) => {
    const params = new Params();
    const sql = `select ${selectColumns(child, "t", columns)} from ${store.table(child)} t where t.id = any(${params.add(arrayLiteral(ids))}::text::${idSqlType(child)}[]) and ${blockPredicate(child, "t", row.block, params)}`;
    const out = new Map<string, Record<string, unknown>[]>();
    for (const r of await store.db.query<Record<string, unknown>>(sql, params.values)) out.set(r.id as string, [r]);
    return out;
  });
  return rows[0] ? { entity: child, block: row.block, raw: rows[0] } : null;
}

async function resolveChildren(ctx: RequestContext, row: Row, f: FieldDef, args: Record<string, unknown>, columns: readonly FieldDef[]): Promise<Row[]> {
  const store = ctx.store;
  const child = store.schema.entities.get(f.typeName)!;
  const { first, skip } = checkRange(args);
  const block = row.block;
  const argKey = JSON.stringify([args.where ?? null, args.orderBy ?? null, args.orderDirection ?? null, first, skip]) + "|" + columnsKey(columns);
  const parentId = row.raw.id as string;
  if (f.derivedFrom) {
    const back = child.fields.get(f.derivedFrom)!;
    const key = `derived|${row.entity.name}.${f.name}|${blockKey(block)}|${argKey}`;
    const rows = await batched(ctx, key, parentId, async (parentIds) => {
      // One query for all parents: a lateral subquery per parent id keeps each parent's pagination and order.
      const params = new Params();
      const ids = `${params.add(arrayLiteral(parentIds))}::text::${idSqlType(row.entity)}[]`;
      const order = orderSql(store, child, "t", args.orderBy as string | undefined, args.orderDirection as string | undefined, block, params);
      const link = back.list ? `p.pid = any(t.${JSON.stringify(back.name)})` : `t.${JSON.stringify(back.name)} = p.pid`;
      const where = filterSql(store, child, "t", args.where as Record<string, unknown> | undefined, block, params);
      const sql =
        `select p.pid::text as "__parent", c.* from unnest(${ids}) as p(pid) cross join lateral (` +
        `select ${selectColumns(child, "t", columns)} from ${store.table(child)} t${order.joins} where ${link} and ${blockPredicate(child, "t", block, params)} and ${where}` +
        ` order by ${order.orderBy} limit ${first} offset ${skip}) c`;
      const out = new Map<string, Record<string, unknown>[]>();
      for (const r of await store.db.query<Record<string, unknown>>(sql, params.values)) {
        const k = r.__parent as string;
        if (!out.has(k)) out.set(k, []);
        out.get(k)!.push(r);
      }
      return out;
    });
    return rows.map((raw) => ({ entity: child, block, raw }));
  }
  // A stored list of ids: load every referenced child once, in the requested order, then page per parent.
  const refs = (row.raw[f.name] as string[] | null) ?? [];
  const key = `list|${row.entity.name}.${f.name}|${blockKey(block)}|${argKey}`;
  const all = await batched(ctx, key, JSON.stringify(refs), async (keys) => {
    const ids = [...new Set(keys.flatMap((k) => JSON.parse(k) as string[]))];
    const params = new Params();
    const order = orderSql(store, child, "t", args.orderBy as string | undefined, args.orderDirection as string | undefined, block, params);
    const where = filterSql(store, child, "t", args.where as Record<string, unknown> | undefined, block, params);
    const sql =
      `select ${selectColumns(child, "t", columns)} from ${store.table(child)} t${order.joins} where t.id = any(${params.add(arrayLiteral(ids))}::text::${idSqlType(child)}[])` +
      ` and ${blockPredicate(child, "t", block, params)} and ${where} order by ${order.orderBy}`;
    const rows = await store.db.query<Record<string, unknown>>(sql, params.values);
    const out = new Map<string, Record<string, unknown>[]>();
    for (const k of keys) {
      const mine = new Set(JSON.parse(k) as string[]);
      out.set(k, rows.filter((r) => mine.has(r.id as string)).slice(skip, skip + first));
    }
    return out;
  });
  return all.map((raw) => ({ entity: child, block, raw }));
}

/** Full rows of the given ids, looked up in every candidate table (an interface's implementers), tagged with their type. */
async function fetchByIds(store: EntityStore, candidates: EntityDef[], ids: string[], block: BlockSel): Promise<Row[]> {
  const out: Row[] = [];
  for (const e of candidates) {
    if (ids.length === 0) break;
    const params = new Params();
    const sql = `select ${selectColumns(e, "t")} from ${store.table(e)} t where t.id = any(${params.add(arrayLiteral(ids))}::text::${idSqlType(e)}[]) and ${blockPredicate(e, "t", block, params)}`;
    for (const raw of await store.db.query<Record<string, unknown>>(sql, params.values)) out.push({ entity: e, block, raw });
  }
  return out;
}

/** A collection over an interface: one UNION ALL over the implementers picks the page (id, type, sort key), then full rows are loaded per type. */
async function interfaceCollection(store: EntityStore, i: InterfaceDef, args: Record<string, unknown>, first: number, skip: number, block: BlockSel): Promise<Row[]> {
  const params = new Params();
  const orderBy = args.orderBy as string | undefined;
  const dir = args.orderDirection === "desc" ? "desc" : "asc";
  const field = orderBy && orderBy !== "id" ? i.fields.get(orderBy) : undefined;
  if (orderBy && orderBy !== "id" && (!field || field.list || field.kind === "entity" || field.kind === "interface"))
    throw new GraphQLError(`Ordering by \`${orderBy}\` is not supported for type \`${i.name}\``);
  const impls = i.implementers.map((n) => store.schema.entities.get(n)!);
  if (impls.length === 0) return [];
  const parts = impls.map(
    (e) =>
      `select '${e.name}'::text as "__type", t.id as "__id", ${field ? `t.${JSON.stringify(field.name)}` : "null::int"} as "__o" from ${store.table(e)} t` +
      ` where ${blockPredicate(e, "t", block, params)} and ${filterSql(store, e, "t", args.where as Record<string, unknown> | undefined, block, params)}`,
  );
  const page = await store.db.query<{ __type: string; id: string }>(
    `select "__type", "__id"::text as id from (${parts.join(" union all ")}) u order by "__o" ${dir}, "__id" ${dir} limit ${first} offset ${skip}`,
    params.values,
  );
  const byType = new Map<string, string[]>();
  for (const r of page) byType.set(r.__type, [...(byType.get(r.__type) ?? []), r.id]);
  const rows = new Map<string, Row>();
  for (const [type, ids] of byType) for (const row of await fetchByIds(store, [store.schema.entities.get(type)!], ids, block)) rows.set(`${type}|${row.raw.id as string}`, row);
  return page.map((r) => rows.get(`${r.__type}|${r.id}`)!).filter(Boolean);
}

/** A reference to an interface: the id may live in any implementer's table; batched across the level's parents. */
async function resolveInterfaceRef(ctx: RequestContext, row: Row, f: FieldDef): Promise<Row | null> {
  const ref = row.raw[f.name] as string | null;
  if (ref === null || ref === undefined) return null;
  const i = ctx.store.schema.interfaces.get(f.typeName)!;
  const key = `iref|${row.entity.name}.${f.name}|${blockKey(row.block)}`;
  const found = await batched(ctx, key, ref, async (ids) => {
    const rows = await fetchByIds(ctx.store, i.implementers.map((n) => ctx.store.schema.entities.get(n)!), ids, row.block);
    return new Map(rows.map((r) => [r.raw.id as string, [{ ...r.raw, __type: r.entity.name }]]));
  });
  const raw = found[0];
  return raw ? { entity: ctx.store.schema.entities.get(raw.__type as string)!, block: row.block, raw } : null;
}
