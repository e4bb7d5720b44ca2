"use client";
import Link from "next/link";
import { useState } from "react";
import { useAccount } from "wagmi";
import type { Address } from "viem";
import { co2GramsForKWh, formatCo2 } from "@/lib/impact";
import { holdingsOf, impactSummary, retirementOf, type Holding } from "@/lib/impact-certificates";
import { useCertificateSource, useImpact } from "@/lib/impact-hooks";
import { formatDate, formatEnergyKWh, formatNumber } from "@/lib/format";
import { queryOutcome } from "@/lib/service-status";
import { LoadFailedState, RefreshFailedNotice } from "../query-states";
import { EmptyState, LoadingGrid, Notice } from "../states";
import { RetireForm } from "./retire-form";

/** CO2 per asset and per user, the certificates held and retired: all from the subgraph (retiring checks the chain). */
export function ImpactDashboard() {
  const { address } = useAccount();
  const source = useCertificateSource();
  const data = useImpact(address);
  const outcome = queryOutcome(data);

  if (outcome.state === "loading") return <LoadingGrid count={3} label="Loading impact figures" />;
  if (outcome.state === "failed") return <LoadFailedState title="Impact figures could not be loaded" message={outcome.message} onRetry={() => void data.refetch()} />;

  const summary = impactSummary(outcome.data);
  const holdings = holdingsOf(outcome.data.account);
  const retirements = (outcome.data.account?.certificateRetirements ?? []).map(retirementOf);

  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-bold sm:text-3xl">Impact</h1>
        <p className="muted max-w-2xl">CO₂ kept out of the air by community-owned production: the grid emissions each kWh displaces, from every asset&apos;s emission factor. Energy certificates (1 certificate = 1 kWh) prove it, and retiring them claims it for a beneficiary.</p>
      </header>
      <RefreshFailedNotice outcome={outcome} what="The impact figures" />

      <section aria-labelledby="totals-heading" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <h2 id="totals-heading" className="sr-only">Totals</h2>
        <Stat label="CO₂ avoided by all assets" value={formatCo2(summary.platformCo2Grams)} testId="platform-co2" />
        <Stat label="Your share of it" value={address ? formatCo2(summary.yourShareCo2Grams) : "Connect to see"} testId="your-share-co2" />
        <Stat label="Certificates you hold" value={address ? (source ? `${formatNumber(summary.certificatesHeld)} kWh` : "—") : "Connect to see"} testId="certificates-held" />
        <Stat label="CO₂ you claimed by retiring" value={address && source ? formatCo2(summary.retiredCo2Grams) : "—"} testId="retired-co2" />
      </section>

      {!source && (
        <Notice tone="warn">
          This deployment has no metering contracts (ProductionOracle and EnergyCertificate), so no energy certificates exist yet.
          CO₂ figures below come from the production operators reported.
        </Notice>
      )}

      <section aria-labelledby="assets-heading" className="flex flex-col gap-3">
        <h2 id="assets-heading" className="text-xl font-semibold">CO₂ avoided per asset</h2>
        {summary.rows.length === 0 ? (
          <EmptyState title="No assets yet">Assets appear here once operators register them.</EmptyState>
        ) : (
          <div className="card overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-stone-200 dark:border-stone-800">
                <tr>
                  <th scope="col" className="p-3">Asset</th>
                  <th scope="col" className="hidden p-3 text-right sm:table-cell">Reported production</th>
                  <th scope="col" className="hidden p-3 text-right sm:table-cell">Emission factor</th>
                  <th scope="col" className="p-3 text-right">CO₂ avoided</th>
                  <th scope="col" className="p-3 text-right">Certificates</th>
                </tr>
              </thead>
              <tbody>
                {summary.rows.map((row) => (
                  <tr key={row.asset.id} data-testid="asset-impact-row" data-asset-id={row.asset.id} className="border-b border-stone-100 last:border-0 dark:border-stone-800">
                    <td className="p-3"><Link className="font-medium underline-offset-2 hover:underline" href={`/assets/${row.asset.id}`}>{row.asset.name}</Link><span className="muted block text-xs">{row.asset.technology}<span className="sm:hidden"> · {row.asset.emissionFactorGPerKWh} g CO₂/kWh</span></span></td>
                    <td className="hidden p-3 text-right tabular-nums sm:table-cell">{formatEnergyKWh(BigInt(row.asset.energyReportedWh) / 1000n)}</td>
                    <td className="hidden p-3 text-right tabular-nums sm:table-cell">{row.asset.emissionFactorGPerKWh} g/kWh</td>
                    <td className="p-3 text-right font-semibold tabular-nums" data-testid="asset-co2">{formatCo2(row.co2Grams)}</td>
                    <td className="p-3 text-right tabular-nums" data-testid="asset-certificates">
                      {row.certificatesIssued === 0n ? "—" : (
                        <>
                          {formatNumber(row.certificatesIssued)} kWh issued
                          <span className="muted block text-xs">{formatNumber(row.certificatesRetired)} retired · {formatCo2(row.retiredCo2Grams)} claimed</span>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {source && (
        <section aria-labelledby="certificates-heading" className="flex flex-col gap-3">
          <h2 id="certificates-heading" className="text-xl font-semibold">Your certificates</h2>
          {!address ? (
            <p className="muted">Connect your wallet to see the certificates you hold.</p>
          ) : holdings.length === 0 ? (
            <EmptyState title="No certificates yet">Certificates are issued to an asset&apos;s operator for each verified production period; you can receive them by transfer.</EmptyState>
          ) : (
            <CertificateList holdings={holdings} account={address} />
          )}
        </section>
      )}

      {source && address && (
        <section aria-labelledby="retirements-heading" className="flex flex-col gap-3">
          <h2 id="retirements-heading" className="text-xl font-semibold">Your retirements</h2>
          {retirements.length === 0 ? (
            <p className="muted">You have not retired certificates yet.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {retirements.map((retirement) => (
                <li key={retirement.retirementId.toString()} className="card flex flex-wrap items-center justify-between gap-2 p-4" data-testid="retirement-row">
                  <span>
                    <span className="font-medium">{formatNumber(retirement.amount)} kWh of {retirement.certificate.assetName} for {retirement.beneficiary}</span>
                    <span className="muted block text-xs">{formatDate(retirement.timestamp)} · {formatCo2(retirement.co2AvoidedGrams)}</span>
                  </span>
                  <Link className="btn-secondary" href={`/impact/retirements/${retirement.retirementId}`}>Certificate #{retirement.retirementId.toString()}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="card p-4">
      <p className="muted text-sm">{label}</p>
      <p className="mt-1 text-2xl font-bold tabular-nums" data-testid={testId}>{value}</p>
    </div>
  );
}

function CertificateList({ holdings, account }: { holdings: Holding[]; account: Address }) {
  const [open, setOpen] = useState<string | null>(null);
  const [retired, setRetired] = useState<bigint | null>(null);
  return (
    <>
    {retired !== null && (
      <div role="status" className="flex flex-wrap items-center gap-3 rounded-xl bg-emerald-50 p-3 text-sm text-emerald-950 dark:bg-emerald-950/40 dark:text-emerald-100">
        Retired. <Link className="btn-primary" href={`/impact/retirements/${retired}`} data-testid="retirement-link">View retirement certificate #{retired.toString()}</Link>
      </div>
    )}
    <ul className="flex flex-col gap-3">
      {holdings.map((holding) => {
        const key = holding.id.toString();
        return (
          <li key={key} className="card flex flex-col gap-3 p-4" data-testid="certificate-row" data-certificate-id={key}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div>
                <p className="font-semibold">{holding.assetName} · period {holding.periodId.toString()}</p>
                <p className="muted text-sm">{holding.start !== null && holding.end !== null ? `${formatDate(holding.start, { withTime: true })} – ${formatDate(holding.end, { withTime: true })} · ` : ""}{holding.emissionFactorGPerKWh} g CO₂/kWh</p>
              </div>
              <div className="text-right">
                <p className="text-lg font-bold tabular-nums" data-testid="certificate-balance">{formatNumber(holding.balance)} kWh</p>
                <p className="muted text-xs">{formatCo2(co2GramsForKWh(holding.balance, holding.emissionFactorGPerKWh))} · retired {formatNumber(holding.retiredByAccount)}</p>
              </div>
            </div>
            {holding.balance > 0n && (open === key ? (
              <RetireForm holding={holding} account={account} onClose={() => setOpen(null)} onRetired={(id) => { setRetired(id); setOpen(null); }} />
            ) : (
              <button type="button" className="btn-primary self-start" onClick={() => { setOpen(key); setRetired(null); }}>Retire…</button>
            ))}
          </li>
        );
      })}
    </ul>
    </>
  );
}
