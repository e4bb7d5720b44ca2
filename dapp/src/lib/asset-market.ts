/** The asset page's read-only market summary: open orders grouped by price level, best levels first. */

export interface OpenOrder {
  side: "Buy" | "Sell";
  price: string;
  remaining: string;
}

export interface DepthLevel {
  price: bigint;
  shares: bigint;
  orders: number;
  /** Shares at this level and every better one (the depth curve). */
  cumulative: bigint;
}

export interface Depth {
  bids: DepthLevel[];
  asks: DepthLevel[];
  /** Best ask − best bid, when both sides have orders. */
  spread: bigint | null;
}

function levels(orders: readonly OpenOrder[], best: (a: bigint, b: bigint) => number): DepthLevel[] {
  const byPrice = new Map<bigint, { shares: bigint; orders: number }>();
  for (const order of orders) {
    const remaining = BigInt(order.remaining);
    if (remaining <= 0n) continue;
    const price = BigInt(order.price);
    const level = byPrice.get(price) ?? { shares: 0n, orders: 0 };
    level.shares += remaining;
    level.orders += 1;
    byPrice.set(price, level);
  }
  let cumulative = 0n;
  return [...byPrice.entries()]
    .sort(([a], [b]) => best(a, b))
    .map(([price, level]) => {
      cumulative += level.shares;
      return { price, shares: level.shares, orders: level.orders, cumulative };
    });
}

export function orderBookDepth(orders: readonly OpenOrder[], maxLevels = 8): Depth {
  const bids = levels(orders.filter((o) => o.side === "Buy"), (a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const asks = levels(orders.filter((o) => o.side === "Sell"), (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const spread = bids[0] && asks[0] ? asks[0].price - bids[0].price : null;
  return { bids: bids.slice(0, maxLevels), asks: asks.slice(0, maxLevels), spread };
}
