/**
 * The portfolio of a seeded wind holder with unclaimed revenue (Camille, test account #8): positions with
 * value and claimable revenue, reinvesting part of it into the open solar offering, claiming the rest,
 * the earnings history and its CSV export, and the WATT rewards claim. Every action is asserted on chain (RevenueDistributor.claimable,
 * Offering.contribution, the stablecoin balance) and on the page.
 * Then WATT staking: stake (bad amounts refused, nothing typed lost), unstake into the cooldown, withdraw after it
 * and claim staking rewards, each checked against WattStaking and WattToken and against the subgraph's
 * staking history; and a vesting release by the ecosystem allocation's beneficiary (test account #15).
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { formatUnits, parseEther, type Address } from "viem";
import { abis } from "@cowatt/deployments";
import { formatCurrency } from "../src/lib/format.ts";
import { formatWatt } from "../src/lib/watt-staking.ts";
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

const STAKE = parseEther("40");
const UNSTAKE = parseEther("25");
const wattText = (amount: bigint) => formatWatt(amount, "en-GB");
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

describe("WATT staking and vesting", () => {
  const staking = () => ({ address: stack.record.contracts.WattStaking!.address, abi: abis.WattStaking }) as const;
  const watt = () => ({ address: stack.record.contracts.WattToken!.address, abi: abis.WattToken }) as const;
  const position = () => stack.chain.readContract({ ...staking(), functionName: "staker", args: [wallet.account.address] });
  const walletWatt = () => stack.chain.readContract({ ...watt(), functionName: "balanceOf", args: [wallet.account.address] });

  it("stakes WATT from the wallet, refusing bad amounts without losing them", async () => {
    const balance = await walletWatt();
    const before = await position();
    assert.ok(balance > STAKE, `Camille holds more than 40 WATT (has ${formatUnits(balance, 18)})`);
    await page.getByTestId("watt-balance").filter({ hasText: exactly(wattText(balance)) }).waitFor();
    await page.getByTestId("watt-staked").filter({ hasText: exactly(wattText(before.staked)) }).waitFor();

    const form = page.getByTestId("stake-form");
    const amount = form.getByLabel("WATT to stake");
    await amount.fill(formatUnits(balance + 1n, 18));
    await form.getByTestId("stake-submit").click();
    await form.getByText(`You have ${wattText(balance)} in your wallet.`).waitFor();
    await amount.fill("40,5"); // a decimal comma in an en-GB page
    await form.getByTestId("stake-submit").click();
    await form.getByText("Enter the amount as a number, for example 1,250.5.").waitFor();
    assert.equal(await amount.inputValue(), "40,5", "what was typed stays in the field");
    await form.getByRole("button", { name: "Stake all WATT in your wallet" }).click();
    assert.equal(await amount.inputValue(), formatUnits(balance, 18), "Max fills the exact wallet balance");

    await amount.fill("40");
    await form.getByText("No approval needed").waitFor();
    await form.getByTestId("stake-submit").click();
    await form.locator("[data-testid=stake-status] [data-testid=tx-status][data-phase=confirmed]").waitFor({ timeout: 60_000 });
    const after = await position();
    assert.equal(after.staked - before.staked, STAKE, "WattStaking holds 40 WATT more for Camille");
    assert.equal(balance - (await walletWatt()), STAKE, "the wallet paid exactly 40 WATT");
    assert.equal(await stack.chain.readContract({ ...watt(), functionName: "stakedBalance", args: [wallet.account.address] }), after.staked, "the token counts the stake in her votes");
    await page.waitForFunction('document.getElementById("watt-stake-amount")?.value === ""'); // a confirmed stake clears the field
    await page.getByTestId("watt-staked").filter({ hasText: exactly(wattText(after.staked)) }).waitFor();
    await screenshots(page, "portfolio-watt-staked");
  });

  it("unstakes into the cooldown, shows when the WATT is withdrawable, and withdraws it after", async () => {
    const cooldown = await stack.chain.readContract({ ...staking(), functionName: "cooldown" });
    assert.ok(cooldown > 0n, "the dev deployment has a staking cooldown");
    const before = await position();
    await page.getByRole("radiogroup", { name: "Stake or unstake" }).getByRole("radio", { name: "Unstake" }).click();
    const form = page.getByTestId("unstake-form");
    const amount = form.getByLabel("WATT to unstake");
    await amount.fill(formatUnits(before.staked + 1n, 18));
    await form.getByTestId("unstake-submit").click();
    await form.getByText(`You have ${wattText(before.staked)} staked.`).waitFor();
    await amount.fill("25");
    await form.getByTestId("unstake-note").filter({ hasText: "Cools down for 7 days: withdrawable from" }).waitFor();
    await form.getByTestId("unstake-submit").click();
    await form.locator("[data-testid=unstake-status] [data-testid=tx-status][data-phase=confirmed]").waitFor({ timeout: 60_000 });

    const requested = await position();
    const head = await stack.chain.getBlock();
    assert.equal(before.staked - requested.staked, UNSTAKE);
    assert.equal(requested.coolingDown, UNSTAKE);
    assert.equal(BigInt(requested.unlocksAt), head.timestamp + cooldown, "unlocks one cooldown after the request");
    const panel = page.getByTestId("cooldown");
    // The page formats dates in the browser's time zone (the test browser's is Europe/Berlin).
    const unlockDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }).format(new Date(Number(requested.unlocksAt) * 1000));
    await panel.getByText(`${wattText(UNSTAKE)} cooling down, withdrawable in 7 days (${unlockDate}).`).waitFor();
    assert.equal(await panel.getByTestId("withdraw-stake").isDisabled(), true, "nothing to withdraw before the cooldown ends");
    await page.getByTestId("watt-staked").filter({ hasText: exactly(wattText(requested.staked)) }).waitFor();
    await screenshots(page, "portfolio-watt-cooldown");

    await stack.connection.networkHelpers.time.increase(Number(cooldown) + 1);
    await page.reload();
    await panel.getByText("finished cooling down and can be withdrawn").waitFor({ timeout: 30_000 });
    const walletBefore = await walletWatt();
    await panel.getByTestId("withdraw-stake").click();
    await panel.waitFor({ state: "detached", timeout: 60_000 });
    assert.equal((await walletWatt()) - walletBefore, UNSTAKE, "the cooled-down WATT is back in the wallet");
    assert.equal((await position()).coolingDown, 0n);
    await page.getByTestId("watt-balance").filter({ hasText: exactly(wattText(walletBefore + UNSTAKE)) }).waitFor();
  });

  it("claims staking rewards and lists the staking history the subgraph indexed", async () => {
    const earned = await stack.chain.readContract({ ...staking(), functionName: "earned", args: [wallet.account.address] });
    assert.ok(earned > 0n, "a week of staking earned rewards");
    const paidBefore = await stack.chain.readContract({ ...staking(), functionName: "totalRewardsPaid" });
    const walletBefore = await walletWatt();
    await page.getByTestId("claim-staking").click();
    await page.locator("[data-testid=claim-staking-status] [data-testid=tx-status][data-phase=confirmed]").waitFor({ timeout: 60_000 });
    const paid = (await stack.chain.readContract({ ...staking(), functionName: "totalRewardsPaid" })) - paidBefore;
    assert.ok(paid >= earned, "at least what was earned when the test looked (it grows every second)");
    assert.equal((await walletWatt()) - walletBefore, paid, "the wallet received the reward paid");

    await stack.waitForIndexing();
    const { wattAccount } = await stack.query<{ wattAccount: { staked: string; unstaking: string; stakingRewardsPaid: string; stakeEvents: { kind: string; amount: string }[] } }>(
      `{ wattAccount(id: "${wallet.account.address.toLowerCase()}") { staked unstaking stakingRewardsPaid stakeEvents(orderBy: timestamp, orderDirection: desc, first: 10) { kind amount } } }`,
    );
    const onChain = await position();
    assert.equal(BigInt(wattAccount.staked), onChain.staked, "the subgraph's stake matches WattStaking");
    assert.equal(BigInt(wattAccount.unstaking), 0n);
    assert.deepEqual(wattAccount.stakeEvents.slice(0, 4).map((e) => [e.kind, BigInt(e.amount)]), [
      ["RewardPaid", paid], ["Withdrawn", UNSTAKE], ["UnstakeRequested", UNSTAKE], ["Staked", STAKE],
    ]);
    await page.reload();
    const history = page.getByTestId("stake-history");
    await history.getByTestId("stake-event").first().waitFor({ timeout: 30_000 });
    const shown = await history.getByTestId("stake-event").evaluateAll((rows) => rows.slice(0, 4).map((row) => row.getAttribute("data-kind")));
    assert.deepEqual(shown, ["RewardPaid", "Withdrawn", "UnstakeRequested", "Staked"]);
    await history.getByText(`Staked · ${wattText(STAKE)}`).waitFor();
    await page.getByText(`Claimed so far: ${wattText(BigInt(wattAccount.stakingRewardsPaid))}.`).waitFor();
    await screenshots(page, "portfolio-watt");
    assert.deepEqual(pageErrors, []);
  });

  it("releases vested WATT to the vesting wallet's beneficiary", async () => {
    const ecosystem = devAccount(15);
    const grants = stack.record.vestingWallets!.find((w) => w.name === "ecosystem-grants")!;
    assert.equal(grants.beneficiary.toLowerCase(), ecosystem.address.toLowerCase());
    const second = await launchBrowser();
    try {
      await injectWallet(second.context, { account: ecosystem, rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
      const beneficiaryPage = await second.context.newPage();
      const errors = collectPageErrors(beneficiaryPage);
      await beneficiaryPage.goto(`${stack.appUrl}/portfolio`);
      await connectAndSignIn(beneficiaryPage);
      const card = beneficiaryPage.locator(`[data-testid=vesting-wallet][data-wallet="${grants.address.toLowerCase()}"]`);
      await card.waitFor({ timeout: 30_000 });
      const vesting = { address: grants.address, abi: abis.VotingVestingWallet } as const;
      const releasedBefore = await stack.chain.readContract({ ...vesting, functionName: "released", args: [watt().address] });
      const balanceBefore = await stack.chain.readContract({ ...watt(), functionName: "balanceOf", args: [ecosystem.address] });
      await card.getByTestId("vesting-release").filter({ hasText: /^Release [\d,.]+ WATT$/ }).waitFor();
      await card.getByTestId("vesting-release").click();
      await card.locator("[data-testid=vesting-release-status] [data-testid=tx-status][data-phase=confirmed]").waitFor({ timeout: 60_000 });
      const released = (await stack.chain.readContract({ ...vesting, functionName: "released", args: [watt().address] })) - releasedBefore;
      assert.ok(released > 0n, "linear vesting made WATT releasable");
      assert.equal((await stack.chain.readContract({ ...watt(), functionName: "balanceOf", args: [ecosystem.address] })) - balanceBefore, released);
      await stack.waitForIndexing();
      const { vestingWallet } = await stack.query<{ vestingWallet: { released: string } }>(`{ vestingWallet(id: "${grants.address.toLowerCase()}") { released } }`);
      assert.equal(BigInt(vestingWallet.released), releasedBefore + released, "the subgraph indexed the release");
      await beneficiaryPage.reload();
      await card.getByTestId("vesting-released").filter({ hasText: exactly(wattText(releasedBefore + released)) }).waitFor({ timeout: 30_000 });
      await screenshots(beneficiaryPage, "portfolio-vesting");
      assert.deepEqual(errors, []);
    } finally {
      await second.close();
    }
  });
});
