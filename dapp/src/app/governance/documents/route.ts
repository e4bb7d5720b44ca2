import { withSession } from "@/server/require-session";
import { parseProposalDocument } from "@/lib/governance";
import { documentBytes } from "@/lib/documents";
import { storeDocument } from "@/server/documents";

/** Largest proposal text accepted (its attachments are linked, not embedded). */
const MAX_DOCUMENT_BYTES = 64 * 1024;

/**
 * POST /governance/documents: stores a proposal document ({ title, body, attachments? }) for a signed-in
 * wallet and answers its CID; the proposal's description is then `ipfs://<cid>`.
 */
export async function POST(request: Request) {
  return withSession(async () => {
    const text = await request.text();
    if (new TextEncoder().encode(text).byteLength > MAX_DOCUMENT_BYTES) {
      return Response.json({ error: "The description is too long (64 kB at most)." }, { status: 413 });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return Response.json({ error: "The document is not valid JSON." }, { status: 400 });
    }
    const document = parseProposalDocument(json);
    if (!document || !document.title.trim() || !document.body.trim()) {
      return Response.json({ error: "A proposal needs a title and a description." }, { status: 400 });
    }
    try {
      const { cid } = await storeDocument(documentBytes(document));
      return Response.json({ cid, uri: `ipfs://${cid}` }, { status: 201 });
    } catch (error) {
      return Response.json({ error: `The description could not be stored: ${(error as Error).message}` }, { status: 502 });
    }
  });
}
