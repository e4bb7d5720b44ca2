/**
 * Readings and batches of the metering protocol (docs/metering-protocol.md), shared by the iot-gateway that
 * signs them and the oracle-relay that verifies them: the Reading type, its JSON form in `POST /v1/batches`,
 * the reading leaf (OpenZeppelin StandardMerkleTree convention) and the batch root. Hand-written; the EIP-712
 * types live beside it in eip712.ts.
 *
 * The root is computed directly (no per-leaf ABI coder and hex round trips as in @openzeppelin/merkle-tree):
 * the same leaves keccak256(keccak256(abi.encode(bytes32, uint64, uint64, uint128, uint32))), the same tree
 * layout (leaves in reverse at the end of a 2n−1 array, sortLeaves false) and the same commutative node hash,
 * so it equals StandardMerkleTree.of(values, readingLeafEncoding, { sortLeaves: false }).root (property-tested
 * against the library in oracle-relay/test/merkle.test.ts). The keccak-256 is a parameter so the relay can
 * use a native one; viem's JavaScript is the default.
 */
import { bytesToHex, keccak256, type Address, type Hex } from "viem";
import { readingLeafEncoding } from "./eip712.ts";

export { readingLeafEncoding };

/** Readings per signed batch at most (one signature per batch). */
export const MAX_READINGS_PER_BATCH = 1000;

/** One sample of a meter's cumulative export register, as the protocol defines it. */
export interface Reading {
  /** keccak256 of the meter's serial number string (DeviceRegistry's meter id). */
  meterId: Hex;
  /** +1 per reading per meter (uint64). */
  sequence: bigint;
  /** Unix seconds at the site clock (uint64). */
  timestamp: bigint;
  /** Cumulative register after calibration (uint128). */
  energyWh: bigint;
  /** Instantaneous power (uint32). */
  powerW: number;
}

/** JSON form of a reading in `POST /v1/batches`: numbers that can exceed 2^53 are decimal strings. */
export interface ReadingJson {
  meterId: Hex;
  sequence: string;
  timestamp: number;
  energyWh: string;
  powerW: number;
}

/** Body of `POST /v1/batches`: a gateway's EIP-712-signed ReadingBatch with its readings. */
export interface ReadingBatchBody {
  gateway: Address;
  assetId: string;
  batchSequence: string;
  readingsRoot: Hex;
  signature: Hex;
  readings: ReadingJson[];
}

export function readingToJson(r: Reading): ReadingJson {
  return { meterId: r.meterId, sequence: r.sequence.toString(), timestamp: Number(r.timestamp), energyWh: r.energyWh.toString(), powerW: r.powerW };
}

export function readingFromJson(r: ReadingJson): Reading {
  return { meterId: r.meterId, sequence: BigInt(r.sequence), timestamp: BigInt(r.timestamp), energyWh: BigInt(r.energyWh), powerW: r.powerW };
}

/** A reading's values in `readingLeafEncoding` order, as StandardMerkleTree.of takes them. */
export function readingLeafValues(r: Reading): [Hex, bigint, bigint, bigint, bigint] {
  return [r.meterId, r.sequence, r.timestamp, r.energyWh, BigInt(r.powerW)];
}

/** keccak-256 of bytes, as raw bytes in a fresh array (the tree keeps every result). */
export type Keccak256 = (data: Uint8Array) => Uint8Array;
const viemKeccak: Keccak256 = (data) => keccak256(data, "bytes");

const U32 = 0xffff_ffffn;
const U64 = (1n << 64n) - 1n;
const U128 = (1n << 128n) - 1n;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

// Hex digit values by character code (-1: not a hex digit).
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_DIGIT["0123456789abcdef".charCodeAt(i)] = i;
  HEX_DIGIT["0123456789ABCDEF".charCodeAt(i)] = i;
}

/** Writes the hex characters of `hex` from index `from` on as bytes ending at `end` (exclusive) of `target`. */
function writeHex(target: Uint8Array, end: number, hex: string, from: number) {
  let position = end - 1;
  let i = hex.length;
  if ((i - from) % 2 === 1) {
    // An odd count: the first character is a byte of its own.
    target[end - Math.ceil((i - from) / 2)] = HEX_DIGIT[hex.charCodeAt(from)]!;
  }
  for (; i - 2 >= from; i -= 2, position--) target[position] = (HEX_DIGIT[hex.charCodeAt(i - 2)]! << 4) | HEX_DIGIT[hex.charCodeAt(i - 1)]!;
}

// Big-endian into the low bytes of a zeroed 32-byte word; Number arithmetic below 2^53, the common case.
function writeUint(target: Uint8Array, wordOffset: number, value: bigint, max: bigint, name: string) {
  if (value < 0n || value > max) throw new RangeError(`${name} ${value} out of range`);
  if (value <= 9_007_199_254_740_991n) {
    let n = Number(value);
    for (let i = wordOffset + 31; n > 0; i--) {
      target[i] = n % 256;
      n = Math.floor(n / 256);
    }
    return;
  }
  writeHex(target, wordOffset + 32, value.toString(16), 0);
}

/**
 * abi.encode(meterId, sequence, timestamp, energyWh, powerW): the 160 bytes under a reading's leaf. Values outside
 * their Solidity types throw a RangeError (a meter id must be exactly 32 bytes; the library's coder would pad).
 */
export function encodeReadingLeaf(reading: Reading): Uint8Array {
  return encodeReadingLeafInto(new Uint8Array(READING_LEAF_BYTES), 0, reading);
}

/** Bytes of abi.encode of a reading (five 32-byte words). */
export const READING_LEAF_BYTES = 160;

/** encodeReadingLeaf into `target` at `offset` (whose 160 bytes must be zero); returns `target`. */
export function encodeReadingLeafInto(target: Uint8Array, offset: number, reading: Reading): Uint8Array {
  const meterId = reading.meterId;
  if (meterId.length !== 66 || !BYTES32.test(meterId)) throw new RangeError(`meterId ${meterId} is not bytes32`);
  writeHex(target, offset + 32, meterId, 2);
  writeUint(target, offset + 32, reading.sequence, U64, "sequence");
  writeUint(target, offset + 64, reading.timestamp, U64, "timestamp");
  writeUint(target, offset + 96, reading.energyWh, U128, "energyWh");
  if (!Number.isInteger(reading.powerW)) throw new RangeError(`powerW ${reading.powerW} is not an integer`);
  writeUint(target, offset + 128, BigInt(reading.powerW), U32, "powerW");
  return target;
}

/** The StandardMerkleTree leaf hash of one reading: keccak256(keccak256(encodeReadingLeaf(reading))). */
export function readingLeaf(reading: Reading, hash: Keccak256 = viemKeccak): Uint8Array {
  return hash(hash(encodeReadingLeaf(reading)));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Root over leaf hashes in the given order, laid out exactly as OpenZeppelin's makeMerkleTree does. */
export function merkleRootOfLeaves(leaves: readonly Uint8Array[], hash: Keccak256 = viemKeccak): Hex {
  if (leaves.length === 0) throw new RangeError("a Merkle tree needs at least one leaf");
  const tree = new Array<Uint8Array>(2 * leaves.length - 1);
  for (let i = 0; i < leaves.length; i++) tree[tree.length - 1 - i] = leaves[i]!;
  const pair = new Uint8Array(64);
  for (let i = tree.length - 1 - leaves.length; i >= 0; i--) {
    const a = tree[2 * i + 1]!;
    const b = tree[2 * i + 2]!;
    // Commutative node hash: keccak256 of the sorted pair.
    const [low, high] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
    pair.set(low, 0);
    pair.set(high, 32);
    tree[i] = hash(pair);
  }
  return bytesToHex(tree[0]!);
}

/** Root of readings already laid out by encodeReadingLeafInto, back to back (`encoded.length` = 160 × count). */
export function readingsRootOfEncoded(encoded: Uint8Array, hash: Keccak256 = viemKeccak): Hex {
  const leaves = new Array<Uint8Array>(encoded.length / READING_LEAF_BYTES);
  for (let i = 0; i < leaves.length; i++) leaves[i] = hash(hash(encoded.subarray(i * READING_LEAF_BYTES, (i + 1) * READING_LEAF_BYTES)));
  return merkleRootOfLeaves(leaves, hash);
}

/** StandardMerkleTree root (sortLeaves false) of a batch's readings in batch order: the signed `readingsRoot`. */
export function readingsRoot(readings: readonly Reading[], hash: Keccak256 = viemKeccak): Hex {
  return merkleRootOfLeaves(readings.map((r) => readingLeaf(r, hash)), hash);
}
