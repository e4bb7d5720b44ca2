/**
 * Runs compiled graph-ts mappings: one compiled module per WASM file (cached), a fresh instance per
 * trigger (the stub runtime never frees memory), `_start` before the handler, as graph-node does.
 * The module's memory is rewritten into an import so that instances can share one memory object that is
 * zeroed before each trigger (and replaced when a trigger grew it): every trigger still starts from the
 * module's initial memory — same size, zeros, data segments written by the instantiation — without V8
 * reserving and mapping a new memory per trigger.
 */
import { readFileSync } from "node:fs";
import { AscHeap, TypeId, type EthValue, type WasmExports } from "./asc.ts";
import { hostFunctions, MappingError, type HostContext } from "./exports.ts";
import { HostError } from "./numbers.ts";
import { StoreError } from "../store/types.ts";
import { Wasm, type WasmMemory, type WasmModule } from "./wasm-api.ts";
import { MEMORY_IMPORT, withImportedMemory, withoutExportedGlobals, type MemoryLimits } from "./wasm-exports.ts";

export interface EthBlock {
  hash: Uint8Array;
  parentHash: Uint8Array;
  unclesHash: Uint8Array;
  author: Uint8Array;
  stateRoot: Uint8Array;
  transactionsRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  number: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
}

export interface EthTransaction {
  hash: Uint8Array;
  index: bigint;
  from: Uint8Array;
  to: Uint8Array | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: Uint8Array;
  nonce: bigint;
}

export interface EthLog {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
  blockHash: Uint8Array;
  blockNumber: bigint;
  transactionHash: Uint8Array;
  transactionIndex: bigint;
  logIndex: bigint;
  transactionLogIndex: bigint;
  removed: boolean;
}

export interface EthReceipt {
  transactionHash: Uint8Array;
  transactionIndex: bigint;
  blockHash: Uint8Array;
  blockNumber: bigint;
  cumulativeGasUsed: bigint;
  gasUsed: bigint;
  contractAddress: Uint8Array | null;
  logs: EthLog[];
  status: bigint;
  root: Uint8Array | null;
  logsBloom: Uint8Array;
}

export interface EthEventTrigger {
  kind: "event";
  address: Uint8Array;
  logIndex: bigint;
  transactionLogIndex: bigint;
  block: EthBlock;
  transaction: EthTransaction;
  params: { name: string; value: EthValue }[];
  receipt: EthReceipt | null;
}

export interface EthCallTrigger {
  kind: "call";
  to: Uint8Array;
  from: Uint8Array;
  block: EthBlock;
  transaction: EthTransaction;
  inputs: { name: string; value: EthValue }[];
  outputs: { name: string; value: EthValue }[];
}

export interface EthBlockTrigger {
  kind: "block";
  block: EthBlock;
}

export type Trigger = EthEventTrigger | EthCallTrigger | EthBlockTrigger;

interface CompiledMapping {
  module: WasmModule;
  importNames: { module: string; name: string }[];
  classIds: Map<number, number>;
  /** Built once; the host functions read the trigger's context and instance from `current`. */
  imports: Record<string, Record<string, unknown>>;
  current: { ctx: HostContext | null; heap: AscHeap | null };
  /** The memory the next instance imports, when the module's memory was turned into an import. */
  memory: { limits: MemoryLimits; instance: WasmMemory } | null;
}

/** Host function names graph-node links by import name, whatever the import module. */
function hostName(name: string): string {
  return name;
}

const compiled = new Map<string, CompiledMapping>();

export function compileMapping(wasmPath: string): CompiledMapping {
  let c = compiled.get(wasmPath);
  if (!c) {
    const lean = withoutExportedGlobals(readFileSync(wasmPath));
    const rewritten = withImportedMemory(lean);
    const module = new Wasm.Module(rewritten ? rewritten.bytes : lean);
    const importNames = Wasm.Module.imports(module)
      .filter((i) => i.kind === "function")
      .map((i) => ({ module: i.module, name: i.name }));
    const current: CompiledMapping["current"] = { ctx: null, heap: null };
    const fns = hostFunctions(
      () => {
        if (!current.ctx) throw new Error("host function called outside a trigger");
        return current.ctx;
      },
      () => {
        if (!current.heap) throw new Error("host function called before the instance exists");
        return current.heap;
      },
    );
    const imports: CompiledMapping["imports"] = {};
    for (const { module: m, name } of importNames) {
      const fn = fns[hostName(name)];
      if (fn) (imports[m] ??= {})[name] = fn;
    }
    let memory: CompiledMapping["memory"] = null;
    if (rewritten) {
      memory = { limits: rewritten.limits, instance: new Wasm.Memory(rewritten.limits) };
      (imports[MEMORY_IMPORT.module] ??= {})[MEMORY_IMPORT.name] = memory.instance;
    }
    c = { module, importNames, classIds: new Map(), imports, current, memory };
    compiled.set(wasmPath, c);
  }
  return c;
}

/** Checks at load time that every import of the mapping has a host function (graph-node does too). */
export function checkImports(wasmPath: string): void {
  const c = compileMapping(wasmPath);
  const unused = () => {
    throw new Error("unused");
  };
  const available = hostFunctions(unused, unused);
  const missing = c.importNames.filter((i) => !(hostName(i.name) in available));
  if (missing.length > 0)
    throw new Error(`${wasmPath} imports unknown host functions: ${missing.map((m) => `${m.module}.${m.name}`).join(", ")}`);
}

function writeBlock(heap: AscHeap, b: EthBlock): number {
  const nb = (n: bigint | null) => (n === null ? 0 : heap.writeBigInt(n));
  return heap.writeObject(
    [
      heap.writeBytes(b.hash),
      heap.writeBytes(b.parentHash),
      heap.writeBytes(b.unclesHash),
      heap.writeBytes(b.author),
      heap.writeBytes(b.stateRoot),
      heap.writeBytes(b.transactionsRoot),
      heap.writeBytes(b.receiptsRoot),
      heap.writeBigInt(b.number),
      heap.writeBigInt(b.gasUsed),
      heap.writeBigInt(b.gasLimit),
      heap.writeBigInt(b.timestamp),
      heap.writeBigInt(b.difficulty),
      heap.writeBigInt(b.totalDifficulty),
      nb(b.size),
      nb(b.baseFeePerGas),
    ],
    TypeId.EthereumBlock,
  );
}

function writeTransaction(heap: AscHeap, t: EthTransaction): number {
  return heap.writeObject(
    [
      heap.writeBytes(t.hash),
      heap.writeBigInt(t.index),
      heap.writeBytes(t.from),
      t.to ? heap.writeBytes(t.to) : 0,
      heap.writeBigInt(t.value),
      heap.writeBigInt(t.gasLimit),
      heap.writeBigInt(t.gasPrice),
      heap.writeBytes(t.input),
      heap.writeBigInt(t.nonce),
    ],
    TypeId.EthereumTransaction,
  );
}

function writeLog(heap: AscHeap, l: EthLog): number {
  const removed = heap.alloc(4, TypeId.WrappedBool);
  heap.setU32(removed, l.removed ? 1 : 0);
  return heap.writeObject(
    [
      heap.writeBytes(l.address),
      heap.writeArray(l.topics.map((t) => heap.writeBytes(t)), TypeId.ArrayH256),
      heap.writeBytes(l.data),
      heap.writeBytes(l.blockHash),
      // graph-ts declares Log.blockNumber as Bytes; graph-node passes the number's big-endian bytes.
      heap.writeBytes(bigIntToBytesBE(l.blockNumber)),
      heap.writeBytes(l.transactionHash),
      heap.writeBigInt(l.transactionIndex),
      heap.writeBigInt(l.logIndex),
      heap.writeBigInt(l.transactionLogIndex),
      heap.writeString("mined"),
      removed,
    ],
    TypeId.Log,
  );
}

function bigIntToBytesBE(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

function writeReceipt(heap: AscHeap, r: EthReceipt): number {
  return heap.writeObject(
    [
      heap.writeBytes(r.transactionHash),
      heap.writeBigInt(r.transactionIndex),
      heap.writeBytes(r.blockHash),
      heap.writeBigInt(r.blockNumber),
      heap.writeBigInt(r.cumulativeGasUsed),
      heap.writeBigInt(r.gasUsed),
      heap.writeBytes(r.contractAddress ?? new Uint8Array(20)),
      heap.writeArray(r.logs.map((l) => writeLog(heap, l)), TypeId.ArrayLog),
      heap.writeBigInt(r.status),
      heap.writeBytes(r.root ?? new Uint8Array(0)),
      heap.writeBytes(r.logsBloom),
    ],
    TypeId.TransactionReceipt,
  );
}

function writeParams(heap: AscHeap, params: { name: string; value: EthValue }[]): number {
  return heap.writeArray(
    params.map((p) => heap.writeObject([heap.writeString(p.name), heap.writeEthValue(p.value)], TypeId.EventParam)),
    TypeId.ArrayEventParam,
  );
}

function writeTrigger(heap: AscHeap, t: Trigger): number {
  switch (t.kind) {
    case "block":
      return writeBlock(heap, t.block);
    case "event":
      return heap.writeObject(
        [
          heap.writeBytes(t.address),
          heap.writeBigInt(t.logIndex),
          heap.writeBigInt(t.transactionLogIndex),
          0, // logType: null, as graph-node sends for mined logs
          writeBlock(heap, t.block),
          writeTransaction(heap, t.transaction),
          writeParams(heap, t.params),
          t.receipt ? writeReceipt(heap, t.receipt) : 0,
        ],
        TypeId.EthereumEvent,
      );
    case "call":
      return heap.writeObject(
        [
          heap.writeBytes(t.to),
          heap.writeBytes(t.from),
          writeBlock(heap, t.block),
          writeTransaction(heap, t.transaction),
          writeParams(heap, t.inputs),
          writeParams(heap, t.outputs),
        ],
        TypeId.EthereumCall,
      );
  }
}

/**
 * Runs `handler` of the mapping at `wasmPath` for one trigger. Throws MappingError for anything the
 * mapping caused (abort, host error on its input, store validation); other errors propagate as they are.
 */
export function runHandler(wasmPath: string, handler: string, trigger: Trigger, ctx: HostContext): void {
  const c = compileMapping(wasmPath);
  const missing = c.importNames.find(({ module, name }) => !c.imports[module]?.[name]);
  if (missing) throw new Error(`unknown host function ${missing.module}.${missing.name}`);
  c.current.ctx = ctx;
  c.current.heap = null;
  try {
    if (c.memory) resetMemory(c.memory, c.imports);
    const instance = new Wasm.Instance(c.module, c.imports);
    const exports = instance.exports as unknown as WasmExports & Record<string, (...a: number[]) => unknown>;
    const heap = new AscHeap(exports, c.classIds);
    c.current.heap = heap;
    if (typeof exports._start === "function") exports._start();
    const fn = exports[handler];
    if (typeof fn !== "function") throw new MappingError(`handler \`${handler}\` is not exported by ${wasmPath}`);
    fn(writeTrigger(heap, trigger));
  } catch (e) {
    if (e instanceof MappingError) throw e;
    if (e instanceof HostError || e instanceof StoreError) throw new MappingError(`${e.message} in handler \`${handler}\``);
    if (e instanceof Wasm.RuntimeError) throw new MappingError(`WASM runtime error in handler \`${handler}\`: ${(e as Error).message}`);
    throw e;
  } finally {
    c.current.ctx = null;
    c.current.heap = null;
  }
}

const PAGE = 65536;

/** Gives the next instance its initial memory: the shared one zeroed, or a new one if a trigger grew it. */
function resetMemory(memory: NonNullable<CompiledMapping["memory"]>, imports: CompiledMapping["imports"]): void {
  if (memory.instance.buffer.byteLength === memory.limits.initial * PAGE) {
    new Uint8Array(memory.instance.buffer).fill(0);
  } else {
    memory.instance = new Wasm.Memory(memory.limits);
    imports[MEMORY_IMPORT.module]![MEMORY_IMPORT.name] = memory.instance;
  }
}
