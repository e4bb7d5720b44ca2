/**
 * AssemblyScript 0.19 (stub runtime) memory marshalling for graph-ts objects.
 *
 * Every managed object has a 20-byte header; the class id sits at ptr−8 and the payload byte length at
 * ptr−4. Strings are UTF-16LE. ArrayBuffer is raw bytes. TypedArray (Uint8Array, Bytes, BigInt, Address)
 * is {buffer, dataStart, byteLength}; Array<T> is {buffer, dataStart, byteLength, length}. Enums such as
 * Value are {kind: i32, padding, data: u64}. Class ids differ per build, so they come from the module's
 * `id_of_type` (graph-ts's TypeId numbering). `memory.buffer` is re-read after every allocation because
 * allocating may grow (and detach) it.
 */
import { bigDecimal, bigIntFromSignedBytesLE, bigIntToSignedBytesLE, type BigDecimalValue } from "./numbers.ts";
import type { Entity, StoreValue } from "../store/types.ts";
import type { WasmMemory } from "./wasm-api.ts";

/** graph-ts `TypeId` values used by the host (global/global.ts). */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayBool: 13,
  ArrayUint8Array: 14,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayJsonValue: 17,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringJsonValue: 20,
  ArrayTypedMapEntryStringStoreValue: 21,
  SmartContractCall: 22,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumCall: 26,
  WrappedTypedMapStringJsonValue: 27,
  WrappedBool: 28,
  WrappedJsonValue: 29,
  EthereumValue: 30,
  StoreValue: 31,
  JsonValue: 32,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapEntryStringJsonValue: 35,
  TypedMapStringStoreValue: 36,
  TypedMapStringJsonValue: 37,
  ResultJsonValueBool: 40,
  TransactionReceipt: 1000,
  Log: 1001,
  ArrayH256: 1002,
  ArrayLog: 1003,
} as const;

/** graph-ts `ValueKind` (store values). */
const StoreKind = { STRING: 0, INT: 1, BIGDECIMAL: 2, BOOL: 3, ARRAY: 4, NULL: 5, BYTES: 6, BIGINT: 7, INT8: 8, TIMESTAMP: 9 } as const;

/** graph-ts `ethereum.ValueKind`. */
export const EthKind = { ADDRESS: 0, FIXED_BYTES: 1, BYTES: 2, INT: 3, UINT: 4, BOOL: 5, STRING: 6, FIXED_ARRAY: 7, ARRAY: 8, TUPLE: 9 } as const;

/** A decoded Ethereum ABI value, as graph-ts's `ethereum.Value` carries it. */
export type EthValue =
  | { kind: "address" | "fixedBytes" | "bytes"; value: Uint8Array }
  | { kind: "int" | "uint"; value: bigint }
  | { kind: "bool"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "fixedArray" | "array" | "tuple"; value: EthValue[] };

export type JsonValue = null | boolean | string | JsonValue[] | { [key: string]: JsonValue } | { number: string };

export interface WasmExports {
  memory: WasmMemory;
  __new(size: number, classId: number): number;
  id_of_type(typeId: number): number;
}

const utf16 = new TextDecoder("utf-16le");

export class AscHeap {
  private view: DataView;
  private bytes: Uint8Array;
  private readonly exports: WasmExports;
  private readonly classIds: Map<number, number>;
  constructor(exports: WasmExports, classIds: Map<number, number>) {
    this.exports = exports;
    this.classIds = classIds;
    this.view = new DataView(exports.memory.buffer);
    this.bytes = new Uint8Array(exports.memory.buffer);
  }

  private refresh(): void {
    if (this.view.buffer !== this.exports.memory.buffer) {
      this.view = new DataView(this.exports.memory.buffer);
      this.bytes = new Uint8Array(this.exports.memory.buffer);
    }
  }

  classId(typeId: number): number {
    let id = this.classIds.get(typeId);
    if (id === undefined) {
      id = this.exports.id_of_type(typeId) >>> 0;
      this.classIds.set(typeId, id);
    }
    return id;
  }

  // ---- raw access ----
  u32(ptr: number): number {
    this.refresh();
    return this.view.getUint32(ptr, true);
  }
  i32(ptr: number): number {
    this.refresh();
    return this.view.getInt32(ptr, true);
  }
  u64(ptr: number): bigint {
    this.refresh();
    return this.view.getBigUint64(ptr, true);
  }
  setU32(ptr: number, v: number): void {
    this.refresh();
    this.view.setUint32(ptr, v >>> 0, true);
  }
  setU64(ptr: number, v: bigint): void {
    this.refresh();
    this.view.setBigUint64(ptr, BigInt.asUintN(64, v), true);
  }
  alloc(size: number, typeId: number): number {
    const ptr = this.exports.__new(size, this.classId(typeId)) >>> 0;
    this.refresh();
    // The stub runtime does not zero memory it hands out; objects with pointer fields must start null.
    this.bytes.fill(0, ptr, ptr + size);
    return ptr;
  }

  // ---- strings and bytes ----
  readString(ptr: number): string {
    if (ptr === 0) throw new Error("null string where a string is required");
    const len = this.u32(ptr - 4);
    return utf16.decode(this.bytes.subarray(ptr, ptr + len));
  }
  readNullableString(ptr: number): string | null {
    return ptr === 0 ? null : this.readString(ptr);
  }
  writeString(s: string): number {
    const ptr = this.alloc(s.length * 2, TypeId.String);
    for (let i = 0; i < s.length; i++) this.view.setUint16(ptr + 2 * i, s.charCodeAt(i), true);
    return ptr;
  }
  readArrayBuffer(ptr: number): Uint8Array {
    const len = this.u32(ptr - 4);
    return this.bytes.slice(ptr, ptr + len);
  }
  /** Uint8Array and its graph-ts subclasses (ByteArray, Bytes, Address, BigInt). */
  readBytes(ptr: number): Uint8Array {
    if (ptr === 0) throw new Error("null bytes where bytes are required");
    const dataStart = this.u32(ptr + 4);
    const byteLength = this.u32(ptr + 8);
    return this.bytes.slice(dataStart, dataStart + byteLength);
  }
  writeBytes(data: Uint8Array): number {
    const buffer = this.alloc(data.length, TypeId.ArrayBuffer);
    this.bytes.set(data, buffer);
    const ptr = this.alloc(12, TypeId.Uint8Array);
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, data.length);
    return ptr;
  }
  readBigInt(ptr: number): bigint {
    return bigIntFromSignedBytesLE(this.readBytes(ptr));
  }
  writeBigInt(n: bigint): number {
    return this.writeBytes(bigIntToSignedBytesLE(n));
  }
  readBigDecimal(ptr: number): BigDecimalValue {
    return bigDecimal(this.readBigInt(this.u32(ptr)), this.readBigInt(this.u32(ptr + 4)));
  }
  writeBigDecimal(v: BigDecimalValue): number {
    const digits = this.writeBigInt(v.digits);
    const exp = this.writeBigInt(v.exp);
    const ptr = this.alloc(8, TypeId.BigDecimal);
    this.setU32(ptr, digits);
    this.setU32(ptr + 4, exp);
    return ptr;
  }

  // ---- arrays of pointers ----
  readArray<T>(ptr: number, read: (elementPtr: number) => T): T[] {
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 12);
    const out: T[] = [];
    for (let i = 0; i < length; i++) out.push(read(this.u32(dataStart + 4 * i)));
    return out;
  }
  writeArray(pointers: number[], typeId: number): number {
    const buffer = this.alloc(pointers.length * 4, TypeId.ArrayBuffer);
    for (let i = 0; i < pointers.length; i++) this.setU32(buffer + 4 * i, pointers[i]!);
    const ptr = this.alloc(16, typeId);
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, pointers.length * 4);
    this.setU32(ptr + 12, pointers.length);
    return ptr;
  }
  readStringArray(ptr: number): string[] {
    return this.readArray(ptr, (p) => this.readString(p));
  }

  // ---- store values and entities ----
  readStoreValue(ptr: number): StoreValue {
    const kind = this.i32(ptr);
    const dataPtr = Number(this.u64(ptr + 8) & 0xffffffffn);
    switch (kind) {
      case StoreKind.STRING:
        return { kind: "String", value: this.readString(dataPtr) };
      case StoreKind.INT:
        return { kind: "Int", value: this.i32(ptr + 8) };
      case StoreKind.BIGDECIMAL: {
        const { digits, exp } = this.readBigDecimal(dataPtr);
        return { kind: "BigDecimal", value: bigDecimalString(digits, exp) };
      }
      case StoreKind.BOOL:
        return { kind: "Bool", value: this.u64(ptr + 8) !== 0n };
      case StoreKind.ARRAY:
        return { kind: "Array", value: this.readArray(dataPtr, (p) => this.readStoreValue(p)) };
      case StoreKind.NULL:
        return { kind: "Null" };
      case StoreKind.BYTES:
        return { kind: "Bytes", value: this.readBytes(dataPtr) };
      case StoreKind.BIGINT:
        return { kind: "BigInt", value: this.readBigInt(dataPtr) };
      case StoreKind.INT8:
        return { kind: "Int8", value: BigInt.asIntN(64, this.u64(ptr + 8)) };
      case StoreKind.TIMESTAMP:
        return { kind: "Timestamp", value: BigInt.asIntN(64, this.u64(ptr + 8)) };
      default:
        throw new Error(`unknown store value kind ${kind}`);
    }
  }
  writeStoreValue(v: StoreValue): number {
    let kind: number;
    let data: bigint;
    switch (v.kind) {
      case "String":
        kind = StoreKind.STRING;
        data = BigInt(this.writeString(v.value));
        break;
      case "Int":
        kind = StoreKind.INT;
        data = BigInt.asUintN(32, BigInt(v.value));
        break;
      case "BigDecimal": {
        kind = StoreKind.BIGDECIMAL;
        data = BigInt(this.writeBigDecimal(parseBigDecimalString(v.value)));
        break;
      }
      case "Bool":
        kind = StoreKind.BOOL;
        data = v.value ? 1n : 0n;
        break;
      case "Array":
        kind = StoreKind.ARRAY;
        data = BigInt(this.writeArray(v.value.map((x) => this.writeStoreValue(x)), TypeId.ArrayStoreValue));
        break;
      case "Null":
        kind = StoreKind.NULL;
        data = 0n;
        break;
      case "Bytes":
        kind = StoreKind.BYTES;
        data = BigInt(this.writeBytes(v.value));
        break;
      case "BigInt":
        kind = StoreKind.BIGINT;
        data = BigInt(this.writeBigInt(v.value));
        break;
      case "Int8":
        kind = StoreKind.INT8;
        data = v.value;
        break;
      case "Timestamp":
        kind = StoreKind.TIMESTAMP;
        data = v.value;
        break;
    }
    const ptr = this.alloc(16, TypeId.StoreValue);
    this.setU32(ptr, kind);
    this.setU64(ptr + 8, data);
    return ptr;
  }
  readEntity(ptr: number): Entity {
    const entity: Entity = new Map();
    this.readArray(this.u32(ptr), (entry) => {
      entity.set(this.readString(this.u32(entry)), this.readStoreValue(this.u32(entry + 4)));
    });
    return entity;
  }
  writeEntity(entity: Entity): number {
    const entries: number[] = [];
    // graph-node hands entities to mappings with fields sorted by name.
    for (const key of [...entity.keys()].sort()) {
      const k = this.writeString(key);
      const v = this.writeStoreValue(entity.get(key)!);
      const entry = this.alloc(8, TypeId.TypedMapEntryStringStoreValue);
      this.setU32(entry, k);
      this.setU32(entry + 4, v);
      entries.push(entry);
    }
    const array = this.writeArray(entries, TypeId.ArrayTypedMapEntryStringStoreValue);
    const ptr = this.alloc(4, TypeId.TypedMapStringStoreValue);
    this.setU32(ptr, array);
    return ptr;
  }

  // ---- ethereum values ----
  readEthValue(ptr: number): EthValue {
    const kind = this.i32(ptr);
    const data = this.u64(ptr + 8);
    const p = Number(data & 0xffffffffn);
    switch (kind) {
      case EthKind.ADDRESS:
        return { kind: "address", value: this.readBytes(p) };
      case EthKind.FIXED_BYTES:
        return { kind: "fixedBytes", value: this.readBytes(p) };
      case EthKind.BYTES:
        return { kind: "bytes", value: this.readBytes(p) };
      case EthKind.INT:
        return { kind: "int", value: this.readBigInt(p) };
      case EthKind.UINT:
        return { kind: "uint", value: this.readBigInt(p) };
      case EthKind.BOOL:
        return { kind: "bool", value: data !== 0n };
      case EthKind.STRING:
        return { kind: "string", value: this.readString(p) };
      case EthKind.FIXED_ARRAY:
        return { kind: "fixedArray", value: this.readArray(p, (x) => this.readEthValue(x)) };
      case EthKind.ARRAY:
        return { kind: "array", value: this.readArray(p, (x) => this.readEthValue(x)) };
      case EthKind.TUPLE:
        return { kind: "tuple", value: this.readArray(p, (x) => this.readEthValue(x)) };
      default:
        throw new Error(`unknown ethereum value kind ${kind}`);
    }
  }
  writeEthValue(v: EthValue): number {
    let kind: number;
    let data: bigint;
    switch (v.kind) {
      case "address":
      case "fixedBytes":
      case "bytes":
        kind = v.kind === "address" ? EthKind.ADDRESS : v.kind === "fixedBytes" ? EthKind.FIXED_BYTES : EthKind.BYTES;
        data = BigInt(this.writeBytes(v.value));
        break;
      case "int":
      case "uint":
        kind = v.kind === "int" ? EthKind.INT : EthKind.UINT;
        data = BigInt(this.writeBigInt(v.value));
        break;
      case "bool":
        kind = EthKind.BOOL;
        data = v.value ? 1n : 0n;
        break;
      case "string":
        kind = EthKind.STRING;
        data = BigInt(this.writeString(v.value));
        break;
      case "fixedArray":
      case "array":
      case "tuple":
        kind = v.kind === "fixedArray" ? EthKind.FIXED_ARRAY : v.kind === "array" ? EthKind.ARRAY : EthKind.TUPLE;
        data = BigInt(this.writeArray(v.value.map((x) => this.writeEthValue(x)), TypeId.ArrayEthereumValue));
        break;
    }
    const ptr = this.alloc(16, TypeId.EthereumValue);
    this.setU32(ptr, kind);
    this.setU64(ptr + 8, data);
    return ptr;
  }

  // ---- JSON (graph-ts JSONValueKind: NULL 0, BOOL 1, NUMBER 2, STRING 3, ARRAY 4, OBJECT 5) ----
  writeJson(v: unknown): number {
    let kind: number;
    let data: bigint;
    if (v === null) {
      kind = 0;
      data = 0n;
    } else if (typeof v === "boolean") {
      kind = 1;
      data = v ? 1n : 0n;
    } else if (v instanceof JsonNumber) {
      kind = 2;
      data = BigInt(this.writeString(v.text));
    } else if (typeof v === "string") {
      kind = 3;
      data = BigInt(this.writeString(v));
    } else if (Array.isArray(v)) {
      kind = 4;
      data = BigInt(this.writeArray(v.map((x) => this.writeJson(x)), TypeId.ArrayJsonValue));
    } else {
      kind = 5;
      const entries: number[] = [];
      for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
        const k = this.writeString(key);
        const val = this.writeJson(value);
        const entry = this.alloc(8, TypeId.TypedMapEntryStringJsonValue);
        this.setU32(entry, k);
        this.setU32(entry + 4, val);
        entries.push(entry);
      }
      const array = this.writeArray(entries, TypeId.ArrayTypedMapEntryStringJsonValue);
      const map = this.alloc(4, TypeId.TypedMapStringJsonValue);
      this.setU32(map, array);
      data = BigInt(map);
    }
    const ptr = this.alloc(16, TypeId.JsonValue);
    this.setU32(ptr, kind);
    this.setU64(ptr + 8, data);
    return ptr;
  }

  /** graph-ts `Wrapped<T>` holding a pointer or a bool. */
  writeWrapped(inner: number, typeId: number): number {
    const ptr = this.alloc(4, typeId);
    this.setU32(ptr, inner);
    return ptr;
  }

  /** Writes a plain object whose fields are all pointers (or 0 for null), in declaration order. */
  writeObject(fields: number[], typeId: number): number {
    const ptr = this.alloc(fields.length * 4, typeId);
    for (let i = 0; i < fields.length; i++) this.setU32(ptr + 4 * i, fields[i]!);
    return ptr;
  }
}

/** A JSON number kept as its source text, as graph-node hands numbers to mappings. */
export class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

import { bigDecimalToString, bigDecimalOps } from "./numbers.ts";

function bigDecimalString(digits: bigint, exp: bigint): string {
  return bigDecimalToString({ digits, exp });
}

function parseBigDecimalString(s: string): BigDecimalValue {
  return bigDecimalOps.fromString(s);
}
