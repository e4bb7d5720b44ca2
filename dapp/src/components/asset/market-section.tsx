import Link from "next/link";
import { orderBookDepth, type OpenOrder } from "@/lib/asset-market";
import { formatCurrency, formatDate, formatNumber } from "@/lib/format";
import type { TradeRow } from "@/lib/asset-page";
import { Section } from "./section";

/** Read-only order book depth and recent trades; trading itself happens on /trade. */
export function MarketSection({ assetId, orders, trades, decimals, lastPrice }: { assetId: string; orders: OpenOrder[]; trades: TradeRow[]; decimals: number; lastPrice: string | null }) {
  const depth = orderBookDepth(orders, 6);
  const money = (value: bigint | string) => formatCurrency(BigInt(value), decimals);
  const deepest = [...depth.bids, ...depth.asks].reduce((max, level) => (level.cumulative > max ? level.cumulative : max), 1n);
  const bar = (cumulative: bigint) => `${Number((cumulative * 1000n) / deepest) / 10}%`;
  const tradeHref = `/trade/${assetId}`;
  return (
    <Section id="market" title="Order book" action={<Link href={tradeHref} className="btn-secondary">Trade this asset</Link>}>
      <dl className="grid grid-cols-3 gap-3 text-sm">
        <div><dt className="muted text-xs">Best bid</dt><dd className="font-semibold tabular-nums" data-testid="best-bid">{depth.bids[0] ? money(depth.bids[0].price) : "—"}</dd></div>
        <div><dt className="muted text-xs">Best ask</dt><dd className="font-semibold tabular-nums" data-testid="best-ask">{depth.asks[0] ? money(depth.asks[0].price) : "—"}</dd></div>
        <div><dt className="muted text-xs">Spread</dt><dd className="font-semibold tabular-nums">{depth.spread === null ? "—" : money(depth.spread)}</dd></div>
      </dl>
      {depth.bids.length === 0 && depth.asks.length === 0 ? (
        <p className="muted text-sm">No open orders. {lastPrice ? `Last trade at ${money(lastPrice)}.` : "Shares trade here once the asset is producing."}</p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2" data-testid="depth">
          {([["Bids (buy)", depth.bids, "bg-brand-500/20"], ["Asks (sell)", depth.asks, "bg-red-500/20"]] as const).map(([title, levels, color]) => (
            <table key={title} className="w-full text-sm">
              <caption className="mb-1 text-left text-xs font-medium">{title}</caption>
              <thead className="sr-only"><tr><th scope="col">Price</th><th scope="col">Shares</th><th scope="col">Orders</th></tr></thead>
              <tbody>
                {levels.length === 0 ? (
                  <tr><td className="muted py-1 text-xs" colSpan={3}>None</td></tr>
                ) : levels.map((level) => (
                  <tr key={level.price.toString()} className="relative">
                    <td className="relative py-1 pl-2 tabular-nums">
                      <span aria-hidden="true" className={`absolute inset-y-0.5 left-0 rounded ${color}`} style={{ width: bar(level.cumulative) }} />
                      <span className="relative">{money(level.price)}</span>
                    </td>
                    <td className="py-1 text-right tabular-nums">{formatNumber(level.shares)}</td>
                    <td className="muted py-1 pl-2 text-right text-xs">{level.orders} order{level.orders === 1 ? "" : "s"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      )}
      <div>
        <h3 className="mb-1 text-sm font-medium">Recent trades</h3>
        {trades.length === 0 ? (
          <p className="muted text-sm">No trades yet.</p>
        ) : (
          <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800" data-testid="recent-trades">
            {trades.map((trade) => (
              <li key={trade.id} className="flex flex-wrap justify-between gap-2 py-1.5">
                <span className="tabular-nums">{formatNumber(BigInt(trade.shares))} × {money(trade.price)}</span>
                <span className="muted text-xs">{trade.takerSide === "Buy" ? "bought" : "sold"} · {formatDate(BigInt(trade.timestamp), { withTime: true })}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Section>
  );
}
