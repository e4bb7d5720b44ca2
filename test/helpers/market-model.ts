/**
 * A plain-TypeScript reference model of CoWatt's markets, for the model-based property tests in
 * test/market-properties.test.ts: the order book (price-time priority, bounded matching, self-trade,
 * expiry and unfillable-maker cancellation, fees, escrow of shares in place and of stablecoin in the
 * book), the share balances it moves, the stablecoin it moves, the compliance facts that matter here
 * (freezes, KYC), pull-based revenue distribution with an exact pro-rata accrual, and the primary offering
 * revenue can be reinvested in. Accounts are indices (actors first, then the contracts and the treasury).
 *
 * Every action mutates a model (a clone, in the tests), appends the events the contracts must emit, and
 * returns the custom error it must revert with, or null when it must succeed. The model encodes the
 * documented (intended) behaviour of IOrderBook, IRevenueDistributor and IOffering; a contract that
 * deviates shows up as a mismatch.
 */

// ------------------------------------------------------------------ accounts and enums

/** alice, bob, carol, dave (KYC'd), eve (never KYC'd), frank (KYC'd, little stablecoin). */
export const ACTORS = 6;
export const BOOK = ACTORS; // the OrderBook contract (buy escrow)
export const TREASURY = ACTORS + 1; // the platform treasury (trading fees)
export const DISTRIBUTOR = ACTORS + 2; // the RevenueDistributor (revenue owed)
export const OPERATOR = ACTORS + 3; // the asset operator (deposits revenue)
export const OFFERING = ACTORS + 4; // the Offering contract (primary escrow)
export const ACCOUNTS = ACTORS + 5;
/** address(0) */
export const ZERO = -1;

export const BUY = 0;
export const SELL = 1;
export type Side = typeof BUY | typeof SELL;
export const GTC = 0;
export const IOC = 1;
export const CANCEL = {
  ByOwner: 0,
  Expired: 1,
  ImmediateOrCancel: 2,
  SelfTrade: 3,
  Unfillable: 4,
  ByAgent: 5,
  Replaced: 6,
  FillLimitReached: 7,
} as const;
export const MAX_FILLS = 20;
export const MAX_FEE_BPS = 500n;
const BPS = 10_000n;

// ------------------------------------------------------------------ state

/** A non-negative rational number, kept reduced. */
export interface Fraction {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

export function addFraction(x: Fraction, n: bigint, d: bigint): Fraction {
  const num = x.n * d + n * x.d;
  const den = x.d * d;
  const g = gcd(num, den) || 1n;
  return { n: num / g, d: den / g };
}

export const floorOf = (x: Fraction) => x.n / x.d;
export const isInteger = (x: Fraction) => x.n % x.d === 0n;

export interface OrderM {
  id: bigint;
  owner: number;
  side: Side;
  asset: number; // index into Model.assets
  price: bigint;
  shares: bigint;
  expiry: bigint;
  /** block timestamp of the transaction that rested it; -1 until the test reads it */
  createdAt: bigint;
}

export interface RevenueM {
  deposited: bigint;
  /** claimed or reinvested, per actor (the amounts the chain paid, which the model checks) */
  claimed: bigint[];
  /** exact pro-rata revenue per actor: Σ over deposits of amount × balance / supply at that deposit */
  accrued: Fraction[];
  /** (holder, deposit) pairs with a non-zero balance at the deposit */
  pairs: number;
}

export interface AssetM {
  id: bigint;
  /** Active (secondary trading allowed) */
  active: boolean;
  supply: bigint;
  bal: bigint[];
  /** shares escrowed in place under open sell orders */
  escrowed: bigint[];
  rev: RevenueM;
}

export interface KycM {
  identity: bigint;
  country: number;
  cls: number;
  expiresAt: bigint;
  revoked: boolean;
}

export interface OfferingM {
  id: bigint;
  asset: bigint;
  price: bigint;
  min: bigint;
  hard: bigint;
  maxPer: bigint;
  start: bigint;
  end: bigint;
  open: boolean;
  sold: bigint;
  raised: bigint;
  investorCount: number;
  /** per actor */
  shares: bigint[];
  paid: bigint[];
  receiptCount: bigint;
  escrow: bigint;
}

export interface Model {
  /** Latest block timestamp; a transaction runs at now + 1 (tests keep every deadline far from it). */
  now: bigint;
  frozen: boolean[];
  kyc: (KycM | null)[];
  assets: AssetM[]; // asset id = index + 1
  stable: bigint[]; // per account
  feeBps: bigint;
  minValue: bigint;
  orderCount: bigint;
  /** open orders, ascending id */
  orders: OrderM[];
  escrowedFunds: bigint;
  distributionCount: bigint;
  offering: OfferingM;
}

export type Reason = string | null;

export type BookEvent =
  | {
      name: "OrderPlaced";
      orderId: bigint;
      assetId: bigint;
      owner: number;
      side: number;
      price: bigint;
      shares: bigint;
      expiry: bigint;
    }
  | {
      name: "Trade";
      assetId: bigint;
      makerOrderId: bigint;
      takerOrderId: bigint;
      maker: number;
      taker: number;
      takerSide: number;
      price: bigint;
      shares: bigint;
      fee: bigint;
    }
  | { name: "OrderCancelled"; orderId: bigint; assetId: bigint; owner: number; sharesLeft: bigint; reason: number }
  | { name: "OrderReduced"; orderId: bigint; newShares: bigint };

export type RevenueEvent =
  | {
      name: "RevenueDeposited";
      assetId: bigint;
      distributionId: bigint;
      depositor: number;
      amount: bigint;
      sharesOutstanding: bigint;
    }
  | { name: "RevenueClaimed"; assetId: bigint; holder: number; to: number; amount: bigint }
  | { name: "RevenueReinvested"; assetId: bigint; holder: number; amount: bigint; venue: number; venueId: bigint };

export interface Events {
  book: BookEvent[];
  revenue: RevenueEvent[];
}

export const noEvents = (): Events => ({ book: [], revenue: [] });

export const txTime = (m: Model) => m.now + 1n;

// ------------------------------------------------------------------ compliance (no per-asset rules are set)

export function verified(m: Model, w: number): boolean {
  if (w < 0 || w >= ACTORS) return false;
  const k = m.kyc[w];
  return k != null && !k.revoked && k.expiresAt > txTime(m);
}

export const available = (a: AssetM, w: number) => a.bal[w]! - a.escrowed[w]!;

/**
 * Fault of a share movement seller → buyer of escrowed (or available) shares, in the order the token
 * and the compliance contract check: the seller's freeze, the buyer's freeze, the buyer's KYC.
 */
function movementFault(m: Model, seller: number, buyer: number): { who: "seller" | "buyer"; error: string } | null {
  if (m.frozen[seller]) return { who: "seller", error: "FrozenWallet" };
  if (m.frozen[buyer]) return { who: "buyer", error: "FrozenWallet" };
  if (!verified(m, buyer)) return { who: "buyer", error: "RecipientNotVerified" };
  return null;
}

/** What a buyer must pass before a buy order rests (Compliance.canTransfer from address(0)). */
function buyerRestriction(m: Model, buyer: number): Reason {
  if (m.frozen[buyer]) return "FrozenWallet";
  if (!verified(m, buyer)) return "RecipientNotVerified";
  return null;
}

/** A holder's own transfer of available shares (EnergyAsset.safeTransferFrom by the holder). */
export function transfer(m: Model, from: number, to: number, asset: number, amount: bigint): Reason {
  const a = m.assets[asset]!;
  if (!a.active) return "SharesNotTransferable";
  if (m.frozen[from] || m.frozen[to]) return "FrozenWallet";
  if (available(a, from) < amount) return "ERC1155InsufficientBalance";
  if (!verified(m, to)) return "RecipientNotVerified";
  a.bal[from]! -= amount;
  a.bal[to]! += amount;
  return null;
}

/** An ERC-20 transfer(From) of the stablecoin; allowances are never short in these tests. */
function pay(m: Model, from: number, to: number, amount: bigint): Reason {
  if (m.stable[from]! < amount) return "ERC20InsufficientBalance";
  m.stable[from]! -= amount;
  m.stable[to]! += amount;
  return null;
}

export const feeFor = (m: Model, value: bigint) => (value * m.feeBps) / BPS;

// ------------------------------------------------------------------ the book's structure

/** Resting orders of one side of an asset in matching order: best price first, then oldest first. */
export function sideOrders(m: Model, asset: number, side: Side): OrderM[] {
  return m.orders
    .filter((o) => o.asset === asset && o.side === side)
    .sort((x, y) => {
      if (x.price !== y.price) return (side === BUY ? x.price > y.price : x.price < y.price) ? -1 : 1;
      return x.id < y.id ? -1 : 1;
    });
}

export interface LevelM {
  price: bigint;
  shares: bigint;
  orders: number;
}

/** IOrderBook.depth: price levels best first. */
export function levels(m: Model, asset: number, side: Side): LevelM[] {
  const out: LevelM[] = [];
  for (const o of sideOrders(m, asset, side)) {
    const last = out[out.length - 1];
    if (last && last.price === o.price) {
      last.shares += o.shares;
      last.orders += 1;
    } else out.push({ price: o.price, shares: o.shares, orders: 1 });
  }
  return out;
}

export const findOrder = (m: Model, id: bigint) => m.orders.find((o) => o.id === id);

function removeOrder(m: Model, id: bigint) {
  m.orders = m.orders.filter((o) => o.id !== id);
}

/** Returns the escrow of `shares` of an order to its owner. */
function refund(m: Model, o: OrderM, shares: bigint) {
  if (o.side === BUY) {
    const amount = o.price * shares;
    m.escrowedFunds -= amount;
    const reason = pay(m, BOOK, o.owner, amount);
    if (reason) throw new Error(`model: the book cannot refund ${amount}`);
  } else {
    m.assets[o.asset]!.escrowed[o.owner]! -= shares;
  }
}

function cancelOrder(m: Model, o: OrderM, reason: number, out: Events) {
  out.book.push({
    name: "OrderCancelled",
    orderId: o.id,
    assetId: m.assets[o.asset]!.id,
    owner: o.owner,
    sharesLeft: o.shares,
    reason,
  });
  removeOrder(m, o.id);
  refund(m, o, o.shares);
}

// ------------------------------------------------------------------ order book actions

export interface OrderInput {
  asset: number; // index into m.assets
  side: Side;
  price: bigint;
  shares: bigint;
  expiry: bigint;
  tif: number;
  maxFills: number;
}

/**
 * IOrderBook placeOrder (payer == owner) and placeBuyOrderFor (payer: the funder). Returns the reason it
 * reverts, or null; `placed` receives the new order's id and whether it rests.
 */
export function place(
  m: Model,
  payer: number,
  owner: number,
  p: OrderInput,
  out: Events,
  placed: { id?: bigint; rests?: boolean } = {}
): Reason {
  const a = m.assets[p.asset];
  if (p.price === 0n) return "InvalidPrice";
  if (p.shares === 0n) return "InvalidShares";
  if (p.expiry !== 0n && p.expiry <= txTime(m)) return "OrderExpired";
  if (p.price * p.shares < m.minValue) return "OrderValueTooSmall";
  if (!a) return "UnknownAsset";
  if (!a.active) return "AssetNotTradable";
  if (p.side === SELL) {
    // Senders are not KYC-checked: a frozen wallet or too few available shares is refused.
    if (m.frozen[owner]) return "FrozenWallet";
    if (available(a, owner) < p.shares) return "ERC1155InsufficientBalance";
  }

  const id = ++m.orderCount;
  placed.id = id;
  out.book.push({
    name: "OrderPlaced",
    orderId: id,
    assetId: a.id,
    owner,
    side: p.side,
    price: p.price,
    shares: p.shares,
    expiry: p.expiry,
  });
  if (p.side === SELL) a.escrowed[owner]! += p.shares;

  // Matching: the best resting order of the other side, while it crosses, at most maxFills met.
  const maxFills = p.maxFills === 0 || p.maxFills > MAX_FILLS ? MAX_FILLS : p.maxFills;
  const makerSide: Side = p.side === BUY ? SELL : BUY;
  let remaining = p.shares;
  let fees = 0n;
  for (let met = 0; met < maxFills && remaining !== 0n; met++) {
    const maker = sideOrders(m, p.asset, makerSide)[0];
    if (!maker || (p.side === BUY ? maker.price > p.price : maker.price < p.price)) break;
    if (maker.owner === owner) {
      cancelOrder(m, maker, CANCEL.SelfTrade, out);
      continue;
    }
    if (maker.expiry !== 0n && maker.expiry < txTime(m)) {
      cancelOrder(m, maker, CANCEL.Expired, out);
      continue;
    }
    const shares = maker.shares < remaining ? maker.shares : remaining;
    const [seller, buyer] = p.side === BUY ? [maker.owner, owner] : [owner, maker.owner];
    const fault = movementFault(m, seller, buyer);
    if (fault) {
      const makerAtFault = (fault.who === "seller") === (makerSide === SELL);
      if (!makerAtFault) return fault.error;
      cancelOrder(m, maker, CANCEL.Unfillable, out);
      continue;
    }
    // The trade, at the maker's price; the taker pays the fee.
    const value = maker.price * shares;
    const fee = feeFor(m, value);
    fees += fee;
    remaining -= shares;
    out.book.push({
      name: "Trade",
      assetId: a.id,
      makerOrderId: maker.id,
      takerOrderId: id,
      maker: maker.owner,
      taker: owner,
      takerSide: p.side,
      price: maker.price,
      shares,
      fee,
    });
    maker.shares -= shares;
    if (maker.shares === 0n) removeOrder(m, maker.id);
    a.escrowed[seller]! -= shares;
    a.bal[seller]! -= shares;
    a.bal[buyer]! += shares;
    if (p.side === BUY) {
      const reason = pay(m, payer, seller, value);
      if (reason) return reason;
    } else {
      m.escrowedFunds -= value;
      const reason = pay(m, BOOK, seller, value - fee);
      if (reason) throw new Error("model: the book cannot pay a seller");
    }
  }

  placed.rests = false;
  if (remaining !== 0n) {
    // A buyer who could never receive the shares is told why, even when nothing could fill.
    if (p.side === BUY && remaining === p.shares) {
      const reason = buyerRestriction(m, owner);
      if (reason) return reason;
    }
    const best = sideOrders(m, p.asset, makerSide)[0];
    const crosses = best !== undefined && (p.side === BUY ? best.price <= p.price : best.price >= p.price);
    if (p.tif === GTC && crosses) {
      // The fill bound stopped matching while the book still crosses: the rest is cancelled, not rested.
      out.book.push({
        name: "OrderCancelled",
        orderId: id,
        assetId: a.id,
        owner,
        sharesLeft: remaining,
        reason: CANCEL.FillLimitReached,
      });
      if (p.side === SELL) a.escrowed[owner]! -= remaining;
    } else if (p.tif === GTC) {
      if (p.side === BUY && remaining !== p.shares) {
        const reason = buyerRestriction(m, owner);
        if (reason) return reason;
      }
      m.orders.push({
        id,
        owner,
        side: p.side,
        asset: p.asset,
        price: p.price,
        shares: remaining,
        expiry: p.expiry,
        createdAt: -1n,
      });
      placed.rests = true;
      if (p.side === BUY) {
        const escrow = p.price * remaining;
        m.escrowedFunds += escrow;
        const reason = pay(m, payer, BOOK, escrow);
        if (reason) return reason;
      }
    } else {
      out.book.push({
        name: "OrderCancelled",
        orderId: id,
        assetId: a.id,
        owner,
        sharesLeft: remaining,
        reason: CANCEL.ImmediateOrCancel,
      });
      if (p.side === SELL) a.escrowed[owner]! -= remaining;
    }
  }
  if (fees !== 0n) {
    const reason = p.side === BUY ? pay(m, payer, TREASURY, fees) : pay(m, BOOK, TREASURY, fees);
    if (reason) return reason;
  }
  return null;
}

/** IOrderBook.cancelOrder by `caller`. */
export function cancel(m: Model, caller: number, id: bigint, out: Events): Reason {
  const o = findOrder(m, id);
  if (!o) return "UnknownOrder";
  if (o.owner !== caller) return "NotOrderOwner";
  cancelOrder(m, o, CANCEL.ByOwner, out);
  return null;
}

/** IOrderBook.cancelOrderAsAgent (the caller's role is checked by the test). */
export function cancelAsAgent(m: Model, id: bigint, out: Events): Reason {
  const o = findOrder(m, id);
  if (!o) return "UnknownOrder";
  cancelOrder(m, o, CANCEL.ByAgent, out);
  return null;
}

/**
 * IOrderBook.modifyOrder: fewer shares at the same price reduce the order in place (same id, same
 * priority); anything else replaces it by a new good-till-cancelled order with the same expiry.
 */
export function modify(
  m: Model,
  caller: number,
  id: bigint,
  price: bigint,
  shares: bigint,
  out: Events,
  placed: { id?: bigint } = {}
): Reason {
  const o = findOrder(m, id);
  if (!o) return "UnknownOrder";
  if (o.owner !== caller) return "NotOrderOwner";
  if (price === o.price && shares === o.shares) return "NothingToModify";
  if (shares === 0n) return "InvalidShares";
  if (price === o.price && shares < o.shares) {
    // Smaller at the same price keeps its place in the queue; it must still be worth an order.
    if (price * shares < m.minValue) return "OrderValueTooSmall";
    const released = o.shares - shares;
    o.shares = shares;
    out.book.push({ name: "OrderReduced", orderId: id, newShares: shares });
    refund(m, o, released);
    placed.id = id;
    return null;
  }
  const current = { ...o };
  cancelOrder(m, o, CANCEL.Replaced, out);
  return place(
    m,
    caller,
    caller,
    { asset: current.asset, side: current.side, price, shares, expiry: current.expiry, tif: GTC, maxFills: 0 },
    out,
    placed
  );
}

/** IOrderBook.expireOrders: cancels the listed open orders past their expiry; skips everything else. */
export function expire(m: Model, ids: bigint[], out: Events): Reason {
  for (const id of ids) {
    const o = findOrder(m, id);
    if (o && o.expiry !== 0n && o.expiry < txTime(m)) cancelOrder(m, o, CANCEL.Expired, out);
  }
  return null;
}

export function setFee(m: Model, bps: bigint): Reason {
  if (bps > MAX_FEE_BPS) return "FeeTooHigh";
  m.feeBps = bps;
  return null;
}

// ------------------------------------------------------------------ revenue

const assetAt = (m: Model, assetId: bigint) => m.assets[Number(assetId) - 1];

/** Revenue an actor can claim now, as the chain reports it (validated against the exact model). */
export type Claimable = (assetId: bigint, holder: number) => bigint;

/** IRevenueDistributor.deposit by the operator: split pro rata over the balances now (escrowed included). */
export function deposit(m: Model, assetId: bigint, amount: bigint, out: Events): Reason {
  if (amount === 0n) return "ZeroAmount";
  const a = assetAt(m, assetId);
  const supply = a?.supply ?? 0n;
  if (!a || supply === 0n) return "NoSharesOutstanding";
  for (let h = 0; h < ACTORS; h++) {
    const b = a.bal[h]!;
    if (b === 0n) continue;
    a.rev.accrued[h] = addFraction(a.rev.accrued[h]!, amount * b, supply);
    a.rev.pairs += 1;
  }
  a.rev.deposited += amount;
  m.distributionCount += 1n;
  out.revenue.push({
    name: "RevenueDeposited",
    assetId,
    distributionId: m.distributionCount,
    depositor: OPERATOR,
    amount,
    sharesOutstanding: supply,
  });
  return pay(m, OPERATOR, DISTRIBUTOR, amount);
}

function take(m: Model, assetId: bigint, holder: number, amount: bigint) {
  assetAt(m, assetId)!.rev.claimed[holder]! += amount;
}

/** IRevenueDistributor.claim by `holder`, paid to `to`. */
export function claim(
  m: Model,
  holder: number,
  assetId: bigint,
  to: number,
  claimable: Claimable,
  out: Events
): Reason {
  if (to === ZERO) return "InvalidRecipient";
  const amount = claimable(assetId, holder);
  if (amount === 0n) return null;
  take(m, assetId, holder, amount);
  out.revenue.push({ name: "RevenueClaimed", assetId, holder, to, amount });
  return pay(m, DISTRIBUTOR, to, amount);
}

/** IRevenueDistributor.claimMany: each listed asset once (a repeat finds nothing left), one transfer. */
export function claimMany(
  m: Model,
  holder: number,
  assetIds: bigint[],
  to: number,
  claimable: Claimable,
  out: Events
): Reason {
  if (to === ZERO) return "InvalidRecipient";
  const done = new Set<bigint>();
  let total = 0n;
  for (const assetId of assetIds) {
    const amount = done.has(assetId) ? 0n : claimable(assetId, holder);
    done.add(assetId);
    if (amount === 0n) continue;
    take(m, assetId, holder, amount);
    total += amount;
    out.revenue.push({ name: "RevenueClaimed", assetId, holder, to, amount });
  }
  return total === 0n ? null : pay(m, DISTRIBUTOR, to, total);
}

/**
 * IRevenueDistributor.reinvestInBuyOrder: a good-till-cancelled buy order for `holder`, paid by the
 * distributor out of the holder's revenue on `source`, which must cover price × shares + the fee on it;
 * only what the order book takes counts as claimed.
 */
export function reinvestInBuyOrder(
  m: Model,
  holder: number,
  source: bigint,
  target: number,
  price: bigint,
  shares: bigint,
  expiry: bigint,
  claimable: Claimable,
  out: Events
): Reason {
  if (shares === 0n) return "NothingToReinvest";
  const value = price * shares;
  const maxCost = value + feeFor(m, value);
  if (claimable(source, holder) < maxCost) return "InsufficientRevenue";
  const before = m.stable[DISTRIBUTOR]!;
  const placed: { id?: bigint; rests?: boolean } = {};
  const reason = place(
    m,
    DISTRIBUTOR,
    holder,
    { asset: target, side: BUY, price, shares, expiry, tif: GTC, maxFills: 0 },
    out,
    placed
  );
  if (reason) return reason;
  const spent = before - m.stable[DISTRIBUTOR]!;
  take(m, source, holder, spent);
  // IRevenueDistributor: the buy order's id, as in the order book's events (whether it rests or not).
  out.revenue.push({
    name: "RevenueReinvested",
    assetId: source,
    holder,
    amount: spent,
    venue: BOOK,
    venueId: placed.id!,
  });
  return null;
}

/** IRevenueDistributor.reinvestInOffering: buys `shares` in the open offering for `holder`. */
export function reinvestInOffering(
  m: Model,
  holder: number,
  source: bigint,
  shares: bigint,
  claimable: Claimable,
  out: Events
): Reason {
  if (shares === 0n) return "NothingToReinvest";
  const o = m.offering;
  const cost = shares * o.price;
  if (claimable(source, holder) < cost) return "InsufficientRevenue";
  const t = txTime(m);
  if (!o.open || t > o.end) return "OfferingClosed";
  if (t < o.start) return "OfferingNotStarted";
  if (shares < o.min) return "PurchaseBelowMinimum";
  if (shares > o.hard - o.sold) return "HardCapReached";
  const total = o.shares[holder]! + shares;
  if (total > (o.maxPer === 0n ? o.hard : o.maxPer)) return "InvestorLimitExceeded";
  const restriction = buyerRestriction(m, holder);
  if (restriction) return restriction;
  take(m, source, holder, cost);
  if (o.shares[holder] === 0n) o.investorCount += 1;
  o.shares[holder] = total;
  o.paid[holder]! += cost;
  o.sold += shares;
  o.raised += cost;
  o.escrow += cost;
  o.receiptCount += 1n;
  out.revenue.push({
    name: "RevenueReinvested",
    assetId: source,
    holder,
    amount: cost,
    venue: OFFERING,
    venueId: o.receiptCount,
  });
  return pay(m, DISTRIBUTOR, OFFERING, cost);
}

// ------------------------------------------------------------------ identities and freezes

export function setFrozen(m: Model, w: number, frozen: boolean): Reason {
  m.frozen[w] = frozen;
  return null;
}

export function revokeKyc(m: Model, w: number): Reason {
  m.kyc[w]!.revoked = true;
  return null;
}

export function renewKyc(m: Model, w: number, expiresAt: bigint): Reason {
  if (expiresAt <= txTime(m)) return "InvalidExpiry";
  m.kyc[w] = { ...m.kyc[w]!, expiresAt, revoked: false };
  return null;
}

/** Timestamps at which some outcome flips: the tests never let a transaction land near one. */
export function deadlines(m: Model): bigint[] {
  return [
    ...m.orders.filter((o) => o.expiry !== 0n).map((o) => o.expiry),
    ...m.kyc.flatMap((k) => (k ? [k.expiresAt] : [])),
    m.offering.start,
    m.offering.end,
  ];
}
