/**
 * Impact: certificates produced for real (metering deployed on the stack's chain before the subgraph starts, so
 * it indexes them; the wind turbine's period requested, fulfilled by the DON simulator through the Functions
 * coordinator, final after the dispute window, issued to the operator, some transferred to investor Jonas), then
 * retired in the browser with a beneficiary and purpose. Asserts the burn, the retired balance and CO2 on chain,
 * that the subgraph's figures the page shows match the chain, and the retirement certificate. A deployment
 * record without the metering contracts makes the page say certificates do not exist there.
 */
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import hre from "hardhat";
import type { Page } from "playwright-core";
import { createWalletClient, http, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { abis } from "@cowatt/deployments/abis";
import { deployMetering, type Metering } from "../../scripts/lib/production.ts";
import { devAccounts, type Platform } from "../../scripts/lib/deploy.ts";
import { createDonSimulator } from "../../oracle-relay/don-simulator/simulator.ts";
import { ARGS_ECHO_SOURCE, encodeResult, oracleRequestOf, type MeteringFixture } from "../../test/helpers/metering.ts";
import { formatCo2 } from "../src/lib/impact.ts";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet } from "./wallet.ts";

const DISPUTE_WINDOW = 120;
const HOUR = 3600n;
const ENERGY_WH = 1_234_567n; // → 1,234 certificates, 567 Wh carried
const TO_JONAS = 500n;
const RETIRE = 120n;

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let pageErrors: string[];
let metering: Metering;
let certificateId: bigint;
let emissionFactor: bigint;
const jonas = devAccount(7);

before(async () => {
  stack = await startStack({ beforeIndexing: async ({ connection, record }) => (metering = await deployMeteringOn(connection, record)).records });
  browser = await launchBrowser();
  await injectWallet(browser.context, { account: jonas, rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  page = await browser.context.newPage();
  pageErrors = collectPageErrors(page);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Deploys the metering contracts (DON, oracle, certificates) wired to the seeded platform. */
async function deployMeteringOn(connection: Stack["connection"], record: Stack["record"]): Promise<Metering> {
  const wallets = await connection.viem.getWalletClients();
  const accounts = devAccounts(wallets.map((wallet) => wallet.account.address));
  const contract = (name: string) => ({ address: record.contracts[name as keyof typeof record.contracts]!.address });
  // deployMetering reads only these contracts' addresses from the platform.
  const platform = { energyAsset: contract("EnergyAsset"), revenueDistributor: contract("RevenueDistributor"), priceFeed: contract("MockEnergyPriceFeed") } as unknown as Platform;
  return deployMetering(hre, connection as unknown as Parameters<typeof deployMetering>[1], platform, accounts, {
    source: ARGS_ECHO_SOURCE, relay: accounts.reporter, relayUrl: "http://127.0.0.1:1", requesters: [accounts.reporter], disputeWindow: DISPUTE_WINDOW,
  });
}

/** Finalises one hour of the wind turbine, issues its certificates and sends some to Jonas. */
async function produceCertificates() {
  const wallets = await stack.connection.viem.getWalletClients();
  const accounts = devAccounts(wallets.map((wallet) => wallet.account.address));
  const wind = stack.seed.assetIds.wind;
  const now = (await stack.chain.getBlock()).timestamp;
  const start = now - 2n * HOUR;
  const publicClient = await stack.connection.viem.getPublicClient();
  const hash = await metering.productionOracle.write.requestProduction([wind, start, start + HOUR], { account: accounts.reporter });
  const request = await oracleRequestOf({ publicClient } as unknown as MeteringFixture, hash);
  const transmitter = createWalletClient({ account: privateKeyToAccount(metering.don.transmitterKeys[0]!), chain: { ...hardhat, id: stack.record.chainId }, transport: http(stack.rpcUrl) });
  const don = createDonSimulator({ publicClient, transmitter, coordinator: metering.functions.coordinator.address, signerKeys: metering.don.signerKeys, f: metering.don.f });
  const outcome = await don.transmit(request, { response: encodeResult({ energyWh: ENERGY_WH }) });
  assert.equal(outcome.result, "FULFILLED", `the DON's fulfilment was accepted (${outcome.result} ${outcome.error ?? ""})`);
  await stack.connection.networkHelpers.time.increase(DISPUTE_WINDOW + 1);
  const issue = await metering.energyCertificate.write.issue([wind, 1n], { account: accounts.reporter });
  await publicClient.waitForTransactionReceipt({ hash: issue });
  certificateId = await metering.energyCertificate.read.certificateId([wind, 1n]);
  emissionFactor = BigInt((await metering.energyCertificate.read.certificate([certificateId])).emissionFactorGPerKWh);
  const operator = (await stack.chain.readContract({ address: stack.record.contracts.EnergyAsset!.address, abi: abis.EnergyAsset, functionName: "asset", args: [wind] })).operator as Address;
  const transfer = await metering.energyCertificate.write.safeTransferFrom([operator, jonas.address, certificateId, TO_JONAS, "0x"], { account: operator });
  await publicClient.waitForTransactionReceipt({ hash: transfer });
}

interface IndexedImpact {
  asset: { certificatesIssued: string; certificatesRetired: string; co2AvoidedGrams: string };
  account: { co2AvoidedGrams: string; certificatesRetired: string; certificateBalances: { balance: string; certificate: { id: string } }[] } | null;
}
const indexedImpact = async () => {
  await stack.waitForIndexing();
  return stack.query<IndexedImpact>(`{
    asset(id: "${stack.seed.assetIds.wind}") { certificatesIssued certificatesRetired co2AvoidedGrams }
    account(id: "${jonas.address.toLowerCase()}") { co2AvoidedGrams certificatesRetired certificateBalances { balance certificate { id } } }
  }`);
};

const balanceOf = (account: Address) => stack.chain.readContract({ address: metering.energyCertificate.address, abi: abis.EnergyCertificate, functionName: "balanceOf", args: [account, certificateId] });

describe("impact and certificate retirement", () => {
  it("shows CO2 per asset and says when the deployment has no certificates", async () => {
    // `next start` reads the record per request: without the metering contracts the page has no certificates.
    const withMetering = readFileSync(stack.recordFile, "utf8");
    const { EnergyCertificate: _certificate, ProductionOracle: _oracle, OracleRevenueSettlement: _settlement, ...platformOnly } = stack.record.contracts;
    writeFileSync(stack.recordFile, JSON.stringify({ ...stack.record, contracts: platformOnly }, null, 2));
    await page.goto(`${stack.appUrl}/impact`);
    await page.getByText("This deployment has no metering contracts").waitFor({ timeout: 20_000 });
    writeFileSync(stack.recordFile, withMetering);
    const windRow = page.getByTestId("asset-impact-row").and(page.locator(`[data-asset-id="${stack.seed.assetIds.wind}"]`));
    await windRow.waitFor();
    assert.match((await windRow.textContent()) ?? "", /CO₂/);
    assert.notEqual(await page.getByTestId("platform-co2").textContent(), "0 g CO₂");
    assert.equal(await page.getByTestId("certificates-held").textContent(), "Connect to see");
    await connectAndSignIn(page);
    // Investor Jonas holds wind shares: his share of the avoided CO2 is shown.
    await page.getByTestId("your-share-co2").filter({ hasText: "t CO₂" }).waitFor({ timeout: 20_000 });
    await screenshots(page, "impact-without-metering");
  });

  it("lists the certificates the investor holds and retires some for a beneficiary", async () => {
    await produceCertificates();
    assert.equal(await balanceOf(jonas.address), TO_JONAS);
    const indexed = await indexedImpact();
    const units = (await metering.energyCertificate.read.certificate([certificateId])).units;
    assert.equal(BigInt(indexed.asset.certificatesIssued), BigInt(units), "the subgraph counts the certificates issued on chain");
    assert.deepEqual(indexed.account?.certificateBalances.map((b) => [b.certificate.id, BigInt(b.balance)]), [[certificateId.toString(), TO_JONAS]]);

    // The wallet stays connected and signed in across the reload that picks up the metering contracts.
    await page.reload();
    const row = page.getByTestId("certificate-row").and(page.locator(`[data-certificate-id="${certificateId}"]`));
    await row.getByTestId("certificate-balance").filter({ hasText: "500 kWh" }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId("certificates-held").textContent(), "500 kWh");
    const windRow = page.getByTestId("asset-impact-row").and(page.locator(`[data-asset-id="${stack.seed.assetIds.wind}"]`));
    await windRow.getByTestId("asset-certificates").filter({ hasText: `${new Intl.NumberFormat("en-GB").format(units)} kWh issued` }).waitFor();
    await screenshots(page, "impact-certificates");

    await row.getByRole("button", { name: "Retire…" }).click();
    // Bad input: more than held, no beneficiary; nothing typed is lost.
    await row.getByLabel("Certificates to retire (kWh)").fill("501");
    await row.getByLabel("Purpose (optional)").fill("Scope 2 claim, Becker Bäckerei 2026");
    await row.getByRole("button", { name: "Retire certificates" }).click();
    await row.getByText("You hold 500 of these certificates.").waitFor();
    await row.getByText("Name who the retirement is for").waitFor();
    assert.equal(await row.getByLabel("Purpose (optional)").inputValue(), "Scope 2 claim, Becker Bäckerei 2026");

    await row.getByLabel("Certificates to retire (kWh)").fill(String(RETIRE));
    await row.getByLabel("Beneficiary").fill("Becker Bäckerei GmbH");
    const expectedCo2 = RETIRE * emissionFactor;
    await row.getByTestId("retire-co2").filter({ hasText: "kg CO₂" }).waitFor();
    await screenshots(page, "impact-retire-form");
    await row.getByRole("button", { name: "Retire certificates" }).click();
    const link = page.getByTestId("retirement-link");
    await link.waitFor({ timeout: 30_000 });

    assert.equal(await balanceOf(jonas.address), TO_JONAS - RETIRE);
    const certificate = { address: metering.energyCertificate.address, abi: abis.EnergyCertificate } as const;
    assert.equal(await stack.chain.readContract({ ...certificate, functionName: "retiredBalanceOf", args: [jonas.address, certificateId] }), RETIRE);
    assert.equal(await stack.chain.readContract({ ...certificate, functionName: "co2AvoidedGrams", args: [jonas.address] }), expectedCo2);

    await link.click();
    const view = page.getByTestId("retirement-certificate");
    await view.waitFor({ timeout: 20_000 });
    assert.equal(await view.getByTestId("retired-amount").textContent(), "120 kWh");
    assert.equal(await view.getByTestId("retired-beneficiary").textContent(), "Becker Bäckerei GmbH");
    assert.equal(await view.getByTestId("retired-purpose").textContent(), "Scope 2 claim, Becker Bäckerei 2026");
    const kg = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }).format(Number(expectedCo2) / 1000);
    assert.equal(await view.getByTestId("retired-co2").textContent(), `${kg} kg CO₂`);
    await screenshots(page, "impact-retirement-certificate");

    const after = await indexedImpact();
    assert.equal(BigInt(after.account!.co2AvoidedGrams), expectedCo2, "the subgraph's CO2 per user matches the chain");
    assert.equal(BigInt(after.asset.certificatesRetired), RETIRE);
    assert.equal(BigInt(after.asset.co2AvoidedGrams), expectedCo2, "and per asset");
    await page.goto(`${stack.appUrl}/impact`);
    await page.getByTestId("retirement-row").first().waitFor({ timeout: 20_000 });
    await page.getByTestId("retired-co2").filter({ hasText: `${kg} kg CO₂` }).waitFor();
    await page.getByTestId("certificate-balance").filter({ hasText: "380 kWh" }).waitFor();
    await windRow.getByTestId("asset-certificates").filter({ hasText: `120 retired · ${formatCo2(expectedCo2, "en-GB")} claimed` }).waitFor();
    await screenshots(page, "impact");
    assert.deepEqual(pageErrors, []);
  });

  it("says so when a retirement does not exist", async () => {
    await page.goto(`${stack.appUrl}/impact/retirements/999`);
    await page.getByText("Retirement #999 not found").waitFor({ timeout: 20_000 });
  });
});
