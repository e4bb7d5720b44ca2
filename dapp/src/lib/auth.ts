// Type only: RainbowKit is loaded lazily (providers/wallet-layer), the adapter must not pull it into first load.
import type { createAuthenticationAdapter } from "@rainbow-me/rainbowkit";
import { createSiweMessage } from "viem/siwe";
import type { Address } from "viem";

export interface SessionInfo {
  address: Address | null;
  chainId?: number;
  expiresAt?: number;
}

export const SESSION_QUERY_KEY = ["siwe-session"] as const;
/** The expiry written into the SIWE message; the server caps the session to it. */
export const SIGN_IN_VALIDITY_MS = 24 * 60 * 60 * 1000;

export async function fetchSession(): Promise<SessionInfo> {
  const response = await fetch("/api/auth/session", { cache: "no-store" });
  if (!response.ok) throw new Error(`The session could not be read (HTTP ${response.status}).`);
  return (await response.json()) as SessionInfo;
}

/**
 * RainbowKit's SIWE adapter over the app's route handlers. `onChange` lets the provider refresh the
 * session query after sign-in and sign-out.
 */
export type AuthenticationAdapter = ReturnType<typeof createAuthenticationAdapter<string>>;

export function makeAuthenticationAdapter(onChange: () => void): AuthenticationAdapter {
  return {
    getNonce: async () => {
      const response = await fetch("/api/auth/nonce", { cache: "no-store" });
      if (!response.ok) throw new Error("The server did not issue a sign-in nonce.");
      return response.text();
    },
    createMessage: ({ nonce, address, chainId }) =>
      createSiweMessage({
        domain: window.location.host,
        uri: window.location.origin,
        address: address as Address,
        chainId,
        nonce,
        version: "1",
        statement: "Sign in to CoWatt. This request costs nothing and sends no transaction.",
        issuedAt: new Date(),
        expirationTime: new Date(Date.now() + SIGN_IN_VALIDITY_MS),
      }),
    verify: async ({ message, signature }) => {
      const response = await fetch("/api/auth/verify", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message, signature }),
      });
      onChange();
      return response.ok;
    },
    signOut: async () => {
      await fetch("/api/auth/logout", { method: "POST" });
      onChange();
    },
  };
}
