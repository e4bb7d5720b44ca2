/** The portfolio's subgraph query and the figures derived per position. */
import { MARKETPLACE_QUERY, toListing, type SubgraphAsset } from "./marketplace";

const ASSET_FIELDS = MARKETPLACE_QUERY.slice(MARKETPLACE_QUERY.indexOf("id name technology"), MARKETPLACE_QUERY.indexOf("offerings(")).trim();

export const PORTFOLIO_QUERY = /* GraphQL */ `
  query Portfolio($account: Bytes!) {
    positions(first: 1000, where: { account: $account }) {
      id balance escrowed pendingShares costBasis sharesBought sharesSold saleProceeds realizedTradingPnl revenueClaimed revenueReinvested lockedUntil
      asset {
        ${ASSET_FIELDS}
        offerings(first: 1, orderBy: createdAt, orderDirection: desc) {
          id status pricePerShare softCapShares hardCapShares sharesSold minPurchaseShares startTime endTime investorCount
        }
      }
    }
    investments(first: 1000, where: { investor: $account }) {
      id shares paid delivered refunded offering { id status asset { id name } }
    }
    orders(first: 1000, where: { owner: $account, status: Open }, orderBy: createdAt, orderDirection: desc) {
      id side price shares remaining filled expiry createdAt asset { id name }
    }
    purchases(first: 100, where: { investor: $account }, orderBy: timestamp, orderDirection: desc) {
      id receiptId shares cost timestamp offering { id asset { id name } }
    }
    openOfferings: offerings(first: 100, where: { status: Open }) {
      id pricePerShare minPurchaseShares maxSharesPerInvestor hardCapShares sharesSold endTime asset { id name }
    }
  }
`;

export interface PortfolioPosition {
  id: string;
  balance: string;
  escrowed: string;
  pendingShares: string;
  costBasis: string;
  sharesBought: string;
  sharesSold: string;
  saleProceeds: string;
  realizedTradingPnl: string;
  revenueClaimed: string;
  revenueReinvested: string;
  lockedUntil: string | null;
  asset: SubgraphAsset;
}

export interface PortfolioData {
  positions: PortfolioPosition[];
  investments: { id: string; shares: string; paid: string; delivered: boolean; refunded: boolean; offering: { id: string; status: string; asset: { id: string; name: string } } }[];
  orders: { id: string; side: "Buy" | "Sell"; price: string; shares: string; remaining: string; filled: string; expiry: string; createdAt: string; asset: { id: string; name: string } }[];
  purchases: { id: string; receiptId: string; shares: string; cost: string; timestamp: string; offering: { id: string; asset: { id: string; name: string } } }[];
  openOfferings: { id: string; pricePerShare: string; minPurchaseShares: string; maxSharesPerInvestor: string; hardCapShares: string; sharesSold: string; endTime: string; asset: { id: string; name: string } }[];
}

export interface PositionRow {
  assetId: string;
  assetName: string;
  technology: string;
  /** Shares in the wallet (including those escrowed by open sell orders) plus bought in an open offering. */
  shares: bigint;
  pendingShares: bigint;
  escrowed: bigint;
  /** Shares × the price the marketplace shows (open offering, else last trade, else last offering price). */
  markPrice: bigint | null;
  value: bigint | null;
  costBasis: bigint;
  /** Value − cost basis, when there is a price. */
  unrealized: bigint | null;
  /** Claimed + reinvested + claimable now. */
  revenueEarned: bigint;
  claimable: bigint;
}

/** One row per asset the wallet holds, is owed shares of, or has revenue waiting on. */
export function positionRows(positions: readonly PortfolioPosition[], claimable: ReadonlyMap<string, bigint>, decimals: number): PositionRow[] {
  return positions
    .map((position) => {
      const listing = toListing(position.asset, decimals, null);
      const balance = BigInt(position.balance);
      const pendingShares = BigInt(position.pendingShares);
      const shares = balance + pendingShares;
      const waiting = claimable.get(position.asset.id) ?? 0n;
      const value = listing.pricePerShare === null ? null : shares * listing.pricePerShare;
      const costBasis = BigInt(position.costBasis);
      return {
        assetId: position.asset.id,
        assetName: position.asset.name,
        technology: position.asset.technology,
        shares,
        pendingShares,
        escrowed: BigInt(position.escrowed),
        markPrice: listing.pricePerShare,
        value,
        costBasis,
        unrealized: value === null ? null : value - costBasis,
        revenueEarned: BigInt(position.revenueClaimed) + BigInt(position.revenueReinvested) + waiting,
        claimable: waiting,
      };
    })
    .filter((row) => row.shares > 0n || row.claimable > 0n)
    .sort((a, b) => (b.value ?? 0n) > (a.value ?? 0n) ? 1 : (b.value ?? 0n) < (a.value ?? 0n) ? -1 : a.assetName.localeCompare(b.assetName));
}

export interface PortfolioTotals {
  value: bigint;
  costBasis: bigint;
  revenueEarned: bigint;
  claimable: bigint;
}

export function portfolioTotals(rows: readonly PositionRow[]): PortfolioTotals {
  return rows.reduce(
    (totals, row) => ({
      value: totals.value + (row.value ?? 0n),
      costBasis: totals.costBasis + row.costBasis,
      revenueEarned: totals.revenueEarned + row.revenueEarned,
      claimable: totals.claimable + row.claimable,
    }),
    { value: 0n, costBasis: 0n, revenueEarned: 0n, claimable: 0n },
  );
}
