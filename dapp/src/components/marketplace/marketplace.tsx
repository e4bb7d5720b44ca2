"use client";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import {
  activeFilterCount, DEFAULT_FILTERS, LISTED_STATUSES, MARKETPLACE_QUERY, matchesFilters, parseFilters, resultCountLabel, serializeFilters, sortListings,
  toListing, type MarketplaceFilters, type SubgraphAsset,
} from "@/lib/marketplace";
import { queryOutcome } from "@/lib/service-status";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useTypedBeforeHydration } from "@/lib/use-typed-before-hydration";
import { useChainTime, useEnergyPrices, useStablecoin } from "@/lib/use-platform";
import { LoadFailedState, RefreshFailedNotice } from "../query-states";
import { SegmentedControl } from "../segmented-control";
import { EmptyState, LoadingGrid } from "../states";
import { AssetCard } from "./asset-card";
import { AssetMap } from "./asset-map";
import { FiltersPanel } from "./filters-panel";
import { SavedSearches } from "./saved-searches";

type View = "cards" | "map";
const VIEW_OPTIONS = [{ value: "cards", label: "Cards" }, { value: "map", label: "Map" }] as const;

export function Marketplace() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const [view, setView] = useState<View>("cards");
  const [showFilters, setShowFilters] = useState(false);
  // The search box keeps what is typed; the URL follows after a short pause.
  const [searchText, setSearchText] = useState(filters.search);
  const searchField = useRef<HTMLInputElement>(null);
  useTypedBeforeHydration(searchField, searchText, setSearchText);

  const setFilters = useCallback(
    (next: MarketplaceFilters) => {
      const query = serializeFilters(next).toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router],
  );
  useEffect(() => {
    if (searchText === filters.search) return;
    const timer = setTimeout(() => setFilters({ ...filters, search: searchText }), 250);
    return () => clearTimeout(timer);
  }, [searchText]); // eslint-disable-line react-hooks/exhaustive-deps
  // The box follows the URL when it changes (back and forward, "Clear filters"). Done while rendering rather than
  // in an effect, so nothing resets the box at mount (text typed before hydration is taken over just above).
  const [urlSearch, setUrlSearch] = useState(filters.search);
  if (filters.search !== urlSearch) {
    setUrlSearch(filters.search);
    setSearchText(filters.search);
  }

  const assets = useSubgraphQuery<{ assets: SubgraphAsset[] }>("marketplace", MARKETPLACE_QUERY, { statuses: LISTED_STATUSES }, { refetchInterval: 30_000 });
  // Deferred, the cards render in interruptible slices instead of one long task as the list lands.
  const data = useDeferredValue(assets.data);
  const outcome = queryOutcome({ data, error: assets.error });
  const { stablecoin } = useStablecoin();
  const assetIds = useMemo(() => data?.assets.map((a) => a.id) ?? [], [data]);
  const { prices } = useEnergyPrices(assetIds);
  const chainTime = useChainTime();

  const decimals = stablecoin?.decimals ?? 6;
  const listings = useMemo(
    () => (data?.assets ?? []).map((asset) => toListing(asset, decimals, prices.get(asset.id) ?? null)),
    [data, decimals, prices],
  );
  const countries = useMemo(() => [...new Set(listings.map((l) => l.countryCode).filter((c): c is string => !!c))].sort(), [listings]);
  const visible = useMemo(
    () => sortListings(listings.filter((listing) => matchesFilters(listing, filters, decimals)), filters.sort),
    [listings, filters, decimals],
  );
  const filterCount = activeFilterCount(filters);
  const currencySymbol = stablecoin?.symbol === "dEUR" || !stablecoin ? "€" : stablecoin.symbol;

  return (
    <div className="flex flex-col gap-6">
      <section className="flex flex-col gap-2">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">Own the energy transition</h1>
        <p className="muted max-w-2xl">
          Buy shares of community solar, wind and hydro plants across Europe, earn from what they produce, and vote on their decisions.
        </p>
      </section>

      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="asset-search" className="label">Search assets</label>
          <input
            id="asset-search"
            ref={searchField}
            type="search"
            className="field"
            placeholder="Name, country or technology"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </div>
        <div className="flex gap-2">
          <button type="button" className="btn-secondary lg:hidden" aria-expanded={showFilters} aria-controls="filters" onClick={() => setShowFilters((s) => !s)}>
            Filters{filterCount > 0 ? ` (${filterCount})` : ""}
          </button>
          <SegmentedControl label="View" options={VIEW_OPTIONS} value={view} onChange={setView} />
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
        <aside id="filters" className={`${showFilters ? "flex" : "hidden"} card flex-col gap-6 self-start p-5 lg:flex`} aria-label="Filters">
          <FiltersPanel filters={filters} countries={countries} countriesLoading={outcome.state === "loading"} currencySymbol={currencySymbol} onChange={setFilters} />
          {filterCount > 0 && (
            <button type="button" className="btn-secondary" onClick={() => { setSearchText(""); setFilters({ ...DEFAULT_FILTERS, sort: filters.sort }); }}>
              Clear filters
            </button>
          )}
          <hr className="border-stone-200 dark:border-stone-800" />
          <SavedSearches currentQuery={serializeFilters(filters).toString()} />
        </aside>

        <section aria-labelledby="results-heading" className="flex flex-col gap-4">
          <h2 id="results-heading" className="text-sm font-medium" aria-live="polite" data-testid="result-count">
            {resultCountLabel(outcome, visible.length, listings.length)}
          </h2>
          <RefreshFailedNotice outcome={outcome} what="The asset list" />
          {outcome.state === "loading" ? (
            <LoadingGrid label="Loading assets" />
          ) : outcome.state === "failed" ? (
            <LoadFailedState title="Assets could not be loaded" message={outcome.message} onRetry={() => void assets.refetch()} />
          ) : listings.length === 0 ? (
            <EmptyState title="No assets listed yet">Assets appear here once they are verified and their offering opens.</EmptyState>
          ) : visible.length === 0 ? (
            <EmptyState title="No assets match these filters">
              <button type="button" className="btn-secondary" onClick={() => { setSearchText(""); setFilters(DEFAULT_FILTERS); }}>
                Clear filters
              </button>
            </EmptyState>
          ) : view === "map" ? (
            <AssetMap listings={visible} />
          ) : (
            <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
              {visible.map((listing) => (
                <AssetCard key={listing.id} listing={listing} decimals={decimals} chainTime={chainTime} />
              ))}
            </div>
          )}
          <p className="muted text-xs">
            Expected gross yield: expected annual energy × current energy price from the platform&apos;s price feed, divided by the asset&apos;s
            value at the price per share; before operating costs and fees. Not a promise of returns.
          </p>
        </section>
      </div>
    </div>
  );
}
