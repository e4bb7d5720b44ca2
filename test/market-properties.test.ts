/**
 * Property tests (fast-check, model-based) for the markets: random sequences of order placements (buy
 * and sell, good-till-cancelled and immediate-or-cancel, on a small awkward price grid so that orders
 * cross often, sometimes with expiries or fill bounds), modifications (reduce, reprice, enlarge),
 * cancellations (by the owner, by the agent), expiries (time jumps + expireOrders), share transfers,
 * freezes, KYC revocations and renewals, fee changes, revenue deposits (awkward amounts), claims,
 * claimMany and reinvestment (in the open offering, in a buy order), run against a fresh chain and against
 * the reference model in helpers/market-model.ts. After every step the chain must match the model (state
 * and the events of the transaction, or the custom error it reverts with), and these invariants must hold
 * on the chain's own numbers:
 *  1. orderBook.escrowedFunds() == stablecoin.balanceOf(orderBook) == Σ price × shares over the open buy
 *     orders (read back through openOrdersOf and order);
 *  2. for every owner and asset, energyAsset.escrowedBalance == Σ shares of the owner's open sell orders,
 *     and ≤ balanceOf;
 *  3. no trade at a price worse than either side's limit: from the Trade events, a taker buy never pays
 *     above its limit, a taker sell never receives below its limit, a maker always trades at its own price;
 *  4. fees are exact: each Trade's fee == floor(price × shares × feeBps / 10,000) and the treasury's
 *     stablecoin grows by exactly the sum of the fees of the transaction's trades;
 *  5. conservation: Σ stablecoin over every account that can hold it (actors, order book, treasury,
 *     distributor, depositor, offering) is constant; per asset Σ balances == totalSupply;
 *  6. the book is never crossed (best bid < best ask when both exist); depth() lists strictly ordered
 *     levels whose shares and order counts add up to the open orders, and matches the model's levels;
 *  7. revenue: per asset and holder, accrued := claimed (what the chain paid it) + claimable satisfies
 *     ceil(E) − 1 ≤ accrued ≤ floor(E), E the exact pro-rata revenue (Σ over deposits of
 *     amount × balance at the deposit / supply at the deposit, escrowed shares counted for their owner,
 *     bigint fractions); Σ accrued ≤ totalDeposited and totalDeposited − Σ accrued ≤ H ≤ P, H the number of
 *     holders with E > 0, P the number of (holder, deposit) pairs with a balance (the bound is justified at
 *     checkRevenue); totalClaimed == Σ claimed (in the snapshot compared with the model);
 *     liabilities == Σ (deposited − totalClaimed) == the distributor's stablecoin;
 *  8. a reverted action changes nothing (every observed value is as before).
 * A third property checks that a claim costs the same gas (±1 %) after one deposit and after many.
 *
 * Replay a failure with the seed and path fast-check prints: FC_SEED=<seed> FC_PATH=<path> (a path
 * belongs to one property). FC_RUNS=<factor> scales the number of runs; FC_STATS=1 prints how often each
 * action succeeded or reverted (and why), what the order book did, and where the time goes; FC_LOG=1 prints
 * every run's steps; FC_NO_SHRINK=1 reports the first failure as found (shrinking replays long sequences).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import fc from "fast-check";
import { decodeErrorResult, parseEventLogs, zeroAddress, type Abi, type Address, type Hash } from "viem";
import { COUNTRY, ONE_YEAR, eur, openOffering, solarSpec, twoActiveAssetsFixture, verify } from "./helpers/fixture.ts";
import { batchReader } from "./helpers/batch-reader.ts";
import * as M from "./helpers/market-model.ts";
import {
  ACTORS,
  BOOK,
  BUY,
  DISTRIBUTOR,
  OFFERING,
  SELL,
  TREASURY,
  ZERO,
  type Model,
  type Reason,
} from "./helpers/market-model.ts";

const ACTOR_NAMES = ["alice", "bob", "carol", "dave", "eve", "frank"] as const;
const ACCOUNT_NAMES = [...ACTOR_NAMES, "book", "treasury", "distributor", "operator", "offering"] as const;
const MAX = 2n ** 256n - 1n;
const DAY = 86_400n;
const HOUR = 3_600n;
/** No transaction lands within ten minutes of a deadline (order expiry, KYC expiry, offering window). */
const DEADLINE_MARGIN = 600n;
/** The price grid: 10.000003 dEUR and eight awkward ticks of 0.250001 dEUR above it. */
const GRID = Array.from({ length: 9 }, (_, k) => 10_000_003n + BigInt(k) * 250_001n);
const CHEAP = 1_000_001n; // under the 10 dEUR minimum order value below 10 shares
const OFFERING_PRICE = 1_000_003n;
const FRANK_STABLE = eur(300); // frank cannot pay for much
const ASSET_IDS = [1n, 2n, 3n] as const; // solar and wind (Active), the third in its offering

const RUNS = Number(process.env.FC_RUNS ?? 1);
const fcParams = (numRuns: number) => ({
  numRuns: Math.max(1, Math.round(numRuns * RUNS)),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_SEED && process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  ...(process.env.FC_NO_SHRINK ? { endOnFailure: true } : {}),
});
const STATS = process.env.FC_STATS ? new Map<string, number>() : undefined;
const stat = (key: string, add = 1) => STATS?.set(key, (STATS.get(key) ?? 0) + add);

// ---------------------------------------------------------------------------------------------- fixture

/**
 * Two Active assets (solar: alice 4,000, bob 3,000, carol 3,000; wind: alice 1,000, dave 2,000) and a
 * third in an open offering at 1.000003 dEUR a share (at most 400 per investor, 2,000 in all). Actors:
 * alice, bob, carol, dave (KYC'd), eve (never KYC'd), frank (KYC'd, 300 dEUR); each has approved the order
 * book for its dEUR. The operator holds 1,000,000 dEUR more and has approved the RevenueDistributor.
 */
async function marketsFixture(connection: NetworkConnection) {
  const f = await twoActiveAssetsFixture(connection);
  const frank = (await f.viem.getWalletClients())[10]!;
  await verify(f, frank.account.address, COUNTRY.PT);
  await f.stablecoin.write.faucet([frank.account.address, FRANK_STABLE]);
  const { alice, bob, carol, dave, eve, operator } = f.wallets;
  const actors = [alice, bob, carol, dave, eve, frank];
  for (const wallet of actors) {
    await f.stablecoin.write.approve([f.orderBook.address, MAX], { account: wallet.account });
  }
  await f.stablecoin.write.faucet([operator.account.address, eur(1_000_000)]);
  await f.stablecoin.write.approve([f.revenueDistributor.address, MAX], { account: operator.account });
  const third = await openOffering(
    f,
    { pricePerShare: OFFERING_PRICE, softCapShares: 1n, hardCapShares: 2_000n, maxSharesPerInvestor: 400n },
    solarSpec({
      name: "Tejado Comunitario 500 kW",
      capacityW: 500_000n,
      expectedAnnualKWh: 800_000n,
      totalShares: 2_000n,
    })
  );
  assert.equal(third.assetId, ASSET_IDS[2]);
  return { ...f, actors, thirdOfferingId: third.offeringId };
}

type World = Awaited<ReturnType<typeof marketsFixture>>;
type Contract = { address: Address; abi: Abi };

// ---------------------------------------------------------------------------------------------- chain state

const range = (n: number) => Array.from({ length: n }, (_, i) => i);


interface OrderSnap {
  owner: number;
  side: number;
  assetId: bigint;
  price: bigint;
  shares: bigint;
  expiry: bigint;
  createdAt: bigint;
}

interface AssetSnap {
  supply: bigint;
  bal: bigint[];
  escrowed: bigint[];
  bids: M.LevelM[];
  asks: M.LevelM[];
  bestBid: { price: bigint; shares: bigint };
  bestAsk: { price: bigint; shares: bigint };
  deposited: bigint;
  totalClaimed: bigint;
  claimable: bigint[];
}

/** Everything the properties observe, read from the chain (or computed from the model). */
interface Snap {
  stable: bigint[]; // per account
  frozen: boolean[];
  verified: boolean[];
  assets: AssetSnap[];
  /** openOrdersOf, per actor */
  openIds: bigint[][];
  /** order(id) of every order the model holds open (null: the chain has no such open order) */
  orders: Record<string, OrderSnap | null>;
  escrowedFunds: bigint;
  orderCount: bigint;
  feeBps: bigint;
  minValue: bigint;
  liabilities: bigint;
  distributionCount: bigint;
  offering: {
    status: number;
    sold: bigint;
    raised: bigint;
    investorCount: number;
    escrow: bigint;
    receiptCount: bigint;
    shares: bigint[];
    paid: bigint[];
  };
}

function accountsOf(w: World): Address[] {
  return [
    ...w.actors.map((a) => a.account.address),
    w.orderBook.address,
    w.wallets.treasury.account.address,
    w.revenueDistributor.address,
    w.wallets.operator.account.address,
    w.offering.address,
  ];
}

function indexer(addr: Address[]) {
  const map = new Map(addr.map((a, i) => [a.toLowerCase(), i]));
  return (a: string) => (BigInt(a) === 0n ? ZERO : map.get(a.toLowerCase()) ?? -99);
}

async function readChain(w: World, addr: Address[], openIds: bigint[]): Promise<Snap> {
  const { energyAsset: token, orderBook: book, revenueDistributor: dist, offering, stablecoin, identityRegistry } = w;
  const index = indexer(addr);
  const actorAddr = addr.slice(0, ACTORS);
  const q = batchReader(w.publicClient);
  const get = <T>(getters: (() => T)[]) => getters.map((g) => g());
  const stable = addr.map((a) => q.read<bigint>(stablecoin, "balanceOf", [a]));
  const frozen = actorAddr.map((a) => q.read<boolean>(token, "isFrozen", [a]));
  const verified = actorAddr.map((a) => q.read<boolean>(identityRegistry, "isVerified", [a]));
  const owned = actorAddr.map((a) => q.read<readonly bigint[]>(book, "openOrdersOf", [a]));
  const assets = ASSET_IDS.map((id) => ({
    supply: q.read<bigint>(token, "totalSupply", [id]),
    bal: q.read<readonly bigint[]>(token, "balanceOfBatch", [actorAddr, actorAddr.map(() => id)]),
    escrowed: actorAddr.map((a) => q.read<bigint>(token, "escrowedBalance", [id, a])),
    bids: q.read<readonly M.LevelM[]>(book, "depth", [id, BUY, 100n]),
    asks: q.read<readonly M.LevelM[]>(book, "depth", [id, SELL, 100n]),
    bestBid: q.read<readonly [bigint, bigint]>(book, "bestBid", [id]),
    bestAsk: q.read<readonly [bigint, bigint]>(book, "bestAsk", [id]),
    deposited: q.read<bigint>(dist, "totalDeposited", [id]),
    totalClaimed: q.read<bigint>(dist, "totalClaimed", [id]),
    claimable: actorAddr.map((a) => q.read<bigint>(dist, "claimable", [id, a])),
  }));
  const orders = openIds.map((id) =>
    q.tryRead<{
      owner: Address;
      side: number;
      assetId: bigint;
      price: bigint;
      shares: bigint;
      expiry: bigint;
      createdAt: bigint;
    }>(book, "order", [id])
  );
  const escrowedFunds = q.read<bigint>(book, "escrowedFunds");
  const orderCount = q.read<bigint>(book, "orderCount");
  const feeBps = q.read<number>(book, "feeBps");
  const minValue = q.read<bigint>(book, "minimumOrderValue");
  const liabilities = q.read<bigint>(dist, "liabilities");
  const distributionCount = q.read<bigint>(dist, "distributionCount");
  const offeringState = q.read<{ status: number; sharesSold: bigint; raised: bigint; investorCount: number }>(
    offering,
    "state",
    [w.thirdOfferingId]
  );
  const escrow = q.read<bigint>(offering, "escrowBalance");
  const receiptCount = q.read<bigint>(offering, "receiptCount");
  const contributions = actorAddr.map((a) =>
    q.read<{ shares: bigint; paid: bigint }>(offering, "contribution", [w.thirdOfferingId, a])
  );
  await q.run();
  const level = (l: M.LevelM) => ({ price: l.price, shares: l.shares, orders: Number(l.orders) });
  const st = offeringState();
  return {
    stable: get(stable),
    frozen: get(frozen),
    verified: get(verified),
    assets: assets.map((a) => ({
      supply: a.supply(),
      bal: [...a.bal()],
      escrowed: get(a.escrowed),
      bids: a.bids().map(level),
      asks: a.asks().map(level),
      bestBid: { price: a.bestBid()[0], shares: a.bestBid()[1] },
      bestAsk: { price: a.bestAsk()[0], shares: a.bestAsk()[1] },
      deposited: a.deposited(),
      totalClaimed: a.totalClaimed(),
      claimable: get(a.claimable),
    })),
    openIds: get(owned).map((ids) => [...ids]),
    orders: Object.fromEntries(
      openIds.map((id, k) => {
        const o = orders[k]!();
        return [
          `${id}`,
          o && {
            owner: index(o.owner),
            side: o.side,
            assetId: o.assetId,
            price: o.price,
            shares: o.shares,
            expiry: o.expiry,
            createdAt: o.createdAt,
          },
        ];
      })
    ),
    escrowedFunds: escrowedFunds(),
    orderCount: orderCount(),
    feeBps: BigInt(feeBps()),
    minValue: minValue(),
    liabilities: liabilities(),
    distributionCount: distributionCount(),
    offering: {
      status: st.status,
      sold: st.sharesSold,
      raised: st.raised,
      investorCount: st.investorCount,
      escrow: escrow(),
      receiptCount: receiptCount(),
      shares: contributions.map((c) => c().shares),
      paid: contributions.map((c) => c().paid),
    },
  };
}

const OFFERING_OPEN = 1;

/** The snapshot the model expects the chain to show. Claimable amounts are checked against bounds instead. */
function expected(m: Model, chain: Snap): Snap {
  const best = (l: M.LevelM[]) => ({ price: l[0]?.price ?? 0n, shares: l[0]?.shares ?? 0n });
  return {
    stable: [...m.stable],
    frozen: [...m.frozen],
    verified: range(ACTORS).map((i) => M.verified(m, i)),
    assets: m.assets.map((a, k) => {
      const bids = M.levels(m, k, BUY);
      const asks = M.levels(m, k, SELL);
      return {
        supply: a.supply,
        bal: [...a.bal],
        escrowed: [...a.escrowed],
        bids,
        asks,
        bestBid: best(bids),
        bestAsk: best(asks),
        deposited: a.rev.deposited,
        totalClaimed: a.rev.claimed.reduce((x, y) => x + y, 0n),
        claimable: chain.assets[k]!.claimable,
      };
    }),
    openIds: range(ACTORS).map((i) => m.orders.filter((o) => o.owner === i).map((o) => o.id)),
    orders: Object.fromEntries(
      m.orders.map((o) => [
        `${o.id}`,
        {
          owner: o.owner,
          side: o.side,
          assetId: m.assets[o.asset]!.id,
          price: o.price,
          shares: o.shares,
          expiry: o.expiry,
          createdAt: o.createdAt,
        },
      ])
    ),
    escrowedFunds: m.escrowedFunds,
    orderCount: m.orderCount,
    feeBps: m.feeBps,
    minValue: m.minValue,
    liabilities: m.assets.reduce((sum, a) => sum + a.rev.deposited - a.rev.claimed.reduce((x, y) => x + y, 0n), 0n),
    distributionCount: m.distributionCount,
    offering: {
      status: m.offering.open ? OFFERING_OPEN : -1,
      sold: m.offering.sold,
      raised: m.offering.raised,
      investorCount: m.offering.investorCount,
      escrow: m.offering.escrow,
      receiptCount: m.offering.receiptCount,
      shares: [...m.offering.shares],
      paid: [...m.offering.paid],
    },
  };
}

/** Builds the model from the chain at the start of a run (the fixture's state is taken as given). */
async function modelFromChain(w: World, addr: Address[], s: Snap): Promise<Model> {
  const { identityRegistry: registry } = w;
  const kyc = await Promise.all(
    addr.slice(0, ACTORS).map(async (a) => {
      const identity = await registry.read.identityOf([a]);
      if (identity === 0n) return null;
      const r = await registry.read.identity([identity]);
      return { identity, country: r.country, cls: r.investorClass, expiresAt: r.expiresAt, revoked: r.revoked };
    })
  );
  const statuses = await Promise.all(ASSET_IDS.map((id) => w.energyAsset.read.asset([id])));
  const terms = await w.offering.read.terms([w.thirdOfferingId]);
  assert.ok(
    s.openIds.every((ids) => ids.length === 0),
    "the fixture has no open orders"
  );
  assert.ok(
    s.assets.every((a) => a.deposited === 0n),
    "the fixture has no revenue yet"
  );
  assert.equal(s.offering.status, OFFERING_OPEN);
  const ACTIVE = 6;
  return {
    now: BigInt(await w.networkHelpers.time.latest()),
    frozen: [...s.frozen],
    kyc,
    assets: s.assets.map((a, k) => ({
      id: ASSET_IDS[k]!,
      active: statuses[k]!.status === ACTIVE,
      supply: a.supply,
      bal: [...a.bal],
      escrowed: [...a.escrowed],
      rev: {
        deposited: 0n,
        claimed: range(ACTORS).map(() => 0n),
        accrued: range(ACTORS).map(() => ({ n: 0n, d: 1n })),
        pairs: 0,
      },
    })),
    stable: [...s.stable],
    feeBps: s.feeBps,
    minValue: s.minValue,
    orderCount: s.orderCount,
    orders: [],
    escrowedFunds: s.escrowedFunds,
    distributionCount: s.distributionCount,
    offering: {
      id: w.thirdOfferingId,
      asset: terms.assetId,
      price: terms.pricePerShare,
      min: terms.minPurchaseShares,
      hard: terms.hardCapShares,
      maxPer: terms.maxSharesPerInvestor,
      start: terms.startTime,
      end: terms.endTime,
      open: true,
      sold: s.offering.sold,
      raised: s.offering.raised,
      investorCount: s.offering.investorCount,
      shares: [...s.offering.shares],
      paid: [...s.offering.paid],
      receiptCount: s.offering.receiptCount,
      escrow: s.offering.escrow,
    },
  };
}

// ---------------------------------------------------------------------------------------------- invariants

/** Invariants 1, 2, 5, 6 and 7 on the chain's own numbers (7 against the model's exact accrual). */
function checkChainInvariants(s: Snap, r: Run, where: string) {
  // The open orders, read back from the chain: openOrdersOf of every actor, then order(id).
  const open: OrderSnap[] = [];
  s.openIds.forEach((ids, i) =>
    ids.forEach((id) => {
      const o = s.orders[`${id}`];
      assert.ok(o, `${where}: open order ${id} of ${ACCOUNT_NAMES[i]} is unknown to the model`);
      assert.equal(o.owner, i, `${where}: openOrdersOf(${ACCOUNT_NAMES[i]}) lists order ${id} of someone else`);
      open.push(o);
    })
  );
  // 1. Buy escrow.
  const buyEscrow = open.filter((o) => o.side === BUY).reduce((sum, o) => sum + o.price * o.shares, 0n);
  assert.equal(s.escrowedFunds, s.stable[BOOK], `${where}: escrowedFunds != stablecoin held by the order book`);
  assert.equal(s.escrowedFunds, buyEscrow, `${where}: escrowedFunds != Σ price × shares of open buy orders`);
  // 5. Conservation.
  const total = s.stable.reduce((x, y) => x + y, 0n);
  assert.equal(total, r.stableTotal, `${where}: stablecoin not conserved`);
  s.assets.forEach((a, k) => {
    const assetId = ASSET_IDS[k]!;
    const here = open.filter((o) => o.assetId === assetId);
    // 2. Share escrow.
    range(ACTORS).forEach((i) => {
      const selling = here.filter((o) => o.side === SELL && o.owner === i).reduce((sum, o) => sum + o.shares, 0n);
      assert.equal(
        a.escrowed[i],
        selling,
        `${where}: asset ${assetId} escrow of ${ACCOUNT_NAMES[i]} != its open sell orders`
      );
      assert.ok(
        a.escrowed[i]! <= a.bal[i]!,
        `${where}: asset ${assetId} escrow of ${ACCOUNT_NAMES[i]} above its balance`
      );
    });
    assert.equal(
      a.bal.reduce((x, y) => x + y, 0n),
      a.supply,
      `${where}: asset ${assetId} Σ balances != totalSupply`
    );
    // 6. Levels and an uncrossed book.
    for (const [side, list, best] of [
      [BUY, a.bids, a.bestBid],
      [SELL, a.asks, a.bestAsk],
    ] as const) {
      const orders = here.filter((o) => o.side === side);
      const name = `${where}: asset ${assetId} ${side === BUY ? "bids" : "asks"}`;
      assert.equal(
        list.reduce((x, l) => x + l.shares, 0n),
        orders.reduce((x, o) => x + o.shares, 0n),
        `${name}: depth shares`
      );
      assert.equal(
        list.reduce((x, l) => x + l.orders, 0),
        orders.length,
        `${name}: depth order counts`
      );
      list.forEach((l, j) => {
        const atLevel = orders.filter((o) => o.price === l.price);
        assert.equal(
          l.shares,
          atLevel.reduce((x, o) => x + o.shares, 0n),
          `${name}: level ${l.price} shares`
        );
        assert.equal(l.orders, atLevel.length, `${name}: level ${l.price} order count`);
        if (j > 0)
          assert.ok(
            side === BUY ? l.price < list[j - 1]!.price : l.price > list[j - 1]!.price,
            `${name}: levels out of order`
          );
      });
      assert.deepEqual(
        best,
        { price: list[0]?.price ?? 0n, shares: list[0]?.shares ?? 0n },
        `${name}: best != first level`
      );
    }
    if (a.bestBid.price !== 0n && a.bestAsk.price !== 0n) {
      assert.ok(
        a.bestBid.price < a.bestAsk.price,
        `${where}: asset ${assetId} crossed: bid ${a.bestBid.price} ≥ ask ${a.bestAsk.price}`
      );
    }
  });
  // Primary escrow.
  assert.equal(s.offering.escrow, s.stable[OFFERING], `${where}: offering escrowBalance != its stablecoin`);
  checkRevenue(s, r.model, where);
}

/**
 * Invariant 7. The distributor keeps, per asset, magnifiedPerShare (revenue per share × 2^k, k = 64 now;
 * each deposit adds floor((amount × 2^k + carry) / supply) and carries the remainder, below the supply) and
 * per holder a correction that share movements adjust and claims lower by amount × 2^k, so that
 * claimable_h = floor(X_h / 2^k) − claimed_h with X_h = Σ over deposits of (that deposit's per-share
 * increment) × (the holder's balance at that deposit). Each increment is within max(1, carry/supply) < 2
 * magnified units of the exact amount × 2^k / supply (the supply is constant here), so
 * |X_h / 2^k − E_h| < 2 × Σ_deposits balance / 2^k < 10^-12 with ≤ 10^2 deposits of ≤ 10^4 shares. E_h is a
 * multiple of 1/supply (≥ 10^-4 from the next integer unless it is one), so floor(X_h / 2^k) is floor(E_h),
 * except when E_h is an integer and X_h falls just below it: then E_h − 1. Hence per holder, with
 * accrued_h := claimed_h + claimable_h (claimed_h: what the chain paid it, from the model's history):
 *   ceil(E_h) − 1 ≤ accrued_h ≤ floor(E_h).
 * Summing: Σ_h X_h = Σ_deposits increment × supply ≤ deposited × 2^k, so Σ accrued ≤ deposited (claims
 * can never exceed deposits); and deposited − Σ accrued = Σ_h frac(X_h / 2^k) + carry / 2^k < H + 1, i.e.
 * ≤ H, the number of holders with revenue: one floor per holder, not per claim (claims remove whole units
 * from the correction). H ≤ P, the number of (holder, deposit) pairs with a balance, asserted last.
 * The shortfall can reach H exactly (one deposit of 10 units over 4,000/3,000/3,000 shares accrues 3, 2
 * and 2 where E = 4, 3, 3), so "strictly below P" fails with one deposit, and issue 3's "below one unit
 * per deposit" does not hold in general (1 unit over 3 holders already loses 1); the shortfall is carried
 * into later deposits, not lost.
 */
function checkRevenue(s: Snap, m: Model, where: string) {
  let liabilities = 0n;
  s.assets.forEach((a, k) => {
    const rev = m.assets[k]!.rev;
    const assetId = ASSET_IDS[k]!;
    let accruedSum = 0n;
    let holders = 0;
    range(ACTORS).forEach((h) => {
      const accrued = rev.claimed[h]! + a.claimable[h]!;
      const exact = rev.accrued[h]!;
      const floor = M.floorOf(exact);
      const low = M.isInteger(exact) && floor > 0n ? floor - 1n : floor;
      assert.ok(
        accrued >= low && accrued <= floor,
        `${where}: asset ${assetId} ${ACTOR_NAMES[h]} accrued ${accrued} (claimed ${rev.claimed[h]} + claimable ${a.claimable[h]}), exact ${exact.n}/${exact.d}`
      );
      accruedSum += accrued;
      if (exact.n !== 0n) holders += 1;
    });
    assert.ok(
      accruedSum <= a.deposited,
      `${where}: asset ${assetId} claimed + claimable ${accruedSum} > deposited ${a.deposited}`
    );
    const shortfall = a.deposited - accruedSum;
    assert.ok(
      shortfall <= BigInt(holders),
      `${where}: asset ${assetId} deposited − accrued = ${shortfall} > ${holders} holders`
    );
    assert.ok(
      shortfall <= BigInt(rev.pairs),
      `${where}: asset ${assetId} deposited − accrued = ${shortfall} > ${rev.pairs} pairs`
    );
    liabilities += a.deposited - a.totalClaimed;
  });
  assert.equal(s.liabilities, liabilities, `${where}: liabilities != Σ (deposited − claimed)`);
  assert.equal(s.stable[DISTRIBUTOR], s.liabilities, `${where}: the distributor's stablecoin != its liabilities`);
}

/** Invariants 3 and 4 over one transaction's Trade events. */
function checkTrades(r: Run, events: M.BookEvent[], feeBps: bigint, treasuryDelta: bigint, where: string) {
  let fees = 0n;
  for (const e of events) {
    if (e.name === "OrderPlaced") r.placed.set(e.orderId, { side: e.side, price: e.price, owner: e.owner });
    if (e.name !== "Trade") continue;
    const maker = r.placed.get(e.makerOrderId);
    const taker = r.placed.get(e.takerOrderId);
    assert.ok(maker && taker, `${where}: trade between unknown orders ${e.makerOrderId} / ${e.takerOrderId}`);
    assert.equal(e.price, maker.price, `${where}: maker order ${e.makerOrderId} traded away from its price`);
    assert.equal(taker.side, e.takerSide, `${where}: taker side`);
    assert.notEqual(maker.side, taker.side, `${where}: a trade between two orders of one side`);
    assert.notEqual(maker.owner, taker.owner, `${where}: a self-trade`);
    if (e.takerSide === BUY)
      assert.ok(
        e.price <= taker.price,
        `${where}: taker buy ${e.takerOrderId} paid ${e.price} above its limit ${taker.price}`
      );
    else
      assert.ok(
        e.price >= taker.price,
        `${where}: taker sell ${e.takerOrderId} got ${e.price} below its limit ${taker.price}`
      );
    assert.equal(e.fee, (e.price * e.shares * feeBps) / 10_000n, `${where}: trade fee`);
    fees += e.fee;
  }
  assert.equal(treasuryDelta, fees, `${where}: treasury received ${treasuryDelta}, trades' fees ${fees}`);
}

// ---------------------------------------------------------------------------------------------- actions

/** [fit, i]: with fit, the i-th (cyclically) of the candidates that make sense now; else the i-th of all. */
type Pick = [fit: boolean, i: number];
type Amount = { kind: "small" | "big" | "all" | "over" | "zero"; n: number };
/** a grid index 0..8, or CHEAP_PRICE, or ZERO_PRICE */
type PriceChoice = number;
const CHEAP_PRICE = -1;
const ZERO_PRICE = -2;
/** 0 none, 1: +1 h, 2: +6 h, 3: +2 days, 4: an hour ago, 5: the last block's time */
type ExpiryChoice = number;
type To = { kind: "self" | "other" | "zero"; i: number };
type OrderPick = { fit: boolean; i: number; byOwner: boolean; caller: number };

type Action =
  | {
      t: "place";
      who: Pick;
      asset: number;
      side: M.Side;
      price: PriceChoice;
      shares: Amount;
      expiry: ExpiryChoice;
      ioc: boolean;
      maxFills: number;
    }
  | {
      t: "modify";
      order: OrderPick;
      kind: "reduce" | "reprice" | "enlarge" | "both" | "same" | "zero";
      price: PriceChoice;
      n: number;
    }
  | { t: "cancel"; order: OrderPick }
  | { t: "agentCancel"; order: OrderPick; asAgent: boolean }
  | { t: "expire"; orders: Pick[] }
  | { t: "time"; seconds: bigint }
  | { t: "transfer"; from: Pick; to: Pick; asset: number; amount: Amount }
  | { t: "freeze"; wallet: Pick; frozen: boolean }
  | { t: "kyc"; wallet: Pick; revoke: boolean }
  | { t: "setFee"; bps: number }
  | { t: "deposit"; asset: number; amount: bigint }
  | { t: "claim"; holder: Pick; asset: number; to: To }
  | { t: "claimMany"; holder: Pick; assets: number[]; to: To }
  | {
      t: "reinvestBook";
      holder: Pick;
      source: number;
      target: number;
      price: PriceChoice;
      shares: Amount;
      expiry: ExpiryChoice;
    }
  | { t: "reinvestOffering"; holder: Pick; source: number; shares: Amount };

const actor = fc.nat({ max: ACTORS - 1 });
const mostly = fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 });
const pick: fc.Arbitrary<Pick> = fc.tuple(mostly, fc.nat({ max: 11 }));
const amount: fc.Arbitrary<Amount> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant("small" as const), weight: 12 },
    { arbitrary: fc.constant("big" as const), weight: 2 },
    { arbitrary: fc.constantFrom("all" as const, "over" as const, "zero" as const), weight: 1 }
  ),
  n: fc.nat({ max: 1_000 }),
});
const price: fc.Arbitrary<PriceChoice> = fc.oneof(
  { arbitrary: fc.nat({ max: GRID.length - 1 }), weight: 20 },
  { arbitrary: fc.constant(CHEAP_PRICE), weight: 1 },
  { arbitrary: fc.constant(ZERO_PRICE), weight: 1 }
);
const expiry: fc.Arbitrary<ExpiryChoice> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 12 },
  { arbitrary: fc.constantFrom(1, 2, 3), weight: 5 },
  { arbitrary: fc.constantFrom(4, 5), weight: 1 }
);
/** asset slot: solar mostly, wind often, the third (in its offering: not tradable) rarely */
const tradedAsset = fc.oneof(
  { arbitrary: fc.constant(0), weight: 12 },
  { arbitrary: fc.constant(1), weight: 5 },
  { arbitrary: fc.constant(2), weight: 1 }
);
const orderPick: fc.Arbitrary<OrderPick> = fc.record({
  fit: mostly,
  i: fc.nat({ max: 40 }),
  byOwner: mostly,
  caller: actor,
});
const to: fc.Arbitrary<To> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant("self" as const), weight: 8 },
    { arbitrary: fc.constant("other" as const), weight: 2 },
    { arbitrary: fc.constant("zero" as const), weight: 1 }
  ),
  i: actor,
});
/** revenue source asset id: solar or wind, rarely the third (no revenue) or an unknown one */
const revenueAsset = fc.oneof(
  { arbitrary: fc.constant(1), weight: 8 },
  { arbitrary: fc.constant(2), weight: 6 },
  { arbitrary: fc.constantFrom(3, 99), weight: 1 }
);

const arbs = {
  place: fc.record({
    t: fc.constant("place" as const),
    who: pick,
    asset: tradedAsset,
    side: fc.constantFrom(BUY, SELL) as fc.Arbitrary<M.Side>,
    price,
    shares: amount,
    expiry,
    ioc: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
    maxFills: fc.oneof(
      { arbitrary: fc.constant(0), weight: 6 },
      { arbitrary: fc.constantFrom(1, 2, 3, 25), weight: 1 }
    ),
  }),
  modify: fc.record({
    t: fc.constant("modify" as const),
    order: orderPick,
    kind: fc.constantFrom("reduce", "reduce", "reprice", "reprice", "enlarge", "both", "same", "zero"),
    price,
    n: fc.nat({ max: 1_000 }),
  }),
  cancel: fc.record({ t: fc.constant("cancel" as const), order: orderPick }),
  agentCancel: fc.record({ t: fc.constant("agentCancel" as const), order: orderPick, asAgent: mostly }),
  expire: fc.record({
    t: fc.constant("expire" as const),
    orders: fc.array(fc.tuple(mostly, fc.nat({ max: 40 })), { minLength: 1, maxLength: 4 }),
  }),
  time: fc.record({
    t: fc.constant("time" as const),
    seconds: fc.constantFrom(HOUR / 2n, HOUR, 4n * HOUR, DAY, 3n * DAY),
  }),
  transfer: fc.record({
    t: fc.constant("transfer" as const),
    from: pick,
    to: pick,
    asset: fc.constantFrom(0, 0, 1),
    amount,
  }),
  freeze: fc.record({
    t: fc.constant("freeze" as const),
    wallet: pick,
    frozen: fc.oneof({ arbitrary: fc.constant(true), weight: 1 }, { arbitrary: fc.constant(false), weight: 2 }),
  }),
  kyc: fc.record({
    t: fc.constant("kyc" as const),
    wallet: pick,
    revoke: fc.oneof({ arbitrary: fc.constant(true), weight: 1 }, { arbitrary: fc.constant(false), weight: 2 }),
  }),
  setFee: fc.record({ t: fc.constant("setFee" as const), bps: fc.constantFrom(0, 1, 7, 50, 50, 333, 500, 501) }),
  deposit: fc.record({
    t: fc.constant("deposit" as const),
    asset: fc.oneof({ arbitrary: fc.constantFrom(1, 2), weight: 12 }, { arbitrary: fc.constantFrom(3, 99), weight: 1 }),
    amount: fc.oneof(
      { arbitrary: fc.constantFrom(1n, 7n, 10n, 999_999n, 1_000_003n), weight: 4 },
      { arbitrary: fc.bigInt({ min: eur(1), max: eur(3_000) }), weight: 6 },
      { arbitrary: fc.constant(0n), weight: 1 }
    ),
  }),
  claim: fc.record({ t: fc.constant("claim" as const), holder: pick, asset: revenueAsset, to }),
  claimMany: fc.record({
    t: fc.constant("claimMany" as const),
    holder: pick,
    assets: fc.array(fc.constantFrom(1, 2, 1, 2, 3, 99), { minLength: 1, maxLength: 3 }),
    to,
  }),
  reinvestBook: fc.record({
    t: fc.constant("reinvestBook" as const),
    holder: pick,
    source: revenueAsset,
    target: tradedAsset,
    price,
    shares: amount,
    expiry,
  }),
  reinvestOffering: fc.record({
    t: fc.constant("reinvestOffering" as const),
    holder: pick,
    source: revenueAsset,
    shares: amount,
  }),
} satisfies { [K in Action["t"]]: fc.Arbitrary<Extract<Action, { t: K }>> };

/** Actions drawn with these weights; without fast-check's small-value bias, so picks spread evenly. */
function weighted(weights: Partial<Record<Action["t"], number>>): fc.Arbitrary<Action> {
  return fc.noBias(
    fc.oneof(
      ...Object.entries(weights).map(([t, weight]) => ({
        arbitrary: arbs[t as Action["t"]] as fc.Arbitrary<Action>,
        weight,
      }))
    )
  );
}

/** A few resting orders to start from: valid good-till-cancelled orders from fit actors on the grid. */
const opening = fc.noBias(
  fc.array(
    fc.record({
      t: fc.constant("place" as const),
      who: fc.tuple(fc.constant(true), fc.nat({ max: 11 })),
      asset: fc.constantFrom(0, 0, 1),
      side: fc.constantFrom(BUY, SELL) as fc.Arbitrary<M.Side>,
      price: fc.nat({ max: GRID.length - 1 }),
      shares: fc.record({ kind: fc.constant("small" as const), n: fc.nat({ max: 1_000 }) }),
      expiry: fc.constantFrom(0, 0, 0, 1, 3),
      ioc: fc.constant(false),
      maxFills: fc.constant(0),
    }),
    { minLength: 3, maxLength: 10 }
  )
);

/** Long sequences: a length drawn evenly between the bounds (shrinking still shortens them). */
const sequence = (action: fc.Arbitrary<Action>, minLength: number, maxLength: number) =>
  fc.noBias(fc.array(action, { minLength, maxLength, size: "max" }));

/** Resolves a pick among `candidates`, or among 0..total-1. */
function choose([fit, i]: Pick, candidates: number[], total: number): number {
  if (fit && candidates.length > 0) return candidates[i % candidates.length]!;
  return i % total;
}

/** Buys lean two ticks up and sells two ticks down the grid, so that orders cross often. */
const priceOf = (p: PriceChoice, side: M.Side) =>
  p === CHEAP_PRICE
    ? CHEAP
    : p === ZERO_PRICE
    ? 0n
    : GRID[side === BUY ? Math.min(GRID.length - 1, p + 2) : Math.max(0, p - 2)]!;

function expiryOf(e: ExpiryChoice, now: bigint): bigint {
  return [0n, now + HOUR, now + 6n * HOUR, now + 2n * DAY, now - HOUR, now][e]!;
}

/** Shares for an order or a purchase; `most` is what the actor can sell / afford (or 40 for buys). */
function sharesOf(a: Amount, most: bigint): bigint {
  switch (a.kind) {
    case "small":
      return 1n + (BigInt(a.n) % 40n);
    case "big":
      return 41n + (BigInt(a.n) % 400n);
    case "all":
      return most;
    case "over":
      return most + 1n;
    case "zero":
      return 0n;
  }
}

function partOf(a: Amount, most: bigint): bigint {
  if (a.kind === "all" || a.kind === "over" || a.kind === "zero") return sharesOf(a, most);
  return most === 0n ? BigInt(a.n) : 1n + (BigInt(a.n) % most);
}

// ---------------------------------------------------------------------------------------------- interpreter

interface Run {
  w: World;
  addr: Address[];
  model: Model;
  snap: Snap;
  log: string[];
  /** every order ever placed (from OrderPlaced events): side, limit price, owner */
  placed: Map<bigint, { side: number; price: bigint; owner: number }>;
  stableTotal: bigint;
  errorAbi: Abi;
}

const name = (i: number) => (i === ZERO ? "0x0" : ACCOUNT_NAMES[i] ?? `#${i}`);
const show = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === "bigint" ? `${v}` : v));

type Outcome = { ok: true; hash?: Hash } | { ok: false; error: string; text: string };

async function succeeds(r: Run, send: () => Promise<Hash | void>): Promise<Outcome> {
  try {
    const hash = await send();
    return { ok: true, ...(hash ? { hash } : {}) };
  } catch (error) {
    const e = error as {
      name?: string;
      shortMessage?: string;
      message?: string;
      walk?: (fn: (x: unknown) => boolean) => unknown;
    };
    const text = e.shortMessage ?? e.message ?? String(error);
    // Only contract reverts are expected failures; anything else is a broken test.
    if (!/revert|ContractFunctionExecutionError/i.test(`${e.name} ${text}`)) throw error;
    let raw: `0x${string}` | undefined;
    e.walk?.((x) => {
      const data = (x as { raw?: unknown }).raw;
      if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) raw = data as `0x${string}`;
      return false;
    });
    let errorName = "?";
    if (raw) {
      try {
        errorName = decodeErrorResult({ abi: r.errorAbi, data: raw }).errorName;
      } catch {
        errorName = raw.slice(0, 10);
      }
    }
    return { ok: false, error: errorName, text: text.split("\n")[0]! };
  }
}

/** The order book's and the distributor's events in a transaction, with accounts as model indices. */
async function chainEvents(r: Run, hash: Hash): Promise<M.Events> {
  const { w } = r;
  const receipt = await w.publicClient.getTransactionReceipt({ hash });
  assert.equal(receipt.status, "success");
  const index = indexer(r.addr);
  const from = (address: Address) => receipt.logs.filter((l) => l.address.toLowerCase() === address.toLowerCase());
  const book = parseEventLogs({ abi: w.orderBook.abi, logs: from(w.orderBook.address) }).flatMap((e): M.BookEvent[] => {
    const a = e.args as Record<string, unknown>;
    switch (e.eventName) {
      case "OrderPlaced":
        return [
          {
            name: e.eventName,
            orderId: a.orderId as bigint,
            assetId: a.assetId as bigint,
            owner: index(a.owner as string),
            side: a.side as number,
            price: a.price as bigint,
            shares: a.shares as bigint,
            expiry: a.expiry as bigint,
          },
        ];
      case "Trade":
        return [
          {
            name: e.eventName,
            assetId: a.assetId as bigint,
            makerOrderId: a.makerOrderId as bigint,
            takerOrderId: a.takerOrderId as bigint,
            maker: index(a.maker as string),
            taker: index(a.taker as string),
            takerSide: a.takerSide as number,
            price: a.price as bigint,
            shares: a.shares as bigint,
            fee: a.fee as bigint,
          },
        ];
      case "OrderCancelled":
        return [
          {
            name: e.eventName,
            orderId: a.orderId as bigint,
            assetId: a.assetId as bigint,
            owner: index(a.owner as string),
            sharesLeft: a.sharesLeft as bigint,
            reason: a.reason as number,
          },
        ];
      case "OrderReduced":
        return [{ name: e.eventName, orderId: a.orderId as bigint, newShares: a.newShares as bigint }];
      default:
        return [];
    }
  });
  const revenue = parseEventLogs({ abi: w.revenueDistributor.abi, logs: from(w.revenueDistributor.address) }).flatMap(
    (e): M.RevenueEvent[] => {
      const a = e.args as Record<string, unknown>;
      switch (e.eventName) {
        case "RevenueDeposited":
          return [
            {
              name: e.eventName,
              assetId: a.assetId as bigint,
              distributionId: a.distributionId as bigint,
              depositor: index(a.depositor as string),
              amount: a.amount as bigint,
              sharesOutstanding: a.sharesOutstanding as bigint,
            },
          ];
        case "RevenueClaimed":
          return [
            {
              name: e.eventName,
              assetId: a.assetId as bigint,
              holder: index(a.holder as string),
              to: index(a.to as string),
              amount: a.amount as bigint,
            },
          ];
        case "RevenueReinvested":
          return [
            {
              name: e.eventName,
              assetId: a.assetId as bigint,
              holder: index(a.holder as string),
              amount: a.amount as bigint,
              venue: index(a.venue as string),
              venueId: a.venueId as bigint,
            },
          ];
        default:
          return [];
      }
    }
  );
  return { book, revenue };
}

async function step(r: Run, action: Action): Promise<void> {
  const { w, addr } = r;
  const m = r.model;
  const next = structuredClone(m);
  const out = M.noEvents();
  const as = (i: number) => ({ account: w.actors[i]!.account });
  const ops = { account: w.wallets.ops.account };
  const all = range(ACTORS);
  const where = `step ${r.log.length} ${show(action)}`;
  // Claimable amounts as the chain reported them before this step (checked against the exact model).
  const claimable: M.Claimable = (assetId, holder) => r.snap.assets[Number(assetId) - 1]?.claimable[holder] ?? 0n;
  const withRevenue = (assetId: bigint) => all.filter((h) => claimable(assetId, h) > 0n);
  const toOf = (t: To, holder: number) => (t.kind === "self" ? holder : t.kind === "other" ? t.i : ZERO);
  const toAddress = (i: number) => (i === ZERO ? zeroAddress : addr[i]!);
  const resolveOrder = (p: OrderPick) => {
    const o = p.fit && m.orders.length > 0 ? m.orders[p.i % m.orders.length]! : undefined;
    const id = o ? o.id : 1n + (BigInt(p.i) % (m.orderCount + 2n));
    const owner = (o ?? M.findOrder(m, id))?.owner;
    const caller = p.byOwner && owner !== undefined ? owner : p.caller;
    return { id, order: M.findOrder(m, id), caller };
  };

  let reason: Reason;
  let send: () => Promise<Hash | void>;
  let resolved: unknown = undefined; // what the picks resolved to, for the log

  switch (action.t) {
    case "place": {
      const k = action.asset;
      const a = m.assets[k]!;
      // Fit: a seller with shares to sell, a buyer who may receive them (unfit picks exercise the refusals).
      const able = all.filter(
        (i) => !m.frozen[i] && (action.side === SELL ? M.available(a, i) > 0n : M.verified(m, i))
      );
      const who = choose(action.who, able, ACTORS);
      const shares = sharesOf(action.shares, action.side === SELL ? M.available(a, who) : 40n);
      const params = {
        assetId: a.id,
        side: action.side,
        price: priceOf(action.price, action.side),
        shares,
        expiry: expiryOf(action.expiry, m.now),
        timeInForce: action.ioc ? M.IOC : M.GTC,
        maxFills: action.maxFills,
      };
      resolved = { who: name(who), ...params };
      reason = M.place(
        next,
        who,
        who,
        {
          asset: k,
          side: action.side,
          price: params.price,
          shares,
          expiry: params.expiry,
          tif: params.timeInForce,
          maxFills: action.maxFills,
        },
        out
      );
      send = () => w.orderBook.write.placeOrder([params], as(who));
      break;
    }
    case "modify": {
      const { id, order, caller } = resolveOrder(action.order);
      const side = order?.side ?? BUY;
      const current = order ?? { price: priceOf(action.price, side), shares: 1n + BigInt(action.n % 40) };
      const n = BigInt(action.n);
      const [newPrice, newShares] = {
        reduce: [current.price, current.shares > 1n ? 1n + (n % (current.shares - 1n)) : current.shares],
        reprice: [priceOf(action.price, side), current.shares],
        enlarge: [current.price, current.shares + 1n + (n % 30n)],
        both: [priceOf(action.price, side), 1n + (n % 40n)],
        same: [current.price, current.shares],
        zero: [current.price, 0n],
      }[action.kind] as [bigint, bigint];
      resolved = { id, caller: name(caller), newPrice, newShares };
      reason = M.modify(next, caller, id, newPrice, newShares, out);
      send = () => w.orderBook.write.modifyOrder([id, newPrice, newShares], as(caller));
      break;
    }
    case "cancel": {
      const { id, caller } = resolveOrder(action.order);
      resolved = { id, caller: name(caller) };
      reason = M.cancel(next, caller, id, out);
      send = () => w.orderBook.write.cancelOrder([id], as(caller));
      break;
    }
    case "agentCancel": {
      const { id, caller } = resolveOrder(action.order);
      resolved = { id, agent: action.asAgent ? "ops" : name(caller) };
      reason = action.asAgent ? M.cancelAsAgent(next, id, out) : "AccessControlUnauthorizedAccount";
      send = () => w.orderBook.write.cancelOrderAsAgent([id], action.asAgent ? ops : as(caller));
      break;
    }
    case "expire": {
      const expired = m.orders.filter((o) => o.expiry !== 0n && o.expiry < M.txTime(m));
      const ids = action.orders.map(([fit, i]) =>
        fit && expired.length > 0 ? expired[i % expired.length]!.id : 1n + (BigInt(i) % (m.orderCount + 2n))
      );
      resolved = { ids };
      reason = M.expire(next, ids, out);
      send = () => w.orderBook.write.expireOrders([ids], as(action.orders[0]![1] % ACTORS));
      break;
    }
    case "time": {
      // Land well away from every deadline, so the model knows each outcome for sure.
      let target = m.now + action.seconds;
      const near = (t: bigint) => M.deadlines(m).some((d) => (d > t ? d - t : t - d) < DEADLINE_MARGIN);
      while (near(target)) target += DEADLINE_MARGIN;
      resolved = { to: target };
      reason = null;
      send = async () => {
        await w.networkHelpers.time.increaseTo(target);
      };
      break;
    }
    case "transfer": {
      const k = action.asset;
      const a = m.assets[k]!;
      const from = choose(
        action.from,
        all.filter((i) => M.available(a, i) > 0n),
        ACTORS
      );
      const toWallet = choose(
        action.to,
        all.filter((i) => i !== from && M.verified(m, i) && !m.frozen[i]),
        ACTORS
      );
      const value = partOf(action.amount, M.available(a, from));
      resolved = { from: name(from), to: name(toWallet), asset: a.id, value };
      reason = M.transfer(next, from, toWallet, k, value);
      send = () => w.energyAsset.write.safeTransferFrom([addr[from]!, addr[toWallet]!, a.id, value, "0x"], as(from));
      break;
    }
    case "freeze": {
      // Fit: freeze an owner of resting orders (they become unfillable), unfreeze a frozen wallet.
      const owners = [...new Set(m.orders.map((o) => o.owner))];
      const wallet = choose(action.wallet, action.frozen ? owners : all.filter((i) => m.frozen[i]), ACTORS);
      resolved = { wallet: name(wallet), frozen: action.frozen };
      reason = M.setFrozen(next, wallet, action.frozen);
      send = () => w.energyAsset.write.setAddressFrozen([addr[wallet]!, action.frozen, "property"], ops);
      break;
    }
    case "kyc": {
      // Fit: revoke an owner of resting buy orders (they become unfillable), renew a revoked identity.
      const buyers = [...new Set(m.orders.filter((o) => o.side === BUY).map((o) => o.owner))];
      const fit = action.revoke ? buyers : all.filter((i) => m.kyc[i]?.revoked);
      const wallet = choose(
        action.wallet,
        fit.filter((i) => m.kyc[i] !== null),
        ACTORS
      );
      const k = m.kyc[wallet];
      resolved = { wallet: name(wallet), revoke: action.revoke };
      if (!k) return; // never KYC'd: nothing to revoke or renew
      if (action.revoke) {
        reason = M.revokeKyc(next, wallet);
        send = () => w.identityRegistry.write.revokeIdentity([k.identity, "property"], ops);
      } else {
        const expiresAt = m.now + ONE_YEAR;
        reason = M.renewKyc(next, wallet, expiresAt);
        send = () => w.identityRegistry.write.updateIdentity([k.identity, k.country, k.cls, expiresAt], ops);
      }
      break;
    }
    case "setFee":
      resolved = { bps: action.bps };
      reason = M.setFee(next, BigInt(action.bps));
      send = () => w.orderBook.write.setFee([action.bps], { account: w.wallets.admin.account });
      break;
    case "deposit": {
      const assetId = BigInt(action.asset);
      resolved = { assetId, amount: action.amount };
      reason = M.deposit(next, assetId, action.amount, out);
      send = () =>
        w.revenueDistributor.write.deposit([assetId, action.amount], { account: w.wallets.operator.account });
      break;
    }
    case "claim": {
      const assetId = BigInt(action.asset);
      const holder = choose(action.holder, withRevenue(assetId), ACTORS);
      const recipient = toOf(action.to, holder);
      resolved = { holder: name(holder), to: name(recipient), claimable: claimable(assetId, holder) };
      reason = M.claim(next, holder, assetId, recipient, claimable, out);
      send = () => w.revenueDistributor.write.claim([assetId, toAddress(recipient)], as(holder));
      break;
    }
    case "claimMany": {
      const ids = action.assets.map(BigInt);
      const holder = choose(action.holder, withRevenue(ids[0]!), ACTORS);
      const recipient = toOf(action.to, holder);
      resolved = { holder: name(holder), to: name(recipient) };
      reason = M.claimMany(next, holder, ids, recipient, claimable, out);
      send = () => w.revenueDistributor.write.claimMany([ids, toAddress(recipient)], as(holder));
      break;
    }
    case "reinvestBook": {
      const source = BigInt(action.source);
      const limit = priceOf(action.price, BUY);
      // The most shares the holder's revenue covers at this limit, fee included.
      const cost = (s: bigint) => limit * s + M.feeFor(m, limit * s);
      const holder = choose(
        action.holder,
        all.filter((h) => claimable(source, h) >= cost(1n) && claimable(source, h) > 0n),
        ACTORS
      );
      const have = claimable(source, holder);
      let most = limit === 0n ? 40n : have / (limit + M.feeFor(m, limit) + 1n);
      while (limit !== 0n && cost(most + 1n) <= have) most += 1n;
      const shares = partOf(action.shares, most);
      const expiryAt = expiryOf(action.expiry, m.now);
      const target = m.assets[action.target]!.id;
      resolved = { holder: name(holder), source, target, price: limit, shares, expiry: expiryAt, claimable: have };
      reason = M.reinvestInBuyOrder(next, holder, source, action.target, limit, shares, expiryAt, claimable, out);
      send = () => w.revenueDistributor.write.reinvestInBuyOrder([source, target, limit, shares, expiryAt], as(holder));
      break;
    }
    case "reinvestOffering": {
      const source = BigInt(action.source);
      const holder = choose(
        action.holder,
        all.filter((h) => claimable(source, h) >= m.offering.price),
        ACTORS
      );
      const have = claimable(source, holder);
      const shares = partOf(action.shares, have / m.offering.price);
      resolved = { holder: name(holder), source, shares, claimable: have };
      reason = M.reinvestInOffering(next, holder, source, shares, claimable, out);
      send = () => w.revenueDistributor.write.reinvestInOffering([source, m.offering.id, shares], as(holder));
      break;
    }
  }

  const t0 = performance.now();
  const outcome = await succeeds(r, send);
  const t1 = performance.now();
  stat(`${action.t} ${outcome.ok ? "ok" : `revert ${reason ?? "?"}`}`);
  const shown = resolved === undefined ? "" : ` ${show(resolved)}`;
  const at = r.log.push(`${r.log.length}: ${action.t}${shown} -> ${outcome.ok ? "ok" : outcome.error}`) - 1;
  const fail = (message: string): never =>
    assert.fail(`${where}: ${message}\nsteps (picks resolved):\n${r.log.join("\n")}`);
  if (outcome.ok !== (reason === null)) {
    fail(
      `model expected ${reason ?? "success"}, chain ${
        outcome.ok ? "succeeded" : `reverted: ${outcome.error} (${outcome.text})`
      }`
    );
  }
  if (!outcome.ok && outcome.error !== reason)
    fail(`model expected ${reason}, chain reverted with ${outcome.error} (${outcome.text})`);

  const now = BigInt(await w.networkHelpers.time.latest());
  const events = outcome.ok && outcome.hash ? await chainEvents(r, outcome.hash) : M.noEvents();
  // The log shows what the order book did: placed #id, trades (maker id × shares @ price), cancellations.
  const reasons = Object.keys(M.CANCEL);
  const happened = events.book.map((e) => {
    const what = e.name === "OrderCancelled" ? `${e.name} ${reasons[e.reason]}` : e.name;
    stat(`event ${what}`);
    if (e.name === "OrderPlaced") return `#${e.orderId}`;
    if (e.name === "Trade") return `trade #${e.makerOrderId} ${e.shares}@${e.price}`;
    if (e.name === "OrderCancelled") return `cancel #${e.orderId} ${reasons[e.reason]}`;
    return `reduce #${e.orderId}`;
  });
  if (happened.length > 0) r.log[at] += ` [${happened.join(", ")}]`;
  if (action.t === "reinvestBook" && events.book.some((e) => e.name === "Trade")) stat("reinvestBook filled at once");
  if (outcome.ok) for (const o of next.orders) if (o.createdAt === -1n) o.createdAt = now; // rested in this block
  const model = outcome.ok ? next : m;
  model.now = now;
  const snap = await readChain(
    w,
    addr,
    model.orders.map((o) => o.id)
  );
  const t2 = performance.now();
  stat("ms tx", t1 - t0);
  stat("ms read", t2 - t1);
  try {
    if (outcome.ok) {
      assert.deepStrictEqual(events.book, out.book, `${where}: order book events`);
      assert.deepStrictEqual(events.revenue, out.revenue, `${where}: distributor events`);
      checkTrades(r, events.book, r.snap.feeBps, snap.stable[TREASURY]! - r.snap.stable[TREASURY]!, where);
    } else {
      // 8. A failed action changes nothing.
      assert.deepStrictEqual(snap, r.snap, `${where}: reverted action changed state`);
    }
    r.model = model;
    checkChainInvariants(snap, r, where);
    assert.deepStrictEqual(snap, expected(r.model, snap), `${where}: chain != model`);
  } catch (error) {
    if (error instanceof assert.AssertionError) error.message += `\nsteps (picks resolved):\n${r.log.join("\n")}`;
    throw error;
  }
  r.snap = snap;
}

async function startRun(w: World): Promise<Run> {
  const addr = accountsOf(w);
  const snap = await readChain(w, addr, []);
  const model = await modelFromChain(w, addr, snap);
  const errorAbi = [
    w.orderBook,
    w.compliance,
    w.energyAsset,
    w.stablecoin,
    w.revenueDistributor,
    w.offering,
    w.identityRegistry,
  ].flatMap((c) => (c.abi as Abi).filter((x) => x.type === "error"));
  const r: Run = {
    w,
    addr,
    model,
    snap,
    log: [],
    placed: new Map(),
    stableTotal: snap.stable.reduce((x, y) => x + y, 0n),
    errorAbi,
  };
  checkChainInvariants(snap, r, "start");
  assert.deepStrictEqual(snap, expected(model, snap), "start: chain != model");
  return r;
}

// ---------------------------------------------------------------------------------------------- properties

describe("market properties", async () => {
  const connection = await network.create();
  const markets = () => marketsFixture(connection);

  it("order book: escrow equals the open orders, trades within limits, exact fees, conservation, an uncrossed book", async () => {
    const action = weighted({
      place: 24,
      modify: 5,
      cancel: 2,
      agentCancel: 1,
      expire: 2,
      time: 2,
      transfer: 3,
      freeze: 2,
      kyc: 2,
      setFee: 1,
    });
    await fc.assert(
      fc.asyncProperty(opening, sequence(action, 10, 70), async (first, actions) => {
        const w = await connection.networkHelpers.loadFixture(markets);
        const r = await startRun(w);
        for (const a of [...first, ...actions]) await step(r, a);
        if (process.env.FC_LOG) console.log(r.log.join("\n"));
      }),
      fcParams(20)
    );
  });

  it("revenue: claimed + claimable never exceed deposits and match an exact pro-rata model; reinvestment", async () => {
    const action = weighted({
      deposit: 8,
      claim: 3,
      claimMany: 2,
      reinvestBook: 4,
      reinvestOffering: 3,
      place: 7,
      modify: 1,
      cancel: 2,
      expire: 1,
      time: 1,
      transfer: 4,
      freeze: 1,
      kyc: 1,
    });
    await fc.assert(
      fc.asyncProperty(arbs.deposit, sequence(action, 10, 60), async (first, actions) => {
        const w = await connection.networkHelpers.loadFixture(markets);
        const r = await startRun(w);
        await step(r, { ...first, asset: 1, amount: first.amount === 0n ? 1n : first.amount });
        for (const a of actions) await step(r, a);
        if (process.env.FC_LOG) console.log(r.log.join("\n"));
      }),
      fcParams(20)
    );
  });

  it("revenue: a claim costs the same gas (±1 %) after one deposit and after many", async () => {
    // The same transfers in both histories (right after the first deposit): they decide whether the
    // holder's correction slot is still zero at its first claim, which costs ~17,000 gas either way.
    const claimGas = async (amounts: bigint[], holder: number, moves: [number, number, number][]) => {
      const w = await connection.networkHelpers.loadFixture(markets);
      const r = await startRun(w);
      for (const [k, amount] of amounts.entries()) {
        await step(r, { t: "deposit", asset: 1, amount });
        if (k > 0) continue;
        for (const [from, to, n] of moves) {
          await step(r, {
            t: "transfer",
            from: [false, from],
            to: [false, to],
            asset: 0,
            amount: { kind: "small", n },
          });
        }
      }
      const expectedAmount = r.snap.assets[0]!.claimable[holder]!;
      assert.ok(expectedAmount > 0n);
      const hash = await w.revenueDistributor.write.claim([1n, r.addr[holder]!], {
        account: w.actors[holder]!.account,
      });
      const receipt = await w.publicClient.getTransactionReceipt({ hash });
      const events = await chainEvents(r, hash);
      assert.deepStrictEqual(events.revenue, [
        { name: "RevenueClaimed", assetId: 1n, holder, to: holder, amount: expectedAmount },
      ]);
      return receipt.gasUsed;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 2), // alice, bob or carol claims
        fc.array(fc.oneof(fc.constantFrom(1n, 7n, 1_000_003n), fc.bigInt({ min: 1n, max: eur(5_000) })), {
          minLength: 20,
          maxLength: 60,
        }),
        fc.array(fc.tuple(fc.constantFrom(0, 1, 2), fc.constantFrom(0, 1, 2, 3), fc.nat({ max: 40 })), {
          maxLength: 4,
        }),
        async (holder, amounts, moves) => {
          const one = await claimGas([eur(1_000)], holder, moves);
          const many = await claimGas([eur(1_000), ...amounts], holder, moves);
          const diff = many > one ? many - one : one - many;
          stat("claim gas after 1 deposit", Number(one));
          stat(`claim gas after ${amounts.length + 1} deposits`, Number(many));
          assert.ok(
            diff * 100n <= one,
            `claim gas ${one} after 1 deposit, ${many} after ${amounts.length + 1} (moves ${show(moves)})`
          );
        }
      ),
      fcParams(3)
    );
  });

  if (STATS) {
    it("statistics", () =>
      console.log(
        [...STATS.entries()]
          .sort()
          .map(([k, v]) => `${k}: ${Math.round(v)}`)
          .join("\n")
      ));
  }
});
