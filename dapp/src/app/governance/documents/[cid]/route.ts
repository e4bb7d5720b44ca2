import { readDocument } from "../store";

/** GET /governance/documents/<cid>: a proposal document, checked against its CID. */
export async function GET(_request: Request, { params }: { params: Promise<{ cid: string }> }) {
  const { cid } = await params;
  const result = await readDocument(cid);
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  return new Response(result.bytes as BodyInit, {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=31536000, immutable" },
  });
}
