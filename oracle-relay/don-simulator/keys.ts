/**
 * Keys of the simulated DON on a development chain: each node has an OCR signing key and a separate
 * transmitter account (OCR2 forbids one address in both roles). Derived from a public label, so they are
 * known to anyone: DEVELOPMENT ONLY.
 */
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";

export interface DonKeys {
  signerKeys: Hex[];
  transmitterKeys: Hex[];
  /** Faulty nodes tolerated; the coordinator needs n > 3f. */
  f: number;
}

export const DEV_DON_SIZE = 4;

export function devDonKeys(size = DEV_DON_SIZE, label = "cowatt-dev-don"): DonKeys {
  const key = (role: string, index: number) => keccak256(toHex(`${label}/${role}/${index}`));
  return {
    signerKeys: Array.from({ length: size }, (_, i) => key("signer", i)),
    transmitterKeys: Array.from({ length: size }, (_, i) => key("transmitter", i)),
    f: Math.max(1, Math.floor((size - 1) / 3)),
  };
}

export function addressesOf(keys: readonly Hex[]) {
  return keys.map((key) => privateKeyToAddress(key));
}
