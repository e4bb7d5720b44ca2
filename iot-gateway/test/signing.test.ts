import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeAbiParameters, keccak256, concat } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { readingLeafEncoding } from "@cowatt/deployments";
import { readingsRoot, recoverBatchSigner, signBatch } from "../src/signing.ts";
import { meterIdOf } from "../src/validation.ts";
import type { Reading } from "@cowatt/deployments/metering";

const domain = { chainId: 31337n, registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const };
const readings: Reading[] = [
  { meterId: meterIdOf("pv-1"), sequence: 7n, timestamp: 1_780_000_000n, energyWh: 123_456n, powerW: 2300 },
  { meterId: meterIdOf("wind-1"), sequence: 3n, timestamp: 1_780_000_010n, energyWh: 2n ** 70n, powerW: 0 },
  { meterId: meterIdOf("pv-1"), sequence: 8n, timestamp: 1_780_000_060n, energyWh: 123_500n, powerW: 2400 },
];

describe("batch signing", () => {
  it("root is the StandardMerkleTree over the protocol leaves, in batch order", () => {
    const root = readingsRoot(readings);
    const leaf = (r: Reading) =>
      keccak256(concat([keccak256(encodeAbiParameters(readingLeafEncoding.map((type) => ({ type })), [r.meterId, r.sequence, r.timestamp, r.energyWh, r.powerW]))]));
    const tree = StandardMerkleTree.of(readings.map((r) => [r.meterId, r.sequence, r.timestamp, r.energyWh, BigInt(r.powerW)]), [...readingLeafEncoding], { sortLeaves: false });
    assert.equal(tree.leafHash(tree.at(0)!), leaf(readings[0]!));
    assert.equal(root, tree.root);
    // Every reading is provable against the signed root.
    for (const [i, value] of tree.entries()) assert.ok(StandardMerkleTree.verify(root, [...readingLeafEncoding], value, tree.getProof(i)));
    // Order matters (sortLeaves false): the relay must see the same list.
    assert.notEqual(readingsRoot([...readings].reverse()), root);
  });

  it("the signer recovers from the body with the domain; numbers are decimal strings", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const body = await signBatch(account, domain, 4n, 42n, readings);
    assert.equal(body.batchSequence, "42");
    assert.equal(body.assetId, "4");
    assert.equal(body.readings[1]!.energyWh, (2n ** 70n).toString());
    assert.equal(body.readings[0]!.timestamp, 1_780_000_000);
    assert.equal(await recoverBatchSigner(domain, body), account.address);
  });

  it("a signature for another chain, registry, batch sequence or asset recovers another address", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const body = await signBatch(account, domain, 4n, 42n, readings);
    assert.notEqual(await recoverBatchSigner({ ...domain, chainId: 1n }, body), account.address);
    assert.notEqual(await recoverBatchSigner({ ...domain, registry: "0x0000000000000000000000000000000000000001" }, body), account.address);
    assert.notEqual(await recoverBatchSigner(domain, { ...body, batchSequence: "43" }), account.address);
    assert.notEqual(await recoverBatchSigner(domain, { ...body, assetId: "5" }), account.address);
  });

  it("a tampered reading no longer matches the signed root", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const body = await signBatch(account, domain, 4n, 1n, readings);
    const tampered = { ...body, readings: body.readings.map((r, i) => (i === 0 ? { ...r, energyWh: "999999" } : r)) };
    await assert.rejects(recoverBatchSigner(domain, tampered), /readingsRoot mismatch/);
  });
});
