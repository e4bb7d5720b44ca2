import { generateSiweNonce } from "viem/siwe";
import { getSession } from "@/server/session";

/** Issues a one-use nonce and keeps it in the sealed session cookie until the signed message comes back. */
export async function GET() {
  const session = await getSession();
  session.nonce = generateSiweNonce();
  session.nonceIssuedAt = Date.now();
  await session.save();
  return new Response(session.nonce, { headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}
