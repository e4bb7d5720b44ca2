/**
 * Production of an asset per UTC day or hour, from its reported or oracle periods in the subgraph. A
 * period spreads its energy evenly over the time it covers, so a monthly report and five-minute oracle
 * periods land in the same buckets.
 */
import { numberFormat } from "./intl.ts";

export interface ProducedPeriod {
  /** Unix seconds. */
  start: number;
  end: number;
  energyWh: bigint;
}

export type Resolution = "day" | "hour";

export interface ProductionBucket {
  /** Bucket start, unix seconds (UTC). */
  start: number;
  energyWh: number;
}

const SIZE: Record<Resolution, number> = { day: 86_400, hour: 3_600 };

/**
 * Energy per bucket over the `count` buckets that end with the one holding `until` (or the last period's
 * end). Buckets without production are present with 0 so the chart shows the gaps.
 */
export function productionBuckets(periods: readonly ProducedPeriod[], resolution: Resolution, count: number, until?: number): ProductionBucket[] {
  const size = SIZE[resolution];
  const lastEnd = until ?? Math.max(0, ...periods.map((p) => p.end));
  if (lastEnd === 0 || count <= 0) return [];
  const lastBucket = Math.floor((lastEnd - 1) / size) * size;
  const firstBucket = lastBucket - (count - 1) * size;
  const energy = new Array<number>(count).fill(0);
  for (const period of periods) {
    const duration = period.end - period.start;
    if (duration <= 0) continue;
    const whPerSecond = Number(period.energyWh) / duration;
    const from = Math.max(period.start, firstBucket);
    const to = Math.min(period.end, lastBucket + size);
    for (let bucket = Math.floor(from / size) * size; bucket < to; bucket += size) {
      const overlap = Math.min(to, bucket + size) - Math.max(from, bucket);
      if (overlap > 0) energy[(bucket - firstBucket) / size]! += overlap * whPerSecond;
    }
  }
  return energy.map((energyWh, i) => ({ start: firstBucket + i * size, energyWh }));
}

/**
 * CO2 avoided by energy produced at the asset's emission factor (grams of CO2 per kWh displaced from the grid):
 * Wh × g/kWh ÷ 1000, in grams.
 */
export function co2AvoidedGrams(energyWh: bigint, emissionFactorGPerKWh: bigint): bigint {
  return (energyWh * emissionFactorGPerKWh) / 1000n;
}

/** Grams as kg or tonnes: 1_234_000 → "1.23 t". */
export function formatCo2(grams: bigint, locale?: string): string {
  const value = Number(grams);
  const format = (n: number, unit: string) => `${numberFormat(locale, { maximumFractionDigits: n < 10 ? 2 : 1 }).format(n)} ${unit}`;
  if (value >= 1_000_000) return format(value / 1_000_000, "t");
  if (value >= 1_000) return format(value / 1_000, "kg");
  return format(value, "g");
}
