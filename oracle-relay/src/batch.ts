/**
 * A gateway's signed batch (docs/metering-protocol.md): the root of its readings in batch order, the EIP-712
 * digest and the signer's recovery. Recovery uses the native libsecp256k1 binding when it loads (one recovery per
 * batch of up to 1,000 readings), viem's JavaScript otherwise. Reading types and the leaf encoding are the
 * protocol's shared definitions (@cowatt/deployments/metering).
 */
import { createRequire } from "node:module";
import { getAddress, hashTypedData, keccak256, recoverAddress, type Address, type Hex } from "viem";
import { readingBatchDomain, readingBatchTypes } from "@cowatt/deployments";
import type { Reading } from "@cowatt/deployments/metering";
import { fastReadingsRoot } from "./merkle.ts";

export type { Reading };

export interface SignedBatch {
  gateway: Address;
  assetId: bigint;
  batchSequence: bigint;
  readingsRoot: Hex;
  signature: Hex;
  readings: Reading[];
}

/**
 * StandardMerkleTree root of readings in the given order; zero bytes32 for none. Computed on the native keccak
 * (src/merkle.ts), which ingestion at 16,700 readings/s needs.
 */
export function readingsRoot(readings: readonly Reading[]): Hex {
  if (readings.length === 0) return `0x${"00".repeat(32)}`;
  return fastReadingsRoot(readings);
}

export function batchDigest(chainId: number, registry: Address, batch: Pick<SignedBatch, "gateway" | "assetId" | "batchSequence" | "readingsRoot"> & { readingCount: number }): Hex {
  return hashTypedData({
    domain: readingBatchDomain(chainId, registry),
    types: readingBatchTypes,
    primaryType: "ReadingBatch",
    message: {
      gateway: batch.gateway,
      assetId: batch.assetId,
      batchSequence: batch.batchSequence,
      readingCount: batch.readingCount,
      readingsRoot: batch.readingsRoot,
    },
  });
}

interface NativeSecp256k1 {
  ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed: boolean): Uint8Array;
}

let native: NativeSecp256k1 | null | undefined;
export function nativeSecp256k1(): NativeSecp256k1 | null {
  if (native === undefined) {
    try {
      native = createRequire(import.meta.url)("secp256k1/bindings") as NativeSecp256k1;
    } catch {
      native = null;
    }
  }
  return native;
}

const hexBytes = (hex: Hex) => Buffer.from(hex.slice(2), "hex");

/** The address that signed `digest`, or null for a malformed signature. */
export async function recoverSigner(digest: Hex, signature: Hex): Promise<Address | null> {
  const bytes = hexBytes(signature);
  if (bytes.length !== 65) return null;
  const v = bytes[64]!;
  const recid = v >= 27 ? v - 27 : v;
  if (recid !== 0 && recid !== 1) return null;
  const secp = nativeSecp256k1();
  try {
    if (secp) {
      const publicKey = secp.ecdsaRecover(bytes.subarray(0, 64), recid, hexBytes(digest), false);
      return getAddress(`0x${keccak256(publicKey.subarray(1)).slice(26)}`);
    }
    return await recoverAddress({ hash: digest, signature });
  } catch {
    return null;
  }
}
