/**
 * The one document store of the dApp: asset metadata (seed, operator console) and proposal texts, by CID.
 * Reads come from the IPFS gateway of NEXT_PUBLIC_IPFS_GATEWAY when set, else from the metadata folder
 * (COWATT_METADATA_DIR; by default deployments/metadata, the `metadata/` folder beside the records folder of
 * COWATT_DEPLOYMENT_FILE, where the seed writes). Writes go to the IPFS node of COWATT_IPFS_API_URL when set (Kubo's /api/v0/add, which must
 * name the bytes with the same CID), else to that folder. Every document served is checked against its CID.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { deploymentPath } from "@cowatt/deployments";
import { cidOfBytes, parseDocumentCid } from "@/lib/documents";

/** Largest document served (an asset's metadata with its embedded uploads). */
export const MAX_SERVED_BYTES = 5 * 1024 * 1024;

export function metadataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COWATT_METADATA_DIR) return env.COWATT_METADATA_DIR;
  if (env.COWATT_DEPLOYMENT_FILE) return join(dirname(env.COWATT_DEPLOYMENT_FILE), "..", "metadata");
  return join(dirname(dirname(deploymentPath(env.COWATT_NETWORK ?? "localhost"))), "metadata");
}

export type DocumentRead = { ok: true; bytes: Uint8Array } | { ok: false; status: number; error: string };

export async function readDocument(cid: string, env: NodeJS.ProcessEnv = process.env): Promise<DocumentRead> {
  const parsed = parseDocumentCid(cid);
  if (!parsed) return { ok: false, status: 400, error: "That is not a CoWatt document address (CIDv1, sha2-256)." };
  let bytes: Uint8Array;
  const gateway = env.NEXT_PUBLIC_IPFS_GATEWAY;
  if (gateway) {
    const response = await fetch(`${gateway.replace(/\/$/, "")}/ipfs/${cid}`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
    if (!response) return { ok: false, status: 502, error: "The IPFS gateway cannot be reached." };
    if (!response.ok) return { ok: false, status: response.status === 404 ? 404 : 502, error: `The IPFS gateway answered HTTP ${response.status}.` };
    bytes = new Uint8Array(await response.arrayBuffer());
  } else {
    try {
      bytes = new Uint8Array(await readFile(join(metadataDir(env), `${cid}.json`)));
    } catch {
      return { ok: false, status: 404, error: "This document is not stored on this server." };
    }
  }
  if (bytes.byteLength > MAX_SERVED_BYTES) return { ok: false, status: 502, error: "The document is too large." };
  if (!createHash("sha256").update(bytes).digest().equals(Buffer.from(parsed.digest))) {
    return { ok: false, status: 502, error: "The document does not match its address (CID); it was not shown." };
  }
  return { ok: true, bytes };
}

/** Stores a document under its CID (what `ipfs add --raw-leaves --cid-version 1` returns) and answers it. */
export async function storeDocument(bytes: Uint8Array, env: NodeJS.ProcessEnv = process.env): Promise<{ cid: string; stored: "ipfs" | "file" }> {
  const cid = await cidOfBytes(bytes);
  const api = env.COWATT_IPFS_API_URL;
  if (api) {
    const form = new FormData();
    form.append("file", new Blob([bytes as BlobPart]), `${cid}.json`);
    const response = await fetch(`${api.replace(/\/$/, "")}/api/v0/add?cid-version=1&raw-leaves=true&pin=true`, { method: "POST", body: form });
    if (!response.ok) throw new Error(`the IPFS node answered HTTP ${response.status}`);
    const added = (await response.json()) as { Hash?: string };
    if (added.Hash !== cid) throw new Error(`the IPFS node named the document ${added.Hash}, expected ${cid}`);
    return { cid, stored: "ipfs" };
  }
  const directory = metadataDir(env);
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${cid}.json`);
  // Written aside and renamed, so a reader never sees half a document.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return { cid, stored: "file" };
}
