import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isCid } from "@/lib/operator-documents";
import { metadataDir } from "@/server/document-store";

/** A stored metadata document by CID (the local store; an IPFS gateway serves the same bytes elsewhere). */
export async function GET(_request: Request, { params }: { params: Promise<{ cid: string }> }) {
  const { cid } = await params;
  if (!isCid(cid)) return Response.json({ error: "Not a CID." }, { status: 400 });
  try {
    return new Response(await readFile(join(metadataDir(), `${cid}.json`)), { headers: { "content-type": "application/json", "cache-control": "public, max-age=31536000, immutable" } });
  } catch {
    return Response.json({ error: `No document ${cid} is stored here.` }, { status: 404 });
  }
}
