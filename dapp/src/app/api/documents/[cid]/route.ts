/**
 * Serves an asset document by its CID: from an IPFS gateway when NEXT_PUBLIC_IPFS_GATEWAY is set, else from
 * the folder the deployment's seed and console write documents to (COWATT_METADATA_DIR; by default
 * `metadata/` beside COWATT_DEPLOYMENT_FILE, else deployments/metadata). The bytes are verified against the
 * CID either way, so a wrong gateway or a tampered file is refused rather than shown.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { deploymentPath } from "@cowatt/deployments";
import { parseCid } from "@/lib/asset-documents";

const MAX_BYTES = 5 * 1024 * 1024;

function metadataDir(): string {
  if (process.env.COWATT_METADATA_DIR) return process.env.COWATT_METADATA_DIR;
  if (process.env.COWATT_DEPLOYMENT_FILE) return join(dirname(process.env.COWATT_DEPLOYMENT_FILE), "metadata");
  return join(dirname(dirname(deploymentPath(process.env.COWATT_NETWORK ?? "localhost"))), "metadata");
}

async function fromGateway(gateway: string, cid: string): Promise<Uint8Array | Response> {
  const url = `${gateway.replace(/\/$/, "")}/ipfs/${cid}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
  if (!response) return Response.json({ error: "The IPFS gateway cannot be reached." }, { status: 502 });
  if (!response.ok) return Response.json({ error: `The IPFS gateway answered HTTP ${response.status}.` }, { status: 502 });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_BYTES) return Response.json({ error: "The document is too large." }, { status: 502 });
  return bytes;
}

async function fromFolder(cid: string): Promise<Uint8Array | Response> {
  try {
    return new Uint8Array(await readFile(join(metadataDir(), `${cid}.json`)));
  } catch {
    return Response.json({ error: "This document is not stored on this server." }, { status: 404 });
  }
}

export async function GET(_request: Request, { params }: { params: Promise<{ cid: string }> }) {
  const { cid } = await params;
  const parsed = parseCid(cid);
  if (!parsed) return Response.json({ error: "That is not a CoWatt document address (CIDv1, sha2-256)." }, { status: 400 });
  const gateway = process.env.NEXT_PUBLIC_IPFS_GATEWAY;
  const bytes = gateway ? await fromGateway(gateway, cid) : await fromFolder(cid);
  if (bytes instanceof Response) return bytes;
  const digest = createHash("sha256").update(bytes).digest();
  if (!digest.equals(Buffer.from(parsed.digest))) {
    return Response.json({ error: "The document does not match its on-chain address (CID); it was not shown." }, { status: 502 });
  }
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      // Content-addressed: the bytes behind a CID never change.
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}
