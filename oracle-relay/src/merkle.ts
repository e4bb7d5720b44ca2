/**
 * Reading Merkle roots without @openzeppelin/merkle-tree's per-leaf ethers ABI coder and hex round trips:
 * the same leaves (keccak256(keccak256(abi.encode(bytes32 meterId, uint64 sequence, uint64 timestamp,
 * uint128 energyWh, uint32 powerW)))), the same tree layout (leaves stored in reverse at the end of a
 * 2n−1 array, sortLeaves false) and the same commutative node hash (keccak256 of the sorted pair), so the
 * root equals StandardMerkleTree.of(values, readingLeafEncoding, { sortLeaves: false }).root — checked
 * against the library by a property test. bench/primitives.ts on this shared 2-core machine (load ≈10): a
 * 1,000-reading root takes ≈530 ms with the library (≈1,900 readings/s on one core, below the 16,700/s
 * target by itself) and ≈23 ms here on the native keccak sponge (≈43,000 readings/s on one core).
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { keccak256, type Hex } from "viem";

/** A reading as the Merkle leaf encodes it (docs/metering-protocol.md). */
export interface LeafReading {
  meterId: Hex;
  sequence: bigint;
  timestamp: bigint;
  energyWh: bigint;
  powerW: number;
}

const U64 = (1n << 64n) - 1n;
const U128 = (1n << 128n) - 1n;

interface KeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Buffer;
}
/**
 * The `keccak` package's native sponge, used directly: its public API wraps every hash in a stream object,
 * which costs more than the hash itself (≈13 µs vs ≈7.5 µs here; viem's JavaScript ≈21 µs).
 */
function loadNativeKeccak(): ((data: Buffer) => Buffer) | null {
  try {
    const packageJson = createRequire(import.meta.url).resolve("keccak/package.json");
    const build = createRequire(packageJson)("node-gyp-build") as (dir: string) => new () => KeccakState;
    const state = new (build(dirname(packageJson)))();
    return (data) => {
      state.initialize(1088, 512); // keccak-256: rate 1088 bits, capacity 512
      state.absorb(data);
      state.absorbLastFewBits(0x01); // original Keccak padding, not SHA-3's 0x06
      return state.squeeze(32);
    };
  } catch {
    return null;
  }
}
const nativeKeccak = process.env.RELAY_JS_KECCAK ? null : loadNativeKeccak();
/** Which keccak-256 the roots use (reported by the bench). */
export const keccakImplementation = nativeKeccak ? "native keccak" : "JavaScript keccak (viem)";
const hash: (bytes: Buffer) => Uint8Array = nativeKeccak
  ? nativeKeccak
  : (bytes) => keccak256(bytes, "bytes");

function writeUint(target: Uint8Array, wordOffset: number, value: bigint, max: bigint, name: string) {
  if (value < 0n || value > max) throw new RangeError(`${name} ${value} out of range`);
  // Big-endian into the low bytes of a zeroed 32-byte word.
  for (let i = 31; value > 0n; i--, value >>= 8n) target[wordOffset + i] = Number(value & 0xffn);
}

/** The StandardMerkleTree leaf hash of one reading. */
export function readingLeaf(reading: LeafReading): Uint8Array {
  const encoded = Buffer.alloc(160);
  const meterId = reading.meterId;
  if (!/^0x[0-9a-fA-F]{64}$/.test(meterId)) throw new RangeError(`meterId ${meterId} is not bytes32`);
  encoded.set(Buffer.from(meterId.slice(2), "hex"), 0);
  writeUint(encoded, 32, reading.sequence, U64, "sequence");
  writeUint(encoded, 64, reading.timestamp, U64, "timestamp");
  writeUint(encoded, 96, reading.energyWh, U128, "energyWh");
  if (!Number.isInteger(reading.powerW)) throw new RangeError(`powerW ${reading.powerW} is not an integer`);
  writeUint(encoded, 128, BigInt(reading.powerW), 0xffffffffn, "powerW");
  const inner = hash(encoded);
  return hash(Buffer.isBuffer(inner) ? inner : Buffer.from(inner.buffer, inner.byteOffset, inner.length));
}

const pair = Buffer.alloc(64);
function nodeHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  const [low, high] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
  pair.set(low, 0);
  pair.set(high, 32);
  return hash(pair);
}

/** Root over leaf hashes in the given order, laid out exactly as OpenZeppelin's makeMerkleTree does. */
export function merkleRootOfLeaves(leaves: readonly Uint8Array[]): Hex {
  if (leaves.length === 0) throw new RangeError("a Merkle tree needs at least one leaf");
  const tree = new Array<Uint8Array>(2 * leaves.length - 1);
  for (let i = 0; i < leaves.length; i++) tree[tree.length - 1 - i] = leaves[i]!;
  for (let i = tree.length - 1 - leaves.length; i >= 0; i--) tree[i] = nodeHash(tree[2 * i + 1]!, tree[2 * i + 2]!);
  return `0x${Buffer.from(tree[0]!).toString("hex")}`;
}

/** StandardMerkleTree root (sortLeaves false) of readings in the given order. */
export function fastReadingsRoot(readings: readonly LeafReading[]): Hex {
  return merkleRootOfLeaves(readings.map(readingLeaf));
}
