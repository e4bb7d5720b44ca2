"use client";
import { sideInTrade, type SubgraphTrade } from "@/lib/trade";
import { formatCurrency, formatDate, formatNumber, shortAddress } from "@/lib/format";

interface Props {
  trades: readonly SubgraphTrade[];
  decimals: number;
  caption: string;
  /** When set, the table shows this account's side and fee instead of maker/taker. */
  account?: string;
  testId: string;
  empty: string;
}

export function TradesTable({ trades, decimals, caption, account, testId, empty }: Props) {
  if (trades.length === 0) return <p className="muted text-sm" data-testid={`${testId}-empty`}>{empty}</p>;
  const money = (value: string) => formatCurrency(BigInt(value), decimals);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="muted text-left text-xs">
            <th scope="col" className="pb-1 font-medium">Time</th>
            <th scope="col" className="pb-1 font-medium">{account ? "Side" : "Taker"}</th>
            <th scope="col" className="pb-1 text-right font-medium">Price</th>
            <th scope="col" className="pb-1 text-right font-medium">Shares</th>
            <th scope="col" className="pb-1 text-right font-medium hidden sm:table-cell">{account ? "Fee paid" : "Value"}</th>
          </tr>
        </thead>
        <tbody>
          {trades.map((trade) => {
            const side = account ? sideInTrade(trade, account) : trade.takerSide;
            const isTaker = account ? trade.taker.id.toLowerCase() === account.toLowerCase() : true;
            return (
              <tr key={trade.id} className="border-t border-stone-100 dark:border-stone-800" data-testid="trade-row">
                <td className="py-1 pr-2 whitespace-nowrap">{formatDate(BigInt(trade.timestamp), { withTime: true })}</td>
                <td className={`py-1 pr-2 font-medium ${side === "Buy" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
                  {account ? `${side === "Buy" ? "Bought" : "Sold"}${isTaker ? "" : " (maker)"}` : `${side} · ${shortAddress(trade.taker.id)}`}
                </td>
                <td className="py-1 pr-2 text-right tabular-nums">{money(trade.price)}</td>
                <td className="py-1 pr-2 text-right tabular-nums">{formatNumber(BigInt(trade.shares))}</td>
                <td className="py-1 text-right tabular-nums hidden sm:table-cell">{account ? (isTaker ? money(trade.fee) : money("0")) : money(trade.value)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
