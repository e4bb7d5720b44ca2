"use client";
import type { DepthPoint, Spread } from "@/lib/trade";
import { formatCurrency, formatNumber, formatPercent } from "@/lib/format";

interface Props {
  bids: readonly DepthPoint[];
  asks: readonly DepthPoint[];
  spread: Spread | null;
  decimals: number;
  /** Clicking a level copies its price into the order form. */
  onPickPrice?: (price: bigint) => void;
}

/** The ladder: asks from worst to best above the spread, bids from best to worst below it. */
export function OrderLadder({ bids, asks, spread, decimals, onPickPrice }: Props) {
  const money = (value: bigint) => formatCurrency(value, decimals);
  const row = (point: DepthPoint, side: "bid" | "ask") => (
    <tr key={`${side}-${point.price}`} data-testid={`${side}-level`} data-price={point.price.toString()} data-shares={point.shares.toString()}>
      <td className="py-1 pr-2">
        <button
          type="button"
          className={`tabular-nums font-semibold hover:underline ${side === "bid" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
          onClick={() => onPickPrice?.(point.price)}
          aria-label={`Use price ${money(point.price)}`}
        >
          {money(point.price)}
        </button>
      </td>
      <td className="py-1 pr-2 text-right tabular-nums">{formatNumber(point.shares)}</td>
      <td className="py-1 pr-2 text-right tabular-nums muted">{formatNumber(point.cumulativeShares)}</td>
      <td className="py-1 text-right tabular-nums muted hidden sm:table-cell">{point.orders}</td>
    </tr>
  );
  return (
    <table className="w-full text-sm" data-testid="order-ladder">
      <caption className="sr-only">Order book: asks above the spread, bids below</caption>
      <thead>
        <tr className="muted text-left text-xs">
          <th scope="col" className="pb-1 font-medium">Price</th>
          <th scope="col" className="pb-1 text-right font-medium">Shares</th>
          <th scope="col" className="pb-1 text-right font-medium">Total</th>
          <th scope="col" className="pb-1 text-right font-medium hidden sm:table-cell">Orders</th>
        </tr>
      </thead>
      <tbody>
        {asks.length === 0 && (
          <tr><td colSpan={4} className="muted py-2 text-center text-xs">No sell orders</td></tr>
        )}
        {[...asks].reverse().map((point) => row(point, "ask"))}
        <tr className="border-y border-stone-200 dark:border-stone-800" data-testid="spread-row">
          <td colSpan={4} className="py-1.5 text-center text-xs font-medium">
            {spread ? `Spread ${money(spread.absolute)} (${formatPercent(spread.relative, { maximumFractionDigits: 2 })})` : "No spread: one side of the book is empty"}
          </td>
        </tr>
        {bids.map((point) => row(point, "bid"))}
        {bids.length === 0 && (
          <tr><td colSpan={4} className="muted py-2 text-center text-xs">No buy orders</td></tr>
        )}
      </tbody>
    </table>
  );
}
