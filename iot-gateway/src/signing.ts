/**
 * The signing unit of the metering protocol: a batch of readings, its StandardMerkleTree root over the
 * reading leaves (batch order, sortLeaves false) and the gateway's EIP-712 ReadingBatch signature. The reading
 * types, leaf encoding and root are the protocol's shared definitions (@cowatt/deployments/metering).
 */
import { readingBatchDomain, readingBatchTypes } from "@cowatt/deployments";
import { readingFromJson, readingsRoot, readingToJson, type Reading, type ReadingBatchBody } from "@cowatt/deployments/metering";
import { recoverTypedDataAddress } from "viem";
import type { Address, LocalAccount } from "viem";

export { readingsRoot };

export interface SigningDomain {
  chainId: bigint;
  registry: Address;
}

export async function signBatch(
  account: LocalAccount,
  domain: SigningDomain,
  assetId: bigint,
  batchSequence: bigint,
  readings: Reading[],
): Promise<ReadingBatchBody> {
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
export async function recoverBatchSigner(domain: SigningDomain, body: ReadingBatchBody): Promise<Address> {
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
