/**
 * Reading Merkle roots on the `keccak` package's native sponge. The leaf encoding and tree layout are the
 * protocol's, shared with the gateway (@cowatt/deployments/metering); only the keccak-256 differs, and the root
 * equals StandardMerkleTree.of(values, readingLeafEncoding, { sortLeaves: false }).root (property test).
 * bench/primitives.ts measures both: a 1,000-reading root takes ≈300–500 ms with @openzeppelin/merkle-tree
 * (≈2,000–3,000 readings/s on one core, below the 16,700/s target by itself) and ≈10 ms here.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { readingLeaf as sharedReadingLeaf, readingsRoot, readingsRootOfEncoded, type Keccak256, type Reading } from "@cowatt/deployments/metering";
import type { Hex } from "viem";

interface KeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Buffer;
}
/**
 * The `keccak` package's native sponge, used directly: its public API wraps every hash in a stream object,
 * which costs more than the hash itself (≈13 µs vs ≈1.3–3 µs here; viem's JavaScript ≈8–20 µs).
 */
function loadNativeKeccak(): Keccak256 | null {
  try {
    const packageJson = createRequire(import.meta.url).resolve("keccak/package.json");
    const build = createRequire(packageJson)("node-gyp-build") as (dir: string) => new () => KeccakState;
    const state = new (build(dirname(packageJson)))();
    return (data) => {
      state.initialize(1088, 512); // keccak-256: rate 1088 bits, capacity 512
      state.absorb(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      state.absorbLastFewBits(0x01); // original Keccak padding, not SHA-3's 0x06
      return state.squeeze(32); // a fresh Buffer per call
    };
  } catch {
    return null;
  }
}
const nativeKeccak = process.env.RELAY_JS_KECCAK ? null : loadNativeKeccak();
/** Which keccak-256 the roots use (reported by the bench). */
export const keccakImplementation = nativeKeccak ? "native keccak" : "JavaScript keccak (viem)";
const hash: Keccak256 | undefined = nativeKeccak ?? undefined;

/** The StandardMerkleTree leaf hash of one reading. */
export const readingLeaf = (reading: Reading): Uint8Array => sharedReadingLeaf(reading, hash);

/** StandardMerkleTree root (sortLeaves false) of readings in the given order. */
export const fastReadingsRoot = (readings: readonly Reading[]): Hex => readingsRoot(readings, hash);

/** Root of leaf encodings laid out back to back (encodeReadingLeafInto), as src/roots.ts's workers compute it. */
export const encodedReadingsRoot = (encoded: Uint8Array): Hex => readingsRootOfEncoded(encoded, hash);
