import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pino } from "pino";
import { bytesToHex } from "viem";
import { MEMORY_IMPORT, withImportedMemory, withoutExportedGlobals } from "../src/host/wasm-exports.ts";
import { compileMapping, runHandler, type Trigger } from "../src/host/mapping.ts";
import type { HostContext } from "../src/host/exports.ts";
import type { Entity, SubgraphStore } from "../src/store/types.ts";
import { Wasm } from "../src/host/wasm-api.ts";
import { buildTokenFixture } from "./fixtures/build-fixture.ts";

interface ExportDescriptor {
  name: string;
  kind: string;
}
const exportsOf = (m: unknown) =>
  (globalThis as unknown as { WebAssembly: { Module: { exports(m: unknown): ExportDescriptor[] } } }).WebAssembly.Module.exports(m);

describe("compiled mapping preparation", () => {
  it("drops graph-ts's exported TypeId globals and keeps every function and the memory", async () => {
    const manifest = await buildTokenFixture("0x0000000000000000000000000000000000000001", 0, "lean");
    const original = readFileSync(join(manifest, "..", "build", "Token", "Token.wasm"));
    const before = exportsOf(new Wasm.Module(original));
    const after = exportsOf(new Wasm.Module(withoutExportedGlobals(original)));
    assert.ok(before.filter((e) => e.kind === "global").length > 100);
    assert.deepEqual(after, before.filter((e) => e.kind !== "global"));
    for (const name of ["memory", "_start", "__new", "allocate", "id_of_type", "handleTransfer"]) assert.ok(after.some((e) => e.name === name), name);
  });

  it("rejects bytes that are not WebAssembly", () => {
    assert.throws(() => withoutExportedGlobals(new TextEncoder().encode("not wasm")), /not a WebAssembly module/);
  });
});

describe("shared memory across per-trigger instances", () => {
  const leanWasm = async () => {
    const manifest = await buildTokenFixture("0x0000000000000000000000000000000000000001", 0, "lean");
    return join(manifest, "..", "build", "Token", "Token.wasm");
  };

  it("turns the module's memory into an import with the same limits and initial contents", async () => {
    const original = withoutExportedGlobals(readFileSync(await leanWasm()));
    const rewritten = withImportedMemory(original);
    assert.ok(rewritten);
    const W = Wasm as unknown as { Module: { imports(m: unknown): { module: string; name: string; kind: string }[] } };
    const imports = W.Module.imports(new Wasm.Module(rewritten.bytes));
    assert.deepEqual(imports.filter((i) => i.kind === "memory"), [{ module: MEMORY_IMPORT.module, name: MEMORY_IMPORT.name, kind: "memory" }]);
    assert.equal(withImportedMemory(rewritten.bytes), null, "a module importing its memory is left alone");
    // Same bytes after instantiation (data segments written), and the same size.
    const stubs = (m: unknown) => {
      const o: Record<string, Record<string, unknown>> = {};
      for (const i of W.Module.imports(m)) if (i.kind === "function") (o[i.module] ??= {})[i.name] = () => 0;
      return o;
    };
    const originalModule = new Wasm.Module(original);
    const fresh = new Wasm.Instance(originalModule, stubs(originalModule)).exports.memory as { buffer: ArrayBuffer };
    const rewrittenModule = new Wasm.Module(rewritten.bytes);
    const memory = new Wasm.Memory(rewritten.limits);
    const viaImport = stubs(rewrittenModule);
    (viaImport[MEMORY_IMPORT.module] ??= {})[MEMORY_IMPORT.name] = memory;
    new Wasm.Instance(rewrittenModule, viaImport);
    assert.equal(memory.buffer.byteLength, fresh.buffer.byteLength);
    assert.ok(Buffer.from(memory.buffer).equals(Buffer.from(fresh.buffer)));
  });

  it("starts every trigger from the initial memory: nothing one trigger leaves behind reaches the next", async () => {
    const wasmPath = await leanWasm();
    const compiled = compileMapping(wasmPath);
    assert.ok(compiled.memory, "the lean mapping's memory is shared");
    const entities = new Map<string, Entity>();
    const store = {
      get: (type: string, id: string) => (entities.has(`${type}/${id}`) ? new Map(entities.get(`${type}/${id}`)!) : null),
      set: (type: string, id: string, e: Entity) => void entities.set(`${type}/${id}`, e),
    } as unknown as SubgraphStore;
    const ctx = (): HostContext => ({
      store,
      logger: pino({ level: "silent" }),
      dataSource: { name: "Token", address: new Uint8Array(20), network: "hardhat", context: null, abis: new Map(), templates: [] },
      created: [],
      ethCall: () => null,
      getBalance: () => 0n,
      getCode: () => "0x",
      ipfsCat: () => null,
    });
    const address = (n: number) => Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? n : 0));
    const bytes32 = new Uint8Array(32).fill(7);
    const block = {
      hash: bytes32, parentHash: bytes32, unclesHash: bytes32, author: address(9), stateRoot: bytes32, transactionsRoot: bytes32, receiptsRoot: bytes32,
      number: 5n, gasUsed: 0n, gasLimit: 0n, timestamp: 1700000000n, difficulty: 0n, totalDifficulty: 0n, size: null, baseFeePerGas: null,
    };
    const transfer = (value: bigint): Trigger => ({
      kind: "event",
      address: address(1),
      logIndex: 0n,
      transactionLogIndex: 0n,
      block,
      transaction: { hash: bytes32, index: 0n, from: address(2), to: address(1), value: 0n, gasLimit: 0n, gasPrice: 0n, input: new Uint8Array(0), nonce: 0n },
      params: [
        { name: "from", value: { kind: "address", value: address(2) } },
        { name: "to", value: { kind: "address", value: address(3) } },
        { name: "value", value: { kind: "uint", value } },
      ],
      receipt: null,
    });
    const memoryAfter = (value: bigint, before?: (m: { buffer: ArrayBuffer }) => void) => {
      entities.clear();
      before?.(compiled.memory!.instance);
      runHandler(wasmPath, "handleTransfer", transfer(value), ctx());
      return { memory: Buffer.from(compiled.memory!.instance.buffer.slice(0)), entities: new Map(entities) };
    };
    const first = memoryAfter(5n);
    assert.equal(entities.get(`Account/${bytesToHex(address(3))}`)?.get("balance")?.kind, "BigInt");
    // Another trigger in between, then the same trigger again: the same final memory, byte for byte.
    memoryAfter(123456789n);
    const again = memoryAfter(5n);
    assert.ok(again.memory.equals(first.memory));
    assert.deepEqual(again.entities, first.entities);
    // Garbage left in the shared memory is wiped before the next instance runs.
    const polluted = memoryAfter(5n, (m) => new Uint8Array(m.buffer).fill(0xff));
    assert.ok(polluted.memory.equals(first.memory));
    // A memory a trigger grew is replaced, so the next trigger sees the initial size again.
    const grown = compiled.memory!.instance as unknown as { grow(pages: number): number; buffer: ArrayBuffer };
    grown.grow(3);
    const afterGrow = memoryAfter(5n);
    assert.notEqual(compiled.memory!.instance, grown);
    assert.ok(afterGrow.memory.equals(first.memory));
  });
});
