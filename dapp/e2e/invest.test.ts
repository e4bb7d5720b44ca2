/**
 * Invest in the open solar offering from its asset page: the pre-check explains a refusal before anything
 * is signed (an unverified visitor; a purchase over the per-investor cap), then a KYC'd investor without
 * an allowance buys with a signed permit in one transaction, then again with approve + purchase. Asserts the escrow, the contribution and the
 * wallet balance on chain, the receipt and the ownership certificate on the page, and that the asset page
 * shows its specification, projection, production, distributions, order book and documents. Finally the operator
 * cancels the offering and the investor takes the refund.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { createWalletClient, http, type Address } from "viem";
import { abis } from "@cowatt/deployments";
import { formatEnergyKWh } from "../src/lib/format.ts";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet, type TestWallet } from "./wallet.ts";

const JONAS = 7; // KYC'd investor (DE) who has not bought solar shares
const VISITOR = 14; // wallet without KYC
const SOLAR_OPERATOR = 2;
const SHARES = 25n;

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let wallet: TestWallet;
let pageErrors: string[];
let solarId: string;
let offeringId: bigint;
let offering: { address: Address; abi: typeof abis.Offering };
let stablecoin: { address: Address; abi: typeof abis.DevStablecoin };

before(async () => {
  stack = await startStack();
  solarId = stack.seed.assetIds.solar.toString();
  offeringId = stack.seed.openOfferingId;
  offering = { address: stack.record.contracts.Offering.address, abi: abis.Offering };
  stablecoin = { address: stack.record.contracts.DevStablecoin.address, abi: abis.DevStablecoin };
  // The seed approved the offering for every investor; withdraw Jonas's allowance so the page must get one (permit).
  const jonas = createWalletClient({ account: devAccount(JONAS), transport: http(stack.rpcUrl) });
  const hash = await jonas.writeContract({ ...stablecoin, functionName: "approve", args: [offering.address, 0n], chain: null });
  await stack.chain.waitForTransactionReceipt({ hash });
  await stack.waitForIndexing();
  browser = await launchBrowser();
  wallet = await injectWallet(browser.context, { account: devAccount(JONAS), rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  page = await browser.context.newPage();
  pageErrors = collectPageErrors(page);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("invest", () => {
  it("explains why an unverified wallet cannot invest, before any signature", async () => {
    const visitorBrowser = await launchBrowser();
    try {
      const visitor = await injectWallet(visitorBrowser.context, { account: devAccount(VISITOR), rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
      const visitorPage = await visitorBrowser.context.newPage();
      await visitorPage.goto(`${stack.appUrl}/assets/${solarId}`);
      await visitorPage.getByTestId("invest-panel").waitFor();
      await connectAndSignIn(visitorPage);
      await visitorPage.getByLabel("Shares to buy").fill("10");
      await visitorPage.getByTestId("check-identity").filter({ hasText: "no verified identity yet" }).waitFor();
      assert.equal(await visitorPage.getByTestId("invest-submit").isDisabled(), true, "the buy button stays disabled");
      assert.equal(await stack.chain.readContract({ address: stack.record.contracts.IdentityRegistry.address, abi: abis.IdentityRegistry, functionName: "isVerified", args: [visitor.account.address] }), false);
      assert.ok(!visitor.requests.includes("eth_sendTransaction") && !visitor.requests.includes("eth_signTypedData_v4"), "nothing was sent or signed");
      await screenshots(visitorPage, "invest-precheck-unverified");
    } finally {
      await visitorBrowser.close();
    }
  });

  it("shows the asset: specification, projection, production, distributions, order book and documents", async () => {
    await page.goto(`${stack.appUrl}/assets/${solarId}`);
    await page.getByRole("heading", { level: 1, name: "Sol de Castilla 5 MW" }).waitFor();
    await page.getByTestId("asset-description").filter({ hasText: "single-axis trackers" }).waitFor(); // the CID-checked document
    assert.equal(await page.getByTestId("spec-price").textContent(), "€100.00");
    const spec = await stack.chain.readContract({ address: stack.record.contracts.EnergyAsset.address, abi: abis.EnergyAsset, functionName: "assetSpec", args: [BigInt(solarId)] });
    const grouped = (n: bigint | number) => new Intl.NumberFormat("en-GB").format(n);
    assert.equal(await page.getByTestId("spec-shares").textContent(), `${grouped(spec.totalShares)} (0 issued)`, "nothing is minted before delivery");
    // Projection: €1,000 buys 10 shares; their output is 10 / total shares of the registered yield estimate.
    assert.match((await page.getByTestId("projection-shares").textContent()) ?? "", /^10 \(€1,000\.00\)$/);
    const kwh = Math.round((Number(spec.expectedAnnualKWh) * 10) / Number(spec.totalShares));
    assert.equal(await page.getByTestId("projection-kwh").textContent(), `${formatEnergyKWh(kwh, { locale: "en-GB" })}/yr`);
    await page.getByLabel(/^Energy price/).fill("abc");
    await page.getByText("Energy price must be a number.").waitFor();
    await page.getByLabel(/^Energy price/).fill("100");
    await page.getByTestId("projection-yield").waitFor();
    await page.getByTestId("document-list").getByText("PVsyst energy yield report").waitFor();
    const metadata = await page.request.get(`${stack.appUrl}${await page.getByTestId("metadata-link").getAttribute("href")}`);
    assert.equal(metadata.status(), 200);
    assert.equal((await page.request.get(`${stack.appUrl}/api/documents/..%2F..%2Fpackage.json`)).status(), 400);
    const badId = await page.request.get(`${stack.appUrl}/assets/not-a-number`);
    assert.equal(badId.status(), 200, "a malformed asset address gets a page, not a server error");
    assert.match(await badId.text(), /No such asset/);

    // The producing wind turbine's chart, in a tab of its own (the tests below go on from the solar page): daily
    // bars, hourly after choosing it with the arrow keys, daily again with a click.
    const windPage = await browser.context.newPage();
    try {
      const windErrors = collectPageErrors(windPage);
      await windPage.goto(`${stack.appUrl}/assets/${stack.seed.assetIds.wind}`);
      const chart = windPage.getByTestId("production-chart");
      await chart.waitFor();
      assert.equal(await chart.locator("rect").count(), 90, "90 daily bars");
      const resolution = windPage.getByRole("radiogroup", { name: "Chart resolution" });
      await resolution.getByRole("radio", { name: "Daily" }).focus();
      await windPage.keyboard.press("ArrowRight");
      assert.equal(await resolution.getByRole("radio", { name: "Hourly" }).isChecked(), true);
      await windPage.waitForFunction(() => document.querySelectorAll("[data-testid=production-chart] rect").length === 48);
      await resolution.getByRole("radio", { name: "Daily" }).click();
      await windPage.waitForFunction(() => document.querySelectorAll("[data-testid=production-chart] rect").length === 90);
      assert.deepEqual(windErrors, []);
    } finally {
      await windPage.close();
    }
  });

  it("refuses a purchase over the per-investor cap with the reason, before any signature", async () => {
    await connectAndSignIn(page);
    await page.getByLabel("Shares to buy").fill("5001");
    await page.getByTestId("check-offering").filter({ hasText: "One investor may buy at most 5,000 shares" }).waitFor();
    assert.equal(await page.getByTestId("invest-submit").isDisabled(), true);
    assert.ok(!wallet.requests.includes("eth_sendTransaction"));
  });

  it("buys with a permit: shares in escrow on chain, the receipt and the certificate on the page", async () => {
    const [escrowBefore, balanceBefore, stateBefore] = await Promise.all([
      stack.chain.readContract({ ...offering, functionName: "escrowBalance" }),
      stack.chain.readContract({ ...stablecoin, functionName: "balanceOf", args: [wallet.account.address] }),
      stack.chain.readContract({ ...offering, functionName: "state", args: [offeringId] }),
    ]);
    await page.getByLabel("Shares to buy").fill(SHARES.toString());
    assert.equal(await page.getByTestId("invest-cost").textContent(), "Total €2,500.00");
    await page.getByTestId("check-funds").filter({ hasText: "You have" }).waitFor();
    await page.getByTestId("check-asset").filter({ hasText: "You may hold these shares" }).waitFor();
    const submit = page.getByTestId("invest-submit");
    assert.equal(await submit.textContent(), "Sign permit and buy");
    await submit.click();
    await page.getByTestId("purchase-receipt").waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId("tx-status").getAttribute("data-phase"), "confirmed");
    assert.match((await page.getByTestId("tx-status").locator("[title]").getAttribute("title")) ?? "", /^0x[0-9a-f]{64}$/, "the transaction hash is shown");

    const cost = SHARES * 100_000_000n;
    const [escrowAfter, balanceAfter, contribution, stateAfter] = await Promise.all([
      stack.chain.readContract({ ...offering, functionName: "escrowBalance" }),
      stack.chain.readContract({ ...stablecoin, functionName: "balanceOf", args: [wallet.account.address] }),
      stack.chain.readContract({ ...offering, functionName: "contribution", args: [offeringId, wallet.account.address] }),
      stack.chain.readContract({ ...offering, functionName: "state", args: [offeringId] }),
    ]);
    assert.equal(escrowAfter - escrowBefore, cost, "the payment is held in the offering's escrow");
    assert.equal(balanceBefore - balanceAfter, cost, "the wallet paid exactly the cost");
    assert.deepEqual(contribution, { shares: SHARES, paid: cost, settled: false });
    assert.equal(stateAfter.sharesSold - stateBefore.sharesSold, SHARES);
    assert.equal(wallet.requests.filter((m) => m === "eth_signTypedData_v4").length, 1, "one permit signature");
    assert.equal(wallet.requests.filter((m) => m === "eth_sendTransaction").length, 1, "one transaction (purchaseWithPermit)");

    assert.equal(await page.getByTestId("receipt-shares").textContent(), "25");
    assert.equal(await page.getByTestId("receipt-cost").textContent(), "€2,500.00");
    await screenshots(page, "invest-receipt");

    await stack.waitForIndexing();
    await page.getByRole("link", { name: "View ownership certificate" }).click();
    await page.getByTestId("ownership-certificate").waitFor();
    assert.equal(await page.getByTestId("certificate-shares").textContent(), "25 shares");
    assert.equal(await page.getByTestId("certificate-cost").textContent(), "€2,500.00");
    assert.equal((await page.getByTestId("certificate-investor").textContent())?.toLowerCase(), wallet.account.address.toLowerCase());
    await page.getByTestId("certificate-status").filter({ hasText: "Held in escrow" }).waitFor();
    await screenshots(page, "invest-certificate");
  });

  it("counts the purchase against the cap afterwards and ran without page errors", async () => {
    await page.goto(`${stack.appUrl}/assets/${solarId}`);
    await page.getByLabel("Shares to buy").fill("5000");
    await page.getByTestId("check-offering").filter({ hasText: "already bought 25 shares" }).waitFor();
    await screenshots(page, "invest-asset");
  });

  it("buys with approve + purchase when the investor prefers a separate approval", async () => {
    const before = await stack.chain.readContract({ ...offering, functionName: "contribution", args: [offeringId, wallet.account.address] });
    const sentBefore = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await page.getByLabel("Shares to buy").fill("5");
    await page.getByLabel(/Pay with a signed permit/).uncheck();
    const submit = page.getByTestId("invest-submit");
    assert.equal(await submit.textContent(), "Approve and buy");
    await page.getByTestId("check-funds").filter({ hasText: "You have" }).waitFor();
    await submit.click();
    await page.getByTestId("purchase-receipt").getByTestId("receipt-shares").filter({ hasText: /^5$/ }).waitFor({ timeout: 60_000 });
    const after = await stack.chain.readContract({ ...offering, functionName: "contribution", args: [offeringId, wallet.account.address] });
    assert.equal(after.shares - before.shares, 5n);
    assert.equal(after.paid - before.paid, 500_000_000n);
    assert.equal(wallet.requests.filter((m) => m === "eth_sendTransaction").length - sentBefore, 2, "approve, then purchase");
    assert.equal(await stack.chain.readContract({ ...stablecoin, functionName: "allowance", args: [wallet.account.address, offering.address] }), 0n, "the approval was for exactly the cost");
  });

  it("refunds the investor in full when the operator cancels the offering", async () => {
    const operator = createWalletClient({ account: devAccount(SOLAR_OPERATOR), transport: http(stack.rpcUrl) });
    const hash = await operator.writeContract({ ...offering, functionName: "cancelOffering", args: [offeringId, "Grid connection postponed by the network operator"], chain: null });
    await stack.chain.waitForTransactionReceipt({ hash });
    await stack.waitForIndexing();
    const balanceBefore = await stack.chain.readContract({ ...stablecoin, functionName: "balanceOf", args: [wallet.account.address] });
    await page.reload();
    const refund = page.getByRole("button", { name: "Claim refund of €3,000.00" });
    await refund.click();
    await page.getByTestId("offering-settlements").locator("[data-testid=tx-status][data-phase=confirmed]").waitFor({ timeout: 60_000 });
    const balanceAfter = await stack.chain.readContract({ ...stablecoin, functionName: "balanceOf", args: [wallet.account.address] });
    assert.equal(balanceAfter - balanceBefore, (SHARES + 5n) * 100_000_000n, "exactly what was paid comes back");
    const contribution = await stack.chain.readContract({ ...offering, functionName: "contribution", args: [offeringId, wallet.account.address] });
    assert.equal(contribution.settled, true);
    await page.getByText("The latest offering is cancelled: Grid connection postponed by the network operator.").waitFor();
    await screenshots(page, "invest-refund");
    assert.deepEqual(pageErrors, []);
  });
});
