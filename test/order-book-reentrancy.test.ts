import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  decodeErrorResult,
  encodeFunctionData,
  getAddress,
  maxUint256,
  parseEventLogs,
  zeroAddress,
  zeroHash,
  type Address,
  type Hash,
  type Hex,
} from "viem";
import { roles } from "../scripts/lib/roles.ts";
import {
  CANCEL_REASON,
  COUNTRY,
  SIDE,
  TIME_IN_FORCE,
  eur,
  openOrders,
  orderBookFixture,
  orderParams,
  verify,
} from "./helpers/fixture.ts";

/**
 * {orderBookFixture} plus two contract wallets, each KYC'd as its own identity (DE), holding 100,000 dEUR
 * approved to the order book: `receiver` (ReentrantReceiver) makes one configured call from its ERC-1155
 * receipt callback; `rejecting` (RejectingReceiver) accepts, answers wrongly or reverts on receipt.
 */
async function contractWalletsFixture(connection: NetworkConnection) {
  const f = await orderBookFixture(connection);
  const receiver = await f.viem.deployContract("ReentrantReceiver");
  const rejecting = await f.viem.deployContract("RejectingReceiver");
  const approve = encodeFunctionData({
    abi: f.stablecoin.abi,
    functionName: "approve",
    args: [f.orderBook.address, maxUint256],
  });
  for (const wallet of [receiver.address, rejecting.address]) {
    await verify(f, wallet, COUNTRY.DE);
    await f.stablecoin.write.faucet([wallet, eur(100_000)]);
  }
  await receiver.write.execute([f.stablecoin.address, approve]);
  await rejecting.write.execute([f.stablecoin.address, approve]);
  return { ...f, receiver, rejecting };
}

type F = Awaited<ReturnType<typeof contractWalletsFixture>>;
type Params = ReturnType<typeof orderParams>;

const { Buy: BUY, Sell: SELL } = SIDE;
const IOC = TIME_IN_FORCE.ImmediateOrCancel;
const P = eur;
const fee = (value: bigint) => (value * 50n) / 10_000n;
const MODE = { Accept: 0, WrongAnswer: 1, Revert: 2 } as const;

const bookCall = <const N extends string>(f: F, functionName: N, args: readonly unknown[]) =>
  encodeFunctionData({ abi: f.orderBook.abi, functionName: functionName as "cancelOrder", args: args as [bigint] });

/** The order book's events in a transaction, in order. */
async function bookEvents(f: F, hash: Hash | Promise<Hash>) {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  const own = receipt.logs.filter((log) => log.address.toLowerCase() === f.orderBook.address.toLowerCase());
  return parseEventLogs({ abi: f.orderBook.abi, logs: own }).map(({ eventName, args }) => ({ eventName, args }));
}

/** Escrow invariants: dEUR in the book = escrowedFunds = Σ open buys; escrowed shares = Σ open sells, per owner. */
async function assertEscrow(f: F) {
  const open = await openOrders(f);
  const buyValue = open.filter((o) => o.side === BUY).reduce((sum, o) => sum + o.price * o.shares, 0n);
  assert.equal(await f.orderBook.read.escrowedFunds(), buyValue);
  assert.equal(await f.stablecoin.read.balanceOf([f.orderBook.address]), buyValue);
  const owners = new Set<Address>([
    ...Object.values(f.wallets).map((w) => getAddress(w.account.address)),
    getAddress(f.receiver.address),
    getAddress(f.rejecting.address),
  ]);
  for (const owner of owners) {
    const selling = open
      .filter((o) => o.side === SELL && getAddress(o.owner) === owner)
      .reduce((sum, o) => sum + o.shares, 0n);
    assert.equal(await f.energyAsset.read.escrowedBalance([f.assetId, owner]), selling, `escrow of ${owner}`);
    const mine = open.filter((o) => getAddress(o.owner) === owner).map((o) => o.id);
    assert.deepEqual(await f.orderBook.read.openOrdersOf([owner]), mine);
  }
  return open;
}

describe("OrderBook: ERC-1155 receiver callbacks", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const contractWallets = () => contractWalletsFixture(connection);

  const sell = (f: F, price: bigint, shares: bigint, o: Parameters<typeof orderParams>[4] = {}) =>
    orderParams(f.assetId, SELL, price, shares, o);
  const buy = (f: F, price: bigint, shares: bigint, o: Parameters<typeof orderParams>[4] = {}) =>
    orderParams(f.assetId, BUY, price, shares, o);
  const placeCall = (f: F, params: Params) => bookCall(f, "placeOrder", [params]);
  const sharesOf = (f: F, who: Address) => f.energyAsset.read.balanceOf([who, f.assetId]);

  /**
   * Every state-changing entry point of the book that a callback could try, with roles granted to the
   * receiver so that only the reentrancy guard stands in the way. `makerId` is the order being filled,
   * `ownId` a resting order of the receiver, `expiredId` an expired order.
   */
  function reentries(f: F, makerId: bigint, ownId: bigint, expiredId: bigint): [string, Hex][] {
    const r = f.receiver.address;
    return [
      ["cancelOrder", bookCall(f, "cancelOrder", [ownId])],
      ["modifyOrder", bookCall(f, "modifyOrder", [ownId, P(91), 10n])],
      ["placeOrder", placeCall(f, buy(f, P(80), 10n))],
      ["placeOrderWithPermit", bookCall(f, "placeOrderWithPermit", [buy(f, P(80), 10n), 0n, 0, zeroHash, zeroHash])],
      ["placeBuyOrderFor", bookCall(f, "placeBuyOrderFor", [r, buy(f, P(80), 10n)])],
      ["expireOrders", bookCall(f, "expireOrders", [[expiredId]])],
      ["cancelOrderAsAgent", bookCall(f, "cancelOrderAsAgent", [makerId])],
      ["recoverUnaccountedTokens", bookCall(f, "recoverUnaccountedTokens", [f.stablecoin.address, r])],
    ];
  }

  /** The receiver rests a buy of 10 at 90 (its own order), bob's sell expires, roles go to the receiver. */
  async function prepare(f: F) {
    const { admin, bob } = f.wallets;
    const r = f.receiver.address;
    await f.receiver.write.execute([f.orderBook.address, placeCall(f, buy(f, P(90), 10n))]);
    const ownId = await f.orderBook.read.orderCount();
    const now = BigInt(await networkHelpers.time.latest());
    await f.orderBook.write.placeOrder([sell(f, P(200), 10n, { expiry: now + 60n })], { account: bob.account });
    const expiredId = await f.orderBook.read.orderCount();
    await networkHelpers.time.increaseTo(now + 61n);
    for (const role of [roles.AGENT, await f.orderBook.read.FUNDER_ROLE(), roles.DEFAULT_ADMIN]) {
      await f.orderBook.write.grantRole([role, r], { account: admin.account });
    }
    return { ownId, expiredId };
  }

  it("a taker buyer contract calling back into the book is refused (ReentrancyGuardReentrantCall): the fill reverts whole", async () => {
    const f = await networkHelpers.loadFixture(contractWallets);
    const { alice } = f.wallets;
    const r = f.receiver.address;
    await f.orderBook.write.placeOrder([sell(f, P(100), 10n)], { account: alice.account });
    const makerId = await f.orderBook.read.orderCount();
    const { ownId, expiredId } = await prepare(f);
    const before = { receiver: await f.stablecoin.read.balanceOf([r]), alice: await f.stablecoin.read.balanceOf([alice.account.address]) };
    const takerBuy = () =>
      f.receiver.write.execute([f.orderBook.address, placeCall(f, buy(f, P(100), 10n, { timeInForce: IOC }))]);

    for (const [name, action] of reentries(f, makerId, ownId, expiredId)) {
      await f.receiver.write.setAction([f.orderBook.address, action, true]);
      await viem.assertions.revertWithCustomError(takerBuy(), f.orderBook, "ReentrancyGuardReentrantCall").catch((error) => {
        throw new Error(`re-entering through ${name}: ${error}`);
      });
    }
    const open = await assertEscrow(f);
    assert.deepEqual(
      open.map((o) => [o.id, o.shares]),
      [
        [makerId, 10n],
        [ownId, 10n],
        [expiredId, 10n],
      ],
    );
    assert.equal(await sharesOf(f, r), 0n);
    assert.equal(await f.stablecoin.read.balanceOf([r]), before.receiver);
    assert.equal(await f.stablecoin.read.balanceOf([alice.account.address]), before.alice);
    assert.equal(await f.orderBook.read.escrowedFunds(), P(900));

    // Outside a callback the same calls work: the refusal was the guard, not the roles.
    await f.receiver.write.setAction([zeroAddress, "0x", false]);
    await f.receiver.write.execute([f.orderBook.address, bookCall(f, "expireOrders", [[expiredId]])]);
    await f.receiver.write.execute([f.orderBook.address, bookCall(f, "cancelOrder", [ownId])]);
    await takerBuy();
    assert.equal(await sharesOf(f, r), 10n);
    assert.deepEqual(await assertEscrow(f), []);
  });

  it("a taker buyer contract that swallows the refusal: the fill completes, nothing else happens, escrow stays exact", async () => {
    const f = await networkHelpers.loadFixture(contractWallets);
    const { alice } = f.wallets;
    const r = f.receiver.address;
    const { ownId, expiredId } = await prepare(f);
    let bought = 0n;
    for (const index of reentries(f, 0n, ownId, expiredId).keys()) {
      await f.orderBook.write.placeOrder([sell(f, P(100), 10n)], { account: alice.account });
      const makerId = await f.orderBook.read.orderCount();
      const [name, action] = reentries(f, makerId, ownId, expiredId)[index]!;
      await f.receiver.write.setAction([f.orderBook.address, action, false]);
      const paid = await f.stablecoin.read.balanceOf([r]);
      const events = await bookEvents(
        f,
        f.receiver.write.execute([f.orderBook.address, placeCall(f, buy(f, P(100), 10n, { timeInForce: IOC }))]),
      );
      assert.deepEqual(
        events.map((e) => e.eventName),
        ["OrderPlaced", "Trade"],
        name,
      );
      bought += 10n;
      assert.equal(paid - (await f.stablecoin.read.balanceOf([r])), P(1_000) + fee(P(1_000)));
      assert.equal(await f.receiver.read.attempted(), true);
      assert.equal(await f.receiver.read.lastSuccess(), false);
      const error = decodeErrorResult({ abi: f.orderBook.abi, data: await f.receiver.read.lastReturnData() });
      assert.equal(error.errorName, "ReentrancyGuardReentrantCall", name);
      assert.equal(await sharesOf(f, r), bought);
      const open = await assertEscrow(f);
      assert.deepEqual(
        open.map((o) => [o.id, o.shares]),
        [
          [ownId, 10n],
          [expiredId, 10n],
        ],
      );
    }
  });

  it("a resting buy of a contract whose callback calls back is cancelled (Unfillable) and refunded when the call fails its receipt", async () => {
    const f = await networkHelpers.loadFixture(contractWallets);
    const { alice, bob, carol } = f.wallets;
    const r = f.receiver.address;
    await f.receiver.write.execute([f.orderBook.address, placeCall(f, buy(f, P(100), 10n))]);
    const makerId = await f.orderBook.read.orderCount();
    await f.receiver.write.execute([f.orderBook.address, placeCall(f, buy(f, P(50), 10n))]);
    const ownId = makerId + 1n;
    await f.orderBook.write.placeOrder([buy(f, P(99), 10n)], { account: bob.account });
    const bobId = ownId + 1n;

    // Bubbling: the receipt fails, so the receiver cannot take the fill: its order goes, the seller goes on.
    await f.receiver.write.setAction([f.orderBook.address, bookCall(f, "cancelOrder", [ownId]), true]);
    const refund = await f.stablecoin.read.balanceOf([r]);
    const events = await bookEvents(
      f,
      f.orderBook.write.placeOrder([sell(f, P(90), 10n, { timeInForce: IOC })], { account: alice.account }),
    );
    const takerId = bobId + 1n;
    assert.deepEqual(events, [
      {
        eventName: "OrderPlaced",
        args: { orderId: takerId, assetId: f.assetId, owner: getAddress(alice.account.address), side: SELL, price: P(90), shares: 10n, expiry: 0n },
      },
      {
        eventName: "OrderCancelled",
        args: { orderId: makerId, assetId: f.assetId, owner: getAddress(r), sharesLeft: 10n, reason: CANCEL_REASON.Unfillable },
      },
      {
        eventName: "Trade",
        args: {
          assetId: f.assetId,
          makerOrderId: bobId,
          takerOrderId: takerId,
          maker: getAddress(bob.account.address),
          taker: getAddress(alice.account.address),
          takerSide: SELL,
          price: P(99),
          shares: 10n,
          fee: fee(P(990)),
        },
      },
    ]);
    assert.equal((await f.stablecoin.read.balanceOf([r])) - refund, P(1_000));
    assert.equal(await sharesOf(f, r), 0n);
    await assertEscrow(f);

    // Swallowing: the fill completes; the attempted cancellation did not happen.
    await f.receiver.write.execute([f.orderBook.address, placeCall(f, buy(f, P(100), 10n))]);
    await f.receiver.write.setAction([f.orderBook.address, bookCall(f, "cancelOrder", [ownId]), false]);
    const fill = await bookEvents(
      f,
      f.orderBook.write.placeOrder([sell(f, P(90), 10n, { timeInForce: IOC })], { account: carol.account }),
    );
    assert.deepEqual(
      fill.map((e) => e.eventName),
      ["OrderPlaced", "Trade"],
    );
    assert.equal(await sharesOf(f, r), 10n);
    assert.equal(
      decodeErrorResult({ abi: f.orderBook.abi, data: await f.receiver.read.lastReturnData() }).errorName,
      "ReentrancyGuardReentrantCall",
    );
    assert.equal((await f.orderBook.read.order([ownId])).shares, 10n);
    await assertEscrow(f);
  });

  it("a contract that refuses the shares cannot buy as a taker: the order reverts", async () => {
    const f = await networkHelpers.loadFixture(contractWallets);
    const { alice } = f.wallets;
    const w = f.rejecting.address;
    await f.orderBook.write.placeOrder([sell(f, P(100), 10n)], { account: alice.account });
    const takerBuy = (timeInForce: number) =>
      f.rejecting.write.execute([f.orderBook.address, placeCall(f, buy(f, P(100), 10n, { timeInForce }))]);
    await f.rejecting.write.setMode([MODE.WrongAnswer]);
    for (const timeInForce of [IOC, TIME_IN_FORCE.GoodTillCancelled]) {
      await viem.assertions.revertWithCustomErrorWithArgs(takerBuy(timeInForce), f.energyAsset, "ERC1155InvalidReceiver", [
        getAddress(w),
      ]);
    }
    await f.rejecting.write.setMode([MODE.Revert]);
    for (const timeInForce of [IOC, TIME_IN_FORCE.GoodTillCancelled]) {
      await viem.assertions.revertWithCustomError(takerBuy(timeInForce), f.rejecting, "SharesRefused");
    }
    assert.equal((await f.orderBook.read.order([1n])).shares, 10n);
    assert.equal(await f.orderBook.read.orderCount(), 1n);
    assert.equal(await f.energyAsset.read.escrowedBalance([f.assetId, alice.account.address]), 10n);
    await assertEscrow(f);
    // Accepting, it buys.
    await f.rejecting.write.setMode([MODE.Accept]);
    await takerBuy(IOC);
    assert.equal(await sharesOf(f, w), 10n);
    await assertEscrow(f);
  });

  it("a resting buy of a contract that refuses the shares is cancelled (Unfillable) and refunded; the seller goes on", async () => {
    const f = await networkHelpers.loadFixture(contractWallets);
    const { bob, carol } = f.wallets;
    const w = f.rejecting.address;
    for (const mode of [MODE.WrongAnswer, MODE.Revert]) {
      await f.rejecting.write.setMode([MODE.Accept]);
      await f.rejecting.write.execute([f.orderBook.address, placeCall(f, buy(f, P(95), 10n))]);
      const makerId = await f.orderBook.read.orderCount();
      await f.orderBook.write.placeOrder([buy(f, P(94), 10n)], { account: bob.account });
      await f.rejecting.write.setMode([mode]);
      const balance = await f.stablecoin.read.balanceOf([w]);
      const events = await bookEvents(
        f,
        f.orderBook.write.placeOrder([sell(f, P(90), 10n, { timeInForce: IOC })], { account: carol.account }),
      );
      assert.deepEqual(
        events.map((e) => e.eventName),
        ["OrderPlaced", "OrderCancelled", "Trade"],
      );
      assert.deepEqual(events[1]!.args, {
        orderId: makerId,
        assetId: f.assetId,
        owner: getAddress(w),
        sharesLeft: 10n,
        reason: CANCEL_REASON.Unfillable,
      });
      assert.equal((events[2]!.args as { makerOrderId: bigint }).makerOrderId, makerId + 1n);
      assert.equal((await f.stablecoin.read.balanceOf([w])) - balance, P(950));
      await assertEscrow(f);
    }
    assert.equal(await sharesOf(f, w), 0n);
  });

  it("…also when the taker sells its whole balance", async () => {
    const f = await networkHelpers.loadFixture(contractWallets);
    const { bob, carol } = f.wallets;
    await f.rejecting.write.execute([f.orderBook.address, placeCall(f, buy(f, P(95), 10n))]);
    await f.orderBook.write.placeOrder([buy(f, P(94), 3_000n)], { account: bob.account });
    await f.rejecting.write.setMode([MODE.WrongAnswer]);
    const events = await bookEvents(f, f.orderBook.write.placeOrder([sell(f, P(90), 3_000n)], { account: carol.account }));
    assert.deepEqual(
      events.map((e) => e.eventName),
      ["OrderPlaced", "OrderCancelled", "Trade"],
    );
    assert.equal(await sharesOf(f, carol.account.address), 0n);
    assert.equal(await sharesOf(f, bob.account.address), 6_000n);
    assert.deepEqual(await assertEscrow(f), []);
  });
});
