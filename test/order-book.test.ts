import assert from "node:assert/strict";
import { describe, it } from "node:test";
import hre, { network } from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades/viem";
import { getAddress, keccak256, parseEventLogs, toHex, zeroAddress, type Address, type Hash } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import {
  CANCEL_REASON,
  COUNTRY,
  INVESTOR_CLASS,
  SIDE,
  TIME_IN_FORCE,
  assetRules,
  eur,
  openOffering,
  openOrders,
  orderBookFixture,
  orderParams,
  signPermit,
  twoActiveAssetsFixture,
  verifiedAsset,
  verify,
  type AssetRulesInput,
} from "./helpers/fixture.ts";

type F = Awaited<ReturnType<typeof orderBookFixture>>;
type Wallet = F["wallets"]["alice"];
type Params = ReturnType<typeof orderParams>;

const { Buy: BUY, Sell: SELL } = SIDE;
const IOC = TIME_IN_FORCE.ImmediateOrCancel;
const FEE_BPS = 50n; // scripts/lib/deploy.ts DEFAULT_TRADING_FEE_BPS
const fee = (value: bigint) => (value * FEE_BPS) / 10_000n;
const MAX_UINT = 2n ** 256n - 1n;

const addr = (who: Wallet | Address) => getAddress(typeof who === "string" ? who : who.account.address);

// ---------------------------------------------------------------- transactions and events

const sell = (f: F, price: bigint, shares: bigint, overrides: Parameters<typeof orderParams>[4] = {}) =>
  orderParams(f.assetId, SELL, price, shares, overrides);
const buy = (f: F, price: bigint, shares: bigint, overrides: Parameters<typeof orderParams>[4] = {}) =>
  orderParams(f.assetId, BUY, price, shares, overrides);

const placeTx = (f: F, wallet: Wallet, params: Params) =>
  f.orderBook.write.placeOrder([params], { account: wallet.account });

async function mined(f: F, hash: Hash | Promise<Hash>) {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  return receipt;
}

/** The order book's events in a transaction, in order, as { eventName, args }. */
async function bookEvents(f: F, hash: Hash | Promise<Hash>) {
  const receipt = await mined(f, hash);
  const own = receipt.logs.filter((log) => log.address.toLowerCase() === f.orderBook.address.toLowerCase());
  return parseEventLogs({ abi: f.orderBook.abi, logs: own }).map(({ eventName, args }) => ({ eventName, args }));
}

/** Places an order; returns its id (from OrderPlaced) and the order book's events. */
async function place(f: F, wallet: Wallet, params: Params) {
  const events = await bookEvents(f, placeTx(f, wallet, params));
  const placed = events.find((e) => e.eventName === "OrderPlaced");
  assert.ok(placed && "orderId" in placed.args);
  return { id: placed.args.orderId as bigint, events };
}

const placedEvent = (
  f: F,
  orderId: bigint,
  owner: Wallet | Address,
  side: number,
  price: bigint,
  shares: bigint,
  expiry = 0n,
) => ({
  eventName: "OrderPlaced",
  args: { orderId, assetId: f.assetId, owner: addr(owner), side, price, shares, expiry },
});

const tradeEvent = (
  f: F,
  makerOrderId: bigint,
  takerOrderId: bigint,
  maker: Wallet | Address,
  taker: Wallet | Address,
  takerSide: number,
  price: bigint,
  shares: bigint,
) => ({
  eventName: "Trade",
  args: {
    assetId: f.assetId,
    makerOrderId,
    takerOrderId,
    maker: addr(maker),
    taker: addr(taker),
    takerSide,
    price,
    shares,
    fee: fee(price * shares),
  },
});

const cancelledEvent = (f: F, orderId: bigint, owner: Wallet | Address, sharesLeft: bigint, reason: number) => ({
  eventName: "OrderCancelled",
  args: { orderId, assetId: f.assetId, owner: addr(owner), sharesLeft, reason },
});

const reducedEvent = (orderId: bigint, newShares: bigint) => ({ eventName: "OrderReduced", args: { orderId, newShares } });

// ---------------------------------------------------------------- balances and invariants

const dEur = (f: F, who: Wallet | Address) => f.stablecoin.read.balanceOf([addr(who)]);
const sharesOf = (f: F, who: Wallet | Address) => f.energyAsset.read.balanceOf([addr(who), f.assetId]);
const escrowOf = (f: F, who: Wallet | Address) => f.energyAsset.read.escrowedBalance([f.assetId, addr(who)]);

/** Snapshots dEUR and share balances; the returned function gives the changes since, per wallet. */
async function track(f: F, who: (Wallet | Address)[]) {
  const read = () => Promise.all(who.map(async (w) => ({ eur: await dEur(f, w), shares: await sharesOf(f, w) })));
  const before = await read();
  return async () => (await read()).map((now, i) => ({ eur: now.eur - before[i]!.eur, shares: now.shares - before[i]!.shares }));
}

const byPrice = (descending: boolean) => (a: bigint, b: bigint) => (a === b ? 0 : (a < b) !== descending ? -1 : 1);

/**
 * The escrow invariants and the book's structure, recomputed from its open orders:
 * escrowedFunds = dEUR held by the book (less `directFunds` sent to it outside any order) = Σ price × shares
 * over open buy orders; each holder's escrowed shares = Σ shares of their open sell orders; depth, best bid
 * and ask, and every owner's open orders (oldest first) agree with the open orders.
 */
async function assertBook(f: F, extra: { holders?: Address[]; directFunds?: bigint } = {}) {
  const open = await openOrders(f);
  const buyValue = open.filter((o) => o.side === BUY).reduce((sum, o) => sum + o.price * o.shares, 0n);
  assert.equal(await f.orderBook.read.escrowedFunds(), buyValue, "escrowedFunds = Σ open buy price × shares");
  assert.equal(
    await f.stablecoin.read.balanceOf([f.orderBook.address]),
    buyValue + (extra.directFunds ?? 0n),
    "dEUR held by the book = buy escrow",
  );
  const holders = new Set<Address>([
    ...Object.values(f.wallets).map((w) => addr(w)),
    ...(extra.holders ?? []).map((h) => getAddress(h)),
    ...open.map((o) => getAddress(o.owner)),
  ]);
  const assets = new Set<bigint>([f.assetId, ...open.map((o) => o.assetId)]);
  for (const assetId of assets) {
    for (const holder of holders) {
      const selling = open
        .filter((o) => o.side === SELL && o.assetId === assetId && getAddress(o.owner) === holder)
        .reduce((sum, o) => sum + o.shares, 0n);
      const escrowed = await f.energyAsset.read.escrowedBalance([assetId, holder]);
      assert.equal(escrowed, selling, `escrowed shares of ${holder} = Σ their open sell orders`);
      assert.ok(escrowed <= (await f.energyAsset.read.balanceOf([holder, assetId])), "escrow within the balance");
    }
    for (const side of [BUY, SELL]) {
      const levels = new Map<bigint, { shares: bigint; orders: number }>();
      for (const o of open.filter((o) => o.side === side && o.assetId === assetId)) {
        const level = levels.get(o.price) ?? { shares: 0n, orders: 0 };
        levels.set(o.price, { shares: level.shares + o.shares, orders: level.orders + 1 });
      }
      const expected = [...levels.keys()]
        .sort(byPrice(side === BUY))
        .map((price) => ({ price, shares: levels.get(price)!.shares, orders: levels.get(price)!.orders }));
      assert.deepEqual(await f.orderBook.read.depth([assetId, side, 1_000n]), expected, `depth of side ${side}`);
      const best = side === BUY ? f.orderBook.read.bestBid([assetId]) : f.orderBook.read.bestAsk([assetId]);
      assert.deepEqual(await best, expected[0] ? [expected[0].price, expected[0].shares] : [0n, 0n]);
    }
  }
  for (const holder of holders) {
    const mine = open.filter((o) => getAddress(o.owner) === holder).map((o) => o.id);
    assert.deepEqual(await f.orderBook.read.openOrdersOf([holder]), mine, `open orders of ${holder}, oldest first`);
  }
  return open;
}

const P = eur;

describe("OrderBook", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const { time } = networkHelpers;
  const book = () => orderBookFixture(connection);

  const setRules = (f: F, overrides: Partial<AssetRulesInput>) =>
    f.compliance.write.setRules([f.assetId, assetRules(overrides)], { account: f.wallets.ops.account });
  const freeze = (f: F, who: Wallet | Address, frozen = true) =>
    f.energyAsset.write.setAddressFrozen([addr(who), frozen, "investigation"], { account: f.wallets.ops.account });
  async function revokeKyc(f: F, who: Wallet) {
    const identityId = await f.identityRegistry.read.identityOf([addr(who)]);
    await f.identityRegistry.write.revokeIdentity([identityId, "documents expired"], { account: f.wallets.ops.account });
  }
  /** Mints `amount` more shares to `to` as the admin (ISSUER): with a lock-up rule, `to` is locked up. */
  async function mintAsAdmin(f: F, to: Wallet, amount: bigint) {
    const { admin } = f.wallets;
    await f.energyAsset.write.grantRole([roles.ISSUER, admin.account.address], { account: admin.account });
    await f.energyAsset.write.mint([f.assetId, addr(to), amount], { account: admin.account });
  }

  // ================================================================ views and configuration

  describe("views", () => {
    it("an empty book: the deployed fee, treasury and minimum, no orders", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { admin, ops, alice, treasury } = f.wallets;
      assert.equal(await f.orderBook.read.feeBps(), 50);
      assert.equal(await f.orderBook.read.treasury(), addr(treasury));
      assert.equal(await f.orderBook.read.minimumOrderValue(), eur(10));
      assert.equal(await f.orderBook.read.MAX_FILLS(), 20);
      assert.equal(await f.orderBook.read.FUNDER_ROLE(), keccak256(toHex("FUNDER_ROLE")));
      assert.equal(await f.orderBook.read.orderCount(), 0n);
      assert.equal(await f.orderBook.read.escrowedFunds(), 0n);
      for (const assetId of [f.assetId, 999n]) {
        assert.deepEqual(await f.orderBook.read.bestBid([assetId]), [0n, 0n]);
        assert.deepEqual(await f.orderBook.read.bestAsk([assetId]), [0n, 0n]);
        assert.deepEqual(await f.orderBook.read.depth([assetId, BUY, 10n]), []);
        assert.deepEqual(await f.orderBook.read.depth([assetId, SELL, 10n]), []);
      }
      assert.deepEqual(await f.orderBook.read.openOrdersOf([addr(alice)]), []);
      for (const id of [0n, 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(f.orderBook.read.order([id]), f.orderBook, "UnknownOrder", [
          id,
        ]);
      }
      assert.equal(await f.orderBook.read.hasRole([roles.DEFAULT_ADMIN, addr(admin)]), true);
      assert.equal(await f.orderBook.read.hasRole([roles.AGENT, addr(ops)]), true);
      assert.equal(await f.energyAsset.read.hasRole([roles.ESCROW, f.orderBook.address]), true);
    });

    it("feeFor: value × feeBps / 10,000, rounded down", async () => {
      const f = await networkHelpers.loadFixture(book);
      const cases: [bigint, bigint][] = [
        [0n, 0n],
        [199n, 0n],
        [200n, 1n],
        [10_000_000n, 50_000n],
        [10_000_199n, 50_000n],
        [10_000_200n, 50_001n],
      ];
      for (const [value, expected] of cases) assert.equal(await f.orderBook.read.feeFor([value]), expected);
      await f.orderBook.write.setFee([500], { account: f.wallets.admin.account });
      assert.equal(await f.orderBook.read.feeFor([10_000_199n]), 500_009n);
      await f.orderBook.write.setFee([0], { account: f.wallets.admin.account });
      assert.equal(await f.orderBook.read.feeFor([10_000_199n]), 0n);
    });

    it("depth lists price levels best first with their shares and order counts, up to maxLevels", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave } = f.wallets;
      // Asks: a first level, a worse one, a new best, one in the middle, one more at an existing level.
      await place(f, alice, sell(f, P(110), 100n));
      await place(f, bob, sell(f, P(120), 50n));
      await place(f, carol, sell(f, P(105), 70n));
      await place(f, alice, sell(f, P(115), 30n));
      const { id: bob110 } = await place(f, bob, sell(f, P(110), 20n));
      // Bids likewise.
      await place(f, dave, buy(f, P(90), 100n));
      await place(f, bob, buy(f, P(80), 100n));
      const { id: carol95 } = await place(f, carol, buy(f, P(95), 100n));
      await place(f, dave, buy(f, P(85), 40n));
      await place(f, carol, buy(f, P(90), 10n));

      const asks = [
        { price: P(105), shares: 70n, orders: 1 },
        { price: P(110), shares: 120n, orders: 2 },
        { price: P(115), shares: 30n, orders: 1 },
        { price: P(120), shares: 50n, orders: 1 },
      ];
      const bids = [
        { price: P(95), shares: 100n, orders: 1 },
        { price: P(90), shares: 110n, orders: 2 },
        { price: P(85), shares: 40n, orders: 1 },
        { price: P(80), shares: 100n, orders: 1 },
      ];
      for (const maxLevels of [0n, 1n, 3n, 4n, 100n]) {
        assert.deepEqual(await f.orderBook.read.depth([f.assetId, SELL, maxLevels]), asks.slice(0, Number(maxLevels)));
        assert.deepEqual(await f.orderBook.read.depth([f.assetId, BUY, maxLevels]), bids.slice(0, Number(maxLevels)));
      }
      assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [P(105), 70n]);
      assert.deepEqual(await f.orderBook.read.bestBid([f.assetId]), [P(95), 100n]);
      await assertBook(f);

      // Removing orders unlinks emptied levels wherever they are.
      await f.orderBook.write.cancelOrder([carol95], { account: carol.account }); // best bid level
      await f.orderBook.write.cancelOrder([bob110], { account: bob.account }); // level keeps alice's order
      assert.deepEqual(await f.orderBook.read.bestBid([f.assetId]), [P(90), 110n]);
      assert.deepEqual((await f.orderBook.read.depth([f.assetId, SELL, 2n]))[1], { price: P(110), shares: 100n, orders: 1 });
      await assertBook(f);
    });

    it("order() returns the order as placed; openOrdersOf is oldest first, across sides, after removals", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      const a1 = (await place(f, alice, sell(f, P(110), 10n))).id;
      const createdAt = BigInt(await time.latest());
      const a2 = (await place(f, alice, buy(f, P(90), 10n))).id;
      const a3 = (await place(f, alice, sell(f, P(120), 10n))).id;
      const a4 = (await place(f, alice, sell(f, P(130), 10n))).id;
      assert.deepEqual(await f.orderBook.read.order([a1]), {
        owner: addr(alice),
        side: SELL,
        assetId: f.assetId,
        price: P(110),
        shares: 10n,
        expiry: 0n,
        createdAt,
      });
      assert.equal(await f.orderBook.read.orderCount(), 4n);
      const openOf = () => f.orderBook.read.openOrdersOf([addr(alice)]);
      assert.deepEqual(await openOf(), [a1, a2, a3, a4]);
      await f.orderBook.write.cancelOrder([a2], { account: alice.account }); // middle
      assert.deepEqual(await openOf(), [a1, a3, a4]);
      await f.orderBook.write.cancelOrder([a1], { account: alice.account }); // head
      assert.deepEqual(await openOf(), [a3, a4]);
      await place(f, bob, buy(f, P(120), 10n, { timeInForce: IOC })); // fills a3
      assert.deepEqual(await openOf(), [a4]);
      const a5 = (await place(f, alice, sell(f, P(140), 10n))).id;
      assert.deepEqual(await openOf(), [a4, a5]);
      await f.orderBook.write.cancelOrder([a5], { account: alice.account }); // tail
      assert.deepEqual(await openOf(), [a4]);
      const a6 = (await place(f, alice, sell(f, P(150), 10n))).id;
      assert.deepEqual(await openOf(), [a4, a6]);
      await f.orderBook.write.cancelOrder([a4], { account: alice.account });
      await f.orderBook.write.cancelOrder([a6], { account: alice.account });
      assert.deepEqual(await openOf(), []);
      await assertBook(f);
    });
  });

  // ================================================================ placing: validation

  describe("placeOrder: parameters", () => {
    it("InvalidPrice for a zero price, InvalidShares for zero shares", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      for (const side of [BUY, SELL]) {
        const wallet = side === BUY ? bob : alice;
        await viem.assertions.revertWithCustomErrorWithArgs(
          placeTx(f, wallet, orderParams(f.assetId, side, 0n, 10n)),
          f.orderBook,
          "InvalidPrice",
          [0n],
        );
        await viem.assertions.revertWithCustomErrorWithArgs(
          placeTx(f, wallet, orderParams(f.assetId, side, P(100), 0n)),
          f.orderBook,
          "InvalidShares",
          [0n],
        );
      }
      assert.equal(await f.orderBook.read.orderCount(), 0n);
    });

    it("OrderExpired for an expiry in the past or at the current block; a later expiry rests", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      const now = BigInt(await time.latest());
      for (const expiry of [1n, now]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          placeTx(f, alice, sell(f, P(100), 10n, { expiry })),
          f.orderBook,
          "OrderExpired",
          [0n, expiry],
        );
      }
      await time.setNextBlockTimestamp(now + 10n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, bob, buy(f, P(100), 10n, { expiry: now + 10n })),
        f.orderBook,
        "OrderExpired",
        [0n, now + 10n],
      );
      const expiry = now + 1_000n;
      const { id, events } = await place(f, alice, sell(f, P(100), 10n, { expiry }));
      assert.deepEqual(events, [placedEvent(f, id, alice, SELL, P(100), 10n, expiry)]);
      assert.equal((await f.orderBook.read.order([id])).expiry, expiry);
      await assertBook(f);
    });

    it("OrderValueTooSmall below the minimum order value; exactly the minimum rests", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, alice, sell(f, P(1), 9n)),
        f.orderBook,
        "OrderValueTooSmall",
        [eur(9), eur(10)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, bob, buy(f, 3_333_333n, 3n)),
        f.orderBook,
        "OrderValueTooSmall",
        [9_999_999n, eur(10)],
      );
      await place(f, alice, sell(f, P(10), 1n));
      await place(f, bob, buy(f, P(5), 2n));
      assert.equal(await f.orderBook.read.orderCount(), 2n);
      await assertBook(f);
    });

    it("AssetNotTradable unless the asset is Active (verified, in offering, suspended, decommissioned)", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { admin, ops, alice, bob } = f.wallets;
      const both = async (assetId: bigint) => {
        await viem.assertions.revertWithCustomErrorWithArgs(
          placeTx(f, alice, orderParams(assetId, SELL, P(100), 10n)),
          f.orderBook,
          "AssetNotTradable",
          [assetId],
        );
        await viem.assertions.revertWithCustomErrorWithArgs(
          placeTx(f, bob, orderParams(assetId, BUY, P(100), 10n)),
          f.orderBook,
          "AssetNotTradable",
          [assetId],
        );
      };
      await both(await verifiedAsset(f));
      await both((await openOffering(f)).assetId);
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, bob, orderParams(999n, BUY, P(100), 10n)),
        f.energyAsset,
        "UnknownAsset",
        [999n],
      );

      await f.energyAsset.write.suspendAsset([f.assetId, "inspection"], { account: ops.account });
      await both(f.assetId);
      await f.energyAsset.write.resumeAsset([f.assetId, "inspected"], { account: ops.account });
      await place(f, alice, sell(f, P(100), 10n));
      await f.energyAsset.write.decommissionAsset([f.assetId, "end of life"], { account: admin.account });
      await both(f.assetId);
      assert.equal(await f.orderBook.read.orderCount(), 1n);
    });
  });

  describe("placeOrder: the seller at placement", () => {
    it("a frozen seller: FrozenWallet", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice } = f.wallets;
      await freeze(f, alice);
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, alice, sell(f, P(100), 10n)),
        f.compliance,
        "FrozenWallet",
        [addr(alice)],
      );
      await freeze(f, alice, false);
      await place(f, alice, sell(f, P(100), 10n));
      await assertBook(f);
    });

    it("a locked-up seller: SharesLockedUp until the lock-up ends", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { dave } = f.wallets;
      await setRules(f, { lockUpPeriod: 30 * 24 * 3600 });
      await mintAsAdmin(f, dave, 100n);
      const until = await f.compliance.read.lockedUntil([f.assetId, addr(dave)]);
      assert.ok(until > BigInt(await time.latest()));
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, dave, sell(f, P(100), 100n)),
        f.compliance,
        "SharesLockedUp",
        [f.assetId, addr(dave), until],
      );
      await time.increaseTo(until);
      await place(f, dave, sell(f, P(100), 100n));
      assert.equal(await escrowOf(f, dave), 100n);
      await assertBook(f);
    });

    it("not enough available shares, counting those already escrowed: ERC1155InsufficientBalance with the available amount", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, eve } = f.wallets;
      const short = (wallet: Wallet, available: bigint, needed: bigint) =>
        viem.assertions.revertWithCustomErrorWithArgs(
          placeTx(f, wallet, sell(f, P(100), needed)),
          f.compliance,
          "ERC1155InsufficientBalance",
          [addr(wallet), available, needed, f.assetId],
        );
      await short(alice, 4_000n, 4_001n);
      await place(f, alice, sell(f, P(100), 3_000n));
      await short(alice, 1_000n, 1_001n);
      await place(f, alice, sell(f, P(101), 1_000n));
      await short(alice, 0n, 1n);
      await short(eve, 0n, 1n);
      assert.equal(await escrowOf(f, alice), 4_000n);
      assert.equal(await sharesOf(f, alice), 4_000n);
      await assertBook(f);
    });

    it("a paused token or asset: EnforcedPause / EnforcedAssetPause", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, alice } = f.wallets;
      await f.energyAsset.write.pause({ account: ops.account });
      await viem.assertions.revertWithCustomError(placeTx(f, alice, sell(f, P(100), 10n)), f.compliance, "EnforcedPause");
      await f.energyAsset.write.unpause({ account: ops.account });
      await f.energyAsset.write.setAssetPaused([f.assetId, true], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, alice, sell(f, P(100), 10n)),
        f.compliance,
        "EnforcedAssetPause",
        [f.assetId],
      );
      await f.energyAsset.write.setAssetPaused([f.assetId, false], { account: ops.account });
      await place(f, alice, sell(f, P(100), 10n));
      await assertBook(f);
    });

    it("a seller whose KYC lapsed may still sell (senders are not KYC-checked)", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      await revokeKyc(f, alice);
      const { id } = await place(f, alice, sell(f, P(100), 10n));
      const { id: taker, events } = await place(f, bob, buy(f, P(100), 10n));
      assert.deepEqual(events, [
        placedEvent(f, taker, bob, BUY, P(100), 10n),
        tradeEvent(f, id, taker, alice, bob, BUY, P(100), 10n),
      ]);
      await assertBook(f);
    });
  });

  describe("placeOrder: the buyer before an order rests", () => {
    /** Each refusal leaves everything as it was. */
    async function refused(f: F, wallet: Wallet, params: Params, error: string, args: readonly unknown[]) {
      const delta = await track(f, [wallet]);
      const count = await f.orderBook.read.orderCount();
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, wallet, params),
        f.compliance,
        error as "FrozenWallet",
        args as [Address],
      );
      assert.deepEqual(await delta(), [{ eur: 0n, shares: 0n }]);
      assert.equal(await f.orderBook.read.orderCount(), count);
    }

    it("an unverified buyer: RecipientNotVerified", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { eve } = f.wallets;
      await refused(f, eve, buy(f, P(100), 10n), "RecipientNotVerified", [addr(eve)]);
      await assertBook(f);
    });

    it("a buyer from a country the asset does not allow: CountryNotAllowed", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, bob, carol } = f.wallets;
      await setRules(f, { restrictCountries: true });
      await f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.ES, COUNTRY.FR], true], { account: ops.account });
      await refused(f, bob, buy(f, P(100), 10n), "CountryNotAllowed", [f.assetId, addr(bob), COUNTRY.DE]);
      await place(f, carol, buy(f, P(100), 10n));
      await assertBook(f);
    });

    it("an investor class the asset does not allow: InvestorClassNotAllowed", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, dave } = f.wallets;
      await setRules(f, { allowedClassesMask: 1 << INVESTOR_CLASS.Professional });
      await refused(f, alice, buy(f, P(100), 10n), "InvestorClassNotAllowed", [
        f.assetId,
        addr(alice),
        INVESTOR_CLASS.Retail,
      ]);
      await place(f, dave, buy(f, P(100), 10n));
      await assertBook(f);
    });

    it("over the maximum balance, counting what filled at once: MaxBalanceExceeded", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      await setRules(f, { maxBalance: 3_050n });
      await refused(f, bob, buy(f, P(100), 51n), "MaxBalanceExceeded", [f.assetId, addr(bob), 3_051n, 3_050n]);
      // 30 fill at once (bob then holds 3,030), 30 more would rest: 3,060 is over; the whole order reverts.
      const { id: ask } = await place(f, alice, sell(f, P(100), 30n));
      await refused(f, bob, buy(f, P(100), 60n), "MaxBalanceExceeded", [f.assetId, addr(bob), 3_060n, 3_050n]);
      assert.equal((await f.orderBook.read.order([ask])).shares, 30n);
      await place(f, bob, buy(f, P(100), 50n));
      assert.equal(await sharesOf(f, bob), 3_030n);
      assert.deepEqual(await f.orderBook.read.bestBid([f.assetId]), [P(100), 20n]);
      await assertBook(f);
    });

    it("a frozen buyer: FrozenWallet", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob } = f.wallets;
      await freeze(f, bob);
      await refused(f, bob, buy(f, P(100), 10n), "FrozenWallet", [addr(bob)]);
      await assertBook(f);
    });

    it("a paused token or asset: EnforcedPause / EnforcedAssetPause", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, bob } = f.wallets;
      await f.energyAsset.write.pause({ account: ops.account });
      await viem.assertions.revertWithCustomError(placeTx(f, bob, buy(f, P(100), 10n)), f.compliance, "EnforcedPause");
      await f.energyAsset.write.unpause({ account: ops.account });
      await f.energyAsset.write.setAssetPaused([f.assetId, true], { account: ops.account });
      await refused(f, bob, buy(f, P(100), 10n), "EnforcedAssetPause", [f.assetId]);
      await assertBook(f);
    });
  });

  // ================================================================ resting orders and escrow

  describe("resting orders and escrow", () => {
    it("a sell order rests with its shares escrowed in place in the seller's wallet", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice } = f.wallets;
      const delta = await track(f, [alice, f.orderBook.address]);
      const hash = placeTx(f, alice, sell(f, P(110), 100n));
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "SharesEscrowed", [
        f.assetId,
        addr(alice),
        100n,
        f.orderBook.address,
      ]);
      assert.deepEqual(await bookEvents(f, hash), [placedEvent(f, 1n, alice, SELL, P(110), 100n)]);
      assert.deepEqual(await delta(), [
        { eur: 0n, shares: 0n },
        { eur: 0n, shares: 0n },
      ]);
      assert.equal(await escrowOf(f, alice), 100n);
      assert.equal((await f.orderBook.read.order([1n])).shares, 100n);
      assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [P(110), 100n]);
      await assertBook(f);
    });

    it("a buy order rests with price × shares escrowed in the book, no fee", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob, treasury } = f.wallets;
      const delta = await track(f, [bob, treasury]);
      const { id, events } = await place(f, bob, buy(f, P(95), 100n));
      assert.deepEqual(events, [placedEvent(f, id, bob, BUY, P(95), 100n)]);
      assert.deepEqual(await delta(), [
        { eur: -P(9_500), shares: 0n },
        { eur: 0n, shares: 0n },
      ]);
      assert.equal(await f.orderBook.read.escrowedFunds(), P(9_500));
      await assertBook(f);
    });

    it("escrowed shares cannot be moved by their owner (or an agent), still count and still vote", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, alice, bob, dave } = f.wallets;
      const a = addr(alice);
      await f.energyAsset.write.delegate([f.assetId, a], { account: alice.account });
      assert.equal(await f.energyAsset.read.getVotes([f.assetId, a]), 4_000n);
      const { id } = await place(f, alice, sell(f, P(100), 3_000n));
      assert.equal(await f.energyAsset.read.getVotes([f.assetId, a]), 4_000n);
      assert.equal(await sharesOf(f, alice), 4_000n);

      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, addr(bob), f.assetId, 1_001n, "0x"], { account: alice.account }),
        f.compliance,
        "ERC1155InsufficientBalance",
        [a, 1_000n, 1_001n, f.assetId],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeBatchTransferFrom([a, addr(bob), [f.assetId], [1_001n], "0x"], {
          account: alice.account,
        }),
        f.compliance,
        "ERC1155InsufficientBalance",
        [a, 1_000n, 1_001n, f.assetId],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.forcedTransfer([f.assetId, a, addr(dave), 1_001n, "court order"], { account: ops.account }),
        f.energyAsset,
        "InsufficientAvailableShares",
        [f.assetId, a, 1_000n, 1_001n],
      );
      // The shares not escrowed move freely.
      await f.energyAsset.write.safeTransferFrom([a, addr(bob), f.assetId, 1_000n, "0x"], { account: alice.account });
      assert.equal(await f.energyAsset.read.getVotes([f.assetId, a]), 3_000n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, addr(bob), f.assetId, 1n, "0x"], { account: alice.account }),
        f.compliance,
        "ERC1155InsufficientBalance",
        [a, 0n, 1n, f.assetId],
      );
      // Votes leave only when the escrowed shares are sold.
      await place(f, dave, buy(f, P(100), 1_200n));
      assert.equal(await f.energyAsset.read.getVotes([f.assetId, a]), 1_800n);
      assert.equal((await f.orderBook.read.order([id])).shares, 1_800n);
      await assertBook(f);
    });
  });

  // ================================================================ matching

  describe("matching", () => {
    it("a taker buy meets the best ask first, then the oldest at a price, at the makers' prices, paying value + fee", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave, treasury } = f.wallets;
      const a110 = (await place(f, alice, sell(f, P(110), 100n))).id;
      const b105 = (await place(f, bob, sell(f, P(105), 100n))).id;
      const c105 = (await place(f, carol, sell(f, P(105), 100n))).id;
      const a120 = (await place(f, alice, sell(f, P(120), 100n))).id;
      const delta = await track(f, [dave, alice, bob, carol, treasury]);

      const { id, events } = await place(f, dave, buy(f, P(130), 250n));
      assert.deepEqual(events, [
        placedEvent(f, id, dave, BUY, P(130), 250n),
        tradeEvent(f, b105, id, bob, dave, BUY, P(105), 100n),
        tradeEvent(f, c105, id, carol, dave, BUY, P(105), 100n),
        tradeEvent(f, a110, id, alice, dave, BUY, P(110), 50n),
      ]);
      const fees = fee(P(10_500)) * 2n + fee(P(5_500));
      assert.equal(fees, P(132.5));
      assert.deepEqual(await delta(), [
        { eur: -(P(26_500) + fees), shares: 250n }, // below the 32,500 its limit allowed
        { eur: P(5_500), shares: -50n },
        { eur: P(10_500), shares: -100n },
        { eur: P(10_500), shares: -100n },
        { eur: fees, shares: 0n },
      ]);
      assert.equal((await f.orderBook.read.order([a110])).shares, 50n);
      for (const gone of [b105, c105, id]) {
        await viem.assertions.revertWithCustomErrorWithArgs(f.orderBook.read.order([gone]), f.orderBook, "UnknownOrder", [
          gone,
        ]);
      }
      assert.deepEqual(await f.orderBook.read.depth([f.assetId, SELL, 10n]), [
        { price: P(110), shares: 50n, orders: 1 },
        { price: P(120), shares: 100n, orders: 1 },
      ]);
      assert.equal(a120, 4n);
      await assertBook(f);
    });

    it("a taker sell meets the best bid first, then the oldest at a price, receiving value − fee; makers pay nothing", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave, treasury } = f.wallets;
      const d90 = (await place(f, dave, buy(f, P(90), 100n))).id;
      const c95 = (await place(f, carol, buy(f, P(95), 100n))).id;
      const b95 = (await place(f, bob, buy(f, P(95), 100n))).id;
      assert.equal(await f.orderBook.read.escrowedFunds(), P(28_000));
      const delta = await track(f, [alice, carol, bob, dave, treasury]);

      const { id, events } = await place(f, alice, sell(f, P(85), 150n));
      assert.deepEqual(events, [
        placedEvent(f, id, alice, SELL, P(85), 150n),
        tradeEvent(f, c95, id, carol, alice, SELL, P(95), 100n),
        tradeEvent(f, b95, id, bob, alice, SELL, P(95), 50n),
      ]);
      const fees = fee(P(9_500)) + fee(P(4_750));
      assert.equal(fees, P(71.25));
      assert.deepEqual(await delta(), [
        { eur: P(14_250) - fees, shares: -150n },
        { eur: 0n, shares: 100n },
        { eur: 0n, shares: 50n },
        { eur: 0n, shares: 0n },
        { eur: fees, shares: 0n },
      ]);
      assert.equal(await f.orderBook.read.escrowedFunds(), P(28_000 - 14_250));
      assert.equal((await f.orderBook.read.order([b95])).shares, 50n);
      assert.equal((await f.orderBook.read.order([d90])).shares, 100n);
      assert.equal(await escrowOf(f, alice), 0n);
      await assertBook(f);
    });

    it("a partly filled resting order keeps its id and its place in the queue", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave } = f.wallets;
      const a = (await place(f, alice, sell(f, P(100), 100n))).id;
      const b = (await place(f, bob, sell(f, P(100), 100n))).id;
      const t1 = await place(f, dave, buy(f, P(100), 30n));
      assert.deepEqual(t1.events.slice(1), [tradeEvent(f, a, t1.id, alice, dave, BUY, P(100), 30n)]);
      assert.equal((await f.orderBook.read.order([a])).shares, 70n);
      const t2 = await place(f, carol, buy(f, P(100), 80n));
      assert.deepEqual(t2.events.slice(1), [
        tradeEvent(f, a, t2.id, alice, carol, BUY, P(100), 70n),
        tradeEvent(f, b, t2.id, bob, carol, BUY, P(100), 10n),
      ]);
      assert.equal((await f.orderBook.read.order([b])).shares, 90n);
      assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [P(100), 90n]);
      await assertBook(f);
    });

    it("good-till-cancelled: what is left after matching rests at the order's limit", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, dave, treasury } = f.wallets;
      const ask = (await place(f, alice, sell(f, P(100), 50n))).id;
      const delta = await track(f, [dave, alice, treasury]);
      const { id, events } = await place(f, dave, buy(f, P(105), 80n));
      const createdAt = BigInt(await time.latest());
      assert.deepEqual(events, [
        placedEvent(f, id, dave, BUY, P(105), 80n),
        tradeEvent(f, ask, id, alice, dave, BUY, P(100), 50n),
      ]);
      assert.deepEqual(await delta(), [
        { eur: -(P(5_000) + P(25) + P(3_150)), shares: 50n },
        { eur: P(5_000), shares: -50n },
        { eur: P(25), shares: 0n },
      ]);
      assert.deepEqual(await f.orderBook.read.order([id]), {
        owner: addr(dave),
        side: BUY,
        assetId: f.assetId,
        price: P(105),
        shares: 30n,
        expiry: 0n,
        createdAt,
      });
      assert.equal(await f.orderBook.read.escrowedFunds(), P(3_150));
      await assertBook(f);
    });

    it("immediate-or-cancel buy: the rest is cancelled (ImmediateOrCancel), nothing escrowed", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, dave } = f.wallets;
      const ask = (await place(f, alice, sell(f, P(100), 50n))).id;
      const delta = await track(f, [dave]);
      const { id, events } = await place(f, dave, buy(f, P(105), 80n, { timeInForce: IOC }));
      assert.deepEqual(events, [
        placedEvent(f, id, dave, BUY, P(105), 80n),
        tradeEvent(f, ask, id, alice, dave, BUY, P(100), 50n),
        cancelledEvent(f, id, dave, 30n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      assert.deepEqual(await delta(), [{ eur: -(P(5_000) + P(25)), shares: 50n }]);
      await viem.assertions.revertWithCustomErrorWithArgs(f.orderBook.read.order([id]), f.orderBook, "UnknownOrder", [id]);
      assert.equal(await f.orderBook.read.escrowedFunds(), 0n);
      await assertBook(f);

      // On an empty side it is cancelled whole, and nothing moves.
      const none = await track(f, [dave]);
      const empty = await place(f, dave, buy(f, P(105), 10n, { timeInForce: IOC }));
      assert.deepEqual(empty.events, [
        placedEvent(f, empty.id, dave, BUY, P(105), 10n),
        cancelledEvent(f, empty.id, dave, 10n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      assert.deepEqual(await none(), [{ eur: 0n, shares: 0n }]);
      await assertBook(f);
    });

    it("immediate-or-cancel sell: the rest is cancelled and its shares released", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      const bid = (await place(f, bob, buy(f, P(100), 50n))).id;
      const hash = placeTx(f, alice, sell(f, P(95), 80n, { timeInForce: IOC }));
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "SharesReleased", [
        f.assetId,
        addr(alice),
        30n,
        f.orderBook.address,
      ]);
      const id = await f.orderBook.read.orderCount();
      assert.deepEqual(await bookEvents(f, hash), [
        placedEvent(f, id, alice, SELL, P(95), 80n),
        tradeEvent(f, bid, id, bob, alice, SELL, P(100), 50n),
        cancelledEvent(f, id, alice, 30n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      assert.equal(await escrowOf(f, alice), 0n);
      assert.equal(await sharesOf(f, alice), 3_950n);
      await assertBook(f);
    });

    it("sweeps five price levels in one order", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave, treasury } = f.wallets;
      const sellers = [alice, bob, carol, alice, bob];
      const asks: bigint[] = [];
      for (const [i, seller] of sellers.entries()) {
        asks.push((await place(f, seller, sell(f, P(101 + i), 20n))).id);
      }
      await place(f, carol, sell(f, P(106), 20n)); // beyond the limit
      const delta = await track(f, [dave, treasury]);
      const { id, events } = await place(f, dave, buy(f, P(105), 100n, { timeInForce: IOC }));
      assert.deepEqual(events, [
        placedEvent(f, id, dave, BUY, P(105), 100n),
        ...sellers.map((seller, i) => tradeEvent(f, asks[i]!, id, seller, dave, BUY, P(101 + i), 20n)),
      ]);
      const values = sellers.map((_, i) => P(101 + i) * 20n);
      const fees = values.reduce((sum, v) => sum + fee(v), 0n);
      assert.deepEqual(await delta(), [
        { eur: -(values.reduce((sum, v) => sum + v, 0n) + fees), shares: 100n },
        { eur: fees, shares: 0n },
      ]);
      assert.deepEqual(await f.orderBook.read.depth([f.assetId, SELL, 10n]), [{ price: P(106), shares: 20n, orders: 1 }]);
      await assertBook(f);
    });

    it("the fee is rounded down per trade, whichever side takes", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave, treasury } = f.wallets;
      const price = 10_000_100n; // 10.0001 dEUR: each one-share trade's fee is 50,000.5 units
      assert.equal(fee(price * 2n), 100_001n); // what one fee on the total would be
      await place(f, alice, sell(f, price, 1n));
      await place(f, bob, sell(f, price, 1n));
      let delta = await track(f, [dave, treasury]);
      await place(f, dave, buy(f, price, 2n));
      assert.deepEqual(await delta(), [
        { eur: -(price * 2n + 100_000n), shares: 2n },
        { eur: 100_000n, shares: 0n },
      ]);

      await place(f, carol, buy(f, price, 1n));
      await place(f, bob, buy(f, price, 1n));
      delta = await track(f, [alice, treasury]);
      await place(f, alice, sell(f, price, 2n));
      assert.deepEqual(await delta(), [
        { eur: price * 2n - 100_000n, shares: -2n },
        { eur: 100_000n, shares: 0n },
      ]);
      await assertBook(f);
    });

    it("maxFills bounds the resting orders met", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave } = f.wallets;
      const a = (await place(f, alice, sell(f, P(100), 10n))).id;
      const b = (await place(f, bob, sell(f, P(100), 10n))).id;
      const c = (await place(f, carol, sell(f, P(100), 10n))).id;
      const t = await place(f, dave, buy(f, P(100), 30n, { timeInForce: IOC, maxFills: 2 }));
      assert.deepEqual(t.events, [
        placedEvent(f, t.id, dave, BUY, P(100), 30n),
        tradeEvent(f, a, t.id, alice, dave, BUY, P(100), 10n),
        tradeEvent(f, b, t.id, bob, dave, BUY, P(100), 10n),
        cancelledEvent(f, t.id, dave, 10n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      assert.equal((await f.orderBook.read.order([c])).shares, 10n);
      const u = await place(f, dave, buy(f, P(100), 10n, { maxFills: 1 }));
      assert.deepEqual(u.events.slice(1), [tradeEvent(f, c, u.id, carol, dave, BUY, P(100), 10n)]);
      await assertBook(f);
    });

    it("a good-till-cancelled remainder stopped by the fill bound while the book still crosses is cancelled, not rested", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, dave } = f.wallets;
      const a = (await place(f, alice, sell(f, P(100), 10n))).id;
      const b = (await place(f, bob, sell(f, P(101), 10n))).id;
      const t = await place(f, dave, buy(f, P(105), 30n, { maxFills: 1 }));
      assert.deepEqual(t.events, [
        placedEvent(f, t.id, dave, BUY, P(105), 30n),
        tradeEvent(f, a, t.id, alice, dave, BUY, P(100), 10n),
        cancelledEvent(f, t.id, dave, 20n, CANCEL_REASON.FillLimitReached),
      ]);
      // The book is not crossed: bob's ask is still the best, and no bid rests above it.
      assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [P(101), 10n]);
      assert.deepEqual(await f.orderBook.read.bestBid([f.assetId]), [0n, 0n]);
      assert.equal((await f.orderBook.read.order([b])).shares, 10n);
      // Without the bound in the way the remainder rests as usual.
      const u = await place(f, dave, buy(f, P(105), 30n, { maxFills: 1 }));
      assert.deepEqual(u.events.slice(1), [tradeEvent(f, b, u.id, bob, dave, BUY, P(101), 10n)]);
      assert.deepEqual(await f.orderBook.read.bestBid([f.assetId]), [P(105), 20n]);
      await assertBook(f);
    });

    it("an immediate-or-cancel buy that meets nothing still tells an unverified buyer why", async () => {
      const f = await networkHelpers.loadFixture(book);
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, f.wallets.eve, buy(f, P(100), 10n, { timeInForce: IOC })),
        f.compliance,
        "RecipientNotVerified",
        [addr(f.wallets.eve)],
      );
    });

    /** 22 one-share asks of alice at 10 dEUR (the minimum order value). */
    async function twentyTwoAsks() {
      const f = await orderBookFixture(connection);
      for (let i = 0; i < 22; i++) await placeTx(f, f.wallets.alice, sell(f, P(10), 1n));
      return f;
    }

    it("MAX_FILLS caps the orders met in one transaction at 20, whatever maxFills asks", async () => {
      for (const maxFills of [0, 20, 21, 255]) {
        const f = await networkHelpers.loadFixture(twentyTwoAsks);
        const { alice, dave } = f.wallets;
        const { id, events } = await place(f, dave, buy(f, P(10), 22n, { timeInForce: IOC, maxFills }));
        assert.deepEqual(events, [
          placedEvent(f, id, dave, BUY, P(10), 22n),
          ...Array.from({ length: 20 }, (_, i) => tradeEvent(f, BigInt(i + 1), id, alice, dave, BUY, P(10), 1n)),
          cancelledEvent(f, id, dave, 2n, CANCEL_REASON.ImmediateOrCancel),
        ]);
        assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [P(10), 2n]);
        assert.equal(await escrowOf(f, alice), 2n);
      }
    });

    it("self-trade: an incoming buy cancels its owner's resting sell (SelfTrade) and goes on matching", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      const own = (await place(f, alice, sell(f, P(100), 100n))).id;
      const other = (await place(f, bob, sell(f, P(101), 100n))).id;
      const delta = await track(f, [alice, bob]);
      const { id, events } = await place(f, alice, buy(f, P(105), 150n));
      assert.deepEqual(events, [
        placedEvent(f, id, alice, BUY, P(105), 150n),
        cancelledEvent(f, own, alice, 100n, CANCEL_REASON.SelfTrade),
        tradeEvent(f, other, id, bob, alice, BUY, P(101), 100n),
      ]);
      assert.deepEqual(await delta(), [
        { eur: -(P(10_100) + fee(P(10_100)) + P(5_250)), shares: 100n },
        { eur: P(10_100), shares: -100n },
      ]);
      assert.equal(await escrowOf(f, alice), 0n);
      assert.deepEqual(await f.orderBook.read.openOrdersOf([addr(alice)]), [id]);
      assert.deepEqual(await f.orderBook.read.bestBid([f.assetId]), [P(105), 50n]);
      assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [0n, 0n]);
      await assertBook(f);
    });

    it("self-trade: an incoming sell cancels its owner's resting buy, refunding it", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob, carol } = f.wallets;
      const own = (await place(f, bob, buy(f, P(99), 10n))).id;
      const other = (await place(f, carol, buy(f, P(98), 10n))).id;
      const delta = await track(f, [bob]);
      const { id, events } = await place(f, bob, sell(f, P(95), 15n, { timeInForce: IOC }));
      assert.deepEqual(events, [
        placedEvent(f, id, bob, SELL, P(95), 15n),
        cancelledEvent(f, own, bob, 10n, CANCEL_REASON.SelfTrade),
        tradeEvent(f, other, id, carol, bob, SELL, P(98), 10n),
        cancelledEvent(f, id, bob, 5n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      assert.deepEqual(await delta(), [{ eur: P(990) + P(980) - fee(P(980)), shares: -10n }]);
      await assertBook(f);
    });

    it("a self-trade cancellation counts towards maxFills", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      const own = (await place(f, alice, sell(f, P(100), 10n))).id;
      const other = (await place(f, bob, sell(f, P(101), 10n))).id;
      const delta = await track(f, [alice]);
      const { id, events } = await place(f, alice, buy(f, P(110), 10n, { timeInForce: IOC, maxFills: 1 }));
      assert.deepEqual(events, [
        placedEvent(f, id, alice, BUY, P(110), 10n),
        cancelledEvent(f, own, alice, 10n, CANCEL_REASON.SelfTrade),
        cancelledEvent(f, id, alice, 10n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      assert.deepEqual(await delta(), [{ eur: 0n, shares: 0n }]);
      assert.equal((await f.orderBook.read.order([other])).shares, 10n);
      await assertBook(f);
    });

    it("an expired resting order is cancelled when met (Expired), counting towards maxFills", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob, carol, dave } = f.wallets;
      const now = BigInt(await time.latest());
      const expiring = (await place(f, bob, sell(f, P(100), 10n, { expiry: now + 100n }))).id;
      const live = (await place(f, carol, sell(f, P(101), 10n))).id;
      await time.increaseTo(now + 101n);
      const t = await place(f, dave, buy(f, P(110), 10n, { timeInForce: IOC, maxFills: 1 }));
      assert.deepEqual(t.events, [
        placedEvent(f, t.id, dave, BUY, P(110), 10n),
        cancelledEvent(f, expiring, bob, 10n, CANCEL_REASON.Expired),
        cancelledEvent(f, t.id, dave, 10n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      assert.equal(await escrowOf(f, bob), 0n);
      const u = await place(f, dave, buy(f, P(110), 10n, { timeInForce: IOC }));
      assert.deepEqual(u.events.slice(1), [tradeEvent(f, live, u.id, carol, dave, BUY, P(101), 10n)]);
      await assertBook(f);
    });

    it("a resting order still fills in the second of its expiry, not after", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, dave } = f.wallets;
      const now = BigInt(await time.latest());
      const a = (await place(f, alice, sell(f, P(100), 10n, { expiry: now + 100n }))).id;
      const b = (await place(f, bob, buy(f, P(90), 10n, { expiry: now + 100n }))).id;
      await time.setNextBlockTimestamp(now + 100n);
      const t = await place(f, dave, buy(f, P(100), 10n));
      assert.deepEqual(t.events.slice(1), [tradeEvent(f, a, t.id, alice, dave, BUY, P(100), 10n)]);
      await time.setNextBlockTimestamp(now + 101n);
      const u = await place(f, alice, sell(f, P(90), 10n, { timeInForce: IOC }));
      assert.deepEqual(u.events.slice(1), [
        cancelledEvent(f, b, bob, 10n, CANCEL_REASON.Expired),
        cancelledEvent(f, u.id, alice, 10n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      await assertBook(f);
    });

    it("resting sells whose owner can no longer deliver (frozen, locked up) are cancelled (Unfillable); the taker goes on", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave } = f.wallets;
      const a = (await place(f, alice, sell(f, P(100), 10n))).id;
      const b = (await place(f, bob, sell(f, P(101), 10n))).id;
      const c = (await place(f, carol, sell(f, P(102), 10n))).id;
      await freeze(f, alice);
      await setRules(f, { lockUpPeriod: 24 * 3600 });
      await mintAsAdmin(f, bob, 1n); // restarts bob's lock-up
      const delta = await track(f, [dave, carol]);
      const { id, events } = await place(f, dave, buy(f, P(110), 10n));
      assert.deepEqual(events, [
        placedEvent(f, id, dave, BUY, P(110), 10n),
        cancelledEvent(f, a, alice, 10n, CANCEL_REASON.Unfillable),
        cancelledEvent(f, b, bob, 10n, CANCEL_REASON.Unfillable),
        tradeEvent(f, c, id, carol, dave, BUY, P(102), 10n),
      ]);
      assert.deepEqual(await delta(), [
        { eur: -(P(1_020) + fee(P(1_020))), shares: 10n },
        { eur: P(1_020), shares: -10n },
      ]);
      assert.equal(await escrowOf(f, alice), 0n);
      assert.equal(await escrowOf(f, bob), 0n);
      await assertBook(f);
    });

    it("resting buys whose owner can no longer receive (frozen, KYC revoked) are cancelled (Unfillable) and refunded", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave } = f.wallets;
      const c = (await place(f, carol, buy(f, P(100), 10n))).id;
      const d = (await place(f, dave, buy(f, P(99), 10n))).id;
      const b = (await place(f, bob, buy(f, P(98), 10n))).id;
      await freeze(f, carol);
      await revokeKyc(f, dave);
      const delta = await track(f, [alice, carol, dave, bob]);
      const { id, events } = await place(f, alice, sell(f, P(90), 10n));
      assert.deepEqual(events, [
        placedEvent(f, id, alice, SELL, P(90), 10n),
        cancelledEvent(f, c, carol, 10n, CANCEL_REASON.Unfillable),
        cancelledEvent(f, d, dave, 10n, CANCEL_REASON.Unfillable),
        tradeEvent(f, b, id, bob, alice, SELL, P(98), 10n),
      ]);
      assert.deepEqual(await delta(), [
        { eur: P(980) - fee(P(980)), shares: -10n },
        { eur: P(1_000), shares: 0n },
        { eur: P(990), shares: 0n },
        { eur: 0n, shares: 10n },
      ]);
      await assertBook(f);
    });

    it("a resting buy its owner may no longer receive under the asset's rules (maximum balance) is cancelled", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, dave } = f.wallets;
      const b = (await place(f, bob, buy(f, P(100), 10n))).id;
      const d = (await place(f, dave, buy(f, P(99), 10n))).id;
      await setRules(f, { maxBalance: 3_005n });
      const { id, events } = await place(f, alice, sell(f, P(90), 10n));
      assert.deepEqual(events, [
        placedEvent(f, id, alice, SELL, P(90), 10n),
        cancelledEvent(f, b, bob, 10n, CANCEL_REASON.Unfillable),
        tradeEvent(f, d, id, dave, alice, SELL, P(99), 10n),
      ]);
      await assertBook(f);
    });

    it("an unfillable resting buy is cancelled even when the taker sells its whole balance", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob, carol, dave } = f.wallets;
      const d = (await place(f, dave, buy(f, P(100), 10n))).id;
      const b = (await place(f, bob, buy(f, P(99), 3_000n))).id;
      await revokeKyc(f, dave);
      const { id, events } = await place(f, carol, sell(f, P(90), 3_000n));
      assert.deepEqual(events, [
        placedEvent(f, id, carol, SELL, P(90), 3_000n),
        cancelledEvent(f, d, dave, 10n, CANCEL_REASON.Unfillable),
        tradeEvent(f, b, id, bob, carol, SELL, P(99), 3_000n),
      ]);
      assert.equal(await sharesOf(f, carol), 0n);
      assert.equal(await sharesOf(f, bob), 6_000n);
      await assertBook(f);
    });

    it("a taker who cannot receive the shares reverts with the compliance reason; the book stays as it was", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, alice, bob, eve } = f.wallets;
      const ask = (await place(f, alice, sell(f, P(100), 10n))).id;
      const takerBuy = (wallet: Wallet) => placeTx(f, wallet, buy(f, P(110), 10n, { timeInForce: IOC }));
      await viem.assertions.revertWithCustomErrorWithArgs(takerBuy(eve), f.compliance, "RecipientNotVerified", [addr(eve)]);
      await freeze(f, bob);
      await viem.assertions.revertWithCustomErrorWithArgs(takerBuy(bob), f.compliance, "FrozenWallet", [addr(bob)]);
      await freeze(f, bob, false);
      await setRules(f, { restrictCountries: true });
      await f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.ES], true], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(takerBuy(bob), f.compliance, "CountryNotAllowed", [
        f.assetId,
        addr(bob),
        COUNTRY.DE,
      ]);
      await setRules(f, { maxBalance: 3_005n });
      await viem.assertions.revertWithCustomErrorWithArgs(takerBuy(bob), f.compliance, "MaxBalanceExceeded", [
        f.assetId,
        addr(bob),
        3_010n,
        3_005n,
      ]);
      assert.equal((await f.orderBook.read.order([ask])).shares, 10n);
      assert.equal(await f.orderBook.read.orderCount(), 1n);
      await assertBook(f);
    });

    it("an unverified taker cannot clear the asks of sellers who escrowed their whole balance", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, eve } = f.wallets;
      const sellers: [Wallet, bigint][] = [
        [alice, 4_000n],
        [bob, 3_000n],
        [carol, 3_000n],
      ];
      for (const [i, [seller, all]] of sellers.entries()) await place(f, seller, sell(f, P(100 + i), all));
      for (const timeInForce of [IOC, TIME_IN_FORCE.GoodTillCancelled]) {
        for (const shares of [1n, 10_000n]) {
          await viem.assertions.revertWithCustomErrorWithArgs(
            placeTx(f, eve, buy(f, P(110), shares, { timeInForce })),
            f.compliance,
            "RecipientNotVerified",
            [addr(eve)],
          );
        }
      }
      for (const [i, [seller, all]] of sellers.entries()) {
        assert.equal((await f.orderBook.read.order([BigInt(i + 1)])).shares, all);
        assert.equal(await escrowOf(f, seller), all);
      }
      await assertBook(f);
    });

    it("minimum holding: a maker seller the fill would leave below it is cancelled; a taker buyer below it reverts", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob, carol, dave } = f.wallets;
      const c = (await place(f, carol, sell(f, P(100), 2_960n))).id; // a full fill leaves carol 40
      const b = (await place(f, bob, sell(f, P(101), 100n))).id;
      await setRules(f, { minHolding: 50n });
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, dave, buy(f, P(110), 10n, { timeInForce: IOC })),
        f.compliance,
        "BelowMinimumHolding",
        [f.assetId, addr(dave), 10n, 50n],
      );
      const { id, events } = await place(f, dave, buy(f, P(110), 2_960n, { timeInForce: IOC }));
      assert.deepEqual(events, [
        placedEvent(f, id, dave, BUY, P(110), 2_960n),
        cancelledEvent(f, c, carol, 2_960n, CANCEL_REASON.Unfillable),
        tradeEvent(f, b, id, bob, dave, BUY, P(101), 100n),
        cancelledEvent(f, id, dave, 2_860n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      assert.equal(await escrowOf(f, carol), 0n);
      await assertBook(f);
    });

    /** {orderBookFixture} plus a second Active asset: alice 1,000 and dave 2,000 shares. */
    async function twoBooks() {
      const f = await twoActiveAssetsFixture(connection);
      for (const wallet of [f.wallets.alice, f.wallets.bob, f.wallets.carol, f.wallets.dave]) {
        await f.stablecoin.write.approve([f.orderBook.address, MAX_UINT], { account: wallet.account });
      }
      return f;
    }

    it("each asset has its own book and its own escrow", async () => {
      const f = await networkHelpers.loadFixture(twoBooks);
      const { alice, bob, carol, dave } = f.wallets;
      const second = f.secondAssetId;
      await place(f, alice, orderParams(second, SELL, P(50), 1_000n));
      await place(f, alice, sell(f, P(100), 4_000n));
      const bid = await place(f, bob, buy(f, P(60), 100n)); // crosses the second asset's ask only in price
      assert.deepEqual(bid.events, [placedEvent(f, bid.id, bob, BUY, P(60), 100n)]);
      assert.equal(await f.energyAsset.read.escrowedBalance([second, addr(alice)]), 1_000n);
      assert.equal(await f.energyAsset.read.escrowedBalance([f.assetId, addr(alice)]), 4_000n);
      assert.deepEqual(await f.orderBook.read.bestAsk([second]), [P(50), 1_000n]);
      assert.deepEqual(await f.orderBook.read.bestBid([second]), [0n, 0n]);
      await assertBook(f);
      const t = await place(f, carol, orderParams(second, BUY, P(50), 400n));
      assert.deepEqual(t.events[1], {
        eventName: "Trade",
        args: {
          assetId: second,
          makerOrderId: 1n,
          takerOrderId: t.id,
          maker: addr(alice),
          taker: addr(carol),
          takerSide: BUY,
          price: P(50),
          shares: 400n,
          fee: fee(P(20_000)),
        },
      });
      assert.equal(await f.energyAsset.read.balanceOf([addr(carol), second]), 400n);
      assert.equal(await f.energyAsset.read.escrowedBalance([second, addr(alice)]), 600n);
      assert.equal(await f.energyAsset.read.escrowedBalance([f.assetId, addr(alice)]), 4_000n);
      // dave's shares of the second asset cannot cover a sell of the first.
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, dave, sell(f, P(100), 1n)),
        f.compliance,
        "ERC1155InsufficientBalance",
        [addr(dave), 0n, 1n, f.assetId],
      );
      await assertBook(f);
    });

    it("a halted market reverts (paused token, paused asset, suspended asset); resting orders can still be cancelled", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, alice, bob, carol, dave } = f.wallets;
      const ask = (await place(f, alice, sell(f, P(100), 10n))).id;
      const bid = (await place(f, bob, buy(f, P(90), 10n))).id;
      const takerBuy = () => placeTx(f, dave, buy(f, P(110), 10n, { timeInForce: IOC }));
      const takerSell = () => placeTx(f, carol, sell(f, P(80), 10n, { timeInForce: IOC }));

      await f.energyAsset.write.pause({ account: ops.account });
      await viem.assertions.revertWithCustomError(takerBuy(), f.compliance, "EnforcedPause");
      await viem.assertions.revertWithCustomError(takerSell(), f.compliance, "EnforcedPause");
      await f.energyAsset.write.unpause({ account: ops.account });

      await f.energyAsset.write.setAssetPaused([f.assetId, true], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(takerBuy(), f.compliance, "EnforcedAssetPause", [f.assetId]);
      await viem.assertions.revertWithCustomErrorWithArgs(takerSell(), f.compliance, "EnforcedAssetPause", [f.assetId]);
      await f.energyAsset.write.setAssetPaused([f.assetId, false], { account: ops.account });

      await f.energyAsset.write.suspendAsset([f.assetId, "inspection"], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(takerBuy(), f.orderBook, "AssetNotTradable", [f.assetId]);
      await viem.assertions.revertWithCustomErrorWithArgs(takerSell(), f.orderBook, "AssetNotTradable", [f.assetId]);
      assert.equal((await f.orderBook.read.order([ask])).shares, 10n);
      assert.equal((await f.orderBook.read.order([bid])).shares, 10n);
      await assertBook(f);

      const delta = await track(f, [alice, bob]);
      await f.orderBook.write.cancelOrder([ask], { account: alice.account });
      await f.orderBook.write.cancelOrder([bid], { account: bob.account });
      assert.deepEqual(await delta(), [
        { eur: 0n, shares: 0n },
        { eur: P(900), shares: 0n },
      ]);
      assert.equal(await escrowOf(f, alice), 0n);
      await assertBook(f);
    });
  });

  // ================================================================ cancel, modify, expire

  describe("cancelOrder", () => {
    it("the owner cancels (ByOwner) and gets the escrow back exactly", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      const bid = (await place(f, bob, buy(f, P(90), 100n))).id;
      await place(f, alice, sell(f, P(90), 30n, { timeInForce: IOC }));
      const ask = (await place(f, alice, sell(f, P(110), 100n))).id;
      const delta = await track(f, [alice, bob]);

      assert.deepEqual(await bookEvents(f, f.orderBook.write.cancelOrder([bid], { account: bob.account })), [
        cancelledEvent(f, bid, bob, 70n, CANCEL_REASON.ByOwner),
      ]);
      const hash = f.orderBook.write.cancelOrder([ask], { account: alice.account });
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "SharesReleased", [
        f.assetId,
        addr(alice),
        100n,
        f.orderBook.address,
      ]);
      assert.deepEqual(await bookEvents(f, hash), [cancelledEvent(f, ask, alice, 100n, CANCEL_REASON.ByOwner)]);
      assert.deepEqual(await delta(), [
        { eur: 0n, shares: 0n },
        { eur: P(6_300), shares: 0n },
      ]);
      assert.equal(await escrowOf(f, alice), 0n);
      assert.equal(await f.orderBook.read.escrowedFunds(), 0n);
      await assertBook(f);
    });

    it("only the owner: NotOrderOwner (the agent too must use cancelOrderAsAgent)", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, alice, bob } = f.wallets;
      const ask = (await place(f, alice, sell(f, P(110), 100n))).id;
      for (const wallet of [bob, ops]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.orderBook.write.cancelOrder([ask], { account: wallet.account }),
          f.orderBook,
          "NotOrderOwner",
          [ask, addr(wallet)],
        );
      }
      assert.equal((await f.orderBook.read.order([ask])).shares, 100n);
      await assertBook(f);
    });

    it("UnknownOrder for an id never used, a filled order and a cancelled order", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      const filled = (await place(f, alice, sell(f, P(100), 10n))).id;
      await place(f, bob, buy(f, P(100), 10n));
      const cancelled = (await place(f, alice, sell(f, P(100), 10n))).id;
      await f.orderBook.write.cancelOrder([cancelled], { account: alice.account });
      for (const id of [0n, 99n, filled, cancelled]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.orderBook.write.cancelOrder([id], { account: alice.account }),
          f.orderBook,
          "UnknownOrder",
          [id],
        );
      }
      await assertBook(f);
    });
  });

  describe("modifyOrder", () => {
    it("a reduction in place must leave an order worth the minimum order value", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob } = f.wallets;
      const small = (await place(f, bob, buy(f, P(5), 4n))).id; // 20 dEUR
      // One share at 5 dEUR would be below the 10 dEUR minimum: cancel instead.
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.modifyOrder([small, P(5), 1n], { account: bob.account }),
        f.orderBook,
        "OrderValueTooSmall",
        [P(5), P(10)],
      );
      await f.orderBook.write.modifyOrder([small, P(5), 2n], { account: bob.account });
      assert.equal((await f.orderBook.read.order([small])).shares, 2n);
      await assertBook(f);
    });

    it("fewer shares at the same price: reduced in place (OrderReduced, same id, same priority), the difference refunded", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol } = f.wallets;
      const b = (await place(f, bob, buy(f, P(95), 100n))).id;
      const createdAt = (await f.orderBook.read.order([b])).createdAt;
      const c = (await place(f, carol, buy(f, P(95), 100n))).id;
      const delta = await track(f, [bob]);
      const { result } = await f.orderBook.simulate.modifyOrder([b, P(95), 40n], { account: bob.account.address });
      assert.equal(result, b);
      assert.deepEqual(await bookEvents(f, f.orderBook.write.modifyOrder([b, P(95), 40n], { account: bob.account })), [
        reducedEvent(b, 40n),
      ]);
      assert.deepEqual(await delta(), [{ eur: P(5_700), shares: 0n }]);
      assert.deepEqual(await f.orderBook.read.order([b]), {
        owner: addr(bob),
        side: BUY,
        assetId: f.assetId,
        price: P(95),
        shares: 40n,
        expiry: 0n,
        createdAt,
      });
      await assertBook(f);
      // bob is still first at 95.
      const t = await place(f, alice, sell(f, P(95), 50n));
      assert.deepEqual(t.events.slice(1), [
        tradeEvent(f, b, t.id, bob, alice, SELL, P(95), 40n),
        tradeEvent(f, c, t.id, carol, alice, SELL, P(95), 10n),
      ]);

      // A sell order releases the shares it no longer offers.
      const a = (await place(f, alice, sell(f, P(110), 100n))).id;
      const hash = f.orderBook.write.modifyOrder([a, P(110), 30n], { account: alice.account });
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "SharesReleased", [
        f.assetId,
        addr(alice),
        70n,
        f.orderBook.address,
      ]);
      assert.equal(await escrowOf(f, alice), 30n);
      await assertBook(f);
    });

    it("a new price or more shares: replaced (Replaced) by a new order at the back of the queue", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, dave } = f.wallets;
      const a = (await place(f, alice, sell(f, P(110), 100n))).id;
      const b = (await place(f, bob, sell(f, P(110), 100n))).id;

      const { result } = await f.orderBook.simulate.modifyOrder([a, P(110), 150n], { account: alice.account.address });
      assert.equal(result, 3n);
      assert.deepEqual(await bookEvents(f, f.orderBook.write.modifyOrder([a, P(110), 150n], { account: alice.account })), [
        cancelledEvent(f, a, alice, 100n, CANCEL_REASON.Replaced),
        placedEvent(f, 3n, alice, SELL, P(110), 150n),
      ]);
      assert.equal(await escrowOf(f, alice), 150n);
      assert.deepEqual(await f.orderBook.read.depth([f.assetId, SELL, 5n]), [{ price: P(110), shares: 250n, orders: 2 }]);
      await assertBook(f);
      // bob is now first at 110.
      const t = await place(f, dave, buy(f, P(110), 100n));
      assert.deepEqual(t.events.slice(1), [tradeEvent(f, b, t.id, bob, dave, BUY, P(110), 100n)]);

      assert.deepEqual(await bookEvents(f, f.orderBook.write.modifyOrder([3n, P(112), 150n], { account: alice.account })), [
        cancelledEvent(f, 3n, alice, 150n, CANCEL_REASON.Replaced),
        placedEvent(f, 5n, alice, SELL, P(112), 150n),
      ]);
      // Fewer shares at a new price is a replacement too.
      assert.deepEqual(await bookEvents(f, f.orderBook.write.modifyOrder([5n, P(111), 20n], { account: alice.account })), [
        cancelledEvent(f, 5n, alice, 150n, CANCEL_REASON.Replaced),
        placedEvent(f, 6n, alice, SELL, P(111), 20n),
      ]);
      assert.equal(await escrowOf(f, alice), 20n);
      await assertBook(f);

      // A buy order: the old escrow is refunded, the new one taken.
      const bid = (await place(f, bob, buy(f, P(90), 100n))).id;
      const delta = await track(f, [bob]);
      await f.orderBook.write.modifyOrder([bid, P(92), 100n], { account: bob.account });
      assert.deepEqual(await delta(), [{ eur: -P(200), shares: 0n }]);
      await f.orderBook.write.modifyOrder([bid + 1n, P(92), 150n], { account: bob.account });
      assert.deepEqual(await delta(), [{ eur: -P(200) - P(4_600), shares: 0n }]);
      await assertBook(f);
    });

    it("a replacement keeps the expiry and may match at once", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      const expiry = BigInt(await time.latest()) + 3_600n;
      const bid = (await place(f, bob, buy(f, P(90), 100n, { expiry }))).id;
      const ask = (await place(f, alice, sell(f, P(100), 50n))).id;
      const delta = await track(f, [bob, alice]);
      assert.deepEqual(await bookEvents(f, f.orderBook.write.modifyOrder([bid, P(100), 100n], { account: bob.account })), [
        cancelledEvent(f, bid, bob, 100n, CANCEL_REASON.Replaced),
        placedEvent(f, 3n, bob, BUY, P(100), 100n, expiry),
        tradeEvent(f, ask, 3n, alice, bob, BUY, P(100), 50n),
      ]);
      assert.deepEqual(await delta(), [
        { eur: P(9_000) - P(5_000) - fee(P(5_000)) - P(5_000), shares: 50n },
        { eur: P(5_000), shares: -50n },
      ]);
      assert.deepEqual(await f.orderBook.read.bestBid([f.assetId]), [P(100), 50n]);
      assert.equal((await f.orderBook.read.order([3n])).expiry, expiry);
      await assertBook(f);
    });

    it("NothingToModify, InvalidShares, NotOrderOwner, UnknownOrder", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob, carol } = f.wallets;
      const bid = (await place(f, bob, buy(f, P(90), 100n))).id;
      const modify = (wallet: Wallet, id: bigint, price: bigint, shares: bigint) =>
        f.orderBook.write.modifyOrder([id, price, shares], { account: wallet.account });
      await viem.assertions.revertWithCustomErrorWithArgs(modify(bob, bid, P(90), 100n), f.orderBook, "NothingToModify", [
        bid,
      ]);
      for (const price of [P(90), P(91)]) {
        await viem.assertions.revertWithCustomErrorWithArgs(modify(bob, bid, price, 0n), f.orderBook, "InvalidShares", [
          0n,
        ]);
      }
      await viem.assertions.revertWithCustomErrorWithArgs(modify(carol, bid, P(91), 100n), f.orderBook, "NotOrderOwner", [
        bid,
        addr(carol),
      ]);
      for (const id of [0n, 99n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(modify(bob, id, P(91), 100n), f.orderBook, "UnknownOrder", [id]);
      }
      await assertBook(f);
    });

    it("a replacement is checked like a new order, and a refused one leaves the original in place", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, alice, bob, carol } = f.wallets;
      const bid = (await place(f, bob, buy(f, P(90), 100n))).id;
      const ask = (await place(f, alice, sell(f, P(110), 1_000n))).id;
      const now = BigInt(await time.latest());
      const expiring = (await place(f, carol, sell(f, P(120), 10n, { expiry: now + 100n }))).id;
      const modify = (wallet: Wallet, id: bigint, price: bigint, shares: bigint) =>
        f.orderBook.write.modifyOrder([id, price, shares], { account: wallet.account });

      await viem.assertions.revertWithCustomErrorWithArgs(modify(bob, bid, 0n, 100n), f.orderBook, "InvalidPrice", [0n]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        modify(bob, bid, P(0.05), 100n),
        f.orderBook,
        "OrderValueTooSmall",
        [P(5), P(10)],
      );
      // The order's own shares count as available again for its replacement.
      await viem.assertions.revertWithCustomErrorWithArgs(
        modify(alice, ask, P(110), 4_001n),
        f.compliance,
        "ERC1155InsufficientBalance",
        [addr(alice), 4_000n, 4_001n, f.assetId],
      );
      await time.increaseTo(now + 101n);
      await viem.assertions.revertWithCustomErrorWithArgs(modify(carol, expiring, P(121), 10n), f.orderBook, "OrderExpired", [
        0n,
        now + 100n,
      ]);
      await f.energyAsset.write.suspendAsset([f.assetId, "inspection"], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(modify(bob, bid, P(91), 100n), f.orderBook, "AssetNotTradable", [
        f.assetId,
      ]);
      assert.equal((await f.orderBook.read.order([bid])).shares, 100n);
      assert.equal((await f.orderBook.read.order([ask])).shares, 1_000n);
      assert.equal(await f.orderBook.read.orderCount(), 3n);
      await assertBook(f);
      // Reducing in place needs no new placement.
      await modify(alice, ask, P(110), 400n);
      await modify(alice, ask, P(110), 400n - 1n);
      assert.equal(await escrowOf(f, alice), 399n);
      await assertBook(f);
    });
  });

  describe("expireOrders", () => {
    it("anyone cancels expired orders (Expired) and their escrow goes back; live, filled and unknown ids are skipped", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave, eve } = f.wallets;
      const now = BigInt(await time.latest());
      const a = (await place(f, alice, sell(f, P(100), 10n, { expiry: now + 100n }))).id;
      const b = (await place(f, bob, buy(f, P(90), 10n, { expiry: now + 100n }))).id;
      const c = (await place(f, carol, sell(f, P(101), 10n, { expiry: now + 1_000n }))).id;
      const d = (await place(f, dave, buy(f, P(80), 10n))).id;
      const filled = (await place(f, carol, sell(f, P(95), 10n, { expiry: now + 100n }))).id;
      await place(f, dave, buy(f, P(95), 10n, { timeInForce: IOC }));
      await time.increaseTo(now + 101n);
      const delta = await track(f, [bob]);
      const ids = [a, b, c, d, filled, 0n, 99n, a];
      assert.deepEqual(await bookEvents(f, f.orderBook.write.expireOrders([ids], { account: eve.account })), [
        cancelledEvent(f, a, alice, 10n, CANCEL_REASON.Expired),
        cancelledEvent(f, b, bob, 10n, CANCEL_REASON.Expired),
      ]);
      assert.deepEqual(await delta(), [{ eur: P(900), shares: 0n }]);
      assert.equal(await escrowOf(f, alice), 0n);
      assert.equal((await f.orderBook.read.order([c])).shares, 10n);
      assert.equal((await f.orderBook.read.order([d])).shares, 10n);
      assert.deepEqual(await bookEvents(f, f.orderBook.write.expireOrders([[]], { account: eve.account })), []);
      assert.deepEqual(await bookEvents(f, f.orderBook.write.expireOrders([[c, d]], { account: eve.account })), []);
      await assertBook(f);
    });
  });

  describe("cancelOrderAsAgent", () => {
    it("the agent cancels any order (ByAgent); the escrow goes back to its owner, e.g. before a forced transfer", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, alice, bob, dave } = f.wallets;
      const ask = (await place(f, alice, sell(f, P(110), 4_000n))).id;
      const bid = (await place(f, bob, buy(f, P(90), 10n))).id;
      const delta = await track(f, [bob]);
      assert.deepEqual(await bookEvents(f, f.orderBook.write.cancelOrderAsAgent([ask], { account: ops.account })), [
        cancelledEvent(f, ask, alice, 4_000n, CANCEL_REASON.ByAgent),
      ]);
      assert.deepEqual(await bookEvents(f, f.orderBook.write.cancelOrderAsAgent([bid], { account: ops.account })), [
        cancelledEvent(f, bid, bob, 10n, CANCEL_REASON.ByAgent),
      ]);
      assert.deepEqual(await delta(), [{ eur: P(900), shares: 0n }]);
      await f.energyAsset.write.forcedTransfer([f.assetId, addr(alice), addr(dave), 4_000n, "court order"], {
        account: ops.account,
      });
      assert.equal(await sharesOf(f, dave), 4_000n);
      await assertBook(f);
    });

    it("only the agent role: AccessControlUnauthorizedAccount; UnknownOrder", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, admin, alice, bob } = f.wallets;
      const ask = (await place(f, alice, sell(f, P(110), 100n))).id;
      for (const wallet of [bob, alice, admin]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.orderBook.write.cancelOrderAsAgent([ask], { account: wallet.account }),
          f.orderBook,
          "AccessControlUnauthorizedAccount",
          [addr(wallet), roles.AGENT],
        );
      }
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.cancelOrderAsAgent([99n], { account: ops.account }),
        f.orderBook,
        "UnknownOrder",
        [99n],
      );
      assert.equal((await f.orderBook.read.order([ask])).shares, 100n);
      await assertBook(f);
    });
  });

  // ================================================================ funder, permit

  describe("placeBuyOrderFor", () => {
    async function withFunder(f: F, funder: Wallet) {
      const role = await f.orderBook.read.FUNDER_ROLE();
      await f.orderBook.write.grantRole([role, addr(funder)], { account: f.wallets.admin.account });
      return role;
    }

    it("the funder pays; the owner owns the order, receives the shares and any refund", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, dave, treasury } = f.wallets;
      await withFunder(f, dave);
      const ask = (await place(f, alice, sell(f, P(100), 50n))).id;
      const delta = await track(f, [dave, bob, alice, treasury]);
      const events = await bookEvents(
        f,
        f.orderBook.write.placeBuyOrderFor([addr(bob), buy(f, P(100), 80n)], { account: dave.account }),
      );
      assert.deepEqual(events, [
        placedEvent(f, 2n, bob, BUY, P(100), 80n),
        tradeEvent(f, ask, 2n, alice, bob, BUY, P(100), 50n),
      ]);
      assert.deepEqual(await delta(), [
        { eur: -(P(5_000) + P(25) + P(3_000)), shares: 0n },
        { eur: 0n, shares: 50n },
        { eur: P(5_000), shares: -50n },
        { eur: P(25), shares: 0n },
      ]);
      assert.equal((await f.orderBook.read.order([2n])).owner, addr(bob));
      assert.deepEqual(await f.orderBook.read.openOrdersOf([addr(dave)]), []);
      await assertBook(f);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.cancelOrder([2n], { account: dave.account }),
        f.orderBook,
        "NotOrderOwner",
        [2n, addr(dave)],
      );
      const refund = await track(f, [bob, dave]);
      await f.orderBook.write.cancelOrder([2n], { account: bob.account });
      assert.deepEqual(await refund(), [
        { eur: P(3_000), shares: 0n },
        { eur: 0n, shares: 0n },
      ]);
      await assertBook(f);
    });

    it("funder role only, buy orders only, and the owner is the one checked and self-trade protected", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, dave, eve } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.placeBuyOrderFor([addr(alice), buy(f, P(100), 10n)], { account: bob.account }),
        f.orderBook,
        "AccessControlUnauthorizedAccount",
        [addr(bob), await f.orderBook.read.FUNDER_ROLE()],
      );
      await withFunder(f, dave);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.placeBuyOrderFor([addr(alice), sell(f, P(100), 10n)], { account: dave.account }),
        f.orderBook,
        "InvalidSide",
        [],
      );
      // dave is verified, eve is not: the order is eve's.
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.placeBuyOrderFor([addr(eve), buy(f, P(100), 10n)], { account: dave.account }),
        f.compliance,
        "RecipientNotVerified",
        [addr(eve)],
      );
      const own = (await place(f, alice, sell(f, P(100), 10n))).id;
      const events = await bookEvents(
        f,
        f.orderBook.write.placeBuyOrderFor([addr(alice), buy(f, P(100), 10n, { timeInForce: IOC })], {
          account: dave.account,
        }),
      );
      assert.deepEqual(events, [
        placedEvent(f, 2n, alice, BUY, P(100), 10n),
        cancelledEvent(f, own, alice, 10n, CANCEL_REASON.SelfTrade),
        cancelledEvent(f, 2n, alice, 10n, CANCEL_REASON.ImmediateOrCancel),
      ]);
      await assertBook(f);
    });
  });

  describe("placeOrderWithPermit", () => {
    it("one EIP-2612 signature for value + fee covers a buy that fills and rests", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob } = f.wallets;
      await f.stablecoin.write.approve([f.orderBook.address, 0n], { account: bob.account });
      const ask = (await place(f, alice, sell(f, P(100), 50n))).id;
      const params = buy(f, P(100), 80n);
      const permitValue = P(8_000) + fee(P(8_000));
      const deadline = BigInt(await time.latest()) + 3_600n;
      const { v, r, s } = await signPermit(f, bob, f.orderBook.address, permitValue, deadline);
      const delta = await track(f, [bob]);
      const events = await bookEvents(
        f,
        f.orderBook.write.placeOrderWithPermit([params, deadline, v, r, s], { account: bob.account }),
      );
      assert.deepEqual(events, [
        placedEvent(f, 2n, bob, BUY, P(100), 80n),
        tradeEvent(f, ask, 2n, alice, bob, BUY, P(100), 50n),
      ]);
      assert.deepEqual(await delta(), [{ eur: -(P(5_000) + P(25) + P(3_000)), shares: 50n }]);
      assert.equal(await f.stablecoin.read.nonces([addr(bob)]), 1n);
      assert.equal(await f.stablecoin.read.allowance([addr(bob), f.orderBook.address]), permitValue - P(8_025));
      await assertBook(f);
    });

    it("a permit used already (front-run) is ignored when the allowance is there; without allowance the order fails", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { bob, eve } = f.wallets;
      await f.stablecoin.write.approve([f.orderBook.address, 0n], { account: bob.account });
      const params = buy(f, P(90), 10n);
      const deadline = BigInt(await time.latest()) + 3_600n;
      const { v, r, s } = await signPermit(f, bob, f.orderBook.address, P(900) + fee(P(900)), deadline);
      await f.stablecoin.write.permit([addr(bob), f.orderBook.address, P(900) + fee(P(900)), deadline, v, r, s], {
        account: eve.account,
      });
      // The permit call fails (its nonce is used) and is ignored: the allowance it set pays for the order.
      const events = await bookEvents(
        f,
        f.orderBook.write.placeOrderWithPermit([params, deadline, v, r, s], { account: bob.account }),
      );
      assert.deepEqual(events, [placedEvent(f, 1n, bob, BUY, P(90), 10n)]);
      assert.equal(await f.stablecoin.read.allowance([addr(bob), f.orderBook.address]), fee(P(900)));
      await assertBook(f);

      // The allowance is spent; a stale signature does not renew it.
      await f.stablecoin.write.approve([f.orderBook.address, 0n], { account: bob.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.placeOrderWithPermit([params, deadline, v, r, s], { account: bob.account }),
        f.stablecoin,
        "ERC20InsufficientAllowance",
        [f.orderBook.address, 0n, P(900)],
      );
      // Nor does one past its deadline.
      const late = BigInt(await time.latest());
      const expired = await signPermit(f, bob, f.orderBook.address, P(1_000), late);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.placeOrderWithPermit([params, late, expired.v, expired.r, expired.s], { account: bob.account }),
        f.stablecoin,
        "ERC20InsufficientAllowance",
        [f.orderBook.address, 0n, P(900)],
      );
      await assertBook(f);
    });

    it("a sell order placed with a permit simply escrows its shares", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice } = f.wallets;
      const deadline = BigInt(await time.latest()) + 3_600n;
      const { v, r, s } = await signPermit(f, alice, f.orderBook.address, 0n, deadline);
      await f.orderBook.write.placeOrderWithPermit([sell(f, P(100), 10n), deadline, v, r, s], { account: alice.account });
      assert.equal(await escrowOf(f, alice), 10n);
      await assertBook(f);
    });
  });

  // ================================================================ administration

  describe("administration", () => {
    it("setFee: FeeSet, at most 500 bps (FeeTooHigh), applied to the next trade; zero fee pays nothing", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { admin, alice, dave, treasury } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.setFee([501], { account: admin.account }),
        f.orderBook,
        "FeeTooHigh",
        [501, 500],
      );
      await viem.assertions.emitWithArgs(f.orderBook.write.setFee([500], { account: admin.account }), f.orderBook, "FeeSet", [
        500,
      ]);
      await place(f, alice, sell(f, P(100), 10n));
      let delta = await track(f, [dave, treasury]);
      await place(f, dave, buy(f, P(100), 10n));
      assert.deepEqual(await delta(), [
        { eur: -P(1_050), shares: 10n },
        { eur: P(50), shares: 0n },
      ]);
      await f.orderBook.write.setFee([0], { account: admin.account });
      await place(f, alice, sell(f, P(100), 10n));
      delta = await track(f, [dave, treasury]);
      const { events } = await place(f, dave, buy(f, P(100), 10n));
      assert.equal((events[1]!.args as { fee: bigint }).fee, 0n);
      assert.deepEqual(await delta(), [
        { eur: -P(1_000), shares: 10n },
        { eur: 0n, shares: 0n },
      ]);
      await assertBook(f);
    });

    it("setTreasury: TreasurySet, zero refused (InvalidTreasury), fees go to the new treasury", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { admin, alice, dave, treasury, assetTreasury } = f.wallets;
      await viem.assertions.revertWithCustomError(
        f.orderBook.write.setTreasury(["0x0000000000000000000000000000000000000000"], { account: admin.account }),
        f.orderBook,
        "InvalidTreasury",
      );
      await viem.assertions.emitWithArgs(
        f.orderBook.write.setTreasury([addr(assetTreasury)], { account: admin.account }),
        f.orderBook,
        "TreasurySet",
        [addr(assetTreasury)],
      );
      assert.equal(await f.orderBook.read.treasury(), addr(assetTreasury));
      await place(f, alice, sell(f, P(100), 10n));
      const delta = await track(f, [assetTreasury, treasury]);
      await place(f, dave, buy(f, P(100), 10n));
      assert.deepEqual(await delta(), [
        { eur: P(5), shares: 0n },
        { eur: 0n, shares: 0n },
      ]);
    });

    it("setMinimumOrderValue: MinimumOrderValueSet, enforced on the next order", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { admin, alice } = f.wallets;
      await viem.assertions.emitWithArgs(
        f.orderBook.write.setMinimumOrderValue([P(1_000)], { account: admin.account }),
        f.orderBook,
        "MinimumOrderValueSet",
        [P(1_000)],
      );
      assert.equal(await f.orderBook.read.minimumOrderValue(), P(1_000));
      await viem.assertions.revertWithCustomErrorWithArgs(
        placeTx(f, alice, sell(f, P(100), 9n)),
        f.orderBook,
        "OrderValueTooSmall",
        [P(900), P(1_000)],
      );
      await place(f, alice, sell(f, P(100), 10n));
      await f.orderBook.write.setMinimumOrderValue([0n], { account: admin.account });
      await place(f, alice, sell(f, 1n, 1n));
      assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [1n, 1n]);
      await assertBook(f);
    });

    it("admin functions refuse anyone else: AccessControlUnauthorizedAccount", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { ops, bob } = f.wallets;
      for (const wallet of [bob, ops]) {
        const as = { account: wallet.account };
        const calls = [
          () => f.orderBook.write.setFee([10], as),
          () => f.orderBook.write.setTreasury([addr(wallet)], as),
          () => f.orderBook.write.setMinimumOrderValue([0n], as),
          () => f.orderBook.write.recoverUnaccountedTokens([f.stablecoin.address, addr(wallet)], as),
          () => f.orderBook.write.grantRole([roles.AGENT, addr(wallet)], as),
        ];
        for (const call of calls) {
          await viem.assertions.revertWithCustomErrorWithArgs(call(), f.orderBook, "AccessControlUnauthorizedAccount", [
            addr(wallet),
            roles.DEFAULT_ADMIN,
          ]);
        }
      }
      assert.equal(await f.orderBook.read.feeBps(), 50);
    });

    it("recoverUnaccountedTokens: stablecoin sent directly comes back, never the buy escrow; NothingToRecover", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { admin, bob, carol, treasury } = f.wallets;
      const as = { account: admin.account };
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.recoverUnaccountedTokens([f.stablecoin.address, addr(admin)], as),
        f.orderBook,
        "NothingToRecover",
        [f.stablecoin.address],
      );
      await place(f, bob, buy(f, P(90), 100n));
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.recoverUnaccountedTokens([f.stablecoin.address, addr(admin)], as),
        f.orderBook,
        "NothingToRecover",
        [f.stablecoin.address],
      );
      const stray = 123_456_789n;
      await f.stablecoin.write.transfer([f.orderBook.address, stray], { account: carol.account });
      await assertBook(f, { directFunds: stray });
      const { result } = await f.orderBook.simulate.recoverUnaccountedTokens([f.stablecoin.address, addr(treasury)], { account: addr(admin) });
      assert.equal(result, stray);
      const delta = await track(f, [treasury]);
      await viem.assertions.emitWithArgs(
        f.orderBook.write.recoverUnaccountedTokens([f.stablecoin.address, addr(treasury)], as),
        f.orderBook,
        "UnaccountedTokensRecovered",
        [f.stablecoin.address, addr(treasury), stray],
      );
      assert.deepEqual(await delta(), [{ eur: stray, shares: 0n }]);
      assert.equal(await f.orderBook.read.escrowedFunds(), P(9_000));
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.recoverUnaccountedTokens([f.stablecoin.address, addr(admin)], as),
        f.orderBook,
        "NothingToRecover",
        [f.stablecoin.address],
      );
      await assertBook(f);

      // Any other token comes back whole.
      const other = await viem.deployContract("DevStablecoin");
      await other.write.faucet([f.orderBook.address, P(5)]);
      await f.orderBook.write.recoverUnaccountedTokens([other.address, addr(treasury)], as);
      assert.equal(await other.read.balanceOf([addr(treasury)]), P(5));
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.orderBook.write.recoverUnaccountedTokens([other.address, addr(treasury)], as),
        f.orderBook,
        "NothingToRecover",
        [other.address],
      );
      // The buy order is still fully backed: it refunds in full.
      const refund = await track(f, [bob]);
      await f.orderBook.write.cancelOrder([1n], { account: bob.account });
      assert.deepEqual(await refund(), [{ eur: P(9_000), shares: 0n }]);
      await assertBook(f);
    });

    it("shares sent to the order book directly are refused: it is neither verified nor an ERC-1155 receiver", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { alice } = f.wallets;
      const a = addr(alice);
      const send = () =>
        f.energyAsset.write.safeTransferFrom([a, f.orderBook.address, f.assetId, 1n, "0x"], { account: alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(send(), f.compliance, "RecipientNotVerified", [
        f.orderBook.address,
      ]);
      await verify(f, f.orderBook.address);
      await viem.assertions.revertWithCustomErrorWithArgs(send(), f.energyAsset, "ERC1155InvalidReceiver", [
        f.orderBook.address,
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeBatchTransferFrom([a, f.orderBook.address, [f.assetId], [1n], "0x"], {
          account: alice.account,
        }),
        f.energyAsset,
        "ERC1155InvalidReceiver",
        [f.orderBook.address],
      );
      assert.equal(await f.energyAsset.read.balanceOf([f.orderBook.address, f.assetId]), 0n);
    });

    it("cannot be initialised again, nor can its implementation", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { admin, treasury } = f.wallets;
      const args = [addr(admin), f.energyAsset.address, f.stablecoin.address, addr(treasury), 50, P(10)] as const;
      await viem.assertions.revertWithCustomError(
        f.orderBook.write.initialize(args, { account: admin.account }),
        f.orderBook,
        "InvalidInitialization",
      );
      const upgradesApi = await upgrades(hre, connection);
      const implementation = await upgradesApi.erc1967.getImplementationAddress(f.orderBook.address);
      const logic = await viem.getContractAt("OrderBook", implementation);
      await viem.assertions.revertWithCustomError(
        logic.write.initialize(args, { account: admin.account }),
        logic,
        "InvalidInitialization",
      );
    });

    it("only the admin upgrades it; an upgrade keeps the book and its escrow", async () => {
      const f = await networkHelpers.loadFixture(book);
      const { admin, ops, alice, bob, dave } = f.wallets;
      const ask = (await place(f, alice, sell(f, P(100), 10n))).id;
      await place(f, bob, buy(f, P(90), 10n));
      const next = await viem.deployContract("OrderBook");
      for (const wallet of [bob, ops]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.orderBook.write.upgradeToAndCall([next.address, "0x"], { account: wallet.account }),
          f.orderBook,
          "AccessControlUnauthorizedAccount",
          [addr(wallet), roles.DEFAULT_ADMIN],
        );
      }
      const upgradesApi = await upgrades(hre, connection);
      await f.orderBook.write.upgradeToAndCall([next.address, "0x"], { account: admin.account });
      assert.equal(getAddress(await upgradesApi.erc1967.getImplementationAddress(f.orderBook.address)), getAddress(next.address));
      await assertBook(f);
      const t = await place(f, dave, buy(f, P(100), 10n));
      assert.deepEqual(t.events.slice(1), [tradeEvent(f, ask, t.id, alice, dave, BUY, P(100), 10n)]);
      await assertBook(f);
    });
  });

  // ================================================================ gas

  describe("gas", () => {
    it("reports gas for the common operations", async (t) => {
      const f = await networkHelpers.loadFixture(book);
      const { alice, bob, carol, dave } = f.wallets;
      const gas = async (hash: Promise<Hash>) => (await mined(f, hash)).gasUsed;
      const figures: Record<string, bigint> = {};
      figures["place resting sell, new price level"] = await gas(placeTx(f, alice, sell(f, P(110), 100n)));
      figures["place resting sell, existing price level"] = await gas(placeTx(f, bob, sell(f, P(110), 100n)));
      // carol already holds shares; the level keeps bob's order.
      figures["market buy (IOC) filling one resting sell"] = await gas(
        placeTx(f, carol, buy(f, P(200), 100n, { timeInForce: IOC })),
      );
      assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [P(110), 100n]);
      figures["market buy (IOC) partly filling one resting sell"] = await gas(
        placeTx(f, carol, buy(f, P(200), 10n, { timeInForce: IOC })),
      );
      figures["cancel a resting sell"] = await gas(f.orderBook.write.cancelOrder([2n], { account: bob.account }));
      await place(f, dave, buy(f, P(90), 100n));
      figures["cancel a resting buy"] = await gas(f.orderBook.write.cancelOrder([5n], { account: dave.account }));
      for (let i = 0; i < 5; i++) await place(f, i % 2 ? bob : alice, sell(f, P(101 + i), 20n));
      figures["market buy (IOC) across 5 price levels"] = await gas(
        placeTx(f, carol, buy(f, P(105), 100n, { timeInForce: IOC })),
      );
      assert.deepEqual(await f.orderBook.read.bestAsk([f.assetId]), [0n, 0n]);
      await assertBook(f);
      // The same single fill without the share-movement observer (the RevenueDistributor hook).
      await f.energyAsset.write.setShareObserver([zeroAddress], { account: f.wallets.admin.account });
      await place(f, alice, sell(f, P(110), 100n));
      figures["market buy (IOC) filling one resting sell, no share observer"] = await gas(
        placeTx(f, carol, buy(f, P(200), 100n, { timeInForce: IOC })),
      );
      for (const [name, used] of Object.entries(figures)) {
        assert.ok(used > 21_000n && used < 1_000_000n);
        t.diagnostic(`${name}: ${used} gas`);
      }
    });
  });
});
