/**
 * Operator and admin consoles: an asset provider registers an asset through the wizard (documents stored by
 * CID), a verifier reviews it with the checklist and verifies it; a second asset is rejected with a reason the
 * operator then sees. Asserts on chain (EnergyAsset status, spec, stored document) and on the pages.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { abis } from "@cowatt/deployments/abis";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet } from "./wallet.ts";

const STATUS = { Submitted: 1, UnderReview: 2, Verified: 3, Rejected: 4 } as const;

let stack: Stack;
let operatorBrowser: Awaited<ReturnType<typeof launchBrowser>>;
let adminBrowser: Awaited<ReturnType<typeof launchBrowser>>;
let operatorPage: Page;
let adminPage: Page;
let pageErrors: string[];

before(async () => {
  // The dApp stores uploaded metadata in the stack's folder (stack.metadataDir), not in the repository.
  stack = await startStack();
  operatorBrowser = await launchBrowser();
  adminBrowser = await launchBrowser();
  // #2 operates the solar park (asset provider); #1 is the operations account (KYC agent, verifier, agent).
  await injectWallet(operatorBrowser.context, { account: devAccount(2), rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  await injectWallet(adminBrowser.context, { account: devAccount(1), rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  operatorPage = await operatorBrowser.context.newPage();
  adminPage = await adminBrowser.context.newPage();
  pageErrors = collectPageErrors(operatorPage);
});

after(async () => {
  await operatorBrowser?.close();
  await adminBrowser?.close();
  await stack?.stop();
});

const energyAsset = () => stack.record.contracts.EnergyAsset!.address;
const readAsset = (id: bigint) => stack.chain.readContract({ address: energyAsset(), abi: abis.EnergyAsset, functionName: "asset", args: [id] });

/**
 * Waits until a review decision went through: its confirmed status, or the asset leaving the review queue (once the
 * subgraph has indexed the decision the list drops it, which can happen before the confirmed status is seen).
 */
async function decisionConfirmed(item: Locator): Promise<void> {
  const confirmed = item.getByTestId("tx-status").and(item.page().locator("[data-phase=confirmed]"));
  await Promise.any([confirmed.waitFor({ timeout: 30_000 }), item.waitFor({ state: "detached", timeout: 30_000 })]);
}

async function fillWizard(page: Page, name: string) {
  const fill = (label: string | RegExp, value: string) => page.getByLabel(label, { exact: typeof label === "string" }).fill(value);
  await fill("Asset name", name);
  await page.getByLabel("Technology").selectOption("Wind");
  await fill("Description", "Two Vestas V112 turbines on a ridge in the Hunsrück, grid-connected at 20 kV.");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByTestId("wizard-step-title").filter({ hasText: "Site" }).waitFor();
  await page.getByLabel("Country").selectOption("276");
  await fill("Place", "Morbach, Rhineland-Palatinate");
  await fill("Latitude (°)", "49.8085");
  await fill("Longitude (°)", "7.1270");
  await page.getByRole("button", { name: "Next" }).click();
  await fill("Nameplate capacity (kW)", "6900");
  // Bad input first: more than the capacity can produce in a year; the step refuses and says why.
  await fill("Expected production, P50 (kWh / year)", "90000000");
  await fill("Commissioning date", "2027-05-01");
  await fill("Grid emission factor displaced (g CO₂ / kWh)", "380");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByText("More than the capacity can produce running all year (60444000 kWh).").waitFor();
  await fill("Expected production, P50 (kWh / year)", "15800000");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByTestId("wizard-step-title").filter({ hasText: "Offering terms" }).waitFor();
  await fill("Total shares", "20000");
  await page.getByLabel(/Proposed price per share/).fill("250");
  await page.getByLabel(/Minimum raise/).fill("1500000");
  await fill("Offering duration (days)", "60");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel(/^Documents/).setInputFiles([
    { name: "bimschg-permit.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 permit for two turbines") },
    { name: "wind-report.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 P50 15.8 GWh") },
  ]);
  await page.getByTestId("wizard-document").nth(1).waitFor();
  await page.getByLabel("Title of bimschg-permit.pdf").fill("BImSchG operating permit");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByTestId("wizard-review").waitFor();
}

describe("operator console and admin verification", () => {
  let registered: bigint;

  it("registers an asset through the wizard with its documents stored by CID", async () => {
    await operatorPage.goto(`${stack.appUrl}/operator`);
    await connectAndSignIn(operatorPage);
    // The operator's assets come first; registering is one button away, the wizard closed until asked for.
    await operatorPage.getByTestId("operator-asset").first().waitFor({ timeout: 20_000 });
    const headings = await operatorPage.getByRole("heading", { level: 2 }).allTextContents();
    assert.ok(headings.indexOf("Your assets") >= 0 && headings.indexOf("Your assets") < headings.indexOf("Register a new asset"), `headings in order: ${headings.join(", ")}`);
    const start = operatorPage.getByRole("button", { name: "Start registering" });
    assert.equal(await start.getAttribute("aria-expanded"), "false");
    assert.equal(await operatorPage.getByLabel("Asset name").isVisible(), false, "the wizard waits to be opened");
    await screenshots(operatorPage, "operator-console");
    await operatorPage.getByRole("button", { name: "Register a new asset" }).click();
    await operatorPage.getByLabel("Asset name").waitFor();
    assert.equal(await operatorPage.getByRole("button", { name: "Hide the form" }).getAttribute("aria-expanded"), "true");
    assert.equal(await operatorPage.evaluate(() => document.activeElement?.id), "register-heading", "focus moves to the registration");
    await fillWizard(operatorPage, "Hunsrück Wind Pair");
    await screenshots(operatorPage, "operator-wizard-review");
    await operatorPage.getByRole("button", { name: "Upload documents and register" }).click();
    const done = operatorPage.getByTestId("asset-registered");
    await done.waitFor({ timeout: 60_000 });
    registered = BigInt((await done.getAttribute("data-asset-id"))!);

    assert.equal(await stack.chain.readContract({ address: energyAsset(), abi: abis.EnergyAsset, functionName: "assetCount" }), registered);
    const state = await readAsset(registered);
    assert.equal(state.status, STATUS.Submitted);
    assert.equal(state.operator.toLowerCase(), devAccount(2).address.toLowerCase());
    const spec = await stack.chain.readContract({ address: energyAsset(), abi: abis.EnergyAsset, functionName: "assetSpec", args: [registered] });
    assert.equal(spec.name, "Hunsrück Wind Pair");
    assert.equal(spec.technology, 1);
    assert.equal(spec.capacityW, 6_900_000n);
    assert.equal(spec.latitudeE6, 49_808_500);
    assert.equal(spec.expectedAnnualKWh, 15_800_000n);
    assert.equal(spec.emissionFactorGPerKWh, 380);
    // The document is stored under its CID and says what the operator entered.
    const stored = JSON.parse(readFileSync(join(stack.metadataDir, `${spec.metadataCID}.json`), "utf8")) as { documents: { title: string }[]; offeringTerms: { pricePerShare: string } };
    assert.deepEqual(stored.documents.map((d) => d.title), ["BImSchG operating permit", "wind-report"]);
    assert.equal(stored.offeringTerms.pricePerShare, "250");

    await stack.waitForIndexing();
    const card = operatorPage.getByTestId("operator-asset").and(operatorPage.locator(`[data-asset-id="${registered}"]`));
    await card.getByTestId("operator-asset-status").filter({ hasText: "Submitted" }).waitFor({ timeout: 20_000 });
    await screenshots(operatorPage, "operator-assets");
  });

  it("refuses the document store to a wallet without the asset-provider role", async () => {
    const response = await fetch(`${stack.appUrl}/api/operator/documents`, { method: "POST", body: JSON.stringify({ document: { a: 1 } }) });
    assert.equal(response.status, 401);
  });

  it("lets a verifier review the asset with the checklist and verify it", async () => {
    await adminPage.goto(`${stack.appUrl}/admin`);
    await connectAndSignIn(adminPage);
    const item = adminPage.getByTestId("review-asset").and(adminPage.locator(`[data-asset-id="${registered}"]`));
    await item.waitFor({ timeout: 20_000 });
    await item.getByText("BImSchG operating permit").waitFor();
    await item.getByRole("button", { name: "Start review" }).click();
    await item.getByTestId("review-status").filter({ hasText: "Under review" }).waitFor({ timeout: 30_000 });
    assert.equal((await readAsset(registered)).status, STATUS.UnderReview);

    // Verifying before the checklist is complete is refused with a reason.
    await item.getByRole("button", { name: "Verify asset" }).click();
    await item.getByText("Confirm every item of the checklist before verifying.").waitFor();
    for (const box of await item.getByRole("checkbox").all()) await box.check();
    await screenshots(adminPage, "admin-verification");
    // Long CIDs and addresses wrap: nothing overflows a 375-px screen.
    await adminPage.setViewportSize({ width: 375, height: 812 });
    const { scrollWidth, clientWidth } = await adminPage.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    assert.ok(scrollWidth <= clientWidth, `the page is ${scrollWidth} px wide on a ${clientWidth}-px screen`);
    await adminPage.setViewportSize({ width: 1280, height: 900 });
    await item.getByRole("button", { name: "Verify asset" }).click();
    await decisionConfirmed(item);
    assert.equal((await readAsset(registered)).status, STATUS.Verified);

    await stack.waitForIndexing();
    const card = operatorPage.getByTestId("operator-asset").and(operatorPage.locator(`[data-asset-id="${registered}"]`));
    await card.getByTestId("operator-asset-status").filter({ hasText: "Verified" }).waitFor({ timeout: 20_000 });
    await item.waitFor({ state: "detached", timeout: 20_000 });
  });

  it("rejects a second asset with a reason the operator sees", async () => {
    await operatorPage.getByRole("button", { name: "Register another asset" }).click();
    await fillWizard(operatorPage, "Hunsrück Wind Extension");
    await operatorPage.getByRole("button", { name: "Upload documents and register" }).click();
    const done = operatorPage.getByTestId("asset-registered");
    await done.waitFor({ timeout: 60_000 });
    const second = BigInt((await done.getAttribute("data-asset-id"))!);
    await stack.waitForIndexing();

    const item = adminPage.getByTestId("review-asset").and(adminPage.locator(`[data-asset-id="${second}"]`));
    await item.getByRole("button", { name: "Start review" }).click({ timeout: 30_000 });
    await item.getByTestId("review-status").filter({ hasText: "Under review" }).waitFor({ timeout: 30_000 });
    await item.getByLabel(/Reason for rejection/).fill("The grid connection approval is missing.");
    await item.getByRole("button", { name: "Reject" }).click();
    await decisionConfirmed(item);
    assert.equal((await readAsset(second)).status, STATUS.Rejected);

    await stack.waitForIndexing();
    const card = operatorPage.getByTestId("operator-asset").and(operatorPage.locator(`[data-asset-id="${second}"]`));
    await card.getByTestId("operator-asset-status").filter({ hasText: "Rejected" }).waitFor({ timeout: 20_000 });
    await card.getByText("Rejected: The grid connection approval is missing.").waitFor();
    await screenshots(operatorPage, "operator-rejected");
    assert.deepEqual(pageErrors, []);
  });
});

describe("KYC review and compliance actions", () => {
  // Test account #19 holds no identity in the seed.
  const applicant = devAccount(19);
  const identityRegistry = () => stack.record.contracts.IdentityRegistry!.address;

  it("takes an applicant's KYC submission, which the agent registers on chain and approves", async () => {
    const applicantBrowser = await launchBrowser();
    try {
      await injectWallet(applicantBrowser.context, { account: applicant, rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
      const page = await applicantBrowser.context.newPage();
      await page.goto(`${stack.appUrl}/kyc`);
      await connectAndSignIn(page);
      await page.getByLabel("Full legal name").fill("Mira Kovač");
      await page.getByLabel("Date of birth").fill("2015-02-01");
      await page.getByLabel("Country of residence").selectOption("705");
      await page.getByRole("button", { name: "Submit for review" }).click();
      await page.getByText("Investors must be at least 18 years old.").waitFor();
      assert.equal(await page.getByLabel("Full legal name").inputValue(), "Mira Kovač");
      await page.getByLabel("Date of birth").fill("1991-02-01");
      await page.getByRole("button", { name: "Submit for review" }).click();
      await page.getByText("Your submission is waiting for review.").waitFor();
      await screenshots(page, "kyc-submitted");
      assert.equal(await stack.chain.readContract({ address: identityRegistry(), abi: abis.IdentityRegistry, functionName: "isVerified", args: [applicant.address] }), false);

      await adminPage.reload();
      const item = adminPage.getByTestId("kyc-item").and(adminPage.locator(`[data-address="${applicant.address.toLowerCase()}"]`));
      await item.getByText("Mira Kovač").waitFor({ timeout: 20_000 });
      await screenshots(adminPage, "admin-kyc-queue");
      await item.getByRole("button", { name: "Register identity and approve" }).click();
      await item.waitFor({ state: "detached", timeout: 30_000 });
      assert.equal(await stack.chain.readContract({ address: identityRegistry(), abi: abis.IdentityRegistry, functionName: "isVerified", args: [applicant.address] }), true);
      const [, verified, country] = await stack.chain.readContract({ address: identityRegistry(), abi: abis.IdentityRegistry, functionName: "investorOf", args: [applicant.address] });
      assert.equal(verified, true);
      assert.equal(country, 705);

      await page.reload();
      await page.getByText("Your identity is verified on chain.").waitFor({ timeout: 20_000 });
    } finally {
      await applicantBrowser.close();
    }
  });

  it("freezes a wallet only after the confirmation dialog", async () => {
    await adminPage.getByLabel("Wallet", { exact: true }).fill(applicant.address);
    await adminPage.getByLabel("Reason (recorded on chain)").fill("Court order 4 O 123/26, Landgericht Trier");
    await adminPage.getByRole("button", { name: "Review action…" }).click();
    const dialog = adminPage.getByRole("dialog", { name: "Confirm the compliance action" });
    await dialog.waitFor();
    await screenshots(adminPage, "admin-compliance-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    const isFrozen = () => stack.chain.readContract({ address: energyAsset(), abi: abis.EnergyAsset, functionName: "isFrozen", args: [applicant.address] });
    assert.equal(await isFrozen(), false, "cancelling sends nothing");

    await adminPage.getByRole("button", { name: "Review action…" }).click();
    await dialog.getByRole("button", { name: "Sign and execute" }).click();
    await adminPage.getByRole("form", { name: "Compliance action" }).getByTestId("tx-status").and(adminPage.locator("[data-phase=confirmed]")).waitFor({ timeout: 30_000 });
    assert.equal(await isFrozen(), true);
    await adminPage.getByText("Currently frozen.").waitFor({ timeout: 10_000 });
  });
});
