/**
 * Drops exported globals from a compiled mapping's export section. graph-ts exports its ~240 `TypeId.*`
 * enum values as globals; the host never reads them (it asks `id_of_type`), yet every instance would
 * materialise a WebAssembly.Global for each — most of the per-trigger instantiation cost.
 */

function readLeb(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

function writeLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

const EXPORT_SECTION = 7;
const GLOBAL_KIND = 3;

export function withoutExportedGlobals(wasm: Uint8Array): Uint8Array {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) throw new Error("not a WebAssembly module");
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos]!;
    const [size, payloadStart] = readLeb(wasm, pos + 1);
    const end = payloadStart + size;
    if (id !== EXPORT_SECTION) {
      parts.push(wasm.subarray(pos, end));
    } else {
      let [count, p] = readLeb(wasm, payloadStart);
      const kept: Uint8Array[] = [];
      let keptCount = 0;
      while (count-- > 0) {
        const start = p;
        const [nameLen, nameStart] = readLeb(wasm, p);
        const kind = wasm[nameStart + nameLen]!;
        const [, next] = readLeb(wasm, nameStart + nameLen + 1);
        p = next;
        if (kind !== GLOBAL_KIND) {
          kept.push(wasm.subarray(start, p));
          keptCount++;
        }
      }
      const body = [...writeLeb(keptCount)];
      const payloadLength = body.length + kept.reduce((n, k) => n + k.length, 0);
      parts.push(Uint8Array.from([EXPORT_SECTION, ...writeLeb(payloadLength), ...body]), ...kept);
    }
    pos = end;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const IMPORT_SECTION = 2;
const MEMORY_SECTION = 5;
const MEMORY_KIND = 2;
/** The import a rewritten module takes its memory from. */
export const MEMORY_IMPORT = { module: "env", name: "memory" } as const;

export interface MemoryLimits {
  /** Pages of 64 KiB. */
  initial: number;
  maximum?: number;
}

/**
 * Turns a module's own memory into an imported one (`env.memory`, same limits), so the host can hand each
 * instance a memory it reset instead of having V8 reserve and map a new one per instance (measured: most of the
 * per-trigger instantiation cost, and the garbage collector's main work). Active data segments are still
 * written by every instantiation. Returns null when the module defines no memory of its own.
 */
export function withImportedMemory(wasm: Uint8Array): { bytes: Uint8Array; limits: MemoryLimits } | null {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) throw new Error("not a WebAssembly module");
  const sections: { id: number; payload: Uint8Array }[] = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos]!;
    const [size, payloadStart] = readLeb(wasm, pos + 1);
    sections.push({ id, payload: wasm.subarray(payloadStart, payloadStart + size) });
    pos = payloadStart + size;
  }
  const memory = sections.find((s) => s.id === MEMORY_SECTION);
  if (!memory) return null;
  const [count, p0] = readLeb(memory.payload, 0);
  if (count !== 1) return null;
  const flags = memory.payload[p0]!;
  if (flags & ~1) return null; // shared or 64-bit memories are left alone
  const [initial, p1] = readLeb(memory.payload, p0 + 1);
  const maximum = flags & 1 ? readLeb(memory.payload, p1)[0] : undefined;
  const name = (s: string) => [...writeLeb(s.length), ...new TextEncoder().encode(s)];
  const entry = [...name(MEMORY_IMPORT.module), ...name(MEMORY_IMPORT.name), MEMORY_KIND, flags, ...writeLeb(initial), ...(maximum === undefined ? [] : writeLeb(maximum))];
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  const emit = (id: number, ...payload: Uint8Array[]) => {
    const length = payload.reduce((n, b) => n + b.length, 0);
    parts.push(Uint8Array.from([id, ...writeLeb(length)]), ...payload);
  };
  let imported = false;
  for (const s of sections) {
    if (s.id === MEMORY_SECTION) continue;
    if (s.id === IMPORT_SECTION) {
      const [n, rest] = readLeb(s.payload, 0);
      emit(IMPORT_SECTION, Uint8Array.from(writeLeb(n + 1)), s.payload.subarray(rest), Uint8Array.from(entry));
      imported = true;
      continue;
    }
    // Sections are ordered by id (custom sections, id 0, may sit anywhere): the import section goes before the first later one.
    if (!imported && s.id !== 0 && s.id > IMPORT_SECTION) {
      emit(IMPORT_SECTION, Uint8Array.from([...writeLeb(1), ...entry]));
      imported = true;
    }
    emit(s.id, s.payload);
  }
  const bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of parts) {
    bytes.set(b, o);
    o += b.length;
  }
  return { bytes, limits: maximum === undefined ? { initial } : { initial, maximum } };
}
