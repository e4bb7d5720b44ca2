/**
 * Content addressing of metadata documents, shared by the browser (shows the CID before upload) and the route
 * handler (recomputes it from the bytes it stores): CIDv1, raw codec, sha2-256 — the CID IPFS gives the same
 * bytes added with raw leaves (as scripts/lib/seed.ts names the seeded documents).
 */
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

export async function cidOfBytes(bytes: Uint8Array): Promise<string> {
  return CID.create(1, raw.code, await sha256.digest(bytes)).toString();
}

/** The canonical bytes of a JSON document (what is hashed and stored). */
export function documentBytes(document: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(document, null, 2));
}

export function isCid(text: string): boolean {
  try {
    CID.parse(text);
    return true;
  } catch {
    return false;
  }
}
