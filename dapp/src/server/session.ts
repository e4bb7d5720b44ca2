import { cookies } from "next/headers";
import { getIronSession, type SessionOptions } from "iron-session";
import type { Address } from "viem";

/**
 * The SIWE session, sealed in an httpOnly cookie by iron-session. Before sign-in it holds the pending
 * nonce (one use, with its issue time); after verification, the signed-in address, chain and expiry.
 */
export interface SessionData {
  nonce?: string;
  nonceIssuedAt?: number;
  address?: Address;
  chainId?: number;
  /** Unix ms after which the session is no longer accepted. */
  expiresAt?: number;
}

export const SESSION_COOKIE = "cowatt_session";
/** How long a signed-in session lasts; the SIWE message states the same expiry. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a nonce may wait for its signature. */
export const NONCE_TTL_MS = 10 * 60 * 1000;

const DEV_SECRET = "cowatt-development-only-session-secret-do-not-use-in-production";

function sessionSecret(): string {
  const secret = process.env.COWATT_SESSION_SECRET;
  if (secret) {
    if (secret.length < 32) throw new Error("COWATT_SESSION_SECRET must be at least 32 characters.");
    return secret;
  }
  if (process.env.NODE_ENV === "production" && process.env.COWATT_ALLOW_DEV_SECRET !== "1") {
    throw new Error("Set COWATT_SESSION_SECRET (32+ characters) to sign sessions in production.");
  }
  return DEV_SECRET;
}

export function sessionOptions(): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: sessionSecret(),
    ttl: SESSION_TTL_MS / 1000,
    cookieOptions: {
      httpOnly: true,
      sameSite: "lax",
      secure: process.env.COWATT_INSECURE_COOKIES === "1" ? false : process.env.NODE_ENV === "production",
      path: "/",
    },
  };
}

export async function getSession() {
  return getIronSession<SessionData>(await cookies(), sessionOptions());
}

/** The signed-in address, or null when there is no live session. */
export async function sessionAddress(): Promise<Address | null> {
  const session = await getSession();
  if (!session.address || !session.expiresAt || session.expiresAt < Date.now()) return null;
  return session.address;
}
