/**
 * The marketplace's data model: the subgraph query, the listing derived from each asset (price, ticket,
 * funding, expected yield), and filters/sorting that round-trip through the URL's query string.
 */
import { countryAlpha2, countryName } from "./format";
import type { QueryOutcome } from "./service-status";

export const TECHNOLOGIES = ["Solar", "Wind", "Hydro", "Biomass", "Geothermal", "Storage"] as const;
export type Technology = (typeof TECHNOLOGIES)[number];
/** Statuses shown to investors; Submitted, UnderReview and Rejected assets live in the consoles. */
export const LISTED_STATUSES = ["Offering", "Active", "Verified", "Suspended", "Decommissioned"] as const;
export type ListedStatus = (typeof LISTED_STATUSES)[number];

export const MARKETPLACE_QUERY = /* GraphQL */ `
  query Marketplace($statuses: [AssetStatus!]!) {
    assets(first: 1000, where: { status_in: $statuses }, orderBy: registeredAt) {
      id name technology status paused capacityW country latitudeE6 longitudeE6 expectedAnnualKWh
      emissionFactorGPerKWh totalShares sharesOutstanding holderCount lastPrice minHolding registeredAt
      offerings(first: 1, orderBy: createdAt, orderDirection: desc) {
        id status pricePerShare softCapShares hardCapShares sharesSold minPurchaseShares startTime endTime investorCount
      }
    }
  }
`;

export interface SubgraphOffering {
  id: string;
  status: "None" | "Open" | "Succeeded" | "Failed" | "Cancelled";
  pricePerShare: string;
  softCapShares: string;
  hardCapShares: string;
  sharesSold: string;
  minPurchaseShares: string;
  startTime: string;
  endTime: string;
  investorCount: number;
}

export interface SubgraphAsset {
  id: string;
  name: string;
  technology: Technology;
  status: ListedStatus;
  paused: boolean;
  capacityW: string;
  country: number;
  latitudeE6: number;
  longitudeE6: number;
  expectedAnnualKWh: string;
  emissionFactorGPerKWh: string;
  totalShares: string;
  sharesOutstanding: string;
  holderCount: number;
  lastPrice: string | null;
  minHolding: string;
  registeredAt: string;
  offerings: SubgraphOffering[];
}

/** What a card shows and filters act on; amounts stay in the stablecoin's smallest unit. */
export interface Listing {
  id: string;
  name: string;
  technology: Technology;
  status: ListedStatus;
  paused: boolean;
  capacityW: bigint;
  country: number;
  countryCode: string | null;
  latitude: number;
  longitude: number;
  expectedAnnualKWh: bigint;
  totalShares: bigint;
  holderCount: number;
  /** The open offering's price, else the last trade, else the last offering's price. */
  pricePerShare: bigint | null;
  /** Cost of the smallest purchase allowed. */
  minimumTicket: bigint | null;
  /** Shares sold / hard cap of the latest offering (0..1), or null without an offering. */
  fundingProgress: number | null;
  offering: SubgraphOffering | null;
  /** Gross yield a year at the energy price given (0.07 = 7 %), or null when a price is missing. */
  expectedYield: number | null;
  registeredAt: number;
}

/** The energy price, as the platform's price feed reports it (EUR per MWh with `decimals`). */
export interface EnergyPrice {
  answer: bigint;
  decimals: number;
}

/**
 * Gross expected yield: expected annual energy × energy price ÷ the asset's value at this share price.
 * Before operating costs and the platform fee; the asset page shows the full projection.
 */
export function expectedYield(
  expectedAnnualKWh: bigint,
  totalShares: bigint,
  pricePerShare: bigint | null,
  stablecoinDecimals: number,
  price: EnergyPrice | null,
): number | null {
  if (!price || pricePerShare === null || pricePerShare === 0n || totalShares === 0n) return null;
  const eurPerMWh = Number(price.answer) / 10 ** price.decimals;
  const annualRevenue = (Number(expectedAnnualKWh) / 1000) * eurPerMWh;
  const assetValue = (Number(totalShares) * Number(pricePerShare)) / 10 ** stablecoinDecimals;
  return annualRevenue / assetValue;
}

export function toListing(asset: SubgraphAsset, stablecoinDecimals: number, energyPrice: EnergyPrice | null): Listing {
  const offering = asset.offerings[0] ?? null;
  const openOffering = offering?.status === "Open" ? offering : null;
  const pricePerShare = openOffering
    ? BigInt(openOffering.pricePerShare)
    : asset.lastPrice !== null
      ? BigInt(asset.lastPrice)
      : offering
        ? BigInt(offering.pricePerShare)
        : null;
  const ticketShares = openOffering
    ? BigInt(openOffering.minPurchaseShares) > 0n ? BigInt(openOffering.minPurchaseShares) : 1n
    : BigInt(asset.minHolding) > 0n ? BigInt(asset.minHolding) : 1n;
  const hardCap = offering ? BigInt(offering.hardCapShares) : 0n;
  const totalShares = BigInt(asset.totalShares);
  const expectedAnnualKWh = BigInt(asset.expectedAnnualKWh);
  return {
    id: asset.id,
    name: asset.name,
    technology: asset.technology,
    status: asset.status,
    paused: asset.paused,
    capacityW: BigInt(asset.capacityW),
    country: asset.country,
    countryCode: countryAlpha2(asset.country),
    latitude: asset.latitudeE6 / 1e6,
    longitude: asset.longitudeE6 / 1e6,
    expectedAnnualKWh,
    totalShares,
    holderCount: asset.holderCount,
    pricePerShare,
    minimumTicket: pricePerShare === null ? null : pricePerShare * ticketShares,
    fundingProgress: offering && hardCap > 0n ? Number((BigInt(offering.sharesSold) * 10_000n) / hardCap) / 10_000 : null,
    offering,
    expectedYield: expectedYield(expectedAnnualKWh, totalShares, pricePerShare, stablecoinDecimals, energyPrice),
    registeredAt: Number(asset.registeredAt),
  };
}

export const SORTS = {
  featured: "Open offerings first",
  "yield-desc": "Highest expected yield",
  "price-asc": "Lowest price per share",
  "price-desc": "Highest price per share",
  "capacity-desc": "Largest capacity",
  "funding-desc": "Most funded",
  newest: "Newest",
  name: "Name (A–Z)",
} as const;
export type SortKey = keyof typeof SORTS;

export interface MarketplaceFilters {
  search: string;
  technologies: Technology[];
  /** ISO 3166-1 alpha-2 codes. */
  countries: string[];
  statuses: ListedStatus[];
  /** Minimum expected gross yield in percent (5 = 5 %), or null. */
  minYieldPercent: number | null;
  /** The most the user wants to put in as a first ticket, in whole currency units, or null. */
  maxTicket: number | null;
  sort: SortKey;
}

export const DEFAULT_FILTERS: MarketplaceFilters = {
  search: "",
  technologies: [],
  countries: [],
  statuses: [],
  minYieldPercent: null,
  maxTicket: null,
  sort: "featured",
};

function list<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  if (!value) return [];
  return [...new Set(value.split(","))].filter((v): v is T => (allowed as readonly string[]).includes(v));
}

function positiveNumber(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Reads filters from a URL query; unknown or malformed values are ignored rather than failing the page. */
export function parseFilters(params: URLSearchParams): MarketplaceFilters {
  const sort = params.get("sort");
  return {
    search: params.get("q")?.slice(0, 100) ?? "",
    technologies: list(params.get("tech"), TECHNOLOGIES),
    countries: (params.get("country") ?? "").split(",").map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z]{2}$/.test(c)),
    statuses: list(params.get("status"), LISTED_STATUSES),
    minYieldPercent: positiveNumber(params.get("minYield")),
    maxTicket: positiveNumber(params.get("maxTicket")),
    sort: sort && sort in SORTS ? (sort as SortKey) : "featured",
  };
}

/** Writes filters to a URL query, leaving defaults out so shared links stay short. */
export function serializeFilters(filters: MarketplaceFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search.trim()) params.set("q", filters.search.trim());
  if (filters.technologies.length) params.set("tech", filters.technologies.join(","));
  if (filters.countries.length) params.set("country", filters.countries.join(","));
  if (filters.statuses.length) params.set("status", filters.statuses.join(","));
  if (filters.minYieldPercent !== null) params.set("minYield", String(filters.minYieldPercent));
  if (filters.maxTicket !== null) params.set("maxTicket", String(filters.maxTicket));
  if (filters.sort !== "featured") params.set("sort", filters.sort);
  return params;
}

export function activeFilterCount(filters: MarketplaceFilters): number {
  return (
    (filters.search.trim() ? 1 : 0) +
    filters.technologies.length +
    filters.countries.length +
    filters.statuses.length +
    (filters.minYieldPercent !== null ? 1 : 0) +
    (filters.maxTicket !== null ? 1 : 0)
  );
}

export function matchesFilters(listing: Listing, filters: MarketplaceFilters, stablecoinDecimals: number, locale?: string): boolean {
  const search = filters.search.trim().toLowerCase();
  if (search) {
    const haystack = [listing.name, listing.technology, listing.status, listing.countryCode ?? "", countryName(listing.country, { locale })]
      .join(" ")
      .toLowerCase();
    if (!search.split(/\s+/).every((word) => haystack.includes(word))) return false;
  }
  if (filters.technologies.length && !filters.technologies.includes(listing.technology)) return false;
  if (filters.countries.length && !filters.countries.includes(listing.countryCode ?? "")) return false;
  if (filters.statuses.length && !filters.statuses.includes(listing.status)) return false;
  if (filters.minYieldPercent !== null && (listing.expectedYield === null || listing.expectedYield * 100 < filters.minYieldPercent)) {
    return false;
  }
  if (filters.maxTicket !== null) {
    if (listing.minimumTicket === null) return false;
    if (Number(listing.minimumTicket) / 10 ** stablecoinDecimals > filters.maxTicket) return false;
  }
  return true;
}

const STATUS_RANK: Record<ListedStatus, number> = { Offering: 0, Active: 1, Verified: 2, Suspended: 3, Decommissioned: 4 };

function compareNullable(a: number | bigint | null, b: number | bigint | null, direction: 1 | -1): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1; // unknown values last, whatever the direction
  if (b === null) return -1;
  return a < b ? -direction : a > b ? direction : 0;
}

export function sortListings(listings: Listing[], sort: SortKey): Listing[] {
  const sorted = [...listings];
  const byName = (a: Listing, b: Listing) => a.name.localeCompare(b.name);
  const comparators: Record<SortKey, (a: Listing, b: Listing) => number> = {
    featured: (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || byName(a, b),
    "yield-desc": (a, b) => compareNullable(a.expectedYield, b.expectedYield, -1) || byName(a, b),
    "price-asc": (a, b) => compareNullable(a.pricePerShare, b.pricePerShare, 1) || byName(a, b),
    "price-desc": (a, b) => compareNullable(a.pricePerShare, b.pricePerShare, -1) || byName(a, b),
    "capacity-desc": (a, b) => compareNullable(a.capacityW, b.capacityW, -1) || byName(a, b),
    "funding-desc": (a, b) => compareNullable(a.fundingProgress, b.fundingProgress, -1) || byName(a, b),
    newest: (a, b) => b.registeredAt - a.registeredAt || byName(a, b),
    name: byName,
  };
  return sorted.sort(comparators[sort]);
}

/** The results heading: a count only once the list really loaded (a failed query is not "0 of 0 assets"). */
export function resultCountLabel(outcome: QueryOutcome<unknown>, visible: number, total: number): string {
  switch (outcome.state) {
    case "loading":
      return "Loading assets…";
    case "failed":
      return "Assets unavailable";
    case "loaded":
      return `${visible} of ${total} asset${total === 1 ? "" : "s"}`;
  }
}
