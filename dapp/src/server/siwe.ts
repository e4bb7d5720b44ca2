import { createPublicClient, http, type Address, type Hex } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";
import { NONCE_TTL_MS, SESSION_TTL_MS, type SessionData } from "./session";

/** A sign-in the server refuses, with the sentence shown to the user. */
export class SignInError extends Error {}

export interface SignInExpectations {
  /** Host the app is served from (the request's Host header): the message must name it. */
  domain: string;
  chainId: number;
  now: number;
}

/**
 * Checks a SIWE message against the pending nonce and what this server expects, before any signature
 * work: the domain and chain are bound, the nonce is this session's and fresh, and the message expires
 * no later than the session would.
 */
export function checkSiweMessage(message: string, session: SessionData, expected: SignInExpectations) {
  const fields = parseSiweMessage(message);
  if (!fields.address || !fields.nonce || !fields.domain || !fields.chainId) {
    throw new SignInError("The sign-in message is incomplete.");
  }
  if (!session.nonce || !session.nonceIssuedAt) throw new SignInError("No sign-in was started in this browser; try again.");
  if (expected.now - session.nonceIssuedAt > NONCE_TTL_MS) throw new SignInError("The sign-in request expired; try again.");
  if (fields.nonce !== session.nonce) throw new SignInError("The sign-in message does not match this session's nonce.");
  if (fields.domain !== expected.domain) throw new SignInError(`The message is for ${fields.domain}, not ${expected.domain}.`);
  if (fields.chainId !== expected.chainId) {
    throw new SignInError(`The message is for chain ${fields.chainId}; this app runs on chain ${expected.chainId}.`);
  }
  const expiresAt = fields.expirationTime?.getTime();
  if (expiresAt === undefined) throw new SignInError("The sign-in message has no expiry.");
  if (expiresAt <= expected.now) throw new SignInError("The sign-in message has already expired.");
  return { address: fields.address, chainId: fields.chainId, expiresAt: Math.min(expiresAt, expected.now + SESSION_TTL_MS) };
}

/** Verifies the signature over the message (EOAs, and ERC-1271/6492 smart wallets through the chain). */
export async function verifySiweSignature(rpcUrl: string, message: string, signature: Hex, address: Address): Promise<void> {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 10_000 }) });
  const valid = await verifySiweMessage(client, { message, signature, address });
  if (!valid) throw new SignInError("The signature does not match the message and address.");
}
