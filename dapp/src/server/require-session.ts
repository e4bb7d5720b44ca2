import type { Address } from "viem";
import { sessionAddress } from "./session";

/** Runs a handler for the signed-in wallet, or answers 401 with what to do. */
export async function withSession(handler: (address: Address) => Promise<Response>): Promise<Response> {
  const address = await sessionAddress();
  if (!address) return Response.json({ error: "Sign in with your wallet to continue." }, { status: 401 });
  return handler(address);
}
