/**
 * A holder's revenue history (claims and reinvestments from the subgraph): monthly totals for the chart and
 * the CSV export. Amounts stay bigints in the stablecoin's smallest unit until they are written out
 * exactly (formatUnits), so a tax report adds up to the cent.
 */
import { formatUnits } from "viem";

export type EarningKind = "Claimed" | "Reinvested";

export interface EarningEvent {
  /** Unix seconds (block time). */
  timestamp: number;
  assetId: string;
  assetName: string;
  kind: EarningKind;
  amount: bigint;
  transactionHash: string;
  /** Claims: where the money went; reinvestments: what it bought (offering receipt or buy order). */
  detail: string;
}

export interface SubgraphClaim {
  id: string;
  amount: string;
  to: string;
  timestamp: string;
  transactionHash: string;
  asset: { id: string; name: string };
}

export interface SubgraphReinvestment {
  id: string;
  amount: string;
  venueKind: string;
  venueId: string;
  timestamp: string;
  transactionHash: string;
  sourceAsset: { id: string; name: string };
}

export const EARNINGS_QUERY = /* GraphQL */ `
  query Earnings($holder: Bytes!) {
    revenueClaims(first: 1000, where: { holder: $holder }, orderBy: timestamp, orderDirection: desc) {
      id amount to timestamp transactionHash asset { id name }
    }
    reinvestments(first: 1000, where: { holder: $holder }, orderBy: timestamp, orderDirection: desc) {
      id amount venueKind venueId timestamp transactionHash sourceAsset { id name }
    }
  }
`;

/** Claims and reinvestments as one list, newest first. */
export function toEarningEvents(claims: readonly SubgraphClaim[], reinvestments: readonly SubgraphReinvestment[]): EarningEvent[] {
  const events: EarningEvent[] = [
    ...claims.map((claim) => ({
      timestamp: Number(claim.timestamp),
      assetId: claim.asset.id,
      assetName: claim.asset.name,
      kind: "Claimed" as const,
      amount: BigInt(claim.amount),
      transactionHash: claim.transactionHash,
      detail: `paid to ${claim.to}`,
    })),
    ...reinvestments.map((reinvestment) => ({
      timestamp: Number(reinvestment.timestamp),
      assetId: reinvestment.sourceAsset.id,
      assetName: reinvestment.sourceAsset.name,
      kind: "Reinvested" as const,
      amount: BigInt(reinvestment.amount),
      transactionHash: reinvestment.transactionHash,
      detail: reinvestment.venueKind === "Offering" ? `offering receipt #${reinvestment.venueId}` : `buy order #${reinvestment.venueId}`,
    })),
  ];
  return events.sort((a, b) => b.timestamp - a.timestamp || a.transactionHash.localeCompare(b.transactionHash));
}

export interface MonthlyEarning {
  /** UTC month, "YYYY-MM". */
  month: string;
  claimed: bigint;
  reinvested: bigint;
  /** Everything received up to the end of this month. */
  cumulative: bigint;
}

function utcMonth(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 7);
}

function nextMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}

/** Totals per UTC month from the first event to the last, months without events included (a chart needs them). */
export function monthlyEarnings(events: readonly EarningEvent[]): MonthlyEarning[] {
  if (events.length === 0) return [];
  const byMonth = new Map<string, { claimed: bigint; reinvested: bigint }>();
  for (const event of events) {
    const month = utcMonth(event.timestamp);
    const totals = byMonth.get(month) ?? { claimed: 0n, reinvested: 0n };
    if (event.kind === "Claimed") totals.claimed += event.amount;
    else totals.reinvested += event.amount;
    byMonth.set(month, totals);
  }
  const months = [...byMonth.keys()].sort();
  const last = months[months.length - 1]!;
  const result: MonthlyEarning[] = [];
  let cumulative = 0n;
  for (let month = months[0]!; month <= last; month = nextMonth(month)) {
    const totals = byMonth.get(month) ?? { claimed: 0n, reinvested: 0n };
    cumulative += totals.claimed + totals.reinvested;
    result.push({ month, ...totals, cumulative });
  }
  return result;
}

/** RFC 4180: quote a field when it holds a comma, quote or line break; double the quotes inside. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A field a spreadsheet would otherwise run as a formula (=, +, -, @ first) is prefixed with an apostrophe. */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const EARNINGS_CSV_HEADER = ["date_utc", "asset_id", "asset", "kind", "amount", "currency", "detail", "transaction"] as const;

/** The earnings history as CSV (CRLF line ends, exact decimal amounts, ISO 8601 UTC dates). */
export function earningsCsv(events: readonly EarningEvent[], decimals: number, currency: string): string {
  const rows = [EARNINGS_CSV_HEADER.join(",")];
  for (const event of events) {
    rows.push(
      [
        new Date(event.timestamp * 1000).toISOString(),
        event.assetId,
        safeText(event.assetName),
        event.kind,
        formatUnits(event.amount, decimals),
        currency,
        safeText(event.detail),
        event.transactionHash,
      ]
        .map(csvField)
        .join(","),
    );
  }
  return `${rows.join("\r\n")}\r\n`;
}
