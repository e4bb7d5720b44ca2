/** Translates graph-node `where` / `orderBy` / block arguments into SQL over the block-range tables. */
import { GraphQLError } from "graphql";
import { arrayLiteral, columnText, idSqlType } from "../store/index.ts";
import type { EntityDef, EntityStore, FieldDef } from "../store/index.ts";
import { sqlType } from "../store/schema.ts";

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** The block a query reads: the latest (current versions) or a past block number. */
export type BlockSel = { latest: true; number: number } | { latest: false; number: number };

export class Params {
  values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export function blockPredicate(e: EntityDef, alias: string, block: BlockSel, params: Params): string {
  if (e.immutable) return block.latest ? "true" : `${alias}."block$" <= ${params.add(block.number)}::int`;
  // Latest: current versions, which the partial unique index on id serves directly.
  return block.latest ? `upper_inf(${alias}.block_range)` : `${alias}.block_range @> ${params.add(block.number)}::int`;
}

/** The select list of `columns` (default: every stored column) as text. */
export function selectColumns(e: EntityDef, alias: string, columns: readonly FieldDef[] = e.columns): string {
  return columns.map((f) => `${columnText(alias, f)} as ${q(f.name)}`).join(", ");
}

/** Text of a filter value for a scalar column (Bytes as \x hex). */
function scalarParam(f: FieldDef, v: unknown): string {
  if (f.scalar === "Bytes") {
    const s = String(v);
    if (!/^0x([0-9a-fA-F]{2})*$/.test(s)) throw new GraphQLError(`Failed to decode \`Bytes\` value: \`${s}\``);
    return "\\x" + s.slice(2).toLowerCase();
  }
  if (f.scalar === "Boolean") return v ? "true" : "false";
  return String(v);
}

function elemType(f: FieldDef, e: EntityDef): string {
  return f.name === "id" ? idSqlType(e) : sqlType({ ...f, list: false });
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => "\\" + c);
}

const STRING_OPS = ["_not_contains_nocase", "_not_starts_with_nocase", "_not_ends_with_nocase", "_contains_nocase", "_starts_with_nocase", "_ends_with_nocase", "_not_contains", "_not_starts_with", "_not_ends_with", "_contains", "_starts_with", "_ends_with"];
const OPS = [...STRING_OPS, "_not_in", "_in", "_not", "_gte", "_lte", "_gt", "_lt", "_"];

function splitKey(e: EntityDef, key: string): { field: FieldDef; op: string } {
  const direct = e.fields.get(key);
  if (direct) return { field: direct, op: "" };
  for (const op of OPS) {
    if (key.endsWith(op)) {
      const f = e.fields.get(key.slice(0, -op.length));
      if (f) return { field: f, op };
    }
  }
  throw new GraphQLError(`Entity \`${e.name}\` has no attribute \`${key}\``);
}

export function filterSql(store: EntityStore, e: EntityDef, alias: string, where: Record<string, unknown> | null | undefined, block: BlockSel, params: Params, depth = 0): string {
  if (!where) return "true";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === "and" || key === "or") {
      const subs = (value as Record<string, unknown>[] | null) ?? [];
      if (subs.length === 0) continue;
      const joined = subs.map((w) => `(${filterSql(store, e, alias, w, block, params, depth)})`).join(key === "and" ? " and " : " or ");
      parts.push(`(${joined})`);
      continue;
    }
    if (key === "_change_block") {
      const gte = (value as { number_gte: number }).number_gte;
      parts.push(e.immutable ? `${alias}."block$" >= ${params.add(gte)}::int` : `lower(${alias}.block_range) >= ${params.add(gte)}::int`);
      continue;
    }
    const { field, op } = splitKey(e, key);
    parts.push(opSql(store, e, alias, field, op, value, block, params, depth));
  }
  return parts.length ? parts.join(" and ") : "true";
}

function opSql(store: EntityStore, e: EntityDef, alias: string, f: FieldDef, op: string, value: unknown, block: BlockSel, params: Params, depth: number): string {
  if (op === "_") return childFilterSql(store, e, alias, f, value as Record<string, unknown>, block, params, depth);
  if (f.derivedFrom) throw new GraphQLError(`Filter not supported by value \`${f.name}\`: \`${op || "equal"}\``);
  const col = `${alias}.${q(f.name)}`;
  const type = elemType(f, e);
  if (f.list) {
    const arr = (v: unknown) => `${params.add(v === null ? null : arrayLiteral((v as unknown[]).map((x) => scalarParam(f, x))))}::text::${type}[]`;
    const lowered = (v: unknown) => `${params.add(arrayLiteral((v as unknown[]).map((x) => String(x).toLowerCase())))}::text::text[]`;
    switch (op) {
      case "":
        return value === null ? `${col} is null` : `${col} = ${arr(value)}`;
      case "_not":
        return value === null ? `${col} is not null` : `${col} is distinct from ${arr(value)}`;
      case "_contains":
        return `${col} @> ${arr(value)}`;
      case "_not_contains":
        return `not coalesce(${col} @> ${arr(value)}, false)`;
      case "_contains_nocase":
        return `(select array_agg(lower(x::text)) from unnest(${col}) x) @> ${lowered(value)}`;
      case "_not_contains_nocase":
        return `not coalesce((select array_agg(lower(x::text)) from unnest(${col}) x) @> ${lowered(value)}, false)`;
      default:
        throw new GraphQLError(`Filter not supported by value \`${f.name}\`: \`${op}\``);
    }
  }
  const p = (v: unknown) => `${params.add(scalarParam(f, v))}::text::${type}`;
  const list = (v: unknown) => `${params.add(arrayLiteral(((v as unknown[]) ?? []).map((x) => scalarParam(f, x))))}::text::${type}[]`;
  const isText = type === "text";
  const isBytes = type === "bytea";
  const like = (pattern: (s: string) => string, nocase: boolean, negate: boolean) => {
    if (isBytes && !nocase) {
      const bytesPos = `position(${p(value)} in ${col}) > 0`;
      return negate ? `not (${bytesPos})` : bytesPos;
    }
    if (!isText) throw new GraphQLError(`Filter not supported by value \`${f.name}\`: \`${op}\``);
    const expr = `${col} ${nocase ? "ilike" : "like"} ${params.add(pattern(likeEscape(String(value))))}`;
    return negate ? `not (${expr})` : expr;
  };
  // Free-text String columns are indexed by their 256-character prefix (btree keys are size-limited), so
  // equality also compares the prefix to let the planner use that index.
  const prefixIndexed = isText && f.kind === "scalar" && f.name !== "id";
  switch (op) {
    case "":
      if (value === null) return `${col} is null`;
      if (prefixIndexed) {
        const v = p(value);
        return `(left(${col}, 256) = left(${v}, 256) and ${col} = ${v})`;
      }
      return `${col} = ${p(value)}`;
    case "_not":
      return value === null ? `${col} is not null` : `${col} <> ${p(value)}`;
    case "_gt":
      return `${col} > ${p(value)}`;
    case "_gte":
      return `${col} >= ${p(value)}`;
    case "_lt":
      return `${col} < ${p(value)}`;
    case "_lte":
      return `${col} <= ${p(value)}`;
    case "_in":
      if (prefixIndexed) {
        const l = list(value);
        return `(left(${col}, 256) = any(array(select left(x, 256) from unnest(${l}) x)) and ${col} = any(${l}))`;
      }
      return `${col} = any(${list(value)})`;
    case "_not_in":
      return `not (${col} = any(${list(value)}))`;
    case "_contains":
      return like((s) => `%${s}%`, false, false);
    case "_contains_nocase":
      return like((s) => `%${s}%`, true, false);
    case "_not_contains":
      return like((s) => `%${s}%`, false, true);
    case "_not_contains_nocase":
      return like((s) => `%${s}%`, true, true);
    case "_starts_with":
      return likeText((s) => `${s}%`, false, false);
    case "_starts_with_nocase":
      return likeText((s) => `${s}%`, true, false);
    case "_not_starts_with":
      return likeText((s) => `${s}%`, false, true);
    case "_not_starts_with_nocase":
      return likeText((s) => `${s}%`, true, true);
    case "_ends_with":
      return likeText((s) => `%${s}`, false, false);
    case "_ends_with_nocase":
      return likeText((s) => `%${s}`, true, false);
    case "_not_ends_with":
      return likeText((s) => `%${s}`, false, true);
    case "_not_ends_with_nocase":
      return likeText((s) => `%${s}`, true, true);
    default:
      throw new GraphQLError(`Filter not supported by value \`${f.name}\`: \`${op}\``);
  }
  function likeText(pattern: (s: string) => string, nocase: boolean, negate: boolean): string {
    if (!isText) throw new GraphQLError(`Filter not supported by value \`${f.name}\`: \`${op}\``);
    const expr = `${col} ${nocase ? "ilike" : "like"} ${params.add(pattern(likeEscape(String(value))))}`;
    return negate ? `not (${expr})` : expr;
  }
}

/** `field_: { … }`: entities whose referenced (or referencing, for derived fields) child matches. */
function childFilterSql(store: EntityStore, e: EntityDef, alias: string, f: FieldDef, where: Record<string, unknown>, block: BlockSel, params: Params, depth: number): string {
  if (f.kind !== "entity") throw new GraphQLError(`Filter not supported by value \`${f.name}\`: \`_\``);
  const child = store.schema.entities.get(f.typeName)!;
  const c = `c${depth + 1}`;
  const inner = `${blockPredicate(child, c, block, params)} and ${filterSql(store, child, c, where, block, params, depth + 1)}`;
  if (f.derivedFrom) {
    const back = child.fields.get(f.derivedFrom)!;
    const link = back.list ? `${alias}.id = any(${c}.${q(back.name)})` : `${c}.${q(back.name)} = ${alias}.id`;
    return `exists (select 1 from ${store.table(child)} ${c} where ${link} and ${inner})`;
  }
  if (f.list) return `exists (select 1 from ${store.table(child)} ${c} where ${c}.id = any(${alias}.${q(f.name)}) and ${inner})`;
  return `${alias}.${q(f.name)} in (select ${c}.id from ${store.table(child)} ${c} where ${inner})`;
}

export interface OrderSpec {
  joins: string;
  orderBy: string;
}

/** `orderBy` (a field, or `ref__childField`) and `orderDirection`; ties break on id in the same direction. */
export function orderSql(store: EntityStore, e: EntityDef, alias: string, orderBy: string | undefined, direction: string | undefined, block: BlockSel, params: Params): OrderSpec {
  const dir = direction === "desc" ? "desc" : "asc";
  if (!orderBy || orderBy === "id") return { joins: "", orderBy: `${alias}.id ${dir}` };
  const [fieldName, childField] = orderBy.split("__");
  const f = e.fields.get(fieldName!);
  if (!f || f.list || f.derivedFrom) throw new GraphQLError(`Ordering by \`${orderBy}\` is not supported for type \`${e.name}\``);
  if (childField) {
    const child = store.schema.entities.get(f.typeName);
    const cf = child?.fields.get(childField);
    if (!child || !cf || cf.list || cf.derivedFrom) throw new GraphQLError(`Ordering by \`${orderBy}\` is not supported for type \`${e.name}\``);
    const o = `o_${alias}`;
    return {
      joins: ` left join ${store.table(child)} ${o} on ${o}.id = ${alias}.${q(f.name)} and ${blockPredicate(child, o, block, params)}`,
      orderBy: `${o}.${q(cf.name)} ${dir}, ${alias}.id ${dir}`,
    };
  }
  return { joins: "", orderBy: `${alias}.${q(f.name)} ${dir}, ${alias}.id ${dir}` };
}
