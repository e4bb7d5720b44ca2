import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cidOfBytes } from "@/lib/operator-documents";

/**
 * Stores a metadata document by its CID: on the IPFS node of COWATT_IPFS_API_URL when configured (Kubo's
 * /api/v0/add with CIDv1 raw leaves, which must give the same CID), else in COWATT_METADATA_DIR (default
 * <repo>/deployments/metadata, where the seed keeps its documents) as <cid>.json.
 */
export function metadataDir(): string {
  return process.env.COWATT_METADATA_DIR ?? join(process.cwd(), "..", "deployments", "metadata");
}

export async function storeDocument(bytes: Uint8Array): Promise<{ cid: string; stored: "ipfs" | "file" }> {
  const cid = await cidOfBytes(bytes);
  const api = process.env.COWATT_IPFS_API_URL;
  if (api) {
    const form = new FormData();
    form.append("file", new Blob([bytes as BlobPart]), `${cid}.json`);
    const response = await fetch(`${api.replace(/\/$/, "")}/api/v0/add?cid-version=1&raw-leaves=true&pin=true`, { method: "POST", body: form });
    if (!response.ok) throw new Error(`the IPFS node answered HTTP ${response.status}`);
    const added = (await response.json()) as { Hash?: string };
    if (added.Hash !== cid) throw new Error(`the IPFS node named the document ${added.Hash}, expected ${cid}`);
    return { cid, stored: "ipfs" };
  }
  const directory = metadataDir();
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${cid}.json`);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return { cid, stored: "file" };
}
