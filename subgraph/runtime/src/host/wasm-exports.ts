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
