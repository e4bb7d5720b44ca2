import { describe, expect, it } from "vitest";
import { createSiweMessage, generateSiweNonce } from "viem/siwe";
import { checkSiweMessage, SignInError } from "./siwe";
import { NONCE_TTL_MS, SESSION_TTL_MS } from "./session";

const address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const now = Date.UTC(2026, 10, 28, 12);

function message(overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}) {
  return createSiweMessage({
    domain: "app.cowatt.test", uri: "https://app.cowatt.test", address, chainId: 31337, nonce: "abcdefgh12345678", version: "1",
    issuedAt: new Date(now), expirationTime: new Date(now + 3_600_000), ...overrides,
  });
}

const session = { nonce: "abcdefgh12345678", nonceIssuedAt: now - 1000 };
const expected = { domain: "app.cowatt.test", chainId: 31337, now };

describe("checkSiweMessage", () => {
  it("accepts a message bound to this domain, chain and nonce", () => {
    expect(checkSiweMessage(message(), session, expected)).toEqual({ address, chainId: 31337, expiresAt: now + 3_600_000 });
  });

  it("caps the session at the server's lifetime", () => {
    const long = message({ expirationTime: new Date(now + 10 * SESSION_TTL_MS) });
    expect(checkSiweMessage(long, session, expected).expiresAt).toBe(now + SESSION_TTL_MS);
  });

  it("refuses another domain, chain, nonce, a stale nonce, no expiry and an expired message", () => {
    const refuse = (msg: string, s = session) => expect(() => checkSiweMessage(msg, s, expected)).toThrow(SignInError);
    refuse(message({ domain: "evil.test" }));
    refuse(message({ chainId: 1 }));
    refuse(message({ nonce: generateSiweNonce() }));
    refuse(message(), { nonce: session.nonce, nonceIssuedAt: now - NONCE_TTL_MS - 1 });
    refuse(message(), {} as typeof session);
    refuse(message({ expirationTime: undefined }));
    refuse(message({ expirationTime: new Date(now - 1) }));
  });
});
