/**
 * Order-book maths for the trade page, in the contract's units: prices are stablecoin units per share,
 * shares are whole shares, fees are basis points of the trade value rounded down per fill exactly as
 * OrderBook._feeFor does. Everything is bigint so the numbers shown are the numbers signed.
 */
import { parseUnits } from "viem";

export const BPS = 10_000n;

/** IOrderBook.Side and IOrderBook.TimeInForce as the ABI encodes them. */
export const SIDE = { Buy: 0, Sell: 1 } as const;
export const TIME_IN_FORCE = { GoodTillCancelled: 0, ImmediateOrCancel: 1 } as const;
export type Side = keyof typeof SIDE;

/** What IOrderBook.depth returns per level. */
export interface PriceLevel {
  price: bigint;
  shares: bigint;
  orders: number;
}

export interface DepthPoint extends PriceLevel {
  /** Shares available at this price or better. */
  cumulativeShares: bigint;
  /** Stablecoin value of those shares at their own prices. */
  cumulativeValue: bigint;
}

/** Levels (best first, as the contract returns them) with running totals for the depth chart and table. */
export function aggregateDepth(levels: readonly PriceLevel[]): DepthPoint[] {
  let cumulativeShares = 0n;
  let cumulativeValue = 0n;
  return levels
    .filter((level) => level.shares > 0n)
    .map((level) => {
      cumulativeShares += level.shares;
      cumulativeValue += level.price * level.shares;
      return { ...level, cumulativeShares, cumulativeValue };
    });
}

/**
 * Merges open orders into price levels, best first: bids by falling price, asks by rising price. Used where
 * the levels come from the subgraph (orders) rather than from IOrderBook.depth.
 */
export function levelsFromOrders(orders: readonly { price: bigint; remaining: bigint }[], side: Side): PriceLevel[] {
  const byPrice = new Map<bigint, PriceLevel>();
  for (const order of orders) {
    if (order.remaining <= 0n) continue;
    const level = byPrice.get(order.price) ?? { price: order.price, shares: 0n, orders: 0 };
    level.shares += order.remaining;
    level.orders += 1;
    byPrice.set(order.price, level);
  }
  return [...byPrice.values()].sort((a, b) => (side === "Buy" ? cmp(b.price, a.price) : cmp(a.price, b.price)));
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Spread {
  /** Ask − bid, stablecoin units. */
  absolute: bigint;
  /** (bid + ask) / 2, rounded down. */
  mid: bigint;
  /** Spread relative to the mid price (0.04 = 4 %). */
  relative: number;
}

/** The spread between the best bid and best ask; null when a side is empty (the contract returns price 0). */
export function computeSpread(bestBid: bigint, bestAsk: bigint): Spread | null {
  if (bestBid <= 0n || bestAsk <= 0n) return null;
  const absolute = bestAsk - bestBid;
  const mid = (bestBid + bestAsk) / 2n;
  return { absolute, mid, relative: mid === 0n ? 0 : Number(absolute) / Number(mid) };
}

/** The taker fee on a trade of `value`, rounded down (OrderBook._feeFor). */
export function feeFor(value: bigint, feeBps: number | bigint): bigint {
  return (value * BigInt(feeBps)) / BPS;
}

export interface FillEstimate {
  /** Shares that the visible book can fill. */
  shares: bigint;
  /** Shares left over when the visible book is too thin. */
  unfilled: bigint;
  /** Sum of price × shares over the fills, at the makers' prices. */
  value: bigint;
  /** Fee the taker pays: at most this (the contract rounds per resting order, this rounds per level). */
  fee: bigint;
  /** value / shares, rounded down; 0 when nothing fills. */
  averagePrice: bigint;
  /** The last (worst) price met. */
  worstPrice: bigint;
}

/**
 * What an order for `shares` would fill against the other side's levels (best first) up to `limit`
 * (undefined: no limit, a market order).
 */
export function estimateFill(opposite: readonly PriceLevel[], side: Side, shares: bigint, feeBps: number | bigint, limit?: bigint): FillEstimate {
  let remaining = shares;
  let value = 0n;
  let fee = 0n;
  let worstPrice = 0n;
  for (const level of opposite) {
    if (remaining === 0n) break;
    if (limit !== undefined && (side === "Buy" ? level.price > limit : level.price < limit)) break;
    const take = level.shares < remaining ? level.shares : remaining;
    const levelValue = level.price * take;
    value += levelValue;
    fee += feeFor(levelValue, feeBps);
    worstPrice = level.price;
    remaining -= take;
  }
  const filled = shares - remaining;
  return { shares: filled, unfilled: remaining, value, fee, averagePrice: filled === 0n ? 0n : value / filled, worstPrice };
}

/**
 * The limit a market order is sent with: the worst price the visible book needs, moved by the slippage
 * tolerance (basis points) so that orders arriving before ours do not make it fail, never below one unit.
 */
export function marketLimit(worstPrice: bigint, side: Side, slippageBps: number): bigint {
  const moved = (worstPrice * BigInt(slippageBps)) / BPS;
  const limit = side === "Buy" ? worstPrice + moved : worstPrice - moved;
  return limit > 0n ? limit : 1n;
}

/**
 * The most stablecoin a buy order can pull from the wallet: price × shares (escrow or payment at the
 * makers' lower prices) plus the fee on all of it if it all fills at once. This is what must be approved.
 */
export function maxBuyCost(limitPrice: bigint, shares: bigint, feeBps: number | bigint): bigint {
  const value = limitPrice * shares;
  return value + feeFor(value, feeBps);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** A price typed by the user ("152.5") in stablecoin units; a sentence when it is not a positive amount. */
export function parsePrice(input: string, decimals: number): ParseResult<bigint> {
  const text = input.trim().replace(",", ".");
  if (text === "") return { ok: false, error: "Enter a price per share." };
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, error: "Enter the price as a number, for example 152.50." };
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > decimals) return { ok: false, error: `The price can have at most ${decimals} decimals.` };
  const value = parseUnits(text, decimals);
  if (value <= 0n) return { ok: false, error: "The price must be above zero." };
  if (value >= 2n ** 128n) return { ok: false, error: "The price is too large." };
  return { ok: true, value };
}

/** A whole number of shares typed by the user. */
export function parseShares(input: string): ParseResult<bigint> {
  const text = input.trim();
  if (text === "") return { ok: false, error: "Enter a number of shares." };
  if (!/^\d+$/.test(text)) return { ok: false, error: "Shares are whole numbers." };
  const value = BigInt(text);
  if (value <= 0n) return { ok: false, error: "Enter at least one share." };
  if (value >= 2n ** 64n) return { ok: false, error: "That is more shares than any asset has." };
  return { ok: true, value };
}

/** Subgraph query: the tradable assets for the selector, with their market summary. */
export const TRADE_ASSETS_QUERY = /* GraphQL */ `
  query TradeAssets {
    assets(where: { status: Active }, orderBy: tradeVolume, orderDirection: desc, first: 100) {
      id
      name
      technology
      country
      totalShares
      lastPrice
      tradeCount
      tradeVolume
    }
  }
`;

export interface TradeAsset {
  id: string;
  name: string;
  technology: string;
  country: number;
  totalShares: string;
  lastPrice: string | null;
  tradeCount: number;
  tradeVolume: string;
}

/** Subgraph query: the asset's recent trades and the connected account's orders and trades on it. */
export const MARKET_ACTIVITY_QUERY = /* GraphQL */ `
  query MarketActivity($asset: String!, $account: Bytes!) {
    trades(where: { asset: $asset }, orderBy: timestamp, orderDirection: desc, first: 25) {
      ...TradeFields
    }
    myOrders: orders(where: { asset: $asset, owner: $account }, orderBy: createdAt, orderDirection: desc, first: 50) {
      id
      side
      price
      shares
      remaining
      filled
      status
      cancelReason
      createdAt
    }
    asMaker: trades(where: { asset: $asset, maker: $account }, orderBy: timestamp, orderDirection: desc, first: 25) {
      ...TradeFields
    }
    asTaker: trades(where: { asset: $asset, taker: $account }, orderBy: timestamp, orderDirection: desc, first: 25) {
      ...TradeFields
    }
  }
  fragment TradeFields on Trade {
    id
    maker { id }
    taker { id }
    takerSide
    price
    shares
    value
    fee
    timestamp
    transactionHash
  }
`;

export interface SubgraphTrade {
  id: string;
  maker: { id: string };
  taker: { id: string };
  takerSide: Side;
  price: string;
  shares: string;
  value: string;
  fee: string;
  timestamp: string;
  transactionHash: string;
}

export interface SubgraphOrder {
  id: string;
  side: Side;
  price: string;
  shares: string;
  remaining: string;
  filled: string;
  status: "Open" | "Filled" | "Cancelled";
  cancelReason: string | null;
  createdAt: string;
}

export interface MarketActivity {
  trades: SubgraphTrade[];
  myOrders: SubgraphOrder[];
  asMaker: SubgraphTrade[];
  asTaker: SubgraphTrade[];
}

/** The account's trades (as maker or taker), newest first, once each. */
export function mergeMyTrades(asMaker: readonly SubgraphTrade[], asTaker: readonly SubgraphTrade[]): SubgraphTrade[] {
  const byId = new Map<string, SubgraphTrade>();
  for (const trade of [...asMaker, ...asTaker]) byId.set(trade.id, trade);
  return [...byId.values()].sort((a, b) => cmp(BigInt(b.timestamp), BigInt(a.timestamp)));
}

/** Which side the account was on in a trade: the taker's side, or the opposite when it was the maker. */
export function sideInTrade(trade: SubgraphTrade, account: string): Side {
  const isTaker = trade.taker.id.toLowerCase() === account.toLowerCase();
  if (isTaker) return trade.takerSide;
  return trade.takerSide === "Buy" ? "Sell" : "Buy";
}

export interface PlacementSummary {
  orderId: bigint | null;
  filledShares: bigint;
  value: bigint;
  fee: bigint;
  /** Shares left resting on the book under `orderId`. */
  restingShares: bigint;
  /** Shares of this order cancelled at once (immediate-or-cancel remainder, fill limit). */
  cancelledShares: bigint;
}

interface PlacementEvent {
  eventName: string;
  args: Record<string, unknown>;
}

/**
 * What a confirmed placeOrder/modifyOrder did, from its OrderBook events: the new order's id, its trades
 * (as taker) and whether a remainder rests or was cancelled.
 */
export function summarizePlacement(events: readonly PlacementEvent[]): PlacementSummary {
  const placed = [...events].reverse().find((event) => event.eventName === "OrderPlaced");
  const orderId = placed ? (placed.args.orderId as bigint) : null;
  let filledShares = 0n;
  let value = 0n;
  let fee = 0n;
  let cancelledShares = 0n;
  for (const event of events) {
    if (event.eventName === "Trade" && event.args.takerOrderId === orderId) {
      const shares = BigInt(event.args.shares as bigint);
      filledShares += shares;
      value += (event.args.price as bigint) * shares;
      fee += event.args.fee as bigint;
    }
    if (event.eventName === "OrderCancelled" && event.args.orderId === orderId) cancelledShares += BigInt(event.args.sharesLeft as bigint);
  }
  const placedShares = placed ? BigInt(placed.args.shares as bigint) : 0n;
  const restingShares = placedShares - filledShares - cancelledShares;
  return { orderId, filledShares, value, fee, restingShares: restingShares > 0n ? restingShares : 0n, cancelledShares };
}
