/**
 * The portfolio of a seeded wind holder with unclaimed revenue (Camille, test account #8): positions with
 * value and claimable revenue, reinvesting part of it into the open solar offering, claiming the rest,
 * the earnings history and its CSV export, and the WATT rewards claim. Every action is asserted on chain (RevenueDistributor.claimable,
 * Offering.contribution, the stablecoin balance) and on the page.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { formatUnits, type Address } from "viem";
import { abis } from "@cowatt/deployments";
import { formatCurrency } from "../src/lib/format.ts";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet, type TestWallet } from "./wallet.ts";

const CAMILLE = 8;
const REINVEST_SHARES = 10n;
const SOLAR_PRICE = 100_000_000n;

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let wallet: TestWallet;
let pageErrors: string[];
let windId: bigint;
let distributor: { address: Address; abi: typeof abis.RevenueDistributor };
const eur = (amount: bigint) => formatCurrency(amount, 6, { locale: "en-GB" });
const claimable = () => stack.chain.readContract({ ...distributor, functionName: "claimable", args: [windId, wallet.account.address] });
const windRow = () => page.locator(`[data-testid=position-row][data-asset-id="${windId}"]`);

before(async () => {
  stack = await startStack();
  windId = stack.seed.assetIds.wind;
  distributor = { address: stack.record.contracts.RevenueDistributor.address, abi: abis.RevenueDistributor };
  browser = await launchBrowser();
  wallet = await injectWallet(browser.context, { account: devAccount(CAMILLE), rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  page = await browser.context.newPage();
  pageErrors = collectPageErrors(page);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("portfolio", () => {
  it("asks to connect, then lists the positions with the revenue claimable on chain", async () => {
    await page.goto(`${stack.appUrl}/portfolio`);
    await page.getByRole("heading", { name: "Your portfolio" }).waitFor();
    await connectAndSignIn(page);
    const owed = await claimable();
    assert.ok(owed > REINVEST_SHARES * SOLAR_PRICE, `the seed left Camille more than €1,000 of wind revenue (has ${formatUnits(owed, 6)})`);
    await windRow().getByTestId("position-claimable").filter({ hasText: eur(owed) }).waitFor();
    const windShares = await stack.chain.readContract({ address: stack.record.contracts.EnergyAsset.address, abi: abis.EnergyAsset, functionName: "balanceOf", args: [wallet.account.address, windId] });
    assert.equal(await windRow().getByTestId("position-shares").textContent(), new Intl.NumberFormat("en-GB").format(windShares));
    const solarRow = page.locator(`[data-testid=position-row][data-asset-id="${stack.seed.assetIds.solar}"]`);
    await solarRow.getByText("1,200 in an open offering (escrow)").waitFor();
    await screenshots(page, "portfolio");
  });

  it("reinvests part of the wind revenue into the solar offering", async () => {
    const owed = await claimable();
    const offeringId = stack.seed.openOfferingId;
    const offering = { address: stack.record.contracts.Offering.address, abi: abis.Offering } as const;
    const before = await stack.chain.readContract({ ...offering, functionName: "contribution", args: [offeringId, wallet.account.address] });
    await windRow().getByRole("button", { name: /^Reinvest revenue/ }).click();
    const form = page.getByTestId("reinvest-form");
    await form.getByLabel("Shares").fill("999999");
    await form.getByTestId("reinvest-note").filter({ hasText: "claimable from Nordwind" }).waitFor();
    assert.equal(await form.getByTestId("reinvest-submit").isDisabled(), true, "a cost above the revenue is refused before signing");
    await form.getByLabel("Shares").fill(REINVEST_SHARES.toString());
    await form.getByTestId("reinvest-submit").click();
    await form.locator("[data-testid=reinvest-status] [data-testid=tx-status][data-phase=confirmed]").waitFor({ timeout: 60_000 });

    const after = await stack.chain.readContract({ ...offering, functionName: "contribution", args: [offeringId, wallet.account.address] });
    assert.equal(after.shares - before.shares, REINVEST_SHARES, "the offering holds the reinvested shares for Camille");
    assert.equal(after.paid - before.paid, REINVEST_SHARES * SOLAR_PRICE);
    assert.equal(await claimable(), owed - REINVEST_SHARES * SOLAR_PRICE, "the revenue paid for them");
    await windRow().getByTestId("position-claimable").filter({ hasText: eur(owed - REINVEST_SHARES * SOLAR_PRICE) }).waitFor();
  });

  it("claims the rest of the wind revenue into the wallet", async () => {
    const owed = await claimable();
    const stablecoin = { address: stack.record.contracts.DevStablecoin.address, abi: abis.DevStablecoin } as const;
    const balanceBefore = await stack.chain.readContract({ ...stablecoin, functionName: "balanceOf", args: [wallet.account.address] });
    await windRow().getByRole("button", { name: /^Claim / }).click();
    await page.locator("[data-testid=claim-status] [data-testid=tx-status][data-phase=confirmed]").waitFor({ timeout: 60_000 });
    const balanceAfter = await stack.chain.readContract({ ...stablecoin, functionName: "balanceOf", args: [wallet.account.address] });
    assert.equal(balanceAfter - balanceBefore, owed, "the wallet received exactly what was claimable");
    assert.equal(await claimable(), 0n);
    await windRow().getByTestId("position-claimable").filter({ hasText: eur(0n) }).waitFor();
  });

  it("shows the claim and the reinvestment in the earnings history and exports them as CSV", async () => {
    await stack.waitForIndexing();
    await page.reload();
    const rows = page.getByTestId("earnings-rows");
    await rows.getByText("Reinvested").first().waitFor();
    await rows.getByText("Claimed").first().waitFor();
    await page.getByTestId("earnings-chart").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    const csv = await readFile((await download.path())!, "utf8");
    const lines = csv.trim().split("\r\n");
    assert.equal(lines[0], "date_utc,asset_id,asset,kind,amount,currency,detail,transaction");
    const { revenueClaims, reinvestments } = await stack.query<{ revenueClaims: { amount: string }[]; reinvestments: { amount: string }[] }>(
      `{ revenueClaims(where: { holder: "${wallet.account.address.toLowerCase()}" }) { amount } reinvestments(where: { holder: "${wallet.account.address.toLowerCase()}" }) { amount } }`,
    );
    assert.equal(lines.length - 1, revenueClaims.length + reinvestments.length, "one CSV line per claim and reinvestment");
    assert.ok(lines.some((line) => line.includes(`,Reinvested,${formatUnits(REINVEST_SHARES * SOLAR_PRICE, 6)},EUR,offering receipt #`)));
    for (const claim of revenueClaims) assert.ok(lines.some((line) => line.includes(`,Claimed,${formatUnits(BigInt(claim.amount), 6)},EUR,`)));
    await screenshots(page, "portfolio-after-claim");
  });

  it("claims the WATT rewards waiting in the RewardsManager", async () => {
    const rewards = { address: stack.record.contracts.RewardsManager.address, abi: abis.RewardsManager } as const;
    const watt = { address: stack.record.contracts.WattToken.address, abi: abis.WattToken } as const;
    const pending = await stack.chain.readContract({ ...rewards, functionName: "pendingRewards", args: [wallet.account.address] });
    assert.ok(pending > 0n, "the governance seed left Camille a voting reward to claim");
    const before = await stack.chain.readContract({ ...watt, functionName: "balanceOf", args: [wallet.account.address] });
    await page.getByTestId("watt-pending").filter({ hasText: new RegExp(`^${formatUnits(pending, 18)} WATT$`) }).waitFor();
    await page.getByTestId("claim-watt").click();
    await page.locator("[data-testid=claim-watt-status] [data-testid=tx-status][data-phase=confirmed]").waitFor({ timeout: 60_000 });
    assert.equal(await stack.chain.readContract({ ...rewards, functionName: "pendingRewards", args: [wallet.account.address] }), 0n);
    assert.equal((await stack.chain.readContract({ ...watt, functionName: "balanceOf", args: [wallet.account.address] })) - before, pending);
    await page.getByTestId("watt-pending").filter({ hasText: /^0 WATT$/ }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
