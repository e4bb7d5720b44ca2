"use client";
import Link from "next/link";
import { useState } from "react";
import { useAccount, useReadContract } from "wagmi";
import { abis } from "@cowatt/deployments/abis";
import type { Address } from "viem";
import { co2GramsForKWh, co2GramsForWh, formatCo2 } from "@/lib/impact";
import { totalsByAsset, type Holding } from "@/lib/impact-certificates";
import { useCertificateSource, useHoldings, useIssuedPeriods, useRetirements } from "@/lib/impact-hooks";
import { formatDate, formatEnergyKWh, formatNumber } from "@/lib/format";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { EmptyState, ErrorState, LoadingGrid, Notice } from "../states";
import { RetireForm } from "./retire-form";

const IMPACT_QUERY = /* GraphQL */ `
  query Impact($account: Bytes!) {
    assets(first: 1000, orderBy: energyReportedWh, orderDirection: desc) {
      id name technology status emissionFactorGPerKWh energyReportedWh totalShares sharesOutstanding
    }
    positions(first: 1000, where: { account: $account, balance_gt: "0" }) { balance asset { id } }
  }
`;

interface ImpactAsset {
  id: string;
  name: string;
  technology: string;
  status: string;
  emissionFactorGPerKWh: string;
  energyReportedWh: string;
  totalShares: string;
  sharesOutstanding: string;
}
interface ImpactData {
  assets: ImpactAsset[];
  positions: { balance: string; asset: { id: string } }[];
}

const ZERO_ACCOUNT = "0x0000000000000000000000000000000000000000";

export function ImpactDashboard() {
  const { address } = useAccount();
  const source = useCertificateSource();
  const data = useSubgraphQuery<ImpactData>("impact", IMPACT_QUERY, { account: (address ?? ZERO_ACCOUNT).toLowerCase() });
  const periods = useIssuedPeriods();
  const holdings = useHoldings(address);
  const retirements = useRetirements({ account: address }, !!address);
  const retiredCo2 = useReadContract({
    address: source?.address, abi: abis.EnergyCertificate, functionName: "co2AvoidedGrams", args: address ? [address] : undefined,
    query: { enabled: !!source && !!address },
  });

  if (data.isPending) return <LoadingGrid count={3} label="Loading impact figures" />;
  if (data.error) return <ErrorState title="Impact figures could not be loaded" message={data.error.message} onRetry={() => void data.refetch()} />;

  const certified = totalsByAsset(periods.data ?? []);
  const rows = data.data.assets.map((asset) => ({
    asset,
    co2Grams: co2GramsForWh(BigInt(asset.energyReportedWh), BigInt(asset.emissionFactorGPerKWh)),
    certified: certified.get(asset.id),
  }));
  const platformCo2 = rows.reduce((sum, row) => sum + row.co2Grams, 0n);
  // Your share of each asset's avoided CO2: shares held ÷ total shares.
  const yourShareCo2 = data.data.positions.reduce((sum, position) => {
    const row = rows.find((candidate) => candidate.asset.id === position.asset.id);
    if (!row) return sum;
    return sum + (row.co2Grams * BigInt(position.balance)) / BigInt(row.asset.totalShares);
  }, 0n);
  const held = (holdings.data ?? []).reduce((sum, holding) => sum + holding.balance, 0n);

  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-bold sm:text-3xl">Impact</h1>
        <p className="muted max-w-2xl">CO₂ kept out of the air by community-owned production: the grid emissions each kWh displaces, from every asset's emission factor. Energy certificates (1 certificate = 1 kWh) prove it, and retiring them claims it for a beneficiary.</p>
      </header>

      <section aria-labelledby="totals-heading" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <h2 id="totals-heading" className="sr-only">Totals</h2>
        <Stat label="CO₂ avoided by all assets" value={formatCo2(platformCo2)} testId="platform-co2" />
        <Stat label="Your share of it" value={address ? formatCo2(yourShareCo2) : "Connect to see"} testId="your-share-co2" />
        <Stat label="Certificates you hold" value={address ? (source ? `${formatNumber(held)} kWh` : "—") : "Connect to see"} testId="certificates-held" />
        <Stat label="CO₂ you claimed by retiring" value={address && source ? formatCo2(retiredCo2.data ?? 0n) : "—"} testId="retired-co2" />
      </section>

      {!source && (
        <Notice tone="warn">
          This deployment has no metering contracts (ProductionOracle and EnergyCertificate), so no energy certificates exist yet.
          CO₂ figures below come from the production operators reported.
        </Notice>
      )}

      <section aria-labelledby="assets-heading" className="flex flex-col gap-3">
        <h2 id="assets-heading" className="text-xl font-semibold">CO₂ avoided per asset</h2>
        {rows.length === 0 ? (
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
                  <th scope="col" className="p-3 text-right">Certified</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ asset, co2Grams, certified: cert }) => (
                  <tr key={asset.id} data-testid="asset-impact-row" data-asset-id={asset.id} className="border-b border-stone-100 last:border-0 dark:border-stone-800">
                    <td className="p-3"><Link className="font-medium underline-offset-2 hover:underline" href={`/assets/${asset.id}`}>{asset.name}</Link><span className="muted block text-xs">{asset.technology}<span className="sm:hidden"> · {asset.emissionFactorGPerKWh} g CO₂/kWh</span></span></td>
                    <td className="hidden p-3 text-right tabular-nums sm:table-cell">{formatEnergyKWh(BigInt(asset.energyReportedWh) / 1000n)}</td>
                    <td className="hidden p-3 text-right tabular-nums sm:table-cell">{asset.emissionFactorGPerKWh} g/kWh</td>
                    <td className="p-3 text-right font-semibold tabular-nums">{formatCo2(co2Grams)}</td>
                    <td className="p-3 text-right tabular-nums">{cert ? `${formatNumber(cert.issuedKWh)} kWh · ${formatCo2(cert.certifiedCo2Grams)}` : "—"}</td>
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
          ) : holdings.isPending || periods.isPending ? (
            <LoadingGrid count={2} label="Loading your certificates" />
          ) : holdings.error || periods.error ? (
            <ErrorState title="Certificates could not be read from the chain" message={(holdings.error ?? periods.error)!.message} onRetry={() => { void periods.refetch(); void holdings.refetch(); }} />
          ) : holdings.data.length === 0 ? (
            <EmptyState title="No certificates yet">Certificates are issued to an asset&apos;s operator for each verified production period; you can receive them by transfer.</EmptyState>
          ) : (
            <CertificateList holdings={holdings.data} names={new Map(rows.map((row) => [row.asset.id, row.asset.name]))} account={address} />
          )}
        </section>
      )}

      {source && address && (
        <section aria-labelledby="retirements-heading" className="flex flex-col gap-3">
          <h2 id="retirements-heading" className="text-xl font-semibold">Your retirements</h2>
          {retirements.isPending ? <LoadingGrid count={1} label="Loading your retirements" /> : retirements.error ? (
            <ErrorState title="Retirements could not be read" message={retirements.error.message} onRetry={() => void retirements.refetch()} />
          ) : retirements.data.length === 0 ? (
            <p className="muted">You have not retired certificates yet.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {retirements.data.map((retirement) => (
                <li key={retirement.retirementId.toString()} className="card flex flex-wrap items-center justify-between gap-2 p-4" data-testid="retirement-row">
                  <span>
                    <span className="font-medium">{formatNumber(retirement.amount)} kWh for {retirement.beneficiary}</span>
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

function CertificateList({ holdings, names, account }: { holdings: Holding[]; names: Map<string, string>; account: Address }) {
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
                <p className="font-semibold">{names.get(holding.assetId.toString()) ?? `Asset #${holding.assetId}`} · period {holding.periodId.toString()}</p>
                <p className="muted text-sm">{formatDate(holding.start, { withTime: true })} – {formatDate(holding.end, { withTime: true })} · {holding.emissionFactorGPerKWh} g CO₂/kWh</p>
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
