import { formatCurrency, formatDate, formatEnergyKWh, formatNumber } from "@/lib/format";
import type { DepositRow, SettlementRow } from "@/lib/asset-page";
import { ScrollTable, Section, TD, TH } from "./section";

/** Revenue deposited for holders (RevenueDistributor) and the settlement statement behind each. */
export function DistributionsSection({ deposits, settlements, decimals, totals }: {
  deposits: DepositRow[];
  settlements: SettlementRow[];
  decimals: number;
  totals: { deposited: bigint; claimed: bigint; reinvested: bigint };
}) {
  const money = (value: string | bigint) => formatCurrency(BigInt(value), decimals);
  return (
    <Section id="distributions" title="Distributions">
      <dl className="grid grid-cols-3 gap-3 text-sm">
        <div><dt className="muted text-xs">Distributed to holders</dt><dd className="font-semibold tabular-nums" data-testid="revenue-deposited">{money(totals.deposited)}</dd></div>
        <div><dt className="muted text-xs">Claimed</dt><dd className="font-semibold tabular-nums">{money(totals.claimed)}</dd></div>
        <div><dt className="muted text-xs">Reinvested</dt><dd className="font-semibold tabular-nums">{money(totals.reinvested)}</dd></div>
      </dl>
      {settlements.length > 0 && (
        <ScrollTable caption="Settled production periods">
          <thead>
            <tr>
              <th scope="col" className={TH}>Period</th>
              <th scope="col" className={`${TH} text-right`}>Energy</th>
              <th scope="col" className={`${TH} text-right`}>Price</th>
              <th scope="col" className={`${TH} text-right`}>Gross</th>
              <th scope="col" className={`${TH} text-right`}>Expenses</th>
              <th scope="col" className={`${TH} text-right`}>Fee</th>
              <th scope="col" className={`${TH} text-right`}>To holders</th>
            </tr>
          </thead>
          <tbody data-testid="settlement-rows">
            {settlements.map((s) => (
              <tr key={s.id}>
                <td className={TD}>{formatDate(BigInt(s.periodStart))} – {formatDate(BigInt(s.periodEnd))}</td>
                <td className={`${TD} text-right tabular-nums`}>{formatEnergyKWh(Number(BigInt(s.energyWh) / 1000n))}</td>
                <td className={`${TD} text-right tabular-nums`}>{formatNumber(Number(s.priceAnswer) / 10 ** s.priceDecimals)} €/MWh</td>
                <td className={`${TD} text-right tabular-nums`}>{money(s.gross)}</td>
                <td className={`${TD} text-right tabular-nums`}>{money(s.expenses)}</td>
                <td className={`${TD} text-right tabular-nums`}>{money(s.platformFee)}</td>
                <td className={`${TD} text-right font-semibold tabular-nums`}>{money(s.net)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {deposits.length === 0 ? (
        <p className="muted text-sm">No revenue has been distributed yet.</p>
      ) : (
        <ScrollTable caption="Revenue deposits">
          <thead>
            <tr>
              <th scope="col" className={TH}>Date</th>
              <th scope="col" className={TH}>Distribution</th>
              <th scope="col" className={`${TH} text-right`}>Amount</th>
              <th scope="col" className={`${TH} text-right`}>Per share</th>
            </tr>
          </thead>
          <tbody>
            {deposits.map((d) => (
              <tr key={d.id}>
                <td className={TD}>{formatDate(BigInt(d.timestamp), { withTime: true })}</td>
                <td className={TD}>#{d.distributionId}</td>
                <td className={`${TD} text-right tabular-nums`}>{money(d.amount)}</td>
                <td className={`${TD} text-right tabular-nums`}>
                  {BigInt(d.sharesOutstanding) > 0n ? formatCurrency(BigInt(d.amount) / BigInt(d.sharesOutstanding), decimals, { maximumFractionDigits: 4 }) : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </Section>
  );
}
