"use client";
import { useMemo } from "react";
import { earningsCsv, EARNINGS_QUERY, monthlyEarnings, toEarningEvents, type SubgraphClaim, type SubgraphReinvestment } from "@/lib/portfolio-earnings";
import { formatCurrency, formatDate } from "@/lib/format";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { BarChart } from "../asset/charts";
import { ScrollTable, Section, TD, TH } from "../asset/section";

/** Revenue received (claimed or reinvested) per month, the list behind it, and a CSV download of that list. */
export function EarningsSection({ account, decimals, currency }: { account: string; decimals: number; currency: string }) {
  const query = useSubgraphQuery<{ revenueClaims: SubgraphClaim[]; reinvestments: SubgraphReinvestment[] }>("earnings", EARNINGS_QUERY, { holder: account.toLowerCase() }, { refetchInterval: 30_000 });
  const events = useMemo(() => (query.data ? toEarningEvents(query.data.revenueClaims, query.data.reinvestments) : []), [query.data]);
  const months = useMemo(() => monthlyEarnings(events), [events]);
  const money = (value: bigint) => formatCurrency(value, decimals);

  function download() {
    const blob = new Blob([earningsCsv(events, decimals, currency)], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = `cowatt-earnings-${account.slice(0, 8).toLowerCase()}-${new Date().toISOString().slice(0, 10)}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }

  return (
    <Section
      id="earnings"
      title="Earnings history"
      action={<button type="button" className="btn-secondary" disabled={events.length === 0} onClick={download} data-testid="export-csv">Export CSV</button>}
    >
      {query.isPending ? (
        <p className="muted text-sm" role="status">Loading your earnings…</p>
      ) : query.error ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">{query.error.message}</p>
      ) : events.length === 0 ? (
        <p className="muted text-sm">No revenue received yet. Revenue accrues to your shares each time a period is settled; claim it or reinvest it above.</p>
      ) : (
        <>
          <BarChart
            title="Revenue received per month (claimed + reinvested)"
            valueHeader="Received"
            testId="earnings-chart"
            data={months.map((m) => ({ label: m.month, value: Number(m.claimed + m.reinvested), display: money(m.claimed + m.reinvested) }))}
          />
          <ScrollTable caption="Claims and reinvestments">
            <thead>
              <tr>
                <th scope="col" className={TH}>Date</th>
                <th scope="col" className={TH}>Asset</th>
                <th scope="col" className={TH}>Kind</th>
                <th scope="col" className={`${TH} text-right`}>Amount</th>
              </tr>
            </thead>
            <tbody data-testid="earnings-rows">
              {events.slice(0, 50).map((event) => (
                <tr key={`${event.transactionHash}-${event.kind}-${event.assetId}`}>
                  <td className={TD}>{formatDate(event.timestamp, { withTime: true })}</td>
                  <td className={TD}>{event.assetName}</td>
                  <td className={TD}>{event.kind}<span className="muted block text-xs">{event.detail}</span></td>
                  <td className={`${TD} text-right tabular-nums`}>{money(event.amount)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          {events.length > 50 && <p className="muted text-xs">The 50 latest of {events.length}; the CSV has them all.</p>}
        </>
      )}
    </Section>
  );
}
