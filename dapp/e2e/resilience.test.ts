/**
 * Bad conditions in the browser, each with a specific message and a way forward, and nothing typed lost:
 * the indexer down and behind the chain, the blockchain node down for reads (the dApp reaches both through
 * links this test cuts or holds, e2e/link.ts), the wallet on the wrong network, a rejected signature, and
 * a transaction that passes the app's simulation but reverts on chain (a pause mined just before it).
 * Account #10 Inês holds wind shares and places sell orders on the wind asset's trade page.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { abis } from "@cowatt/deployments";
import { createWalletClient, encodeFunctionData, http, parseGwei, parseUnits, type Address } from "viem";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn, visibleCards } from "./flows.ts";
import { startLink, type Link } from "./link.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet, type TestWallet } from "./wallet.ts";

const seller = devAccount(10);
const pauser = devAccount(1);
const eur = (value: string) => parseUnits(value, 6);

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let wallet: TestWallet;
let page: Page;
let pageErrors: string[];
const links: { appRpc?: Link; appSubgraph?: Link; indexerRpc?: Link } = {};
let windId: bigint;
let orderBook: { address: Address; abi: typeof abis.OrderBook };
let energyAsset: { address: Address; abi: typeof abis.EnergyAsset };

before(async () => {
  stack = await startStack({
    indexerRpcUrl: async (nodeUrl) => (links.indexerRpc = await startLink(nodeUrl)).url,
    appServiceUrls: async ({ rpcUrl, subgraphUrl }) => {
      links.appRpc = await startLink(rpcUrl);
      links.appSubgraph = await startLink(subgraphUrl);
      return { rpcUrl: links.appRpc.url, subgraphUrl: links.appSubgraph.url };
    },
  });
  windId = stack.seed.assetIds.wind;
  orderBook = { address: stack.record.contracts.OrderBook.address, abi: abis.OrderBook };
  energyAsset = { address: stack.record.contracts.EnergyAsset.address, abi: abis.EnergyAsset };
  browser = await launchBrowser();
  // The wallet talks to the node directly, like an extension with its own RPC: only the dApp's links fail.
  wallet = await injectWallet(browser.context, { account: seller, rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  page = await browser.context.newPage();
  pageErrors = collectPageErrors(page);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  await Promise.all(Object.values(links).map((link) => link.close()));
});

const read = <T>(contract: { address: Address; abi: readonly unknown[] }, functionName: string, args: readonly unknown[] = []) =>
  stack.chain.readContract({ ...contract, functionName, args } as never) as Promise<T>;
const rpc = (method: string, params: unknown[] = []) => stack.chain.request({ method, params } as never);
const openSellOrders = async () => (await read<bigint[]>(orderBook, "openOrdersOf", [seller.address])).length;

async function fillSellOrder(price: string, shares: string) {
  await page.getByTestId("side-sell").click();
  await page.getByTestId("type-limit").check();
  await page.getByTestId("order-price").fill(price);
  await page.getByTestId("order-shares").fill(shares);
}

/** The page itself (not the service banner above it) says nothing matching `pattern`. */
async function assertMainSaysNothingOf(pattern: RegExp) {
  assert.doesNotMatch(await page.locator("main").innerText(), pattern);
}

async function assertTyped(price: string, shares: string) {
  assert.equal(await page.getByTestId("order-price").inputValue(), price, "the typed price is kept");
  assert.equal(await page.getByTestId("order-shares").inputValue(), shares, "the typed shares are kept");
}

describe("resilience", () => {
  it("says the indexer cannot be reached, still reads the chain, and reloads the lists when it is back", async () => {
    links.appSubgraph!.cut();
    await page.goto(stack.appUrl);
    const banner = page.getByTestId("service-status-subgraph");
    await banner.filter({ hasText: "The indexer cannot be reached." }).waitFor({ timeout: 30_000 });
    assert.match(await banner.innerText(), /transactions on the chain still work/);
    await banner.getByRole("button", { name: "Try again" }).waitFor();
    const failed = page.getByRole("alert").filter({ hasText: "Assets could not be loaded" });
    await failed.waitFor({ timeout: 30_000 });
    await failed.getByRole("button", { name: "Try again" }).waitFor();
    // A failed query is not an empty marketplace, and the page does not repeat the banner's reason.
    assert.equal(await page.getByTestId("result-count").innerText(), "Assets unavailable");
    await assertMainSaysNothingOf(/0 of 0|No assets|cannot be reached/);
    await page.getByTestId("chain-status").filter({ hasText: /block \d+/ }).waitFor({ timeout: 30_000 });
    await screenshots(page, "resilience-indexer-down");
    // The same on the other lists from the indexer: the proposals.
    await page.goto(`${stack.appUrl}/governance`);
    await page.getByRole("alert").filter({ hasText: "Proposals could not be loaded" }).waitFor({ timeout: 30_000 });
    await assertMainSaysNothingOf(/No proposals|cannot be reached/);
    await screenshots(page, "resilience-indexer-down-governance");
    await page.goto(stack.appUrl);
    await failed.waitFor({ timeout: 30_000 });

    links.appSubgraph!.restore();
    await banner.waitFor({ state: "detached", timeout: 30_000 });
    // Nobody pressed a button: the page re-ran the failed query when the indexer answered again.
    await page.getByTestId("asset-card").first().waitFor({ timeout: 30_000 });
    assert.ok((await visibleCards(page)).length > 0);
    await screenshots(page, "resilience-indexer-back");
  });

  it("shows 'data as of block N, indexing…' while the indexer lags behind the chain, and clears it when it catches up", async () => {
    await stack.waitForIndexing();
    links.indexerRpc!.hold();
    try {
      const indexed = (await stack.query<{ _meta: { block: { number: number } } }>("{ _meta { block { number } } }"))._meta.block.number;
      await rpc("hardhat_mine", ["0xc"]);
      const head = Number(await stack.chain.getBlockNumber({ cacheTime: 0 }));
      assert.equal(head, indexed + 12);
      await page.goto(stack.appUrl);
      const banner = page.getByTestId("service-status-subgraph").filter({ hasText: `Data as of block ${indexed}, indexing…` });
      await banner.waitFor({ timeout: 40_000 });
      assert.match(await banner.innerText(), new RegExp(`12 blocks behind the chain \\(block ${head}\\)`));
      assert.ok((await visibleCards(page)).length > 0, "the indexed data still shows");
      await assertMainSaysNothingOf(/Data as of block|blocks behind/); // said once, by the banner
      await screenshots(page, "resilience-indexer-behind");
    } finally {
      links.indexerRpc!.restore();
    }
    await page.getByTestId("service-status-subgraph").waitFor({ state: "detached", timeout: 40_000 });
  });

  it("says the blockchain node cannot be reached for reads, keeps the indexed lists, and recovers", async () => {
    await page.goto(stack.appUrl);
    await visibleCards(page);
    links.appRpc!.cut();
    const banner = page.getByTestId("service-status-rpc");
    try {
      await banner.filter({ hasText: "The blockchain node cannot be reached." }).waitFor({ timeout: 45_000 });
      assert.match(await banner.innerText(), /Live balances, prices and transactions are unavailable/);
      await banner.getByRole("button", { name: "Try again" }).waitFor();
      assert.ok((await page.getByTestId("asset-card").count()) > 0, "the lists from the indexer still show");
      await screenshots(page, "resilience-node-down");
    } finally {
      links.appRpc!.restore();
    }
    await banner.getByRole("button", { name: "Try again" }).click();
    await banner.waitFor({ state: "detached", timeout: 30_000 });
  });

  it("shows the wrong network with a switch button; an order sent meanwhile is refused with the same way out, typed values kept", async () => {
    await page.goto(`${stack.appUrl}/trade/${windId}`);
    await connectAndSignIn(page);
    await page.getByTestId("order-form").waitFor();
    await fillSellOrder("161", "4");
    await wallet.switchChain(page, 1);
    const banner = page.getByTestId("wrong-network");
    await banner.waitFor();
    assert.match(await banner.innerText(), new RegExp(`Wrong network\\. Your wallet is on chain 1; CoWatt runs on .* \\(chain ${stack.record.chainId}\\)`));

    const sentBefore = wallet.requests.filter((method) => method === "eth_sendTransaction").length;
    await page.getByTestId("place-order").click();
    const status = page.getByTestId("tx-status");
    await status.filter({ hasText: "Your wallet is on a different network." }).waitFor({ timeout: 30_000 });
    await status.getByRole("button", { name: "Switch network" }).waitFor();
    assert.equal(wallet.requests.filter((method) => method === "eth_sendTransaction").length, sentBefore, "nothing was sent");
    await assertTyped("161", "4");
    await screenshots(page, "resilience-wrong-network");

    await banner.getByRole("button", { name: /^Switch to / }).click();
    await banner.waitFor({ state: "detached" });
    assert.ok(wallet.requests.includes("wallet_switchEthereumChain"));
    await assertTyped("161", "4");
  });

  it("says a rejected signature sent nothing, keeps the order typed, and sends it on the next try", async () => {
    const ordersBefore = await openSellOrders();
    await fillSellOrder("162", "5");
    wallet.rejectSignatures(true);
    try {
      await page.getByTestId("place-order").click();
      const status = page.getByTestId("tx-status");
      await status.filter({ hasText: "You rejected the request in your wallet. Nothing was sent." }).waitFor({ timeout: 60_000 });
      assert.equal(await status.getAttribute("data-phase"), "failed");
    } finally {
      wallet.rejectSignatures(false);
    }
    assert.equal(await openSellOrders(), ordersBefore, "no order on chain");
    await assertTyped("162", "5");
    await screenshots(page, "resilience-signature-rejected");

    await page.getByTestId("place-order").click();
    await page.getByTestId("order-result").filter({ hasText: "5 shares rest on the book" }).waitFor({ timeout: 60_000 });
    assert.equal(await openSellOrders(), ordersBefore + 1);
    const [orderId] = (await read<bigint[]>(orderBook, "openOrdersOf", [seller.address])).slice(-1);
    const order = await read<{ price: bigint; shares: bigint }>(orderBook, "order", [orderId]);
    assert.deepEqual([order.price, order.shares], [eur("162"), 5n]);
  });

  it("decodes the custom error of a transaction that passed the app's simulation but reverted on chain", async () => {
    // The app simulates every write first, so a refusal known in advance never reaches the wallet. Here the
    // state changes between simulation and mining: with automining off, the pauser's transaction (higher tip)
    // is mined in the same block, just before the seller's order.
    const ordersBefore = await openSellOrders();
    const sentBefore = wallet.requests.filter((method) => method === "eth_sendTransaction").length;
    await fillSellOrder("163", "3");
    await rpc("evm_setAutomine", [false]);
    let pauseHash: `0x${string}` | undefined;
    try {
      await page.getByTestId("place-order").click();
      const status = page.getByTestId("tx-status");
      await status.and(page.locator("[data-phase=pending]")).waitFor({ timeout: 60_000 });
      assert.equal(wallet.requests.filter((method) => method === "eth_sendTransaction").length, sentBefore + 1, "the simulation passed and the order was sent");
      const pauserWallet = createWalletClient({ account: pauser, transport: http(stack.rpcUrl) });
      pauseHash = await pauserWallet.sendTransaction({
        chain: null,
        to: energyAsset.address,
        data: encodeFunctionData({ abi: energyAsset.abi, functionName: "pause" }),
        maxPriorityFeePerGas: parseGwei("50"),
        maxFeePerGas: parseGwei("100"),
      });
      await rpc("evm_mine");
    } finally {
      await rpc("evm_setAutomine", [true]);
    }
    const pauseReceipt = await stack.chain.waitForTransactionReceipt({ hash: pauseHash! });
    const block = await stack.chain.getBlock({ blockNumber: pauseReceipt.blockNumber });
    const [pauseFirst, orderHash] = block.transactions;
    assert.equal(block.transactions.length, 2, "the pause and the order were mined together");
    assert.equal(pauseFirst, pauseHash, "the pause came first");
    const orderReceipt = await stack.chain.getTransactionReceipt({ hash: orderHash! });
    assert.equal(orderReceipt.status, "reverted", "the order reverted on chain");

    const status = page.getByTestId("tx-status");
    await status.and(page.locator("[data-phase=reverted]")).waitFor({ timeout: 60_000 });
    const text = await status.innerText();
    assert.match(text, /The transaction failed: The platform is paused; try again once it resumes\./);
    assert.match(text, new RegExp(`mined in block ${pauseReceipt.blockNumber} but changed nothing`));
    assert.doesNotMatch(text, /0x[0-9a-f]{8}|EnforcedPause/i, "no raw error");
    assert.equal(await openSellOrders(), ordersBefore);
    await assertTyped("163", "3");
    await screenshots(page, "resilience-reverted-on-chain");

    // Once the platform resumes, the same typed order goes through.
    const pauserWallet = createWalletClient({ account: pauser, transport: http(stack.rpcUrl) });
    await stack.chain.waitForTransactionReceipt({
      hash: await pauserWallet.sendTransaction({ chain: null, to: energyAsset.address, data: encodeFunctionData({ abi: energyAsset.abi, functionName: "unpause" }) }),
    });
    await page.getByTestId("place-order").click();
    await page.getByTestId("order-result").filter({ hasText: "3 shares rest on the book" }).waitFor({ timeout: 60_000 });
    assert.equal(await openSellOrders(), ordersBefore + 1);
    assert.deepEqual(pageErrors, []);
  });
});
