/**
 * Browse and filter the marketplace: the cards match the chain (listed assets, names, offering terms)
 * and the subgraph, filters live in the URL and survive a reload, the map falls back to a list when
 * tiles cannot load (this machine is offline), and a signed-in user saves a search.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { abis } from "@cowatt/deployments";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn, visibleCards } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet } from "./wallet.ts";

/** EnergyAsset.AssetStatus values shown on the marketplace: Verified, Offering, Active, Suspended, Decommissioned. */
const LISTED = new Set([3, 5, 6, 7, 8]);

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let pageErrors: string[];
let listed: { id: string; name: string; status: number }[];

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  await injectWallet(browser.context, { account: devAccount(8), rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  page = await browser.context.newPage();
  pageErrors = collectPageErrors(page);
  const energyAsset = { address: stack.record.contracts.EnergyAsset.address, abi: abis.EnergyAsset } as const;
  const count = await stack.chain.readContract({ ...energyAsset, functionName: "assetCount" });
  listed = [];
  for (let id = 1n; id <= count; id++) {
    const [state, spec] = await Promise.all([
      stack.chain.readContract({ ...energyAsset, functionName: "asset", args: [id] }),
      stack.chain.readContract({ ...energyAsset, functionName: "assetSpec", args: [id] }),
    ]);
    if (LISTED.has(state.status)) listed.push({ id: id.toString(), name: spec.name, status: state.status });
  }
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

describe("marketplace", () => {
  it("lists every listed asset on chain, open offerings first, with the offering's terms", async () => {
    assert.ok(listed.length >= 2, "the seed lists an active and an offering asset");
    await page.goto(stack.appUrl);
    const cards = await visibleCards(page);
    assert.deepEqual(byName(cards), byName(listed.map(({ id, name }) => ({ id, name }))));
    assert.equal(cards[0]!.id, listed.find((a) => a.status === 5)!.id, "the open offering comes first");

    const { assets } = await stack.query<{ assets: { id: string; holderCount: number }[] }>(
      "{ assets(where: { status_in: [Verified, Offering, Active, Suspended, Decommissioned] }) { id holderCount } }",
    );
    assert.deepEqual(assets.map((a) => a.id).sort(), cards.map((c) => c.id).sort(), "the subgraph agrees with the chain");

    // The open offering's card against Offering.terms/state on chain.
    const offering = { address: stack.record.contracts.Offering.address, abi: abis.Offering } as const;
    const offeringId = stack.seed.openOfferingId;
    const [terms, state] = await Promise.all([
      stack.chain.readContract({ ...offering, functionName: "terms", args: [offeringId] }),
      stack.chain.readContract({ ...offering, functionName: "state", args: [offeringId] }),
    ]);
    const card = page.locator(`[data-testid=asset-card][data-asset-id="${terms.assetId}"]`);
    const euros = new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR" }).format(Number(terms.pricePerShare) / 1e6);
    assert.equal(await card.getByTestId("asset-price").textContent(), euros);
    const number = new Intl.NumberFormat("en-GB");
    const funding = await card.getByTestId("asset-funding").textContent();
    assert.match(funding ?? "", new RegExp(`^${number.format(state.sharesSold)} / ${number.format(terms.hardCapShares)} shares`));
    assert.equal(await card.getByTestId("asset-investors").textContent(), number.format(state.investorCount));
    // A producing asset shows its holders as the subgraph counts them.
    const active = listed.find((a) => a.status === 6)!;
    const holders = assets.find((a) => a.id === active.id)!.holderCount;
    assert.ok(holders > 0);
    assert.equal(await page.locator(`[data-testid=asset-card][data-asset-id="${active.id}"]`).getByTestId("asset-holders").textContent(), number.format(holders));
    assert.match((await card.getByTestId("asset-yield").textContent()) ?? "", /^\d+(\.\d)?%$/, "a yield from the price feed");
    await page.getByTestId("subgraph-status").filter({ hasText: "up to date" }).waitFor();
    await screenshots(page, "marketplace");
  });

  it("filters by technology and search, keeps filters in the URL across a reload", async () => {
    const wind = listed.find((a) => /Nordwind/.test(a.name))!;
    // The chip is a label around a visually hidden checkbox; its state follows the URL.
    await page.getByRole("complementary", { name: "Filters" }).locator("label", { hasText: /^Wind$/ }).click();
    await page.waitForURL(/tech=Wind/);
    assert.equal(await page.getByRole("checkbox", { name: "Wind" }).isChecked(), true);
    assert.deepEqual(await visibleCards(page), [{ id: wind.id, name: wind.name }]);
    await page.reload();
    assert.deepEqual(await visibleCards(page), [{ id: wind.id, name: wind.name }], "the filter survives a reload");
    await screenshots(page, "marketplace-filtered");

    await page.goto(stack.appUrl);
    await page.getByLabel("Search assets").fill("castilla");
    await page.waitForURL(/q=castilla/);
    const cards = await visibleCards(page);
    assert.deepEqual(cards.map((c) => c.name), listed.filter((a) => /castilla/i.test(a.name)).map((a) => a.name));

    await page.goto(`${stack.appUrl}/?country=PT`);
    await page.getByText("No assets match these filters").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).last().click();
    await page.waitForURL((url) => url.search === "");
    assert.equal((await visibleCards(page)).length, listed.length);
  });

  it("keeps what was typed into the search before the page became interactive", async () => {
    const early = await browser.context.newPage();
    // Every script waits, so the server-rendered search box is typed into before React hydrates it.
    let releaseScripts!: () => void;
    const scriptsHeld = new Promise<void>((resolve) => (releaseScripts = resolve));
    await early.route("**/_next/static/chunks/*.js", async (route) => {
      await scriptsHeld;
      await route.continue();
    });
    try {
      await early.goto(stack.appUrl, { waitUntil: "commit" });
      await early.getByLabel("Search assets").fill("castilla");
      releaseScripts();
      await early.waitForURL(/q=castilla/);
      assert.equal(await early.getByLabel("Search assets").inputValue(), "castilla");
      const cards = await visibleCards(early);
      assert.deepEqual(cards.map((c) => c.name), listed.filter((a) => /castilla/i.test(a.name)).map((a) => a.name));
    } finally {
      await early.close();
    }
  });

  it("shows the map, or the locations as a list when tiles cannot load", async () => {
    // The view is a radio group: the arrow keys move the choice, a click works too.
    const cardsView = page.getByRole("radiogroup", { name: "View" }).getByRole("radio", { name: "Cards" });
    assert.equal(await cardsView.isChecked(), true);
    await cardsView.focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getByRole("radio", { name: "Map" }).isChecked(), true);
    const map = page.getByTestId("asset-map");
    await map.and(page.locator("[data-map-state=unavailable], [data-map-state=ready]")).waitFor({ timeout: 15_000 });
    if ((await map.getAttribute("data-map-state")) === "unavailable") {
      const items = await page.getByTestId("location-list").locator("li").allTextContents();
      assert.equal(items.length, listed.length);
      for (const asset of listed) assert.ok(items.some((text) => text.includes(asset.name)), `${asset.name} in the list`);
    }
    await screenshots(page, "marketplace-map");
    await page.getByRole("radio", { name: "Cards" }).click();
    await page.getByTestId("asset-card").first().waitFor();
  });

  it("saves a search for the signed-in user", async () => {
    await page.goto(`${stack.appUrl}/?tech=Solar&sort=yield-desc`);
    await connectAndSignIn(page);
    const saved = page.getByTestId("saved-searches");
    await saved.getByLabel("Name for this search").fill("Solar by yield");
    await saved.getByRole("button", { name: "Save" }).click();
    await saved.getByRole("link", { name: "Solar by yield" }).waitFor();
    const stored = (await (await browser.context.request.get(`${stack.appUrl}/api/saved-searches`)).json()) as { name: string; query: string }[];
    assert.deepEqual(stored.map(({ name, query }) => ({ name, query })), [{ name: "Solar by yield", query: "tech=Solar&sort=yield-desc" }]);
    await page.goto(stack.appUrl);
    await page.getByTestId("saved-searches").getByRole("link", { name: "Solar by yield" }).click();
    await page.waitForURL(/tech=Solar&sort=yield-desc/);
    assert.ok((await visibleCards(page)).every((card) => listed.find((a) => a.id === card.id)));
    // Dark theme, for the screenshots.
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await screenshots(page, "marketplace-dark");
    assert.deepEqual(pageErrors, []);
  });
});
