// CIDv1 strings from the (multicodec, sha2-256 digest) pair the ProductionOracle records for a batch file.
import { BigInt, ByteArray, Bytes } from "@graphprotocol/graph-ts";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const SHA2_256: i32 = 0x12;

function pushVarint(out: Array<u8>, value: u64): void {
  let v = value;
  while (v >= 0x80) {
    out.push(<u8>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push(<u8>v);
}

/** RFC 4648 base32, lowercase, unpadded (multibase "b"). */
function base32(bytes: Array<u8>): string {
  let out = "";
  let buffer: u32 = 0;
  let bits: i32 = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = (buffer << 8) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt(<i32>((buffer >> <u32>(bits - 5)) & 31));
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32.charAt(<i32>((buffer << <u32>(5 - bits)) & 31));
  return out;
}

/** "b" + base32(0x01 ++ varint(codec) ++ 0x12 ++ 0x20 ++ digest): the CID string IPFS tools print for CIDv1. */
export function cidV1(codec: BigInt, sha256Digest: Bytes): string {
  const bytes = new Array<u8>();
  pushVarint(bytes, 1);
  pushVarint(bytes, codec.toU64());
  pushVarint(bytes, SHA2_256);
  pushVarint(bytes, <u64>sha256Digest.length);
  const digest = changetype<ByteArray>(sha256Digest);
  for (let i = 0; i < digest.length; i++) bytes.push(digest[i]);
  return "b" + base32(bytes);
}
