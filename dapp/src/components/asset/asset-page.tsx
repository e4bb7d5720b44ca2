"use client";
import Link from "next/link";
import { memo, useDeferredValue, useMemo } from "react";
import { useReadContract } from "wagmi";
import { revenueSettlementAbi } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "@/lib/runtime-config";
import { ASSET_QUERY, describeAssetEvent, type AssetPageData } from "@/lib/asset-page";
import { DEFAULT_DEGRADATION, DEFAULT_LIFETIME_YEARS, historicalOperatingCostShare } from "@/lib/asset-projection";
import { toListing, type EnergyPrice } from "@/lib/marketplace";
import { countryName, formatCurrency, formatDate, formatEnergyKWh, formatNumber, formatPercent, formatPower, shortAddress } from "@/lib/format";
import { queryOutcome, type QueryOutcome } from "@/lib/service-status";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useChainTime, useEnergyPrices, useStablecoin, type Stablecoin } from "@/lib/use-platform";
import { LoadFailedState, RefreshFailedNotice } from "../query-states";
import { EmptyState, LoadingGrid } from "../states";
import { TechnologyBadge } from "../marketplace/technology";
import { useAssetMetadata, AssetDocuments } from "./asset-documents";
import { DistributionsSection } from "./distributions-section";
import { ImpactSection } from "./impact-section";
import { InvestPanel } from "./invest-panel";
import { MarketSection } from "./market-section";
import { OfferingSettlements } from "./offering-settlement";
import { ProductionSection } from "./production-section";
import { ProjectionCalculator, type ProjectionDefaults } from "./projection-calculator";
import { ProposalsSection } from "./proposals-section";
import { Figure, Section } from "./section";

/** Operating costs assumed before an asset has settled any period (share of gross revenue). */
const DEFAULT_OPERATING_COST_SHARE = 0.2;

const STATUS_WORDS: Record<string, string> = {
  Submitted: "Submitted for review", UnderReview: "Under review", Verified: "Verified, offering soon", Rejected: "Rejected",
  Offering: "Open offering", Active: "Producing", Suspended: "Suspended", Decommissioned: "Decommissioned",
};

/** What the page shows, taken together so it can be rendered deferred (see AssetPage). */
interface AssetView {
  data: AssetPageData | undefined;
  stablecoin: Stablecoin | undefined;
  energyPrice: EnergyPrice | null;
  chainTime: bigint | undefined;
  platformFeeBps: number | undefined;
  metadata: ReturnType<typeof useAssetMetadata>["data"];
  metadataPending: boolean;
}

export function AssetPage({ id }: { id: string }) {
  const config = useRuntimeConfig();
  const query = useSubgraphQuery<AssetPageData>("asset-page", ASSET_QUERY, { id, asset: id }, { refetchInterval: 15_000 });
  const { stablecoin } = useStablecoin();
  const ids = useMemo(() => [id], [id]);
  const energyPrice = useEnergyPrices(ids).prices.get(id) ?? null;
  const chainTime = useChainTime();
  const fee = useReadContract({ address: contractAddress(config, "RevenueSettlement"), abi: revenueSettlementAbi, functionName: "platformFeeBps", query: { staleTime: 60_000 } });
  const metadata = useAssetMetadata(query.data?.asset?.metadataCID);
  const live: AssetView = useMemo(
    () => ({ data: query.data, stablecoin, energyPrice, chainTime, platformFeeBps: fee.data, metadata: metadata.data, metadataPending: metadata.isPending }),
    // By value: the read hooks hand out new objects on every render.
    [query.data, stablecoin?.address, stablecoin?.decimals, stablecoin?.symbol, energyPrice?.answer, energyPrice?.decimals, chainTime, fee.data, metadata.data, metadata.isPending], // eslint-disable-line react-hooks/exhaustive-deps
  );
  // The page is large. Each of its reads landing (the asset, prices, the chain's clock every block) would
  // re-render all of it in one long task; deferred, React renders the memoized view in interruptible slices
  // and the page stays responsive. The loading state shows until the first such render commits.
  const view = useDeferredValue(live);
  const outcome = queryOutcome({ data: view.data, error: query.error });

  // Once loaded, a failed refresh keeps the page (and what was typed in the invest panel) on what was last loaded.
  if (outcome.state === "loading") return <LoadingGrid count={4} label="Loading the asset" />;
  if (outcome.state === "failed") return <LoadFailedState title="The asset could not be loaded" message={outcome.message} onRetry={() => void query.refetch()} />;
  if (!outcome.data.asset) {
    return (
      <EmptyState title={`Asset #${id} was not found`}>
        It may not be registered yet, or the market data service has not indexed it. <Link className="underline" href="/">Back to the marketplace</Link>
      </EmptyState>
    );
  }
  return <AssetDetail view={view} refreshError={outcome.refreshError} />;
}

const AssetDetail = memo(function AssetDetail({ view, refreshError }: { view: AssetView; refreshError: string | null }) {
  const { data, stablecoin, energyPrice, chainTime, metadataPending } = view;
  const asset = data!.asset!;
  const decimals = stablecoin?.decimals ?? 6;
  const listing = toListing(asset, decimals, energyPrice);
  const outcome: QueryOutcome<AssetPageData> = { state: "loaded", data: data!, refreshError };
  const metadata = { data: view.metadata, isPending: metadataPending };

  const defaults: ProjectionDefaults | null = useMemo(() => {
    if (listing.pricePerShare === null) return null;
    const settled = (data?.settlements ?? []).map((s) => ({ gross: BigInt(s.gross), expenses: BigInt(s.expenses) }));
    return {
      pricePerShare: Number(listing.pricePerShare) / 10 ** decimals,
      totalShares: Number(asset.totalShares),
      expectedAnnualKWh: Number(asset.expectedAnnualKWh),
      energyPricePerMWh: energyPrice ? Number(energyPrice.answer) / 10 ** energyPrice.decimals : null,
      operatingCostShare: historicalOperatingCostShare(settled, DEFAULT_OPERATING_COST_SHARE),
      operatingCostSource: settled.length
        ? `What ${settled.length} settled period${settled.length === 1 ? "" : "s"} actually spent.`
        : "A typical figure; this asset has not settled a period yet.",
      platformFeeBps: view.platformFeeBps ?? 0,
      annualDegradation: DEFAULT_DEGRADATION[asset.technology] ?? 0.005,
      years: DEFAULT_LIFETIME_YEARS[asset.technology] ?? 20,
    };
  }, [asset, listing.pricePerShare, data?.settlements, decimals, energyPrice, view.platformFeeBps]); // eslint-disable-line react-hooks/exhaustive-deps

  const latestOffering = asset.offerings[0] ?? null;
  const openOffering = latestOffering?.status === "Open" ? latestOffering : null;
  const events = data?.assetEvents ?? [];

  return (
    <article className="flex flex-col gap-6" aria-labelledby="asset-heading" data-testid="asset-page" data-asset-id={asset.id}>
      <RefreshFailedNotice outcome={outcome} what="This asset's figures" />
      <header className="flex flex-col gap-2">
        <nav aria-label="Breadcrumb" className="muted text-sm"><Link href="/" className="hover:underline">Marketplace</Link> / {asset.name}</nav>
        <div className="flex flex-wrap items-center gap-2">
          <TechnologyBadge technology={asset.technology} />
          <span className="rounded-full bg-stone-800 px-2.5 py-0.5 text-xs font-semibold text-white dark:bg-stone-200 dark:text-stone-900" data-testid="asset-status">
            {STATUS_WORDS[asset.status] ?? asset.status}
          </span>
          {asset.paused && <span className="rounded-full bg-red-600 px-2.5 py-0.5 text-xs font-semibold text-white">Paused</span>}
        </div>
        <h1 id="asset-heading" className="text-3xl font-bold tracking-tight">{asset.name}</h1>
        <p className="muted">
          {metadata.data?.location ?? countryName(asset.country)}
          {metadata.data?.operator && ` · operated by ${metadata.data.operator}`}
        </p>
        {metadata.data?.description && <p className="max-w-3xl" data-testid="asset-description">{metadata.data.description}</p>}
        {/* Two lines kept for the description while it loads, so the sections below do not jump when it arrives. */}
        {metadata.isPending && asset.metadataCID && <div aria-hidden="true" className="h-12 max-w-3xl animate-pulse rounded-lg bg-stone-100 dark:bg-stone-900" />}
      </header>

      <div className="grid gap-6 lg:grid-cols-[1fr_24rem]">
        <div className="order-2 flex min-w-0 flex-col gap-6 lg:order-1">
          <Section id="specification" title="Specification">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
              <Figure label="Capacity" value={formatPower(BigInt(asset.capacityW))} testId="spec-capacity" />
              <Figure label="Expected production" value={`${formatEnergyKWh(BigInt(asset.expectedAnnualKWh))}/yr`} testId="spec-production" />
              <Figure label="Capacity factor" value={formatPercent(Number(asset.expectedAnnualKWh) / ((Number(asset.capacityW) / 1000) * 8760))} />
              <Figure label="Commissioned" value={formatDate(BigInt(asset.commissionedAt))} />
              <Figure label="Location" value={`${countryName(asset.country)} (${(asset.latitudeE6 / 1e6).toFixed(3)}°, ${(asset.longitudeE6 / 1e6).toFixed(3)}°)`} />
              <Figure label="Grid emission factor" value={`${formatNumber(BigInt(asset.emissionFactorGPerKWh))} g CO2/kWh`} />
              <Figure label="Shares" value={`${formatNumber(BigInt(asset.totalShares))} (${formatNumber(BigInt(asset.sharesOutstanding))} issued)`} testId="spec-shares" />
              <Figure label="Price per share" value={listing.pricePerShare === null ? "—" : formatCurrency(listing.pricePerShare, decimals)} testId="spec-price" />
              <Figure label="Holders" value={formatNumber(asset.holderCount)} testId="spec-holders" />
              <Figure label="Max. shares per wallet" value={BigInt(asset.maxBalance) > 0n ? formatNumber(BigInt(asset.maxBalance)) : "No limit"} />
              <Figure label="Minimum holding" value={BigInt(asset.minHolding) > 0n ? `${formatNumber(BigInt(asset.minHolding))} shares` : "None"} />
              <Figure label="Lock-up after purchase" value={BigInt(asset.lockUpPeriod) > 0n ? `${formatNumber(Number(asset.lockUpPeriod) / 86_400, { maximumFractionDigits: 0 })} days` : "None"} />
              <Figure label="Operator wallet" value={<span className="font-mono text-xs">{shortAddress(asset.operator)}</span>} />
              <Figure label="Raised in offerings" value={formatCurrency(BigInt(asset.totalRaised), decimals)} />
              <Figure label="Expected gross yield" value={listing.expectedYield === null ? "—" : formatPercent(listing.expectedYield)} hint="Before costs and fees; see the projection." />
            </dl>
          </Section>

          {defaults ? <ProjectionCalculator defaults={defaults} /> : (
            <Section id="projection" title="Financial projection"><p className="muted text-sm">A projection needs a share price: this asset has no offering or trade yet.</p></Section>
          )}

          <ProductionSection assetId={asset.id} periods={data?.productionPeriods ?? []} chainTime={chainTime} reportedWh={BigInt(asset.energyReportedWh)} />
          <DistributionsSection
            deposits={data?.revenueDeposits ?? []}
            settlements={data?.settlements ?? []}
            decimals={decimals}
            totals={{ deposited: BigInt(asset.revenueDeposited), claimed: BigInt(asset.revenueClaimed), reinvested: BigInt(asset.revenueReinvested) }}
          />
          <MarketSection assetId={asset.id} orders={data?.orders ?? []} trades={data?.trades ?? []} decimals={decimals} lastPrice={asset.lastPrice} />
          <ProposalsSection assetId={asset.id} chainTime={chainTime} />
          <ImpactSection assetId={asset.id} energyReportedWh={BigInt(asset.energyReportedWh)} emissionFactor={BigInt(asset.emissionFactorGPerKWh)} />
          <AssetDocuments cid={asset.metadataCID} />

          <Section id="history" title="Lifecycle history">
            {events.length === 0 ? <p className="muted text-sm">No events indexed yet.</p> : (
              <ol className="relative flex flex-col gap-3 border-l border-stone-300 pl-4 dark:border-stone-700" data-testid="lifecycle">
                {events.map((event) => (
                  <li key={event.id} className="text-sm">
                    <span aria-hidden="true" className="absolute -left-[5px] mt-1.5 h-2.5 w-2.5 rounded-full bg-brand-600" />
                    <p className="font-medium">{describeAssetEvent(event)}</p>
                    <p className="muted text-xs">{formatDate(BigInt(event.timestamp), { withTime: true })}{event.actor && ` · by ${shortAddress(event.actor)}`}</p>
                  </li>
                ))}
              </ol>
            )}
          </Section>
        </div>

        <aside className="order-1 flex flex-col gap-4 lg:sticky lg:top-20 lg:order-2 lg:self-start" aria-label="Invest and trade">
          <OfferingSettlements offerings={asset.offerings.map((o) => ({ offeringId: o.id, assetName: asset.name }))} decimals={decimals} />
          {openOffering ? (
            <InvestPanel assetId={asset.id} assetName={asset.name} offeringId={openOffering.id} stablecoin={stablecoin} chainTime={chainTime} />
          ) : (
            <div className="card flex flex-col gap-3 p-5">
              <h2 className="text-lg font-semibold">Invest</h2>
              <p className="muted text-sm">
                {asset.status === "Active"
                  ? "The offering is closed. Buy shares from other holders on the order book."
                  : latestOffering
                    ? `The latest offering is ${latestOffering.status.toLowerCase()}${latestOffering.cancelReason ? `: ${latestOffering.cancelReason}` : ""}.`
                    : "No offering is open for this asset yet."}
              </p>
              {asset.status === "Active" && <Link href={`/trade/${asset.id}`} className="btn-primary">Go to the order book</Link>}
            </div>
          )}
        </aside>
      </div>
    </article>
  );
});
