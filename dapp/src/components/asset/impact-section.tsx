"use client";
import Link from "next/link";
import { ASSET_CERTIFICATES_QUERY, type CertificatesData } from "@/lib/asset-page";
import { co2AvoidedGrams, formatCo2 } from "@/lib/asset-production";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { formatDate, formatNumber } from "@/lib/format";
import { Section } from "./section";

/**
 * Energy certificates and CO2 avoided. Certificates come from the metering part of the subgraph; a subgraph
 * without it still gives the CO2 avoided by the reported production at the asset's emission factor.
 */
export function ImpactSection({ assetId, energyReportedWh, emissionFactor }: { assetId: string; energyReportedWh: bigint; emissionFactor: bigint }) {
  const certificates = useSubgraphQuery<CertificatesData>("asset-certificates", ASSET_CERTIFICATES_QUERY, { id: assetId, asset: assetId }, { refetchInterval: 30_000, retry: 0 });
  const indexed = certificates.data?.asset ?? null;
  // Reported production plus, when the metering entities are indexed, the oracle-verified energy.
  const produced = co2AvoidedGrams(energyReportedWh + BigInt(indexed?.energyVerifiedWh ?? 0), emissionFactor);
  return (
    <Section id="impact" title="Certificates and CO2 avoided" action={<Link href="/impact" className="btn-secondary">Impact</Link>}>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="muted text-xs">CO2 avoided by its production</dt>
          <dd className="font-semibold tabular-nums" data-testid="co2-avoided">{formatCo2(produced)}</dd>
        </div>
        <div>
          <dt className="muted text-xs">Emission factor displaced</dt>
          <dd className="font-semibold tabular-nums">{formatNumber(emissionFactor)} g/kWh</dd>
        </div>
        {indexed && (
          <>
            <div>
              <dt className="muted text-xs">Certificates issued</dt>
              <dd className="font-semibold tabular-nums" data-testid="certificates-issued">{formatNumber(BigInt(indexed.certificatesIssued))} (1 per kWh)</dd>
            </div>
            <div>
              <dt className="muted text-xs">Retired</dt>
              <dd className="font-semibold tabular-nums">{formatNumber(BigInt(indexed.certificatesRetired))}</dd>
            </div>
            <div>
              <dt className="muted text-xs">CO2 claimed by retirements</dt>
              <dd className="font-semibold tabular-nums">{formatCo2(BigInt(indexed.co2AvoidedGrams))}</dd>
            </div>
          </>
        )}
      </dl>
      {certificates.error ? (
        <p className="muted text-xs">Certificates are not indexed by this market data service yet; the CO2 figure comes from reported production.</p>
      ) : certificates.data && certificates.data.certificates.length > 0 ? (
        <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800" data-testid="certificates">
          {certificates.data.certificates.map((certificate) => (
            <li key={certificate.id} className="flex flex-wrap justify-between gap-2 py-1.5">
              <span>Period #{certificate.periodId}{certificate.start && certificate.end ? ` (${formatDate(BigInt(certificate.start))} – ${formatDate(BigInt(certificate.end))})` : ""}</span>
              <span className="tabular-nums">{formatNumber(BigInt(certificate.units))} certificates</span>
            </li>
          ))}
        </ul>
      ) : certificates.data ? (
        <p className="muted text-sm">No certificates issued yet: they are issued per oracle-verified period once it is final.</p>
      ) : null}
      <p className="muted text-xs">CO2 avoided = energy × the grid emission factor the asset registered; a retired certificate claims it for its beneficiary.</p>
    </Section>
  );
}
