/** Subgraph queries and result types of the asset page (/assets/[id]). */
import type { SubgraphAsset, SubgraphOffering } from "./marketplace";

export const ASSET_QUERY = /* GraphQL */ `
  query AssetPage($id: ID!, $asset: String!) {
    asset(id: $id) {
      id name technology status paused capacityW country latitudeE6 longitudeE6 expectedAnnualKWh
      emissionFactorGPerKWh totalShares sharesOutstanding holderCount lastPrice minHolding registeredAt
      operator commissionedAt metadataCID uri governance maxBalance maxHolders lockUpPeriod restrictCountries
      totalRaised tradeCount tradeVolume revenueDeposited revenueClaimed revenueReinvested energyReportedWh updatedAt
      offerings(first: 20, orderBy: createdAt, orderDirection: desc) {
        id status pricePerShare softCapShares hardCapShares sharesSold minPurchaseShares maxSharesPerInvestor startTime endTime
        investorCount raised feeBps platformFee cancelReason createdAt closedAt
      }
    }
    assetEvents(first: 100, where: { asset: $asset }, orderBy: timestamp, orderDirection: desc) {
      id kind previousStatus newStatus reason paused actor timestamp transactionHash
    }
    revenueDeposits(first: 100, where: { asset: $asset }, orderBy: timestamp, orderDirection: desc) {
      id distributionId amount sharesOutstanding timestamp transactionHash
    }
    settlements(first: 100, where: { asset: $asset }, orderBy: periodStart, orderDirection: desc) {
      id periodId periodStart periodEnd energyWh priceAnswer priceDecimals gross expenses platformFee net timestamp
    }
    productionPeriods(first: 1000, where: { asset: $asset }, orderBy: start, orderDirection: desc) {
      id periodId start end energyWh
    }
    orders(first: 1000, where: { asset: $asset, status: Open }) { side price remaining }
    trades(first: 10, where: { asset: $asset }, orderBy: timestamp, orderDirection: desc) {
      id price shares value takerSide timestamp transactionHash
    }
  }
`;

export interface AssetDetail extends SubgraphAsset {
  operator: string;
  commissionedAt: string;
  metadataCID: string;
  uri: string | null;
  governance: string | null;
  maxBalance: string;
  maxHolders: string;
  lockUpPeriod: string;
  restrictCountries: boolean;
  totalRaised: string;
  tradeCount: number;
  tradeVolume: string;
  revenueDeposited: string;
  revenueClaimed: string;
  revenueReinvested: string;
  energyReportedWh: string;
  updatedAt: string;
  offerings: (SubgraphOffering & {
    maxSharesPerInvestor: string;
    raised: string;
    feeBps: number;
    platformFee: string | null;
    cancelReason: string | null;
    createdAt: string;
    closedAt: string | null;
  })[];
}

export interface AssetEventRow {
  id: string;
  kind: "Registered" | "SpecUpdated" | "StatusChanged" | "PauseSet" | "OperatorChanged" | "UriSet" | "GovernanceSet";
  previousStatus: string | null;
  newStatus: string | null;
  reason: string | null;
  paused: boolean | null;
  actor: string | null;
  timestamp: string;
  transactionHash: string;
}

export interface DepositRow {
  id: string;
  distributionId: string;
  amount: string;
  sharesOutstanding: string;
  timestamp: string;
  transactionHash: string;
}

export interface SettlementRow {
  id: string;
  periodId: string;
  periodStart: string;
  periodEnd: string;
  energyWh: string;
  priceAnswer: string;
  priceDecimals: number;
  gross: string;
  expenses: string;
  platformFee: string;
  net: string;
  timestamp: string;
}

export interface PeriodRow {
  id: string;
  periodId: string;
  start: string;
  end: string;
  energyWh: string;
}

export interface TradeRow {
  id: string;
  price: string;
  shares: string;
  value: string;
  takerSide: "Buy" | "Sell";
  timestamp: string;
  transactionHash: string;
}

export interface AssetPageData {
  asset: AssetDetail | null;
  assetEvents: AssetEventRow[];
  revenueDeposits: DepositRow[];
  settlements: SettlementRow[];
  productionPeriods: PeriodRow[];
  orders: { side: "Buy" | "Sell"; price: string; remaining: string }[];
  trades: TradeRow[];
}

/** Governance of the asset (subgraph governance entities); a separate query so the page works without them. */
export const ASSET_PROPOSALS_QUERY = /* GraphQL */ `
  query AssetProposals($asset: String!) {
    proposals(first: 20, where: { asset: $asset }, orderBy: createdAt, orderDirection: desc) {
      id proposalId governor { id } description state forVotes againstVotes abstainVotes voteStart voteEnd voteCount createdAt
    }
  }
`;

export interface ProposalRow {
  id: string;
  proposalId: string;
  governor: { id: string };
  description: string;
  state: "Active" | "Queued" | "Executed" | "Canceled";
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voteStart: string;
  voteEnd: string;
  voteCount: number;
  createdAt: string;
}

/** Certificates (metering subgraph entities); the page falls back to reported production without them. */
export const ASSET_CERTIFICATES_QUERY = /* GraphQL */ `
  query AssetCertificates($id: ID!, $asset: String!) {
    asset(id: $id) { certificatesIssued certificatesRetired co2AvoidedGrams energyVerifiedWh }
    certificates(first: 12, where: { asset: $asset }, orderBy: issuedAt, orderDirection: desc) {
      id tokenId periodId units energyWh start end issuedAt
    }
  }
`;

export interface CertificatesData {
  asset: { certificatesIssued: string; certificatesRetired: string; co2AvoidedGrams: string; energyVerifiedWh: string } | null;
  certificates: { id: string; tokenId: string; periodId: string; units: string; energyWh: string; start: string | null; end: string | null; issuedAt: string }[];
}

/**
 * Periods verified by the Chainlink Functions oracle (metering subgraph entities, when indexed). Only
 * periods with a standing result count: Proposed (disputable) and Final.
 */
export const ASSET_ORACLE_PERIODS_QUERY = /* GraphQL */ `
  query AssetOraclePeriods($asset: String!) {
    oraclePeriods(first: 1000, where: { asset: $asset, status_in: [Proposed, Final] }, orderBy: start, orderDirection: desc) {
      id periodId start end energyWh status
    }
  }
`;

export interface OraclePeriodRow {
  id: string;
  periodId: string;
  start: string;
  end: string;
  energyWh: string | null;
  status: "Proposed" | "Final";
}

/** A proposal's title: the first line of its description without Markdown heading marks. */
export function proposalTitle(description: string): string {
  const line = description.split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("ipfs://")) ?? description.trim();
  return line.replace(/^#+\s*/, "").slice(0, 140) || "Untitled proposal";
}

/** A lifecycle event as a sentence. */
export function describeAssetEvent(event: AssetEventRow): string {
  const words = (status: string | null) => (status ?? "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  switch (event.kind) {
    case "Registered":
      return "Registered by its operator";
    case "SpecUpdated":
      return "Specification updated";
    case "StatusChanged":
      return `${words(event.previousStatus) && event.previousStatus !== "None" ? `From ${words(event.previousStatus)} to` : "Now"} ${words(event.newStatus)}${event.reason ? `: ${event.reason}` : ""}`;
    case "PauseSet":
      return event.paused ? `Paused${event.reason ? `: ${event.reason}` : ""}` : "Resumed";
    case "OperatorChanged":
      return "Operator changed";
    case "UriSet":
      return "Metadata link updated";
    case "GovernanceSet":
      return "Holder governance created (proposals and votes by shareholders)";
  }
}
