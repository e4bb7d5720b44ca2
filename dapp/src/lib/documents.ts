/**
 * Content addressing of platform documents (asset metadata, operator uploads, proposal texts), shared by the
 * browser (shows a CID before upload) and the document routes (store and serve by CID). The seed and every
 * upload use CIDv1, raw codec, sha2-256 in base32 ("bafkrei…"): what IPFS gives the same bytes added with raw
 * leaves. Whatever serves the bytes (the local folder or a gateway), they are checked against the CID.
 */
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

const DAG_JSON_CODEC = 0x0129;

export async function cidOfBytes(bytes: Uint8Array): Promise<string> {
  return CID.create(1, raw.code, await sha256.digest(bytes)).toString();
}

/** The canonical bytes of a JSON document (what is hashed and stored). */
export function documentBytes(document: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(document, null, 2));
}

/** Any valid CID (e.g. an invoice pinned elsewhere). */
export function isCid(text: string): boolean {
  try {
    CID.parse(text);
    return true;
  } catch {
    return false;
  }
}

export interface DocumentCid {
  codec: number;
  /** sha2-256 digest the content must hash to. */
  digest: Uint8Array;
}

/**
 * A CID whose bytes this platform can verify: v1, raw or dag-json, sha2-256, written in its canonical form (so
 * it is safe as a file name). Null for anything else: paths, CIDv0, other hashes, truncated or re-cased CIDs.
 */
export function parseDocumentCid(text: string): DocumentCid | null {
  if (text.length > 120) return null;
  let cid: CID;
  try {
    cid = CID.parse(text);
  } catch {
    return null;
  }
  if (cid.version !== 1 || cid.toString() !== text) return null;
  if (cid.code !== raw.code && cid.code !== DAG_JSON_CODEC) return null;
  if (cid.multihash.code !== sha256.code || cid.multihash.digest.length !== 32) return null;
  return { codec: cid.code, digest: cid.multihash.digest };
}
