import type { Hex } from "viem";
import { readRuntimeConfig } from "@/server/config";
import { getSession } from "@/server/session";
import { checkSiweMessage, SignInError, verifySiweSignature } from "@/server/siwe";

/** Verifies a signed SIWE message: domain, chain, this session's nonce, expiry, then the signature. */
export async function POST(request: Request) {
  const body = (await request.json().catch(() => null)) as { message?: unknown; signature?: unknown } | null;
  if (typeof body?.message !== "string" || typeof body.signature !== "string" || !body.signature.startsWith("0x")) {
    return Response.json({ error: "Send the SIWE message and its signature." }, { status: 400 });
  }
  const session = await getSession();
  const config = readRuntimeConfig();
  try {
    const host = request.headers.get("host") ?? "";
    const checked = checkSiweMessage(body.message, session, { domain: host, chainId: config.chainId, now: Date.now() });
    await verifySiweSignature(config.rpcUrl, body.message, body.signature as Hex, checked.address);
    session.nonce = undefined; // one use, whatever happens next
    session.nonceIssuedAt = undefined;
    session.address = checked.address;
    session.chainId = checked.chainId;
    session.expiresAt = checked.expiresAt;
    await session.save();
    return Response.json({ address: checked.address, chainId: checked.chainId, expiresAt: checked.expiresAt });
  } catch (error) {
    session.nonce = undefined;
    session.nonceIssuedAt = undefined;
    await session.save();
    if (error instanceof SignInError) return Response.json({ error: error.message }, { status: 401 });
    return Response.json({ error: `Sign-in could not be verified: ${(error as Error).message}` }, { status: 502 });
  }
}
