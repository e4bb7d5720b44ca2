/**
 * The operator console after registration: the wind operator registers a gateway and a meter and records an
 * expense against a reported period; the hydro/biomass operator opens a primary offering for a verified asset
 * and corrects and resubmits the rejected "Biomasa Soria" asset. Each flow tries bad input first, then asserts
 * on chain (DeviceRegistry, RevenueSettlement, Offering, EnergyAsset, the stored document) and on the page.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { createWalletClient, http, keccak256, toHex, type Address } from "viem";
import { abis } from "@cowatt/deployments/abis";
import { cidOf } from "../../scripts/lib/seed.ts";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet } from "./wallet.ts";

const ASSET_STATUS = { Submitted: 1, Verified: 3, Rejected: 4, Offering: 5 } as const;
const DEVICE_PENDING = 1;
const DAY = 24n * 3600n;

let stack: Stack;
const browsers: Awaited<ReturnType<typeof launchBrowser>>[] = [];
let pageErrors: string[] = [];

const address = (name: keyof Stack["record"]["contracts"]): Address => stack.record.contracts[name]!.address;
const readAsset = (id: bigint) => stack.chain.readContract({ address: address("EnergyAsset"), abi: abis.EnergyAsset, functionName: "asset", args: [id] });
const card = (page: Page, assetId: bigint): Locator => page.getByTestId("operator-asset").and(page.locator(`[data-asset-id="${assetId}"]`));
const confirmedIn = (scope: Locator) => scope.getByTestId("tx-status").and(scope.page().locator("[data-phase=confirmed]")).waitFor({ timeout: 60_000 });

/** A datetime-local value in the browser's time zone (browser.ts sets Europe/Berlin). */
function localDateTime(unixSeconds: bigint): string {
  const parts = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(new Date(Number(unixSeconds) * 1000));
  return parts.replace(" ", "T");
}

async function operatorPage(accountIndex: number): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const context = browser.context;
  await injectWallet(context, { account: devAccount(accountIndex), rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  const page = await context.newPage();
  pageErrors.push(...collectPageErrors(page));
  await page.goto(`${stack.appUrl}/operator`);
  // The first page of a fresh `next start` can take long to hydrate on a loaded machine; connect once it has.
  await page.waitForLoadState("networkidle");
  await connectAndSignIn(page);
  await page.getByRole("heading", { name: "Your assets" }).waitFor();
  return page;
}

before(async () => {
  stack = await startStack();
  // The operations account (#1: verifier, production reporter) verifies the hydro plant, so its operator can
  // offer it, and reports a fourth month of the wind turbine, still unsettled, for the expense flow.
  const ops = createWalletClient({ account: devAccount(1), transport: http(stack.rpcUrl) });
  const send = async (request: Parameters<typeof ops.writeContract>[0]) => {
    const hash = await ops.writeContract(request);
    const receipt = await stack.chain.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
  };
  const { hydro, wind } = stack.seed.assetIds;
  await send({ address: address("EnergyAsset"), abi: abis.EnergyAsset, functionName: "startReview", args: [hydro], chain: null });
  await send({ address: address("EnergyAsset"), abi: abis.EnergyAsset, functionName: "verifyAsset", args: [hydro], chain: null });
  const reported = address("ReportedProduction");
  const last = await stack.chain.readContract({ address: reported, abi: abis.ReportedProduction, functionName: "periodCount", args: [wind] });
  const previous = await stack.chain.readContract({ address: reported, abi: abis.ReportedProduction, functionName: "production", args: [wind, last] });
  const end = (await stack.chain.getBlock()).timestamp - 60n;
  const evidence = await cidOf(new TextEncoder().encode(`wind month ${last + 1n}`));
  const { capacityW } = await stack.chain.readContract({ address: address("EnergyAsset"), abi: abis.EnergyAsset, functionName: "assetSpec", args: [wind] });
  const energyWh = (capacityW * (end - previous.end)) / 3600n / 4n; // a 25 % capacity factor
  await send({ address: reported, abi: abis.ReportedProduction, functionName: "reportProduction", args: [wind, previous.end, end, energyWh, evidence], chain: null });
  await stack.waitForIndexing();
});

after(async () => {
  for (const browser of browsers) await browser.close();
  await stack?.stop();
});

describe("wind operator: devices and expenses", () => {
  let page: Page;
  before(async () => {
    page = await operatorPage(3);
  });

  it("registers a gateway and a meter for its asset", async () => {
    const wind = stack.seed.assetIds.wind;
    const item = card(page, wind);
    await item.getByRole("button", { name: "Devices" }).click();
    await item.getByText("No devices registered for this asset.").waitFor({ timeout: 20_000 });
    // Bad input: no gateway address; nothing is sent.
    await item.getByRole("button", { name: "Register gateway" }).click();
    await item.getByText("Enter the gateway's signing address (0x…).").waitFor();

    const gateway = devAccount(18).address;
    await item.getByLabel("Gateway address").fill(gateway);
    await item.getByRole("button", { name: "Register gateway" }).click();
    await confirmedIn(item);
    const registry = address("DeviceRegistry");
    const gatewayState = await stack.chain.readContract({ address: registry, abi: abis.DeviceRegistry, functionName: "gateway", args: [gateway] });
    assert.equal(gatewayState.assetId, wind);
    assert.equal(gatewayState.status, DEVICE_PENDING);

    await item.getByLabel("Meter serial").fill("NWE-WEA01-export-2");
    await item.getByLabel("Meter limit (kW)").fill("0");
    await item.getByRole("button", { name: "Register meter" }).click();
    await item.getByText("Enter the meter's power limit in kW (more than 0).").waitFor();
    await item.getByLabel("Meter limit (kW)").fill("2500");
    await item.getByRole("button", { name: "Register meter" }).click();
    await item.getByTestId("device-row").nth(1).waitFor({ timeout: 60_000 });
    const meter = await stack.chain.readContract({ address: registry, abi: abis.DeviceRegistry, functionName: "meter", args: [keccak256(toHex("NWE-WEA01-export-2"))] });
    assert.equal(meter.gateway.toLowerCase(), gateway.toLowerCase());
    assert.equal(meter.maxPowerW, 2_500_000);
    assert.equal(meter.status, DEVICE_PENDING);

    const rows = item.getByTestId("device-row");
    assert.deepEqual(await rows.getByTestId("device-status").allTextContents(), ["Pending", "Pending"]);
    await rows.filter({ hasText: "meter" }).getByText("limit 2.5 MW").waitFor();
    await screenshots(page, "operator-devices");
  });

  it("records an expense with its invoice uploaded to the document store, after refusing bad files and a failed upload", async () => {
    const wind = stack.seed.assetIds.wind;
    const item = card(page, wind);
    await item.getByRole("button", { name: "Expenses" }).click();
    const form = item.getByRole("form", { name: "Record an expense" });
    await form.waitFor({ timeout: 20_000 });
    const periodId = await stack.chain.readContract({ address: address("ReportedProduction"), abi: abis.ReportedProduction, functionName: "periodCount", args: [wind] });
    // Only the unsettled period is offered.
    assert.deepEqual((await form.getByLabel("Period").locator("option").allTextContents()).slice(1).map((text) => text.split(":")[0]), [`#${periodId}`]);

    // Bad input: no period, no amount, no invoice.
    await form.getByRole("button", { name: "Record expense" }).click();
    await form.getByText("Choose the production period the expense belongs to.").waitFor();
    await form.getByText("Upload the invoice, or paste the IPFS CID of one already stored.").waitFor();
    await form.getByLabel("Period").selectOption(periodId.toString());
    await form.getByText("Choose the production period the expense belongs to.").waitFor({ state: "detached" }); // a corrected field's error goes
    await form.getByLabel("Category").selectOption("maintenance");
    await form.getByLabel(/^Amount/).fill("1250.40");

    // Files the store does not take as an invoice are refused before any upload; what was typed stays.
    const file = form.getByLabel("Invoice file");
    await file.setInputFiles({ name: "invoice.txt", mimeType: "text/plain", buffer: Buffer.from("not an invoice") });
    await form.getByRole("alert").filter({ hasText: "invoice.txt is not a PDF, PNG, JPEG or WebP file. Pick another file." }).waitFor();
    await file.setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 0x25) });
    await form.getByRole("alert").filter({ hasText: "scan.pdf is larger than 2 MB." }).waitFor();

    // The store failing once: said, with a retry, and nothing typed is lost.
    const invoiceName = "vestas-invoice-2026-11.pdf";
    const invoiceBytes = Buffer.from("%PDF-1.4 Vestas service invoice 2026-11: gearbox inspection, EUR 1,250.40");
    await page.route("**/api/operator/documents", (route) => route.fulfill({ status: 502, json: { error: "The document could not be stored: disk full" } }), { times: 1 });
    await file.setInputFiles({ name: invoiceName, mimeType: "application/pdf", buffer: invoiceBytes });
    const failed = form.getByRole("alert").filter({ hasText: `${invoiceName} could not be uploaded: The document could not be stored: disk full.` });
    await failed.waitFor({ timeout: 20_000 });
    assert.equal(await form.getByLabel(/^Amount/).inputValue(), "1250.40", "the amount stays");
    assert.equal(await form.getByLabel("Period").inputValue(), periodId.toString(), "the period stays");
    assert.equal(await form.getByLabel("Invoice CID").inputValue(), "", "no CID from a failed upload");
    await screenshots(page, "operator-expense-upload-failed");

    // The retry goes through; held on its way, the upload shows its progress first.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/operator/documents", async (route) => { await held; await route.continue(); }, { times: 1 });
    await failed.getByRole("button", { name: "Try the upload again" }).click();
    await form.getByRole("status").filter({ hasText: `Uploading ${invoiceName}…` }).waitFor();
    await form.getByRole("progressbar", { name: `Upload of ${invoiceName}` }).waitFor();
    assert.equal(await file.isDisabled(), true, "no second pick while uploading");
    release();
    await form.getByRole("status").filter({ hasText: `Uploaded ${invoiceName}: its CID is filled in below.` }).waitFor({ timeout: 30_000 });
    const invoice = await form.getByLabel("Invoice CID").inputValue();
    // Stored under that CID, holding the file as uploaded.
    const storedBytes = readFileSync(join(stack.metadataDir, `${invoice}.json`));
    assert.equal(await cidOf(storedBytes), invoice, "the CID names the stored bytes");
    const stored = JSON.parse(storedBytes.toString("utf8")) as { type: string; assetId: string; kind: string; fileName: string; mediaType: string; size: number; content: string };
    assert.deepEqual(
      { type: stored.type, assetId: stored.assetId, kind: stored.kind, fileName: stored.fileName, mediaType: stored.mediaType, size: stored.size },
      { type: "expense-invoice", assetId: wind.toString(), kind: "invoice", fileName: invoiceName, mediaType: "application/pdf", size: invoiceBytes.length },
    );
    assert.equal(stored.content, `data:application/pdf;base64,${invoiceBytes.toString("base64")}`);
    await screenshots(page, "operator-expense-form");

    await form.getByRole("button", { name: "Record expense" }).click();
    await confirmedIn(form);
    const [event] = await stack.chain.getContractEvents({
      address: address("RevenueSettlement"), abi: abis.RevenueSettlement, eventName: "ExpenseRecorded", args: { assetId: wind }, fromBlock: "earliest", strict: true,
    }).then((events) => events.filter((e) => e.args.periodId === periodId));
    assert.ok(event, "the expense is recorded on chain");
    assert.equal(event.args.amount, 1_250_400_000n);
    assert.equal(event.args.category, "maintenance");
    assert.equal(event.args.documentCID, invoice, "the chain records the uploaded invoice's CID");
    assert.equal(await form.getByLabel(/^Amount/).inputValue(), "", "a recorded expense clears the form for the next one");

    await stack.waitForIndexing();
    const { expenses } = await stack.query<{ expenses: { periodId: string; documentCID: string }[] }>(
      `{ expenses(where: { asset: "${wind}", periodId: "${periodId}" }) { periodId documentCID } }`,
    );
    assert.deepEqual(expenses, [{ periodId: periodId.toString(), documentCID: invoice }], "the subgraph holds the same CID");
    const row = item.getByTestId("expense-row").filter({ hasText: new RegExp(`Period ${periodId} · maintenance · €1,250\\.40`) });
    await row.waitFor({ timeout: 20_000 });
    assert.equal(await row.getAttribute("data-document-cid"), invoice);
    await screenshots(page, "operator-expenses");
  });
});

describe("hydro and biomass operator: offering terms and resubmission", () => {
  let page: Page;
  before(async () => {
    page = await operatorPage(5);
  });

  it("explains why a rejected asset cannot be offered", async () => {
    const item = card(page, stack.seed.assetIds.biomass);
    await item.getByRole("button", { name: "Offering terms" }).click();
    await item.getByTestId("offering-not-ready").filter({ hasText: "The asset was rejected; correct it and resubmit it for review first." }).waitFor({ timeout: 20_000 });
    await item.getByRole("button", { name: "Offering terms" }).click();
  });

  it("opens a primary offering for a verified asset with validated terms", async () => {
    const hydro = stack.seed.assetIds.hydro;
    const item = card(page, hydro);
    await item.getByTestId("operator-asset-status").filter({ hasText: "Verified" }).waitFor({ timeout: 20_000 });
    await item.getByRole("button", { name: "Offering terms" }).click();
    const form = item.getByRole("form", { name: `Offering terms for asset #${hydro}` });
    await form.waitFor({ timeout: 20_000 });
    await form.getByText("12,000 of 12,000 shares are not issued yet.", { exact: false }).waitFor();

    const now = (await stack.chain.getBlock()).timestamp;
    // Bad input: more shares than exist, a soft cap above the hard cap, a closing in the past.
    await form.getByLabel(/^Price per share/).fill("50");
    await form.getByLabel("Shares offered (hard cap)").fill("13000");
    await form.getByLabel("Soft cap (shares)").fill("14000");
    await form.getByLabel("Minimum ticket (shares)").fill("10");
    await form.getByLabel("Maximum per investor (shares)").fill("1500");
    await form.getByLabel("Closes").fill(localDateTime(now - DAY));
    await form.getByRole("button", { name: "Open the offering" }).click();
    await form.getByText("Only 12000 shares of this asset are not issued yet; offer at most that many.").waitFor();
    await form.getByText("The closing lies in the past: choose a later time.").waitFor();
    await screenshots(page, "operator-offering-errors");
    assert.equal((await readAsset(hydro)).status, ASSET_STATUS.Verified, "nothing was sent");

    await form.getByLabel("Shares offered (hard cap)").fill("12000");
    await form.getByRole("button", { name: "Open the offering" }).click();
    await form.getByText("The soft cap cannot exceed the shares offered.").waitFor();
    await form.getByLabel("Soft cap (shares)").fill("6000");
    const closes = now + 45n * DAY;
    await form.getByLabel("Closes").fill(localDateTime(closes));
    const summary = form.getByTestId("offering-summary");
    await summary.getByText("€300,000.00").waitFor();
    await summary.getByText("€600,000.00").waitFor();
    await screenshots(page, "operator-offering-terms");
    await form.getByRole("button", { name: "Open the offering" }).click();
    const created = item.getByTestId("offering-created");
    await created.waitFor({ timeout: 60_000 });
    const offeringId = BigInt((await created.getAttribute("data-offering-id"))!);

    const offering = address("Offering");
    assert.equal(await stack.chain.readContract({ address: offering, abi: abis.Offering, functionName: "latestOfferingOf", args: [hydro] }), offeringId);
    const terms = await stack.chain.readContract({ address: offering, abi: abis.Offering, functionName: "terms", args: [offeringId] });
    assert.equal(terms.pricePerShare, 50_000_000n);
    assert.equal(terms.hardCapShares, 12_000n);
    assert.equal(terms.softCapShares, 6_000n);
    assert.equal(terms.minPurchaseShares, 10n);
    assert.equal(terms.maxSharesPerInvestor, 1_500n);
    assert.equal(terms.endTime, closes - (closes % 60n), "the closing minute the operator chose");
    assert.equal(terms.treasury.toLowerCase(), devAccount(5).address.toLowerCase());
    assert.equal((await readAsset(hydro)).status, ASSET_STATUS.Offering);

    await stack.waitForIndexing();
    await item.getByTestId("operator-asset-status").filter({ hasText: "Offering" }).waitFor({ timeout: 20_000 });
    await item.getByTestId("operator-offering").filter({ hasText: `#${offeringId} (Open)` }).waitFor({ timeout: 20_000 });
    await screenshots(page, "operator-offering-created");
  });

  it("shows the rejection reason and resubmits the corrected asset with the missing document", async () => {
    const biomass = stack.seed.assetIds.biomass;
    const reason = "Grid access approval from the distribution operator is missing; resubmit with it attached.";
    const item = card(page, biomass);
    await item.getByText(`Rejected: ${reason}`).waitFor({ timeout: 20_000 });
    const before = await stack.chain.readContract({ address: address("EnergyAsset"), abi: abis.EnergyAsset, functionName: "assetSpec", args: [biomass] });

    await item.getByRole("button", { name: "Correct and resubmit" }).click();
    const form = item.getByRole("form", { name: `Correct and resubmit asset #${biomass}` });
    await form.getByLabel("Asset name").waitFor({ timeout: 20_000 });
    assert.equal(await form.getByLabel("Asset name").inputValue(), "Biomasa Soria 800 kW");
    assert.equal(await form.getByLabel("Nameplate capacity (kW)").inputValue(), "800");
    // Bad input: resubmitting unchanged, then a production the capacity cannot reach.
    await form.getByRole("button", { name: "Upload and resubmit for review" }).click();
    await form.getByText("Nothing has changed yet: attach what the reviewer asked for or correct the specification, then resubmit.").waitFor();
    await form.getByLabel("Expected production, P50 (kWh / year)").fill("9000000");
    await form.getByRole("button", { name: "Upload and resubmit for review" }).click();
    await form.getByText("More than the capacity can produce running all year (7008000 kWh).").waitFor();
    await form.getByLabel("Expected production, P50 (kWh / year)").fill("5400000");

    await form.getByLabel(/^Add documents/).setInputFiles([{ name: "grid-access.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 grid access approval, E-Distribución") }]);
    await form.getByLabel("Title of grid-access.pdf").fill("Grid access approval (E-Distribución)");
    await form.getByLabel("Kind").selectOption("grid-connection");
    await form.getByLabel("Note for the verifier (optional)").fill("Approval attached; P50 revised after the fuel audit.");
    await form.getByTestId("resubmit-changes").filter({ hasText: "Expected production, P50 (kWh / year)" }).waitFor();
    await screenshots(page, "operator-resubmit");
    await form.getByRole("button", { name: "Upload and resubmit for review" }).click();
    await item.getByTestId("asset-resubmitted").waitFor({ timeout: 60_000 });

    const state = await readAsset(biomass);
    assert.equal(state.status, ASSET_STATUS.Submitted);
    const spec = await stack.chain.readContract({ address: address("EnergyAsset"), abi: abis.EnergyAsset, functionName: "assetSpec", args: [biomass] });
    assert.equal(spec.expectedAnnualKWh, 5_400_000n);
    assert.equal(spec.capacityW, before.capacityW);
    assert.notEqual(spec.metadataCID, before.metadataCID);
    const stored = JSON.parse(readFileSync(join(stack.metadataDir, `${spec.metadataCID}.json`), "utf8")) as {
      documents: { title: string; kind: string }[]; resubmissions: { answersRejection: string; note: string }[];
    };
    assert.deepEqual(stored.documents.map((d) => [d.title, d.kind]), [["Fuel supply contract", "contract"], ["Grid access approval (E-Distribución)", "grid-connection"]]);
    assert.equal(stored.resubmissions[0]!.answersRejection, reason);
    assert.equal(stored.resubmissions[0]!.note, "Approval attached; P50 revised after the fuel audit.");
    assert.equal(await cidOf(readFileSync(join(stack.metadataDir, `${spec.metadataCID}.json`))), spec.metadataCID);

    await stack.waitForIndexing();
    await page.reload();
    await card(page, biomass).getByTestId("operator-asset-status").filter({ hasText: "Submitted" }).waitFor({ timeout: 30_000 });
    assert.equal(await card(page, biomass).getByText(`Rejected: ${reason}`).count(), 0);
    await screenshots(page, "operator-resubmitted");
    assert.deepEqual(pageErrors, []);
  });
});
