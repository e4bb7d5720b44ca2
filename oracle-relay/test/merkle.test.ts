/**
 * The reading Merkle root (@cowatt/deployments/metering, shared with the gateway; here on the native keccak and
 * on viem's JavaScript one) equals @openzeppelin/merkle-tree's StandardMerkleTree root (sortLeaves false) for
 * any batch, including extreme values, and rejects values outside their Solidity types like the library.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { readingLeafEncoding } from "@cowatt/deployments";
import type { Hex } from "viem";
import { readingLeafValues, readingsRoot as jsReadingsRoot, type Reading } from "@cowatt/deployments/metering";
import { fastReadingsRoot, keccakImplementation, readingLeaf } from "../src/merkle.ts";
import { createRootPool } from "../src/roots.ts";

const libraryRoot = (readings: Reading[]) =>
  StandardMerkleTree.of(readings.map(readingLeafValues), [...readingLeafEncoding], { sortLeaves: false }).root;

test("the relay hashes on the native keccak here", () => {
  assert.equal(keccakImplementation, "native keccak");
});

const reading = fc.record({
  meterId: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex),
  sequence: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  energyWh: fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
  powerW: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
});

test("root equals StandardMerkleTree's for any batch (order kept, duplicates allowed)", () => {
  fc.assert(
    fc.property(fc.array(reading, { minLength: 1, maxLength: 40 }), (readings) => {
      const expected = libraryRoot(readings);
      assert.equal(fastReadingsRoot(readings), expected);
      assert.equal(jsReadingsRoot(readings), expected);
    }),
    { numRuns: 150 },
  );
});

test("root equals the library's for a full 1,000-reading batch and for mixed-case meter ids", () => {
  const readings = Array.from({ length: 1000 }, (_, i) => ({
    meterId: `0x${(i % 37).toString(16).padStart(64, "0")}` as Hex,
    sequence: BigInt(i),
    timestamp: 1_764_316_800n + BigInt(i),
    energyWh: 10n ** 30n + BigInt(i),
    powerW: i * 7,
  }));
  assert.equal(fastReadingsRoot(readings), libraryRoot(readings));
  const upper = { ...readings[0]!, meterId: `0x${"Ab".repeat(32)}` as Hex };
  assert.equal(fastReadingsRoot([upper]), libraryRoot([upper]));
});

test("the leaf of a single-reading batch is its root", () => {
  const r = { meterId: `0x${"11".repeat(32)}` as Hex, sequence: 1n, timestamp: 2n, energyWh: 3n, powerW: 4 };
  assert.equal(fastReadingsRoot([r]), `0x${Buffer.from(readingLeaf(r)).toString("hex")}`);
});

test("values outside their Solidity types are rejected, as by the library", () => {
  const ok = { meterId: `0x${"11".repeat(32)}` as Hex, sequence: 1n, timestamp: 2n, energyWh: 3n, powerW: 4 };
  const bad: Reading[] = [
    { ...ok, sequence: 2n ** 64n },
    { ...ok, timestamp: -1n },
    { ...ok, energyWh: 2n ** 128n },
    { ...ok, powerW: 2 ** 32 },
    { ...ok, powerW: 1.5 },
  ];
  for (const r of bad) {
    assert.throws(() => fastReadingsRoot([r]), RangeError);
    assert.throws(() => libraryRoot([r]));
  }
  // Stricter than the library, whose ABI coder right-pads a short bytes32: a meter id is exactly 32 bytes.
  assert.throws(() => fastReadingsRoot([{ ...ok, meterId: "0x1234" }]), RangeError);
  assert.throws(() => fastReadingsRoot([]), RangeError);
});

test("the worker-thread root pool and the inline path give the library's root; bad values reject", async () => {
  const batches = fc.sample(fc.array(reading, { minLength: 1, maxLength: 60 }), 20);
  for (const threads of [2, 0]) {
    const pool = createRootPool(threads);
    try {
      const roots = await Promise.all(batches.map((readings) => pool.readingsRoot(readings)));
      roots.forEach((root, i) => assert.equal(root, libraryRoot(batches[i]!), `threads ${threads}, batch ${i}`));
      await assert.rejects(pool.readingsRoot([{ ...batches[0]![0]!, sequence: 2n ** 64n }]), RangeError);
    } finally {
      await pool.close();
    }
  }
});
