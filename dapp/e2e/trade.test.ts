/**
 * Trading on the wind turbine's order book in the browser: a seller's limit order rests and becomes the
 * best ask, a buyer's market order (with the stablecoin approval step) fills it with the fee disclosed
 * beforehand, and a limit buy is placed and cancelled. Each step is checked on chain (order state, share
 * escrow, stablecoin escrow, balances, treasury fee) and on the page.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { abis } from "@cowatt/deployments";
import { parseUnits, type Address } from "viem";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet } from "./wallet.ts";

const eur = (value: string) => parseUnits(value, 6);
// Test accounts: #10 Inês (PT) holds wind shares; #8 Camille (FR) buys.
const seller = devAccount(10);
const buyer = devAccount(8);

let stack: Stack;
let windId: bigint;
let orderBook: { address: Address; abi: typeof abis.OrderBook };
let energyAsset: { address: Address; abi: typeof abis.EnergyAsset };
let stablecoin: { address: Address; abi: typeof abis.DevStablecoin };

before(async () => {
  stack = await startStack();
  windId = stack.seed.assetIds.wind;
  orderBook = { address: stack.record.contracts.OrderBook.address, abi: abis.OrderBook };
  energyAsset = { address: stack.record.contracts.EnergyAsset.address, abi: abis.EnergyAsset };
  stablecoin = { address: stack.record.contracts.DevStablecoin.address, abi: abis.DevStablecoin };
});

after(async () => {
  await stack?.stop();
});

/** A browser with `account`'s wallet, connected and signed in on the wind asset's trade page. */
async function openTradePage(account: ReturnType<typeof devAccount>) {
  const browser = await launchBrowser();
  await injectWallet(browser.context, { account, rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${stack.appUrl}/trade/${windId}`);
  await connectAndSignIn(page);
  await page.getByTestId("order-form").waitFor();
  return { browser, page, errors };
}

const read = <T>(contract: { address: Address; abi: readonly unknown[] }, functionName: string, args: readonly unknown[] = []) =>
  stack.chain.readContract({ ...contract, functionName, args } as never) as Promise<T>;

async function placeLimit(page: Page, side: "buy" | "sell", price: string, shares: string) {
  await page.getByTestId(`side-${side}`).click();
  await page.getByTestId("type-limit").check();
  await page.getByTestId("order-price").fill(price);
  await page.getByTestId("order-shares").fill(shares);
  await page.getByTestId("place-order").click();
}

describe("trade", () => {
  let sellOrderId: bigint;

  it("shows the live book from the chain: best bid and ask, spread and the on-chain fee", async () => {
    const { browser, page, errors } = await openTradePage(seller);
    try {
      const [bestBid] = await read<[bigint, bigint]>(orderBook, "bestBid", [windId]);
      const [bestAsk] = await read<[bigint, bigint]>(orderBook, "bestAsk", [windId]);
      const feeBps = await read<number>(orderBook, "feeBps");
      assert.equal(bestBid, eur("149"));
      assert.equal(bestAsk, eur("155"));
      assert.equal(feeBps, 40, "the executed platform proposal set 0.40 %");
      await page.getByTestId("best-bid").filter({ hasText: "€149.00" }).waitFor();
      await page.getByTestId("best-ask").filter({ hasText: "€155.00" }).waitFor();
      assert.match(await page.getByTestId("spread").innerText(), /€6\.00/);
      assert.equal(await page.getByTestId("taker-fee").innerText(), "0.4%");
      assert.match(await page.getByTestId("fee-rate").innerText(), /0\.4%/);
      const asks = await page.getByTestId("ask-level").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-price")));
      assert.deepEqual(asks, [eur("165"), eur("160"), eur("158"), eur("155")].map(String), "asks worst to best above the spread");
      await page.getByTestId("depth-chart").waitFor();
      await screenshots(page, "trade-book");

      // The seller's limit order below the best ask rests and becomes the best ask.
      const escrowBefore = await read<bigint>(energyAsset, "escrowedBalance", [windId, seller.address]);
      await placeLimit(page, "sell", "153", "25");
      await page.getByTestId("order-result").filter({ hasText: "25 shares rest on the book" }).waitFor({ timeout: 30_000 });
      const open = await read<bigint[]>(orderBook, "openOrdersOf", [seller.address]);
      sellOrderId = open.at(-1)!;
      const order = await read<{ owner: Address; side: number; price: bigint; shares: bigint }>(orderBook, "order", [sellOrderId]);
      assert.equal(order.owner, seller.address);
      assert.equal(order.side, 1);
      assert.equal(order.price, eur("153"));
      assert.equal(order.shares, 25n);
      assert.equal(await read<bigint>(energyAsset, "escrowedBalance", [windId, seller.address]), escrowBefore + 25n, "25 shares escrowed in the wallet");
      await page.getByTestId("best-ask").filter({ hasText: "€153.00" }).waitFor();
      await page.locator(`[data-testid=open-order][data-order-id="${sellOrderId}"]`).waitFor();
      await screenshots(page, "trade-sell-placed");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it("fills the sell with a market buy after the approval step, fee disclosed before signing", async () => {
    // Start the buyer without any allowance so the approval step runs (the seed approved the maximum).
    const connection = stack.connection;
    const [, , , , , , , , buyerWallet] = await connection.viem.getWalletClients();
    await stack.chain.waitForTransactionReceipt({
      hash: await buyerWallet!.writeContract({ ...stablecoin, functionName: "approve", args: [orderBook.address, 0n], chain: buyerWallet!.chain }),
    });
    const treasury = await read<Address>(orderBook, "treasury");
    const before = {
      buyerCash: await read<bigint>(stablecoin, "balanceOf", [buyer.address]),
      sellerCash: await read<bigint>(stablecoin, "balanceOf", [seller.address]),
      treasury: await read<bigint>(stablecoin, "balanceOf", [treasury]),
      buyerShares: await read<bigint>(energyAsset, "balanceOf", [buyer.address, windId]),
      sellerShares: await read<bigint>(energyAsset, "balanceOf", [seller.address, windId]),
    };
    const { browser, page, errors } = await openTradePage(buyer);
    try {
      await page.getByTestId("side-buy").click();
      await page.getByTestId("type-market").check();
      await page.getByTestId("order-shares").fill("25");
      // 25 × €153 = €3,825; 0.40 % fee = €15.30, shown before anything is signed.
      await page.getByTestId("preview-fee").filter({ hasText: "€15.30" }).waitFor();
      assert.match(await page.getByTestId("preview-fill").innerText(), /25 shares for €3,825\.00/);
      await screenshots(page, "trade-market-buy-preview");
      await page.getByTestId("place-order").click();
      await page.getByTestId("order-result").filter({ hasText: "25 shares traded for €3,825.00 (fee €15.30)" }).waitFor({ timeout: 60_000 });

      const value = eur("153") * 25n;
      const fee = eur("15.30");
      assert.equal(await read<bigint>(stablecoin, "balanceOf", [buyer.address]), before.buyerCash - value - fee);
      assert.equal(await read<bigint>(stablecoin, "balanceOf", [seller.address]), before.sellerCash + value, "the maker pays no fee");
      assert.equal(await read<bigint>(stablecoin, "balanceOf", [treasury]), before.treasury + fee);
      assert.equal(await read<bigint>(energyAsset, "balanceOf", [buyer.address, windId]), before.buyerShares + 25n);
      assert.equal(await read<bigint>(energyAsset, "balanceOf", [seller.address, windId]), before.sellerShares - 25n);
      await assert.rejects(read(orderBook, "order", [sellOrderId]), /UnknownOrder|reverted/, "the filled order is gone");
      // The approval was the most the order could take: 25 × (€153 + 2 % slippage) + fee on that; the rest stays unused.
      const approved = eur("3901.5") + eur("15.606");
      assert.equal(await read<bigint>(stablecoin, "allowance", [buyer.address, orderBook.address]), approved - value - fee);

      await page.getByTestId("best-ask").filter({ hasText: "€155.00" }).waitFor();
      await stack.waitForIndexing();
      await page.getByTestId("my-trades").locator("[data-testid=trade-row]").filter({ hasText: "Bought" }).first().waitFor({ timeout: 30_000 });
      await page.getByTestId("recent-trades").locator("[data-testid=trade-row]").filter({ hasText: "€153.00" }).first().waitFor();
      await screenshots(page, "trade-filled");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it("places a limit buy that rests with its stablecoin escrowed, then cancels it and gets the escrow back", async () => {
    const { browser, page, errors } = await openTradePage(buyer);
    try {
      const escrowBefore = await read<bigint>(orderBook, "escrowedFunds");
      const cashBefore = await read<bigint>(stablecoin, "balanceOf", [buyer.address]);
      await placeLimit(page, "buy", "140", "10");
      await page.getByTestId("order-result").filter({ hasText: "10 shares rest on the book" }).waitFor({ timeout: 60_000 });
      const [orderId] = (await read<bigint[]>(orderBook, "openOrdersOf", [buyer.address])).slice(-1);
      const order = await read<{ side: number; price: bigint; shares: bigint }>(orderBook, "order", [orderId]);
      assert.deepEqual([order.side, order.price, order.shares], [0, eur("140"), 10n]);
      assert.equal(await read<bigint>(orderBook, "escrowedFunds"), escrowBefore + eur("1400"));
      assert.equal(await read<bigint>(stablecoin, "balanceOf", [buyer.address]), cashBefore - eur("1400"), "a resting order pays no fee");
      const row = page.locator(`[data-testid=open-order][data-order-id="${orderId}"]`);
      await row.waitFor();
      await page.locator(`[data-testid=bid-level][data-price="${eur("140")}"]`).waitFor();
      await screenshots(page, "trade-buy-resting");

      await row.getByTestId("cancel-order").click();
      await row.waitFor({ state: "detached", timeout: 60_000 });
      await assert.rejects(read(orderBook, "order", [orderId]), /UnknownOrder|reverted/);
      assert.equal(await read<bigint>(orderBook, "escrowedFunds"), escrowBefore);
      assert.equal(await read<bigint>(stablecoin, "balanceOf", [buyer.address]), cashBefore, "the escrow came back in full");
      await page.locator(`[data-testid=bid-level][data-price="${eur("140")}"]`).waitFor({ state: "detached" });
      // Camille's seeded bid at €149 is still open; only the cancelled order left the list.
      assert.equal(await page.getByTestId("open-order").count(), (await read<bigint[]>(orderBook, "openOrdersOf", [buyer.address])).length);
      await screenshots(page, "trade-cancelled");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it("refuses an order the compliance rules forbid before anything is signed", async () => {
    // #14 is an unverified visitor: a buy is refused with the reason, and no transaction is requested.
    const visitor = devAccount(14);
    const browser = await launchBrowser();
    const wallet = await injectWallet(browser.context, { account: visitor, rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${stack.appUrl}/trade/${windId}`);
      await connectAndSignIn(page);
      await placeLimit(page, "buy", "150", "5");
      const problem = await page.getByTestId("order-problem").innerText();
      assert.match(problem, /verif|KYC|identity/i);
      assert.equal(wallet.requests.includes("eth_sendTransaction"), false, "nothing was sent");
      assert.equal(await page.getByTestId("order-price").inputValue(), "150", "the form keeps what was typed");
      await screenshots(page, "trade-compliance-refused");
    } finally {
      await browser.close();
    }
  });
});
