"use client";
import Link from "next/link";
import { useState } from "react";
import { formatCo2 } from "@/lib/impact";
import { useCertificateSource, useRetirement } from "@/lib/impact-hooks";
import { formatDate, formatNumber, shortAddress } from "@/lib/format";
import { transactionUrl } from "@/lib/chain";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { EmptyState, ErrorState, LoadingGrid, Notice } from "../states";

/** A printable, shareable record of one retirement (the subgraph's CertificateRetirement, from the CertificatesRetired event). */
export function RetirementCertificate({ retirementId: param }: { retirementId: string }) {
  const retirementId = /^\d{1,30}$/.test(param) ? BigInt(param) : null;
  const config = useRuntimeConfig();
  const source = useCertificateSource();
  const lookup = useRetirement(retirementId);
  const [copied, setCopied] = useState(false);

  if (retirementId === null) return <EmptyState title="No such retirement">The link names no retirement number.</EmptyState>;
  if (!source) return <EmptyState title="No certificates on this deployment">It has no EnergyCertificate contract, so there are no retirements.</EmptyState>;
  if (lookup.state === "loading") return <LoadingGrid count={1} label="Loading the retirement" />;
  if (lookup.state === "error") return <ErrorState title="The retirement could not be loaded" message={lookup.error.message} onRetry={lookup.retry} />;
  if (lookup.state === "indexing") return <Notice>Retirement #{retirementId.toString()} is confirmed on chain and being indexed; its certificate shows here in a moment.</Notice>;
  if (lookup.state === "missing") return <EmptyState title={`Retirement #${retirementId} not found`}>No retirement with this number exists on this deployment.</EmptyState>;

  const retirement = lookup.retirement;
  const period = retirement.certificate;
  const url = transactionUrl(config, retirement.transactionHash);
  const share = async () => {
    const href = window.location.href;
    if (navigator.share) await navigator.share({ title: "CoWatt retirement certificate", url: href }).catch(() => undefined);
    else {
      await navigator.clipboard.writeText(href);
      setCopied(true);
    }
  };

  return (
    <article className="card mx-auto flex max-w-3xl flex-col gap-6 p-6 print:border-0 print:shadow-none sm:p-10" aria-labelledby="certificate-title" data-testid="retirement-certificate">
      <header className="flex flex-col gap-1 border-b border-stone-200 pb-4 dark:border-stone-800">
        <p className="muted text-sm uppercase tracking-wide">CoWatt energy attribute certificate retirement</p>
        <h1 id="certificate-title" className="text-2xl font-bold sm:text-3xl">Retirement #{retirement.retirementId.toString()}</h1>
      </header>
      <p className="text-lg">
        <strong data-testid="retired-amount">{formatNumber(retirement.amount)} kWh</strong> of renewable electricity from{" "}
        <strong>{period.assetName}</strong> were retired on behalf of{" "}
        <strong data-testid="retired-beneficiary">{retirement.beneficiary}</strong>, avoiding{" "}
        <strong data-testid="retired-co2">{formatCo2(retirement.co2AvoidedGrams)}</strong>.
      </p>
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        <Row term="Purpose" value={retirement.purpose || "Not stated"} testId="retired-purpose" />
        <Row term="Retired on" value={formatDate(retirement.timestamp, { withTime: true })} />
        <Row term="Production period" value={period.start !== null && period.end !== null ? `${formatDate(period.start, { withTime: true })} – ${formatDate(period.end, { withTime: true })} (period ${period.periodId})` : `Period ${period.periodId}`} />
        <Row term="Emission factor" value={`${period.emissionFactorGPerKWh} g CO₂/kWh`} />
        <Row term="Certificate id" value={period.id.toString()} mono />
        <Row term="Holder" value={shortAddress(retirement.account)} mono />
        <Row term="Retired by" value={shortAddress(retirement.retiredBy)} mono />
        <Row term="Transaction" value={shortAddress(retirement.transactionHash)} mono href={url ?? undefined} />
        <Row term="Contract" value={shortAddress(source.address)} mono />
      </dl>
      <p className="muted text-xs">1 certificate = 1 kWh of metered, oracle-verified production. Retired certificates are burned and can never be claimed again. Anyone can verify this record from the CertificatesRetired event of the contract above.</p>
      <div className="flex flex-wrap gap-3 print:hidden">
        <button type="button" className="btn-primary" onClick={() => window.print()}>Print or save as PDF</button>
        <button type="button" className="btn-secondary" onClick={() => void share()}>{copied ? "Link copied" : "Share link"}</button>
        <Link href="/impact" className="btn-secondary">Back to impact</Link>
      </div>
    </article>
  );
}

function Row({ term, value, mono, href, testId }: { term: string; value: string; mono?: boolean; href?: string; testId?: string }) {
  return (
    <div>
      <dt className="muted">{term}</dt>
      <dd className={mono ? "font-mono" : undefined} data-testid={testId}>{href ? <a className="underline" href={href}>{value}</a> : value}</dd>
    </div>
  );
}
