/**
 * The host functions graph-ts 0.38 declares, over one mapping instance's memory. Names are matched as
 * graph-node matches them (by import name, whatever the module), e.g. `store.set`, `bigInt.plus`.
 */
import { keccak256, bytesToHex, hexToBytes, getAddress, isAddress, type Abi, type Hex } from "viem";
import { base58btc } from "multiformats/bases/base58";
import type { Logger } from "pino";
import type { Entity, SubgraphStore } from "../store/types.ts";
import { AscHeap, JsonNumber, TypeId, type EthValue } from "./asc.ts";
import { bigDecimalOps, bigDecimalToString, bigIntOps, bigIntToHex, HostError } from "./numbers.ts";
import { ethereumDecode, ethereumEncode } from "./ethabi.ts";

/** An error the mapping caused: indexing stops with this message (graph-node's deterministic error). */
export class MappingError extends Error {
  override name = "MappingError";
}

/** A failure outside the mapping's control (RPC, IPFS): the block is retried, never skipped. */
export class TransientHostError extends Error {
  override name = "TransientHostError";
}

export interface DataSourceInfo {
  name: string;
  /** Contract address, or empty for data sources without one. */
  address: Uint8Array;
  network: string;
  context: Entity | null;
  /** The ABIs the data source's mapping names, by name. */
  abis: Map<string, Abi>;
  templates: string[];
}

export interface CreatedDataSource {
  template: string;
  params: string[];
  context: Entity | null;
}

export interface HostContext {
  store: SubgraphStore;
  logger: Logger;
  dataSource: DataSourceInfo;
  /** Data sources created by this trigger (applied by the indexer from the current block on). */
  created: CreatedDataSource[];
  /** eth_call at the trigger's block: the return data, or null when the call reverted. */
  ethCall(to: Hex, data: Hex): Hex | null;
  getBalance(address: Hex): bigint;
  getCode(address: Hex): Hex;
  /** IPFS cat; null when not configured or not found. */
  ipfsCat(path: string): Uint8Array | null;
}

type HostFn = (...args: number[]) => number | bigint | void;

const utf8 = new TextDecoder("utf-8");

function encodeJsonForMapping(text: string): unknown {
  // Keep numbers as their source text (graph-node passes JSON numbers as strings to `toBigInt` etc.).
  const marker = "\u0000num:";
  const parsed = JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, (m, str: string | undefined) =>
    str !== undefined ? str : JSON.stringify(marker + m),
  ));
  const revive = (v: unknown): unknown => {
    if (typeof v === "string" && v.startsWith(marker)) return new JsonNumber(v.slice(marker.length));
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
    return v;
  };
  return revive(parsed);
}

function findFunction(abi: Abi, name: string, signature: string) {
  const candidates = abi.filter((x) => x.type === "function" && x.name === name) as Extract<Abi[number], { type: "function" }>[];
  if (candidates.length <= 1) return candidates[0];
  // graph-cli signatures look like `name(address,uint256):(uint256)`.
  const inputs = /^[^(]*\(([^)]*)\)/.exec(signature)?.[1] ?? "";
  return candidates.find((f) => f.inputs.map((i) => i.type).join(",") === inputs.replace(/\s/g, "")) ?? candidates[0];
}

/**
 * Builds the host functions over a context and heap supplied per call: one import object serves every
 * instance of a module (instances are created per trigger, and building ~70 closures each time costs).
 */
export function hostFunctions(context: () => HostContext, heap: () => AscHeap): Record<string, HostFn> {
  const h = heap;
  const str = (p: number) => h().readString(p);
  const bigInt = (p: number) => h().readBigInt(p);
  const dataSourceName = () => context().dataSource.name;

  const fns: Record<string, HostFn> = {
    abort(messagePtr: number, filePtr: number, line: number, column: number) {
      const message = messagePtr ? str(messagePtr) : "(no message)";
      const file = filePtr ? str(filePtr) : "(unknown file)";
      throw new MappingError(
        `Mapping aborted at ${file}, line ${line >>> 0}, column ${column >>> 0}, with message: ${message}`,
      );
    },

    // ---- store ----
    "store.get"(typePtr, idPtr) {
      const e = context().store.get(str(typePtr), str(idPtr));
      return e ? h().writeEntity(e) : 0;
    },
    "store.get_in_block"(typePtr, idPtr) {
      const e = context().store.getInBlock(str(typePtr), str(idPtr));
      return e ? h().writeEntity(e) : 0;
    },
    "store.loadRelated"(typePtr, idPtr, fieldPtr) {
      const list = context().store.loadRelated(str(typePtr), str(idPtr), str(fieldPtr));
      const heap = h();
      return heap.writeArray(list.map((e) => heap.writeEntity(e)), TypeId.ArrayTypedMapEntryStringStoreValue);
    },
    "store.set"(typePtr, idPtr, dataPtr) {
      context().store.set(str(typePtr), str(idPtr), h().readEntity(dataPtr));
    },
    "store.remove"(typePtr, idPtr) {
      context().store.remove(str(typePtr), str(idPtr));
    },

    // ---- BigInt ----
    "bigInt.plus": (x, y) => h().writeBigInt(bigIntOps.plus(bigInt(x), bigInt(y))),
    "bigInt.minus": (x, y) => h().writeBigInt(bigIntOps.minus(bigInt(x), bigInt(y))),
    "bigInt.times": (x, y) => h().writeBigInt(bigIntOps.times(bigInt(x), bigInt(y))),
    "bigInt.dividedBy": (x, y) => h().writeBigInt(bigIntOps.dividedBy(bigInt(x), bigInt(y))),
    "bigInt.dividedByDecimal": (x, y) =>
      h().writeBigDecimal(bigDecimalOps.dividedBy({ digits: bigInt(x), exp: 0n }, h().readBigDecimal(y))),
    "bigInt.mod": (x, y) => h().writeBigInt(bigIntOps.mod(bigInt(x), bigInt(y))),
    "bigInt.pow": (x, exp) => h().writeBigInt(bigIntOps.pow(bigInt(x), exp & 0xff)),
    "bigInt.fromString": (s) => h().writeBigInt(bigIntOps.fromString(str(s))),
    "bigInt.bitOr": (x, y) => h().writeBigInt(bigIntOps.bitOr(bigInt(x), bigInt(y))),
    "bigInt.bitAnd": (x, y) => h().writeBigInt(bigIntOps.bitAnd(bigInt(x), bigInt(y))),
    "bigInt.leftShift": (x, bits) => h().writeBigInt(bigIntOps.leftShift(bigInt(x), bits)),
    "bigInt.rightShift": (x, bits) => h().writeBigInt(bigIntOps.rightShift(bigInt(x), bits)),

    // ---- BigDecimal ----
    "bigDecimal.plus": (x, y) => h().writeBigDecimal(bigDecimalOps.plus(h().readBigDecimal(x), h().readBigDecimal(y))),
    "bigDecimal.minus": (x, y) => h().writeBigDecimal(bigDecimalOps.minus(h().readBigDecimal(x), h().readBigDecimal(y))),
    "bigDecimal.times": (x, y) => h().writeBigDecimal(bigDecimalOps.times(h().readBigDecimal(x), h().readBigDecimal(y))),
    "bigDecimal.dividedBy": (x, y) =>
      h().writeBigDecimal(bigDecimalOps.dividedBy(h().readBigDecimal(x), h().readBigDecimal(y))),
    "bigDecimal.equals": (x, y) => (bigDecimalOps.equals(h().readBigDecimal(x), h().readBigDecimal(y)) ? 1 : 0),
    "bigDecimal.toString": (x) => h().writeString(bigDecimalToString(h().readBigDecimal(x))),
    "bigDecimal.fromString": (s) => h().writeBigDecimal(bigDecimalOps.fromString(str(s))),

    // ---- conversions ----
    "typeConversion.bytesToString": (p) => h().writeString(bytesToUtf8(h().readBytes(p), context().logger)),
    "typeConversion.bytesToHex": (p) => h().writeString(bytesToHex(h().readBytes(p))),
    "typeConversion.bigIntToString": (p) => h().writeString(bigInt(p).toString()),
    "typeConversion.bigIntToHex": (p) => h().writeString(bigIntToHex(bigInt(p))),
    "typeConversion.stringToH160"(p) {
      const s = str(p);
      const hex = s.startsWith("0x") ? s : `0x${s}`;
      if (!/^0x[0-9a-fA-F]{40}$/.test(hex)) throw new HostError(`Failed to convert string to Address: '${s}'`);
      return h().writeBytes(hexToBytes(hex as Hex));
    },
    "typeConversion.bytesToBase58": (p) => h().writeString(base58btc.baseEncode(h().readBytes(p))),

    // ---- crypto ----
    "crypto.keccak256": (p) => h().writeBytes(keccak256(h().readBytes(p), "bytes")),

    // ---- logging ----
    "log.log"(level, msgPtr) {
      const msg = str(msgPtr);
      const fields = { dataSource: dataSourceName() };
      switch (level) {
        case 0:
          context().logger.fatal(fields, msg);
          throw new MappingError(`Critical error logged in mapping with log message: ${msg}`);
        case 1:
          context().logger.error(fields, msg);
          break;
        case 2:
          context().logger.warn(fields, msg);
          break;
        case 3:
          context().logger.info(fields, msg);
          break;
        default:
          context().logger.debug(fields, msg);
      }
    },

    // ---- data sources ----
    "dataSource.address": () => h().writeBytes(context().dataSource.address),
    "dataSource.network": () => h().writeString(context().dataSource.network),
    "dataSource.context": () => h().writeEntity(context().dataSource.context ?? new Map()),
    "dataSource.create"(namePtr, paramsPtr) {
      createDataSource(str(namePtr), h().readStringArray(paramsPtr), null);
    },
    "dataSource.createWithContext"(namePtr, paramsPtr, contextPtr) {
      createDataSource(str(namePtr), h().readStringArray(paramsPtr), h().readEntity(contextPtr));
    },

    // ---- ethereum ----
    "ethereum.call"(callPtr) {
      const heap = h();
      const contractName = heap.readString(heap.u32(callPtr));
      const address = bytesToHex(heap.readBytes(heap.u32(callPtr + 4)));
      const functionName = heap.readString(heap.u32(callPtr + 8));
      const signature = heap.readString(heap.u32(callPtr + 12));
      const params = heap.readArray(heap.u32(callPtr + 16), (p) => heap.readEthValue(p));
      const abi = context().dataSource.abis.get(contractName);
      if (!abi) throw new MappingError(`Could not find ABI for contract "${contractName}", try adding it to the 'abis' section of the subgraph manifest`);
      const fn = findFunction(abi, functionName, signature);
      if (!fn) throw new MappingError(`Unknown function "${contractName}::${functionName}" called from WASM runtime`);
      return ethereumCall(heap, address as Hex, fn, params);
    },
    "ethereum.getBalance": (p) => h().writeBigInt(context().getBalance(bytesToHex(h().readBytes(p)))),
    "ethereum.hasCode"(p) {
      const code = context().getCode(bytesToHex(h().readBytes(p)));
      const heap = h();
      const ptr = heap.alloc(4, TypeId.WrappedBool);
      heap.setU32(ptr, code !== "0x" ? 1 : 0);
      return ptr;
    },
    "ethereum.encode"(p) {
      const encoded = ethereumEncode(h().readEthValue(p));
      return encoded ? h().writeBytes(encoded) : 0;
    },
    "ethereum.decode"(typesPtr, dataPtr) {
      const decoded = ethereumDecode(str(typesPtr), h().readBytes(dataPtr));
      return decoded ? h().writeEthValue(decoded) : 0;
    },

    // ---- JSON ----
    "json.fromBytes"(p) {
      const text = utf8.decode(h().readBytes(p));
      let value: unknown;
      try {
        value = encodeJsonForMapping(text);
      } catch (e) {
        throw new MappingError(`Failed to parse JSON: ${(e as Error).message}`);
      }
      return h().writeJson(value);
    },
    "json.try_fromBytes"(p) {
      const heap = h();
      let value: unknown;
      let ok = true;
      try {
        value = encodeJsonForMapping(utf8.decode(heap.readBytes(p)));
      } catch {
        ok = false;
      }
      // Result<JSONValue, bool> { _value: Wrapped<JSONValue> | null, _error: Wrapped<bool> | null }
      if (ok) {
        const wrapped = heap.writeWrapped(heap.writeJson(value), TypeId.WrappedJsonValue);
        return heap.writeObject([wrapped, 0], TypeId.ResultJsonValueBool);
      }
      const err = heap.writeWrapped(1, TypeId.WrappedBool);
      return heap.writeObject([0, err], TypeId.ResultJsonValueBool);
    },
    "json.toI64"(p) {
      const s = str(p);
      if (!/^[+-]?\d+$/.test(s) || BigInt(s) !== BigInt.asIntN(64, BigInt(s))) throw new MappingError(`JSON \`${s}\` cannot be parsed as i64`);
      return BigInt(s);
    },
    "json.toU64"(p) {
      const s = str(p);
      if (!/^\+?\d+$/.test(s) || BigInt(s) !== BigInt.asUintN(64, BigInt(s))) throw new MappingError(`JSON \`${s}\` cannot be parsed as u64`);
      return BigInt(s);
    },
    "json.toF64"(p) {
      const s = str(p);
      const n = Number(s);
      if (s.trim() === "" || Number.isNaN(n)) throw new MappingError(`JSON \`${s}\` cannot be parsed as f64`);
      return n as unknown as number;
    },
    "json.toBigInt"(p) {
      const s = str(p);
      if (!/^[+-]?\d+$/.test(s)) throw new MappingError(`JSON \`${s}\` is not a decimal string`);
      return h().writeBigInt(BigInt(s));
    },

    // YAMLValue keys are themselves values (TypedMap<YAMLValue, YAMLValue>); not supported here yet.
    "yaml.fromBytes"() {
      throw new MappingError("yaml.fromBytes is not supported by the embedded runtime");
    },
    "yaml.try_fromBytes"() {
      throw new MappingError("yaml.try_fromBytes is not supported by the embedded runtime");
    },

    // ---- IPFS and ENS ----
    "ipfs.cat"(p) {
      const data = context().ipfsCat(str(p));
      return data ? h().writeBytes(data) : 0;
    },
    "ipfs.map"() {
      throw new MappingError("`ipfs.map` is not supported: IPFS file data sources replace it");
    },
    // No ENS rainbow table is loaded here.
    "ens.nameByHash": () => 0,
  };

  function createDataSource(name: string, params: string[], dsContext: Entity | null): void {
    if (!context().dataSource.templates.includes(name))
      throw new MappingError(
        `Failed to create data source from name \`${name}\`: No template with this name in parent data source \`${dataSourceName()}\`. Available names: ${context().dataSource.templates.join(", ")}.`,
      );
    context().logger.info({ name, params: params.join(",") }, "Create data source");
    context().created.push({ template: name, params, context: dsContext });
  }

  function ethereumCall(
    heap: AscHeap,
    address: Hex,
    fn: Extract<Abi[number], { type: "function" }>,
    params: EthValue[],
  ): number {
    // Encoded inline to avoid an import cycle with viem's contract helpers.
    const data = encodeCall(fn, params);
    const result = context().ethCall(address, data);
    if (result === null) return 0;
    const outputs = decodeOutputs(fn, result);
    if (outputs === null) return 0;
    return heap.writeArray(outputs.map((v) => heap.writeEthValue(v)), TypeId.ArrayEthereumValue);
  }

  return fns;
}

import { encodeFunctionData, decodeFunctionResult } from "viem";
import { fromEthValue, toEthValue } from "./ethabi.ts";

function encodeCall(fn: Extract<Abi[number], { type: "function" }>, params: EthValue[]): Hex {
  if (params.length !== fn.inputs.length)
    throw new MappingError(`${fn.name} takes ${fn.inputs.length} arguments, the mapping passed ${params.length}`);
  return encodeFunctionData({ abi: [fn], functionName: fn.name, args: params.map((p) => fromEthValue(p).value) } as never);
}

/** Decoded outputs, or null when the return data does not decode (graph-node treats it as a revert). */
function decodeOutputs(fn: Extract<Abi[number], { type: "function" }>, data: Hex): EthValue[] | null {
  try {
    const decoded = decodeFunctionResult({ abi: [fn], functionName: fn.name, data } as never) as unknown;
    const values = fn.outputs.length === 1 ? [decoded] : (decoded as unknown[]);
    return fn.outputs.map((o, i) => toEthValue(o, values[i]));
  } catch {
    return null;
  }
}

/** graph-node's lossy UTF-8 decoding with trailing NULs trimmed. */
function bytesToUtf8(bytes: Uint8Array, logger: Logger): string {
  const s = new TextDecoder("utf-8").decode(bytes);
  if (s.includes("\uFFFD") && !new TextDecoder("utf-8", { fatal: false }).decode(bytes).length) logger.warn("Bytes contain invalid UTF8");
  return s.replace(/\u0000+$/, "");
}

export { getAddress, isAddress };
