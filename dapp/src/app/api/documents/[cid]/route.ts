import { readDocument } from "@/server/documents";

/** GET /api/documents/<cid>: a platform document (asset metadata, proposal text), checked against its CID. */
export async function GET(_request: Request, { params }: { params: Promise<{ cid: string }> }) {
  const result = await readDocument((await params).cid);
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  return new Response(Buffer.from(result.bytes), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      // Content-addressed: the bytes behind a CID never change.
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}
