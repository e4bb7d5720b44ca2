import Link from "next/link";
import type { Listing } from "@/lib/marketplace";
import { countryName, formatCurrency, formatEnergyKWh, formatNumber, formatPercent, formatPower, formatRelativeTime } from "@/lib/format";
import { StatusBadge, TechnologyBadge, TECHNOLOGY_STYLE } from "./technology";

interface Props {
  listing: Listing;
  decimals: number;
  chainTime: bigint | undefined;
  locale?: string;
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt className="muted text-xs">{label}</dt>
      <dd className="text-sm font-semibold tabular-nums" data-testid={testId}>{value}</dd>
    </div>
  );
}

export function AssetCard({ listing, decimals, chainTime, locale }: Props) {
  const money = (amount: bigint | null) => (amount === null ? "—" : formatCurrency(amount, decimals, { locale }));
  const progress = listing.fundingProgress;
  const offering = listing.offering;
  const open = offering?.status === "Open";
  return (
    <article className="card flex flex-col overflow-hidden" data-testid="asset-card" data-asset-id={listing.id} aria-labelledby={`asset-${listing.id}-name`}>
      <div className="h-1.5" style={{ background: TECHNOLOGY_STYLE[listing.technology].color }} aria-hidden="true" />
      <div className="flex flex-1 flex-col gap-4 p-5">
        <div className="flex flex-wrap items-center gap-2">
          <TechnologyBadge technology={listing.technology} />
          <StatusBadge status={listing.status} />
          {listing.paused && <span className="rounded-full bg-red-600 px-2.5 py-0.5 text-xs font-semibold text-white">Paused</span>}
        </div>
        <div>
          <h3 id={`asset-${listing.id}-name`} className="text-lg font-semibold leading-snug">
            <Link href={`/assets/${listing.id}`} className="hover:underline" data-testid="asset-name">
              {listing.name}
            </Link>
          </h3>
          <p className="muted text-sm" data-testid="asset-location">
            {countryName(listing.country, { locale })} · {listing.latitude.toFixed(3)}°, {listing.longitude.toFixed(3)}°
          </p>
        </div>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
          <Figure label="Capacity" value={formatPower(listing.capacityW, { locale })} testId="asset-capacity" />
          <Figure label="Expected output" value={`${formatEnergyKWh(listing.expectedAnnualKWh, { locale })}/yr`} testId="asset-output" />
          <Figure label="Price per share" value={money(listing.pricePerShare)} testId="asset-price" />
          <Figure
            label="Expected gross yield"
            value={listing.expectedYield === null ? "—" : formatPercent(listing.expectedYield, { locale })}
            testId="asset-yield"
          />
          <Figure label="Minimum ticket" value={money(listing.minimumTicket)} testId="asset-ticket" />
          {open ? (
            <Figure label="Investors so far" value={formatNumber(offering.investorCount, { locale })} testId="asset-investors" />
          ) : (
            <Figure label="Holders" value={formatNumber(listing.holderCount, { locale })} testId="asset-holders" />
          )}
        </dl>
        {offering && progress !== null && (
          <div className="mt-auto">
            <div className="mb-1 flex justify-between text-xs">
              <span className="font-medium">{open ? "Funding" : "Funded"}</span>
              <span className="muted tabular-nums" data-testid="asset-funding">
                {formatNumber(BigInt(offering.sharesSold), { locale })} / {formatNumber(BigInt(offering.hardCapShares), { locale })} shares ·{" "}
                {formatPercent(progress, { locale, maximumFractionDigits: 0 })}
              </span>
            </div>
            <div
              className="h-2 overflow-hidden rounded-full bg-stone-200 dark:bg-stone-800"
              role="progressbar"
              aria-label={`${listing.name} funding`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(progress * 100)}
            >
              <div className="h-full rounded-full bg-brand-600" style={{ width: `${Math.min(100, progress * 100)}%` }} />
            </div>
            {open && chainTime !== undefined && (
              <p className="muted mt-2 text-xs">
                {BigInt(offering.endTime) > chainTime
                  ? `Closes ${formatRelativeTime(BigInt(offering.endTime), Number(chainTime) * 1000, { locale })}`
                  : "Closed; awaiting settlement"}
              </p>
            )}
          </div>
        )}
      </div>
    </article>
  );
}
