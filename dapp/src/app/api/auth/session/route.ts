import { getSession } from "@/server/session";

/** The signed-in address (null when signed out or expired). */
export async function GET() {
  const session = await getSession();
  const live = session.address && session.expiresAt && session.expiresAt > Date.now();
  return Response.json(
    live ? { address: session.address, chainId: session.chainId, expiresAt: session.expiresAt } : { address: null },
    { headers: { "cache-control": "no-store" } },
  );
}
