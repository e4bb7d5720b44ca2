"use client";
import { useState } from "react";
import { productionBuckets, type Resolution } from "@/lib/asset-production";
import { formatDate, formatEnergyKWh } from "@/lib/format";
import { ASSET_ORACLE_PERIODS_QUERY, type OraclePeriodRow, type PeriodRow } from "@/lib/asset-page";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { SegmentedControl } from "../segmented-control";
import { BarChart } from "./charts";
import { Section } from "./section";
import { dateTimeFormat } from "@/lib/intl";

const RANGE: Record<Resolution, { count: number; label: string }> = {
  day: { count: 90, label: "Daily, last 90 days" },
  hour: { count: 48, label: "Hourly, last 48 hours" },
};
const RESOLUTION_OPTIONS = [{ value: "day", label: "Daily" }, { value: "hour", label: "Hourly" }] as const;

/** Verified production per day or hour from the subgraph's production periods (refreshed with the page's query). */
export function ProductionSection({ assetId, periods, chainTime, reportedWh }: { assetId: string; periods: PeriodRow[]; chainTime: bigint | undefined; reportedWh: bigint }) {
  const [resolution, setResolution] = useState<Resolution>("day");
  // Oracle-verified periods exist only in a subgraph with the metering entities; without them the query fails and is left out.
  const oracle = useSubgraphQuery<{ oraclePeriods: OraclePeriodRow[] }>("asset-oracle-periods", ASSET_ORACLE_PERIODS_QUERY, { asset: assetId }, { refetchInterval: 15_000, retry: 0 });
  const verified = (oracle.data?.oraclePeriods ?? []).flatMap((p) => (p.energyWh === null ? [] : [{ start: Number(p.start), end: Number(p.end), energyWh: BigInt(p.energyWh) }]));
  const parsed = [...periods.map((p) => ({ start: Number(p.start), end: Number(p.end), energyWh: BigInt(p.energyWh) })), ...verified];
  const totalWh = reportedWh + verified.reduce((sum, p) => sum + p.energyWh, 0n);
  const lastEnd = Math.max(0, ...parsed.map((p) => p.end));
  // Up to now on the chain's clock when production is recent; else up to the last period, so old data still shows.
  const until = chainTime !== undefined && Number(chainTime) - lastEnd < RANGE[resolution].count * (resolution === "day" ? 86_400 : 3_600) ? Number(chainTime) : lastEnd;
  const buckets = productionBuckets(parsed, resolution, RANGE[resolution].count, until);
  const label = (start: number) =>
    resolution === "day" ? formatDate(start) : dateTimeFormat(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(start * 1000));

  return (
    <Section
      id="production"
      title="Production"
      action={<SegmentedControl label="Chart resolution" options={RESOLUTION_OPTIONS} value={resolution} onChange={setResolution} />}
    >
      {parsed.length === 0 ? (
        <p className="muted text-sm">No production has been reported for this asset yet.</p>
      ) : (
        <>
          <p className="text-sm">
            <span className="font-semibold" data-testid="production-total">{formatEnergyKWh(Number(totalWh / 1000n))}</span> over {parsed.length} period
            {parsed.length === 1 ? "" : "s"}
            {verified.length > 0 && ` (${verified.length} measured by the meters and verified by the oracle)`}; the latest ended {formatDate(lastEnd, { withTime: true })}.
          </p>
          <BarChart
            title={`${RANGE[resolution].label} (kWh)`}
            valueHeader="Energy"
            testId="production-chart"
            data={buckets.map((b) => ({ label: label(b.start), value: b.energyWh, display: formatEnergyKWh(Math.round(b.energyWh / 1000)) }))}
          />
          <p className="muted text-xs">Each reporting period&apos;s energy is spread evenly over the time it covers. Updates every 15 seconds.</p>
        </>
      )}
    </Section>
  );
}
