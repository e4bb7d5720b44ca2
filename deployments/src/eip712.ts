/**
 * EIP-712 types of the metering protocol (docs/metering-protocol.md). DeviceRegistry's
 * READING_BATCH_TYPEHASH is keccak256 of the encoded `ReadingBatch` type below (test/device-registry.test.ts
 * checks both agree, and that a TypeScript digest equals the contract's batchDigest).
 */
import type { Address } from "viem";

export const DEVICE_REGISTRY_EIP712_NAME = "CoWatt DeviceRegistry";
export const DEVICE_REGISTRY_EIP712_VERSION = "1";

/** viem / ethers typed-data `types` of a gateway's signed batch (primaryType "ReadingBatch"). */
export const readingBatchTypes = {
  ReadingBatch: [
    { name: "gateway", type: "address" },
    { name: "assetId", type: "uint256" },
    { name: "batchSequence", type: "uint64" },
    { name: "readingCount", type: "uint32" },
    { name: "readingsRoot", type: "bytes32" },
  ],
} as const;

/** The message of a `ReadingBatch` as viem's signTypedData takes it. */
export interface ReadingBatchMessage {
  gateway: Address;
  assetId: bigint;
  batchSequence: bigint;
  readingCount: number;
  readingsRoot: `0x${string}`;
}

/** The EIP-712 domain of the DeviceRegistry deployed at `registry` on `chainId`. */
export function readingBatchDomain(chainId: number | bigint, registry: Address) {
  return {
    name: DEVICE_REGISTRY_EIP712_NAME,
    version: DEVICE_REGISTRY_EIP712_VERSION,
    chainId: BigInt(chainId),
    verifyingContract: registry,
  } as const;
}

/** Solidity ABI types of a reading leaf's inner hash (OpenZeppelin StandardMerkleTree leaf encoding). */
export const readingLeafEncoding = ["bytes32", "uint64", "uint64", "uint128", "uint32"] as const;

/**
 * ABI types of the 192-byte Chainlink Functions response ProductionOracle decodes:
 * abi.encode(energyWh, readingCount, sourceCount, readingsRoot, cidCodec, cidDigest).
 */
export const productionResponseParameters = [
  { name: "energyWh", type: "uint256" },
  { name: "readingCount", type: "uint256" },
  { name: "sourceCount", type: "uint256" },
  { name: "readingsRoot", type: "bytes32" },
  { name: "cidCodec", type: "uint256" },
  { name: "cidDigest", type: "bytes32" },
] as const;
