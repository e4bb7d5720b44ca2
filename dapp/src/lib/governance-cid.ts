/**
 * Content identifiers for proposal documents: CIDv1, raw codec, sha2-256, base32 — the form the seed
 * (multiformats) writes and any IPFS node returns for `ipfs add --raw-leaves --cid-version 1` of a small file.
 * Computed here so the document route can store uploads under their CID and check files it serves.
 */
const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const CID_V1 = 0x01;
const RAW_CODEC = 0x55;
const SHA2_256 = 0x12;
const DIGEST_LENGTH = 0x20;

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** The raw-leaf CIDv1 (multibase prefix "b") of `bytes`. */
export async function rawCid(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  const cid = new Uint8Array(4 + digest.length);
  cid.set([CID_V1, RAW_CODEC, SHA2_256, DIGEST_LENGTH]);
  cid.set(digest, 4);
  return `b${base32(cid)}`;
}
