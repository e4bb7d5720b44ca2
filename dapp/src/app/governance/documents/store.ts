/**
 * Proposal documents by CID. Locally they live in the deployment's metadata directory (the seed writes them
 * there, named <cid>.json); with COWATT_IPFS_GATEWAY set they are read from that gateway instead. Every
 * document served is checked against its CID, so a wrong or tampered file is refused rather than shown.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { networksDir } from "@cowatt/deployments";
import { rawCid } from "@/lib/governance-cid";
import { isPlausibleCid } from "@/lib/governance";

/** Largest document accepted or served (a proposal's text, not its attachments). */
export const MAX_DOCUMENT_BYTES = 64 * 1024;

export function metadataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.COWATT_METADATA_DIR ?? join(networksDir, "..", "metadata");
}

export type DocumentRead = { ok: true; bytes: Uint8Array } | { ok: false; status: number; error: string };

export async function readDocument(cid: string, env: NodeJS.ProcessEnv = process.env): Promise<DocumentRead> {
  if (!isPlausibleCid(cid)) return { ok: false, status: 400, error: "That is not a content identifier (CID)." };
  let bytes: Uint8Array;
  const gateway = env.COWATT_IPFS_GATEWAY;
  if (gateway) {
    const response = await fetch(`${gateway.replace(/\/$/, "")}/ipfs/${cid}`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
    if (!response) return { ok: false, status: 502, error: "The IPFS gateway cannot be reached." };
    if (!response.ok) return { ok: false, status: response.status === 404 ? 404 : 502, error: `The IPFS gateway answered HTTP ${response.status}.` };
    bytes = new Uint8Array(await response.arrayBuffer());
  } else {
    try {
      bytes = new Uint8Array(await readFile(join(metadataDir(env), `${cid}.json`)));
    } catch {
      return { ok: false, status: 404, error: "No document with this CID is stored here." };
    }
  }
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) return { ok: false, status: 413, error: "The document is too large to show." };
  // Only raw-leaf CIDv1 documents can be checked here; others are served as the gateway returned them.
  if (cid.startsWith("bafkrei") && (await rawCid(bytes)) !== cid) {
    return { ok: false, status: 502, error: "The document does not match its CID." };
  }
  return { ok: true, bytes };
}

/** Stores a document under its CID (what `ipfs add` would return) and answers the CID. */
export async function storeDocument(bytes: Uint8Array, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const cid = await rawCid(bytes);
  const dir = metadataDir(env);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${cid}.json`), bytes);
  return cid;
}
