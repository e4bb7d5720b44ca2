import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS } from "@/lib/operator-wizard";
import { documentBytes } from "@/lib/documents";
import { storeDocument } from "@/server/documents";
import { withRole } from "@/server/roles";

const MAX_BODY = MAX_DOCUMENTS * MAX_DOCUMENT_BYTES * 1.4 + 64 * 1024;

/** Stores an asset's metadata document (asset providers only) and answers its CID. */
export async function POST(request: Request) {
  return withRole("ASSET_PROVIDER", async () => {
    const text = await request.text();
    if (text.length > MAX_BODY) return Response.json({ error: "The documents are too large (at most 2 MB each)." }, { status: 413 });
    let body: { document?: unknown; cid?: string };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return Response.json({ error: "The request is not JSON." }, { status: 400 });
    }
    if (!body.document || typeof body.document !== "object") return Response.json({ error: "No document to store." }, { status: 400 });
    const bytes = documentBytes(body.document);
    try {
      const { cid, stored } = await storeDocument(bytes);
      if (body.cid && body.cid !== cid) return Response.json({ error: `The document's CID is ${cid}, not ${body.cid}.` }, { status: 409 });
      return Response.json({ cid, stored, size: bytes.length });
    } catch (error) {
      return Response.json({ error: `The document could not be stored: ${(error as Error).message}` }, { status: 502 });
    }
  });
}
