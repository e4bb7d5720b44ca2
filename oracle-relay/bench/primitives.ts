/**
 * Per-stage ceilings of batch verification on this machine, in one run: EIP-712 signer recovery with viem's
 * JavaScript vs the native libsecp256k1 binding (`secp256k1` package), and a 1,000-reading batch's Merkle
 * root with @openzeppelin/merkle-tree vs src/merkle.ts. Each line says how many readings/s that stage alone
 * allows with protocol batches of 1,000 readings (one signature per batch). Run: node bench/primitives.ts
 * [seconds per stage, default 3]; bench/ingest.ts runs it after the end-to-end phase.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { loadavg, cpus } from "node:os";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { hashTypedData, keccak256, recoverAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { readingBatchDomain, readingBatchTypes, readingLeafEncoding } from "@cowatt/deployments";
import { readingLeafValues, type Reading } from "@cowatt/deployments/metering";
import { fastReadingsRoot, keccakImplementation } from "../src/merkle.ts";

const BATCH = 1000;
const gateway = privateKeyToAccount(generatePrivateKey());
const domain = readingBatchDomain(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

const readings: Reading[] = Array.from({ length: BATCH }, (_, i) => ({
  meterId: `0x${(i % 50).toString(16).padStart(64, "0")}` as Hex,
  sequence: BigInt(i),
  timestamp: 1_764_316_800n + BigInt(i),
  energyWh: 123_456n + BigInt(i),
  powerW: 2300,
}));

// Distinct signed digests, so no stage caches a result.
const signed: { digest: Hex; signature: Hex }[] = [];
for (let i = 0; i < 64; i++) {
  const message = { gateway: gateway.address, assetId: 1n, batchSequence: BigInt(i), readingCount: BATCH, readingsRoot: keccak256(`0x${i.toString(16).padStart(2, "0")}`) };
  const digest = hashTypedData({ domain, types: readingBatchTypes, primaryType: "ReadingBatch", message });
  signed.push({ digest, signature: await gateway.signTypedData({ domain, types: readingBatchTypes, primaryType: "ReadingBatch", message }) });
}

interface Native {
  ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed: boolean): Uint8Array;
}
const native = createRequire(import.meta.url)("secp256k1/bindings") as Native;
function nativeRecover(digest: Hex, signature: Hex): string {
  const bytes = Buffer.from(signature.slice(2), "hex");
  const publicKey = native.ecdsaRecover(bytes.subarray(0, 64), bytes[64]! - 27, Buffer.from(digest.slice(2), "hex"), false);
  return `0x${keccak256(publicKey.subarray(1)).slice(26)}`;
}

async function rate(seconds: number, name: string, run: (i: number) => unknown | Promise<unknown>, readingsPerOp: number) {
  for (let i = 0; i < 3; i++) await run(i);
  let ops = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) await run(ops++);
  const perSecond = ops / ((performance.now() - started) / 1000);
  console.log(`${name.padEnd(52)} ${perSecond.toFixed(1).padStart(10)} /s  → ${Math.round(perSecond * readingsPerOp).toLocaleString("en").padStart(12)} readings/s on one core`);
  return perSecond;
}

/** Measures every stage for `seconds` each and prints its rate. */
export async function runPrimitives(seconds: number) {
  console.log(`CPUs ${cpus().length}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}, ${seconds}s per stage, batches of ${BATCH}`);
  // Both paths must agree before anything is timed.
  for (const { digest, signature } of signed.slice(0, 4)) {
    if (nativeRecover(digest, signature) !== gateway.address.toLowerCase()) throw new Error("native recovery disagrees");
    if ((await recoverAddress({ hash: digest, signature })) !== gateway.address) throw new Error("viem recovery disagrees");
  }
  const libraryRoot = () => StandardMerkleTree.of(readings.map(readingLeafValues), [...readingLeafEncoding], { sortLeaves: false }).root;
  if (libraryRoot() !== fastReadingsRoot(readings)) throw new Error("fast root disagrees with StandardMerkleTree");

  const viemRecoveriesPerSecond = await rate(seconds, "signer recovery, viem JavaScript", (i) => recoverAddress({ hash: signed[i % 64]!.digest, signature: signed[i % 64]!.signature }), BATCH);
  const nativeRecoveriesPerSecond = await rate(seconds, "signer recovery, native libsecp256k1", (i) => nativeRecover(signed[i % 64]!.digest, signed[i % 64]!.signature), BATCH);
  await rate(seconds, "EIP-712 batch digest (viem hashTypedData)", (i) => hashTypedData({ domain, types: readingBatchTypes, primaryType: "ReadingBatch", message: { gateway: gateway.address, assetId: 1n, batchSequence: BigInt(i), readingCount: BATCH, readingsRoot: signed[0]!.digest } }), BATCH);
  await rate(seconds, "Merkle root of 1,000, @openzeppelin/merkle-tree", libraryRoot, BATCH);
  const rootsPerSecond = await rate(seconds, `Merkle root of 1,000, src/merkle.ts (${keccakImplementation})`, () => fastReadingsRoot(readings), BATCH);
  return { viemRecoveriesPerSecond, nativeRecoveriesPerSecond, rootsPerSecond };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runPrimitives(Number(process.argv[2] ?? 3));
