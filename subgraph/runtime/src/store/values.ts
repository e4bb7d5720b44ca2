/** Conversions between graph-ts values, the text form the SQL layer exchanges, and GraphQL output. */
import type { StoreValue } from "./types.ts";
import type { FieldDef, ScalarType } from "./schema.ts";

type Kind = StoreValue["kind"];
const KIND_OF: Record<ScalarType, Kind> = {
  ID: "String",
  String: "String",
  Int: "Int",
  Int8: "Int8",
  BigInt: "BigInt",
  BigDecimal: "BigDecimal",
  Bytes: "Bytes",
  Boolean: "Bool",
  Timestamp: "Timestamp",
};
/** graph-node's ValueType names, used in its error messages. */
const TYPE_NAME: Record<Kind, string> = {
  String: "String",
  Int: "Int",
  Int8: "Int8",
  Timestamp: "Timestamp",
  BigInt: "BigInt",
  BigDecimal: "BigDecimal",
  Bool: "Boolean",
  Bytes: "Bytes",
  Array: "List",
  Null: "Null",
};

export function expectedTypeName(f: FieldDef): string {
  const base = f.kind === "scalar" ? TYPE_NAME[KIND_OF[f.scalar]] : f.kind === "enum" ? "String" : TYPE_NAME[KIND_OF[f.scalar]];
  return f.list ? `[${base}]` : base;
}

export function valueTypeName(v: StoreValue): string {
  if (v.kind === "Array") return `[${v.value[0] ? valueTypeName(v.value[0]) : "Null"}]`;
  return TYPE_NAME[v.kind];
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** 0x-prefixed lower-case hex. A table lookup: ids and addresses are short, and a Buffer view per call cost more than the conversion (profiled: ~6% of indexing). */
export function hexOf(bytes: Uint8Array): string {
  let out = "0x";
  for (let i = 0; i < bytes.length; i++) out += HEX_BYTE[bytes[i]!];
  return out;
}

export function bytesOf(hex: string): Uint8Array {
  const h = hex.startsWith("0x") || hex.startsWith("\\x") ? hex.slice(2) : hex;
  return new Uint8Array(Buffer.from(h, "hex"));
}

/** Whether a value may be stored in the field (element-wise for lists); nulls are checked separately. */
export function valueFits(f: FieldDef, v: StoreValue): boolean {
  if (v.kind === "Null") return true;
  if (f.list) return v.kind === "Array" && v.value.every((x) => x.kind !== "Array" && x.kind !== "Null" && scalarFits(f, x));
  return scalarFits(f, v);
}

function scalarFits(f: FieldDef, v: StoreValue): boolean {
  const want = KIND_OF[f.scalar];
  if (v.kind === want) return true;
  // graph-ts writes ids of Bytes-keyed references as strings in some code paths (e.g. `entity.id` of a string):
  // graph-node accepts a hex string there.
  if (want === "Bytes" && v.kind === "String") return /^0x([0-9a-fA-F]{2})*$/.test(v.value);
  return false;
}

function displayValue(v: StoreValue): string {
  switch (v.kind) {
    case "Null":
      return "null";
    case "Bytes":
      return hexOf(v.value);
    case "Array":
      return `[${v.value.map(displayValue).join(", ")}]`;
    default:
      return String(v.value);
  }
}
export { displayValue };

/** The text a value is sent to SQL as (cast there to the column type); arrays as a Postgres array literal. */
export function toSqlText(f: FieldDef, v: StoreValue | undefined): string | null {
  if (!v || v.kind === "Null") return null;
  if (v.kind === "Array") return "{" + v.value.map((x) => `"${scalarText(x).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",") + "}";
  return scalarText(v);
}

function scalarText(v: StoreValue): string {
  switch (v.kind) {
    case "Bytes":
      return "\\x" + hexOf(v.value).slice(2);
    case "String":
      return v.value;
    case "Bool":
      return v.value ? "true" : "false";
    case "Int":
    case "Int8":
    case "Timestamp":
    case "BigInt":
    case "BigDecimal":
      return String(v.value);
    default:
      throw new Error(`cannot store a ${v.kind} value`);
  }
}

/** Text for a Bytes column from a string value (hex) or bytes. */
export function idToSqlText(idType: "String" | "Bytes" | "Int8", id: string): string {
  return idType === "Bytes" ? "\\x" + (id.startsWith("0x") ? id.slice(2) : id).toLowerCase() : id;
}

/** The canonical string id of a row's id column text. */
export function idFromSqlText(idType: "String" | "Bytes" | "Int8", text: string): string {
  return idType === "Bytes" ? "0x" + text.slice(2) : text;
}

function scalarFromText(s: ScalarType, t: string): StoreValue {
  switch (s) {
    case "ID":
    case "String":
      return { kind: "String", value: t };
    case "Int":
      return { kind: "Int", value: Number(t) };
    case "Int8":
      return { kind: "Int8", value: BigInt(t) };
    case "Timestamp":
      return { kind: "Timestamp", value: BigInt(t) };
    case "BigInt":
      return { kind: "BigInt", value: BigInt(t) };
    case "BigDecimal":
      return { kind: "BigDecimal", value: t };
    case "Boolean":
      return { kind: "Bool", value: t === "true" || t === "t" };
    case "Bytes":
      return { kind: "Bytes", value: bytesOf(t) };
  }
}

/** A stored value (column read as text / text[] JSON) back into a graph-ts value. */
export function fromSqlText(f: FieldDef, raw: unknown): StoreValue {
  if (raw === null || raw === undefined) return { kind: "Null" };
  if (f.list) return { kind: "Array", value: (raw as (string | null)[]).map((x) => (x === null ? { kind: "Null" } : scalarFromText(f.scalar, x))) };
  return scalarFromText(f.scalar, raw as string);
}

/** GraphQL output as graph-node serialises it: BigInt/BigDecimal/Int8/Timestamp as strings, Bytes as 0x hex. */
export function graphqlOutput(f: FieldDef, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (f.list) return (raw as (string | null)[]).map((x) => (x === null ? null : scalarOut(f.scalar, x)));
  return scalarOut(f.scalar, raw as string);
}

function scalarOut(s: ScalarType, t: string): unknown {
  switch (s) {
    case "Int":
      return Number(t);
    case "Boolean":
      return t === "true" || t === "t";
    case "Bytes":
      return "0x" + t.slice(2);
    default:
      return t;
  }
}
