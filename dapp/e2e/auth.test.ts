/**
 * Connect through RainbowKit's modal with the injected test wallet, sign in with Ethereum, use the
 * session (profile page and API), then disconnect and check the session is gone.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { collectPageErrors, holdLazyScripts, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn, disconnect } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet, type TestWallet } from "./wallet.ts";

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let wallet: TestWallet;
let pageErrors: string[];

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  // Test account #7: Jonas Becker, a KYC'd investor from Germany in the demo seed.
  wallet = await injectWallet(browser.context, { account: devAccount(7), rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  page = await browser.context.newPage();
  pageErrors = collectPageErrors(page);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

async function sessionApi(): Promise<{ address: string | null; chainId?: number; expiresAt?: number }> {
  const response = await browser.context.request.get(`${stack.appUrl}/api/auth/session`);
  return (await response.json()) as { address: string | null };
}

describe("wallet connection and SIWE session", () => {
  it("refuses the profile API without a session", async () => {
    const response = await browser.context.request.get(`${stack.appUrl}/api/profile`);
    assert.equal(response.status(), 401);
    assert.match(((await response.json()) as { error: string }).error, /Sign in/);
    assert.deepEqual(await sessionApi(), { address: null });
  });

  it("connects through RainbowKit's modal and signs in with Ethereum, even when Connect is clicked before the wallet code has loaded", async () => {
    // The wallet UI (RainbowKit) is not in the first-load JavaScript: hold it back, act, then let it arrive.
    const lazyScripts = await holdLazyScripts(page, stack.appUrl);
    // Not "load": held scripts hold the load event back.
    await page.goto(stack.appUrl, { waitUntil: "domcontentloaded" });
    // The placeholder button is enabled once hydrated; the click asks for the wallet code.
    await page.getByRole("button", { name: "Connect Wallet" }).first().click();
    await lazyScripts.firstHeld();
    const search = page.getByLabel("Search assets");
    await search.fill("wind");
    assert.equal(await page.getByRole("dialog").count(), 0, "no modal before the wallet code is there");
    await lazyScripts.release();
    await page.getByRole("dialog").getByRole("button", { name: /Browser Wallet/ }).waitFor();
    assert.equal(await search.inputValue(), "wind", "the page kept what was typed when the wallet UI arrived");
    await connectAndSignIn(page);
    assert.ok(wallet.requests.includes("eth_requestAccounts"), "the dApp asked the wallet for accounts");

    const session = await sessionApi();
    assert.equal(session.address?.toLowerCase(), wallet.account.address.toLowerCase());
    assert.equal(session.chainId, stack.record.chainId);
    assert.ok(session.expiresAt! > Date.now(), "the session has an expiry in the future");
    assert.ok(wallet.requests.includes("personal_sign"), "the SIWE message was signed");
    const cookie = (await browser.context.cookies(stack.appUrl)).find((c) => c.name === "cowatt_session");
    assert.ok(cookie, "the session cookie is set");
    assert.equal(cookie.httpOnly, true, "the session cookie is httpOnly");
    assert.equal(await page.evaluate(() => document.cookie.includes("cowatt_session")), false, "scripts cannot read it");
  });

  it("shows a wrong-network banner and switches back", async () => {
    await wallet.switchChain(page, 1);
    const banner = page.getByRole("alert").filter({ hasText: "Wrong network" });
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? "", /chain 1;.*chain 31337/);
    await page.getByRole("button", { name: "Chain Selector" }).filter({ hasText: "Wrong network" }).first().waitFor(); // RainbowKit's header button
    await screenshots(page, "wrong-network");
    await banner.getByRole("button", { name: /Switch to/ }).click();
    await banner.waitFor({ state: "detached" });
    assert.ok(wallet.requests.includes("wallet_switchEthereumChain"));
    assert.equal((await sessionApi()).address?.toLowerCase(), wallet.account.address.toLowerCase(), "still signed in");
  });

  it("rejects a replayed nonce and a message for another domain", async () => {
    const response = await browser.context.request.post(`${stack.appUrl}/api/auth/verify`, {
      data: { message: "example.org wants you to sign in with your Ethereum account:\n0x0000000000000000000000000000000000000001\n\nURI: https://example.org\nVersion: 1\nChain ID: 31337\nNonce: aaaaaaaaaaaaaaaa\nIssued At: 2026-01-01T00:00:00.000Z", signature: "0x00" },
    });
    assert.equal(response.status(), 401);
    // A failed attempt must not sign the user out.
    assert.equal((await sessionApi()).address?.toLowerCase(), wallet.account.address.toLowerCase());
  });

  it("keeps a profile for the signed-in wallet and reports invalid input per field", async () => {
    await page.getByRole("link", { name: "Profile" }).first().click();
    await page.getByLabel("Display name").fill("Jonas B.");
    await page.getByLabel(/E-mail/).fill("not-an-email");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText(/Enter an e-mail address like/).waitFor();
    assert.equal(await page.getByLabel("Display name").inputValue(), "Jonas B.", "what the user typed is kept");
    await page.getByLabel(/E-mail/).fill("jonas@example.org");
    await page.getByLabel("Governance").uncheck();
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Profile saved.").waitFor();
    const stored = (await (await browser.context.request.get(`${stack.appUrl}/api/profile`)).json()) as {
      displayName: string; email: string; notifications: Record<string, boolean>;
    };
    assert.equal(stored.displayName, "Jonas B.");
    assert.equal(stored.email, "jonas@example.org");
    assert.deepEqual(stored.notifications, { distributions: true, governance: false, orderFills: true });
    await screenshots(page, "profile");
  });

  it("signs out on disconnect", async () => {
    await page.goto(stack.appUrl);
    await disconnect(page, wallet.account.address);
    for (let i = 0; i < 50 && (await sessionApi()).address !== null; i++) await page.waitForTimeout(100);
    assert.deepEqual(await sessionApi(), { address: null });
    assert.equal((await browser.context.request.get(`${stack.appUrl}/api/profile`)).status(), 401);
    assert.deepEqual(pageErrors, []);
  });
});
