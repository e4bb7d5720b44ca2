/**
 * WATT staking arithmetic, framework-free: token amounts typed in the reader's locale, the staking
 * cooldown as words, and what an unstake request does to funds already cooling down (WattStaking:
 * every new request restarts the cooldown for everything cooling down; withdraw() pays it all at once).
 */
import { formatUnits, parseUnits } from "viem";
import { numberFormat } from "./intl.ts";

export type AmountCheck = { ok: true; amount: bigint } | { ok: false; error: string };

/** The locale's grouping and decimal separators ("," and "." for en-GB; "." and "," for de-DE). */
export function numberSeparators(locale?: string): { group: string; decimal: string } {
  const parts = numberFormat(locale).formatToParts(12345.6);
  return {
    group: parts.find((part) => part.type === "group")?.value ?? ",",
    decimal: parts.find((part) => part.type === "decimal")?.value ?? ".",
  };
}

/**
 * A token amount typed by the user ("1,250.5" in en-GB, "1.250,5" in de-DE) in the token's smallest unit.
 * Grouping separators must sit between groups of three digits, so a misplaced one (a decimal point typed
 * the other locale's way) is refused with an example rather than read as a different number.
 */
export function parseTokenAmount(input: string, decimals: number, locale?: string): AmountCheck {
  const { group, decimal } = numberSeparators(locale);
  // Narrow no-break spaces (fr, de-CH) and ordinary spaces both count as the space group separator.
  const text = input.trim().replace(/[\u00a0\u202f ]/g, group.trim() === "" ? group : "");
  const example = numberFormat(locale, { minimumFractionDigits: 1 }).format(1250.5);
  if (text === "") return { ok: false, error: "Enter an amount." };
  const [integerPart = "", fractionPart, ...rest] = text.split(decimal);
  if (rest.length > 0) return { ok: false, error: `Enter the amount as a number, for example ${example}.` };
  const groups = integerPart.split(group);
  const wellGrouped = groups.length === 1 || (groups[0]!.length >= 1 && groups[0]!.length <= 3 && groups.slice(1).every((g) => g.length === 3));
  const digits = groups.join("");
  if (!/^\d*$/.test(digits) || (fractionPart !== undefined && !/^\d+$/.test(fractionPart)) || (digits === "" && fractionPart === undefined) || !wellGrouped) {
    return { ok: false, error: `Enter the amount as a number, for example ${example}.` };
  }
  if ((fractionPart?.length ?? 0) > decimals) return { ok: false, error: `Use at most ${decimals} decimals.` };
  const amount = parseUnits(`${digits || "0"}.${fractionPart ?? "0"}`, decimals);
  if (amount === 0n) return { ok: false, error: "Enter an amount above zero." };
  return { ok: true, amount };
}

/** An exact amount written for an input field in the reader's locale, without grouping ("1250,5" in de-DE). */
export function tokenAmountInput(amount: bigint, decimals: number, locale?: string): string {
  return formatUnits(amount, decimals).replace(".", numberSeparators(locale).decimal);
}

/** Checks a typed stake or unstake amount against what is available for it; `available` is described in words. */
export function checkStakeAmount(input: string, options: { available: bigint; decimals: number; locale?: string; describeAvailable(amount: bigint): string }): AmountCheck {
  const parsed = parseTokenAmount(input, options.decimals, options.locale);
  if (!parsed.ok) return parsed;
  if (parsed.amount > options.available) return { ok: false, error: options.describeAvailable(options.available) };
  return parsed;
}

/** A duration in the largest whole unit that fits: "7 days", "36 hours", "90 minutes", "45 seconds". */
export function formatDuration(seconds: bigint | number, locale?: string): string {
  const s = Number(seconds);
  const unit = (value: number, name: "day" | "hour" | "minute" | "second") =>
    numberFormat(locale, { style: "unit", unit: name, unitDisplay: "long", maximumFractionDigits: 1 }).format(value);
  if (s >= 2 * 86_400) return unit(s / 86_400, "day");
  if (s >= 2 * 3_600) return unit(s / 3_600, "hour");
  if (s >= 120) return unit(s / 60, "minute");
  return unit(s, "second");
}

export interface StakePosition {
  staked: bigint;
  coolingDown: bigint;
  unlocksAt: bigint;
}

export type CooldownState =
  | { kind: "none" }
  | { kind: "cooling"; amount: bigint; unlocksAt: bigint; remainingSeconds: bigint }
  | { kind: "ready"; amount: bigint };

/** Where the user's unstaked WATT stands at `now` (chain time). */
export function cooldownState(position: StakePosition, now: bigint): CooldownState {
  if (position.coolingDown === 0n) return { kind: "none" };
  if (position.unlocksAt <= now) return { kind: "ready", amount: position.coolingDown };
  return { kind: "cooling", amount: position.coolingDown, unlocksAt: position.unlocksAt, remainingSeconds: position.unlocksAt - now };
}

export interface UnstakePlan {
  /** Withdrawn at once when the contract has no cooldown. */
  immediate: boolean;
  /** When everything cooling down (this request and earlier ones) can be withdrawn. */
  unlocksAt: bigint;
  /** WATT cooling down after this request. */
  coolingDown: bigint;
  /** Earlier requests whose wait starts over. */
  restarts: bigint;
}

/** What unstaking `amount` at `now` does, given the contract's cooldown and the current position. */
export function planUnstake(position: StakePosition, amount: bigint, cooldown: bigint, now: bigint): UnstakePlan {
  if (cooldown === 0n) return { immediate: true, unlocksAt: now, coolingDown: position.coolingDown, restarts: 0n };
  return { immediate: false, unlocksAt: now + cooldown, coolingDown: position.coolingDown + amount, restarts: position.coolingDown };
}

/** A WATT amount (wei) for reading: "1,250.5 WATT", at most two decimals, exact for large amounts. */
export function formatWatt(amount: bigint | undefined, locale?: string): string {
  if (amount === undefined) return "—";
  const format = numberFormat(locale, { maximumFractionDigits: 2 });
  return `${format.format(formatUnits(amount, WATT_DECIMALS) as unknown as number)} WATT`;
}

export const WATT_DECIMALS = 18;
