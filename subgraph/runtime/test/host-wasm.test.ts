import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { withoutExportedGlobals } from "../src/host/wasm-exports.ts";
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
