/** Shared fixtures for the store and GraphQL tests: a schema exercising every field kind and value builders. */
import type { BlockPtr, Entity, StoreValue } from "../src/store/types.ts";

export const TEST_SCHEMA = /* GraphQL */ `
enum AssetKind { Solar Wind Hydro }

type Asset @entity {
  id: ID!
  name: String!
  symbol: String
  kind: AssetKind!
  capacity: BigInt!
  price: BigDecimal
  active: Boolean!
  owner: Bytes
  createdAt: Timestamp
  units: Int8
  count: Int
  tags: [String!]
  operator: Holder
  positions: [Position!]! @derivedFrom(field: "asset")
  trades: [Trade!]! @derivedFrom(field: "asset")
}

type Holder @entity {
  id: Bytes!
  label: String
  positions: [Position!]! @derivedFrom(field: "holder")
  favourites: [Asset!]
}

type Position @entity {
  id: ID!
  asset: Asset!
  holder: Holder!
  balance: BigInt!
}

type Trade @entity(immutable: true) {
  id: Bytes!
  asset: Asset!
  price: BigDecimal!
  amount: BigInt!
  timestamp: Timestamp!
}

type Candle @entity(immutable: true) {
  id: Int8!
  open: BigDecimal!
  close: BigDecimal!
}
`;

export const str = (value: string): StoreValue => ({ kind: "String", value });
export const int = (value: number): StoreValue => ({ kind: "Int", value });
export const big = (value: bigint | number): StoreValue => ({ kind: "BigInt", value: BigInt(value) });
export const dec = (value: string): StoreValue => ({ kind: "BigDecimal", value });
export const bool = (value: boolean): StoreValue => ({ kind: "Bool", value });
export const int8 = (value: bigint | number): StoreValue => ({ kind: "Int8", value: BigInt(value) });
export const ts = (value: bigint | number): StoreValue => ({ kind: "Timestamp", value: BigInt(value) });
export const bytes = (hex: string): StoreValue => ({ kind: "Bytes", value: new Uint8Array(Buffer.from(hex.replace(/^0x/, ""), "hex")) });
export const list = (...value: StoreValue[]): StoreValue => ({ kind: "Array", value });
export const NULL: StoreValue = { kind: "Null" };

export function entity(fields: Record<string, StoreValue>): Entity {
  return new Map(Object.entries(fields));
}

export function block(number: number): BlockPtr {
  const hex = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as `0x${string}`;
  return { number, hash: hex(number + 0xb10c00), parentHash: hex(number - 1 + 0xb10c00), timestamp: 1_700_000_000 + number * 12 };
}

/** A plain view of an entity for assertions (bigint/bytes as strings). */
export function plain(e: Entity | null): Record<string, unknown> | null {
  if (!e) return null;
  const out: Record<string, unknown> = {};
  const conv = (v: StoreValue): unknown =>
    v.kind === "Null" ? null : v.kind === "Array" ? v.value.map(conv) : v.kind === "Bytes" ? "0x" + Buffer.from(v.value).toString("hex") : typeof v.value === "bigint" ? v.value.toString() : v.value;
  for (const [k, v] of e) out[k] = conv(v);
  return out;
}

export async function postgresReachable(url: string): Promise<boolean> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
