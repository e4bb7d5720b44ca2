/**
 * The slice of the WebAssembly JS API the host uses, typed locally: the project's TypeScript lib
 * (es2023, no DOM) does not declare the WebAssembly global although Node provides it.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
export interface WasmModule {
  readonly __brand: "WebAssembly.Module";
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
export interface WasmImportDescriptor {
  module: string;
  name: string;
  kind: "function" | "table" | "memory" | "global";
}
interface WasmApi {
  Module: { new (bytes: Uint8Array): WasmModule; imports(m: WasmModule): WasmImportDescriptor[] };
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  RuntimeError: new (...args: unknown[]) => Error;
  Memory: new (limits: { initial: number; maximum?: number }) => WasmMemory;
}
export const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
