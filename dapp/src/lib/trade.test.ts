import { describe, expect, it } from "vitest";
import {
  aggregateDepth, computeSpread, estimateFill, feeFor, levelsFromOrders, marketLimit, maxBuyCost, mergeMyTrades, parsePrice, parseShares, summarizePlacement,
  sideInTrade, type PriceLevel, type SubgraphTrade,
} from "./trade";

const eur = (value: number) => BigInt(Math.round(value * 1_000_000));
// The seeded wind book: asks from €155, bids up to €149.
const asks: PriceLevel[] = [
  { price: eur(155), shares: 40n, orders: 1 },
  { price: eur(158), shares: 200n, orders: 1 },
  { price: eur(160), shares: 120n, orders: 1 },
  { price: eur(165), shares: 75n, orders: 1 },
];
const bids: PriceLevel[] = [
  { price: eur(149), shares: 80n, orders: 1 },
  { price: eur(147), shares: 120n, orders: 1 },
  { price: eur(145), shares: 50n, orders: 1 },
];

describe("aggregateDepth", () => {
  it("adds running share and value totals, best level first", () => {
    const depth = aggregateDepth(asks);
    expect(depth.map((p) => p.cumulativeShares)).toEqual([40n, 240n, 360n, 435n]);
    expect(depth[1]!.cumulativeValue).toBe(eur(155) * 40n + eur(158) * 200n);
    expect(depth[3]!.cumulativeValue).toBe(eur(155) * 40n + eur(158) * 200n + eur(160) * 120n + eur(165) * 75n);
  });
  it("skips empty levels and returns nothing for an empty side", () => {
    expect(aggregateDepth([{ price: 1n, shares: 0n, orders: 0 }])).toEqual([]);
    expect(aggregateDepth([])).toEqual([]);
  });
});

describe("levelsFromOrders", () => {
  it("merges orders at one price and sorts bids down, asks up", () => {
    const orders = [
      { price: eur(147), remaining: 20n },
      { price: eur(149), remaining: 80n },
      { price: eur(147), remaining: 100n },
      { price: eur(150), remaining: 0n },
    ];
    expect(levelsFromOrders(orders, "Buy")).toEqual([
      { price: eur(149), shares: 80n, orders: 1 },
      { price: eur(147), shares: 120n, orders: 2 },
    ]);
    expect(levelsFromOrders(orders, "Sell").map((l) => l.price)).toEqual([eur(147), eur(149)]);
  });
});

describe("computeSpread", () => {
  it("is ask minus bid, relative to the mid price", () => {
    const spread = computeSpread(eur(149), eur(155))!;
    expect(spread.absolute).toBe(eur(6));
    expect(spread.mid).toBe(eur(152));
    expect(spread.relative).toBeCloseTo(6 / 152, 6);
  });
  it("is null when either side is empty (the contract answers price 0)", () => {
    expect(computeSpread(0n, eur(155))).toBeNull();
    expect(computeSpread(eur(149), 0n)).toBeNull();
  });
});

describe("feeFor", () => {
  it("rounds down like OrderBook._feeFor", () => {
    expect(feeFor(eur(152) * 150n, 40)).toBe(91_200_000n); // 0.40 % of €22,800
    expect(feeFor(249n, 40)).toBe(0n);
    expect(feeFor(251n, 40)).toBe(1n);
    expect(feeFor(eur(100), 0)).toBe(0n);
  });
});

describe("estimateFill", () => {
  it("walks the asks for a market buy and sums value and fee per level", () => {
    const fill = estimateFill(asks, "Buy", 100n, 40);
    expect(fill.shares).toBe(100n);
    expect(fill.unfilled).toBe(0n);
    expect(fill.value).toBe(eur(155) * 40n + eur(158) * 60n);
    expect(fill.fee).toBe(feeFor(eur(155) * 40n, 40) + feeFor(eur(158) * 60n, 40));
    expect(fill.worstPrice).toBe(eur(158));
    expect(fill.averagePrice).toBe(fill.value / 100n);
  });
  it("stops at the limit and reports what stays unfilled", () => {
    const fill = estimateFill(asks, "Buy", 100n, 40, eur(156));
    expect(fill.shares).toBe(40n);
    expect(fill.unfilled).toBe(60n);
  });
  it("walks the bids downwards for a sell with a limit", () => {
    const fill = estimateFill(bids, "Sell", 250n, 50, eur(147));
    expect(fill.shares).toBe(200n);
    expect(fill.worstPrice).toBe(eur(147));
  });
  it("fills nothing on an empty book", () => {
    expect(estimateFill([], "Sell", 10n, 40)).toMatchObject({ shares: 0n, unfilled: 10n, value: 0n, averagePrice: 0n });
  });
});

describe("marketLimit and maxBuyCost", () => {
  it("moves the limit by the slippage tolerance in the order's disfavour", () => {
    expect(marketLimit(eur(158), "Buy", 200)).toBe(eur(158) + eur(3.16));
    expect(marketLimit(eur(147), "Sell", 200)).toBe(eur(147) - eur(2.94));
    expect(marketLimit(1n, "Sell", 10_000)).toBe(1n);
  });
  it("covers value plus the fee on all of it", () => {
    expect(maxBuyCost(eur(150), 10n, 40)).toBe(eur(1500) + eur(6));
  });
});

describe("parsePrice and parseShares", () => {
  it("accepts decimals up to the token's and a comma separator", () => {
    expect(parsePrice("152.5", 6)).toEqual({ ok: true, value: eur(152.5) });
    expect(parsePrice("152,25", 6)).toEqual({ ok: true, value: eur(152.25) });
  });
  it("refuses empty, negative, zero, too precise and non-numeric prices with a sentence", () => {
    for (const input of ["", "-1", "0", "0.0000001", "abc", "1e3"]) {
      const parsed = parsePrice(input, 6);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/\.$/);
    }
  });
  it("takes whole shares only", () => {
    expect(parseShares("40")).toEqual({ ok: true, value: 40n });
    expect(parseShares("1.5").ok).toBe(false);
    expect(parseShares("0").ok).toBe(false);
    expect(parseShares("").ok).toBe(false);
  });
});

describe("my trades", () => {
  const trade = (id: string, maker: string, taker: string, timestamp: string): SubgraphTrade => ({
    id, maker: { id: maker }, taker: { id: taker }, takerSide: "Buy", price: "1", shares: "1", value: "1", fee: "0", timestamp, transactionHash: "0x",
  });
  it("merges maker and taker trades once each, newest first", () => {
    const a = trade("a", "0xme", "0xyou", "10");
    const b = trade("b", "0xyou", "0xme", "20");
    expect(mergeMyTrades([a], [b, a]).map((t) => t.id)).toEqual(["b", "a"]);
  });
  it("gives the maker the side opposite the taker's", () => {
    const t = trade("a", "0xMe", "0xyou", "10");
    expect(sideInTrade(t, "0xme")).toBe("Sell");
    expect(sideInTrade(t, "0xYOU")).toBe("Buy");
  });
});

describe("summarizePlacement", () => {
  it("sums the new order's taker trades and what rests", () => {
    const events = [
      { eventName: "OrderCancelled", args: { orderId: 5n, sharesLeft: 10n } }, // the replaced order
      { eventName: "OrderPlaced", args: { orderId: 9n, shares: 100n } },
      { eventName: "Trade", args: { takerOrderId: 9n, price: eur(155), shares: 40n, fee: 24_800_000n } },
      { eventName: "Trade", args: { takerOrderId: 9n, price: eur(158), shares: 20n, fee: 12_640_000n } },
    ];
    const summary = summarizePlacement(events);
    expect(summary).toEqual({
      orderId: 9n, filledShares: 60n, value: eur(155) * 40n + eur(158) * 20n, fee: 37_440_000n, restingShares: 40n, cancelledShares: 0n,
    });
  });
  it("counts an immediate-or-cancel remainder as cancelled, not resting", () => {
    const events = [
      { eventName: "OrderPlaced", args: { orderId: 3n, shares: 50n } },
      { eventName: "Trade", args: { takerOrderId: 3n, price: eur(149), shares: 30n, fee: 0n } },
      { eventName: "OrderCancelled", args: { orderId: 3n, sharesLeft: 20n } },
    ];
    expect(summarizePlacement(events)).toMatchObject({ filledShares: 30n, restingShares: 0n, cancelledShares: 20n });
  });
});
