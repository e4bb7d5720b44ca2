/**
 * Locale-aware formatting. Amounts on chain are bigints in a token's smallest unit; they are turned into
 * decimal strings with viem's formatUnits (exact) before Intl formats them, so no precision is lost
 * to floating point for amounts up to what a number shows.
 */
import { formatUnits } from "viem";
import { dateTimeFormat, displayNames, numberFormat, relativeTimeFormat } from "./intl.ts";

export interface FormatOptions {
  locale?: string;
}

const WATTS = ["W", "kW", "MW", "GW"] as const;

/** Whole or decimal numbers by locale: 23000 → "23,000" (en) / "23.000" (de). */
export function formatNumber(value: number | bigint, options: FormatOptions & { maximumFractionDigits?: number } = {}): string {
  return numberFormat(options.locale, { maximumFractionDigits: options.maximumFractionDigits ?? 2 }).format(value);
}

/**
 * A stablecoin amount (smallest units, `decimals` from the token) as currency: 150_000000n, 6 → "€150.00".
 * Intl accepts the exact decimal string, so large amounts keep every cent.
 */
export function formatCurrency(
  amount: bigint,
  decimals: number,
  options: FormatOptions & { currency?: string; maximumFractionDigits?: number } = {},
): string {
  const decimal = formatUnits(amount, decimals);
  const format = numberFormat(options.locale, {
    style: "currency",
    currency: options.currency ?? "EUR",
    minimumFractionDigits: Math.min(2, options.maximumFractionDigits ?? 2),
    maximumFractionDigits: options.maximumFractionDigits ?? 2,
  });
  return format.format(decimal as unknown as number); // Intl.NumberFormat formats decimal strings exactly
}

/** A fraction as a percentage: 0.0734 → "7.34 %" (locale spacing). */
export function formatPercent(fraction: number, options: FormatOptions & { maximumFractionDigits?: number } = {}): string {
  return numberFormat(options.locale, {
    style: "percent",
    maximumFractionDigits: options.maximumFractionDigits ?? 1,
  }).format(fraction);
}

/** Electrical power from watts: 2_300_000n → "2.3 MW". */
export function formatPower(watts: bigint | number, options: FormatOptions = {}): string {
  let value = Number(watts);
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < WATTS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(value, { ...options, maximumFractionDigits: value < 10 ? 2 : 1 })} ${WATTS[unit]}`;
}

/** Energy from kWh: 5_240_000 → "5.24 GWh". */
export function formatEnergyKWh(kWh: bigint | number, options: FormatOptions = {}): string {
  return formatPower(Number(kWh) * 1000, options).replace(/W$/, "Wh");
}

/** A unix time (seconds, as on chain) or Date as a locale date, optionally with the time. */
export function formatDate(value: bigint | number | Date, options: FormatOptions & { withTime?: boolean } = {}): string {
  const date = value instanceof Date ? value : new Date(Number(value) * 1000);
  return dateTimeFormat(options.locale, {
    dateStyle: "medium",
    ...(options.withTime ? { timeStyle: "short" } : {}),
  }).format(date);
}

/** Time until (or since) a unix time, by locale: "in 29 days", "3 hours ago". */
export function formatRelativeTime(unixSeconds: bigint | number, now: number = Date.now(), options: FormatOptions = {}): string {
  const seconds = Number(unixSeconds) - Math.floor(now / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000], ["month", 2_592_000], ["day", 86_400], ["hour", 3_600], ["minute", 60],
  ];
  const format = relativeTimeFormat(options.locale, { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(seconds, "second");
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** ISO 3166-1 numeric codes (as stored on chain) → alpha-2, for names and flags. */
const ALPHA2: Record<number, string> = {
  40: "AT", 56: "BE", 100: "BG", 191: "HR", 196: "CY", 203: "CZ", 208: "DK", 233: "EE", 246: "FI", 250: "FR",
  276: "DE", 300: "GR", 348: "HU", 372: "IE", 380: "IT", 428: "LV", 440: "LT", 442: "LU", 470: "MT", 528: "NL",
  616: "PL", 620: "PT", 642: "RO", 703: "SK", 705: "SI", 724: "ES", 752: "SE", 578: "NO", 756: "CH", 826: "GB",
};

/** Numeric ISO 3166-1 codes the app names (country pickers). */
export const KNOWN_COUNTRIES: readonly number[] = Object.keys(ALPHA2).map(Number);

export function countryAlpha2(numeric: number): string | null {
  return ALPHA2[numeric] ?? null;
}

/** The country's name in the locale ("Germany", "Deutschland"), or its numeric code when unknown. */
export function countryName(numeric: number, options: FormatOptions = {}): string {
  const alpha2 = countryAlpha2(numeric);
  if (!alpha2) return `Country ${numeric}`;
  return displayNames(options.locale ?? [], { type: "region" }).of(alpha2) ?? alpha2;
}
