/**
 * The signing unit of the metering protocol: a batch of readings, its StandardMerkleTree root over the
 * reading leaves (batch order, sortLeaves false) and the gateway's EIP-712 ReadingBatch signature.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { readingBatchDomain, readingBatchTypes, readingLeafEncoding } from "@cowatt/deployments";
import { recoverTypedDataAddress } from "viem";
import type { Address, Hex, LocalAccount } from "viem";
import type { BatchBody, Reading, ReadingJson } from "./types.ts";

export interface SigningDomain {
  chainId: bigint;
  registry: Address;
}

export function readingsRoot(readings: Reading[]): Hex {
  const values = readings.map((r) => [r.meterId, r.sequence, r.timestamp, r.energyWh, BigInt(r.powerW)]);
  return StandardMerkleTree.of(values, [...readingLeafEncoding], { sortLeaves: false }).root as Hex;
}

export function readingToJson(r: Reading): ReadingJson {
  return {
    meterId: r.meterId,
    sequence: r.sequence.toString(),
    timestamp: Number(r.timestamp),
    energyWh: r.energyWh.toString(),
    powerW: r.powerW,
  };
}

export function readingFromJson(r: ReadingJson): Reading {
  return {
    meterId: r.meterId,
    sequence: BigInt(r.sequence),
    timestamp: BigInt(r.timestamp),
    energyWh: BigInt(r.energyWh),
    powerW: r.powerW,
  };
}

export async function signBatch(
  account: LocalAccount,
  domain: SigningDomain,
  assetId: bigint,
  batchSequence: bigint,
  readings: Reading[],
): Promise<BatchBody> {
  const root = readingsRoot(readings);
  const signature = await account.signTypedData({
    domain: readingBatchDomain(domain.chainId, domain.registry),
    types: readingBatchTypes,
    primaryType: "ReadingBatch",
    message: { gateway: account.address, assetId, batchSequence, readingCount: readings.length, readingsRoot: root },
  });
  return {
    gateway: account.address,
    assetId: assetId.toString(),
    batchSequence: batchSequence.toString(),
    readingsRoot: root,
    signature,
    readings: readings.map(readingToJson),
  };
}

/** Recovers the signer of a batch body (after recomputing its root from the readings). */
export async function recoverBatchSigner(domain: SigningDomain, body: BatchBody): Promise<Address> {
  const root = readingsRoot(body.readings.map(readingFromJson));
  if (root !== body.readingsRoot) throw new Error(`readingsRoot mismatch: ${body.readingsRoot} vs computed ${root}`);
  return recoverTypedDataAddress({
    domain: readingBatchDomain(domain.chainId, domain.registry),
    types: readingBatchTypes,
    primaryType: "ReadingBatch",
    message: {
      gateway: body.gateway,
      assetId: BigInt(body.assetId),
      batchSequence: BigInt(body.batchSequence),
      readingCount: body.readings.length,
      readingsRoot: root,
    },
    signature: body.signature,
  });
}
