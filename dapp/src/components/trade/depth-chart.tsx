"use client";
import { useId } from "react";
import type { DepthPoint } from "@/lib/trade";
import { formatCurrency, formatNumber } from "@/lib/format";

interface Props {
  bids: readonly DepthPoint[];
  asks: readonly DepthPoint[];
  decimals: number;
}

const WIDTH = 600;
const HEIGHT = 200;
const PAD = { left: 8, right: 8, top: 12, bottom: 24 };

/**
 * Cumulative depth as two step areas meeting at the spread: bids (green) accumulate leftwards from the best
 * bid, asks (red) rightwards from the best ask. Hand-made SVG; a text summary serves screen readers.
 */
export function DepthChart({ bids, asks, decimals }: Props) {
  const titleId = useId();
  if (bids.length === 0 && asks.length === 0) return null;
  const prices = [...bids, ...asks].map((p) => Number(p.price));
  // A margin of 5 % of the price range on each side keeps the outermost levels' steps visible.
  const margin = Math.max((Math.max(...prices) - Math.min(...prices)) * 0.05, 1);
  const minPrice = Math.max(Math.min(...prices) - margin, 0);
  const maxPrice = Math.max(...prices) + margin;
  const span = maxPrice - minPrice;
  const maxDepth = Math.max(Number(bids.at(-1)?.cumulativeShares ?? 0n), Number(asks.at(-1)?.cumulativeShares ?? 0n), 1);
  const x = (price: number) => PAD.left + ((price - minPrice) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (shares: number) => HEIGHT - PAD.bottom - (shares / maxDepth) * (HEIGHT - PAD.top - PAD.bottom);
  const base = y(0);

  // A step path: at each level the depth jumps to its cumulative total, held until the next (worse) level.
  const stepPath = (points: readonly DepthPoint[], edge: number) => {
    if (points.length === 0) return "";
    let d = `M ${x(Number(points[0]!.price))} ${base}`;
    let previous = 0;
    for (const point of points) {
      const px = x(Number(point.price));
      d += ` L ${px} ${y(previous)} L ${px} ${y(Number(point.cumulativeShares))}`;
      previous = Number(point.cumulativeShares);
    }
    d += ` L ${edge} ${y(previous)} L ${edge} ${base} Z`;
    return d;
  };
  const summary =
    `Bids: ${formatNumber(bids.at(-1)?.cumulativeShares ?? 0n)} shares down to ${bids.length ? formatCurrency(bids.at(-1)!.price, decimals) : "none"}. ` +
    `Asks: ${formatNumber(asks.at(-1)?.cumulativeShares ?? 0n)} shares up to ${asks.length ? formatCurrency(asks.at(-1)!.price, decimals) : "none"}.`;

  return (
    <figure className="w-full" data-testid="depth-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-48 w-full" role="img" aria-labelledby={titleId} preserveAspectRatio="none">
        <title id={titleId}>{`Order book depth. ${summary}`}</title>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={base} y2={base} className="stroke-stone-300 dark:stroke-stone-700" />
        <path d={stepPath(bids, PAD.left)} className="fill-emerald-500/25 stroke-emerald-600" strokeWidth={1.5} />
        <path d={stepPath(asks, WIDTH - PAD.right)} className="fill-red-500/20 stroke-red-600" strokeWidth={1.5} />
      </svg>
      <figcaption className="muted flex justify-between text-xs tabular-nums">
        <span>{formatCurrency(BigInt(Math.round(minPrice)), decimals)}</span>
        <span>{formatNumber(maxDepth)} shares max depth</span>
        <span>{formatCurrency(BigInt(Math.round(maxPrice)), decimals)}</span>
      </figcaption>
    </figure>
  );
}
