/**
 * The operator's offering-terms form: values as typed, the rules Offering.createOffering enforces (plus a few
 * that keep an offering sensible), each explained before anything is signed, and the IOffering.OfferingTerms
 * struct built from valid values. Also the pre-check of who may create an offering for which asset.
 */
import { isAddress, parseUnits, zeroAddress, type Address, type ContractFunctionArgs } from "viem";
import type { offeringAbi } from "@cowatt/deployments/abis";
import { ASSET_STATUSES } from "./errors";

const UINT64_MAX = 2n ** 64n - 1n;
const UINT128_MAX = 2n ** 128n - 1n;
/** The shortest window worth opening, and the longest an offering should keep investors' money in escrow. */
export const MIN_OFFERING_SECONDS = 3_600n;
export const MAX_OFFERING_SECONDS = 365n * 24n * 3_600n;

export interface OfferingFormValues {
  pricePerShare: string;
  /** Shares offered (the hard cap). */
  hardCapShares: string;
  /** Shares that must sell for the offering to succeed (below it every investor is refunded). */
  softCapShares: string;
  minPurchaseShares: string;
  /** Empty or 0: no limit beyond the shares offered. */
  maxSharesPerInvestor: string;
  /** Open as soon as the transaction confirms, else at `start`. */
  startNow: boolean;
  /** `<input type="datetime-local">` values, in the browser's time zone. */
  start: string;
  end: string;
  treasury: string;
}

export type OfferingFormErrors = Partial<Record<Exclude<keyof OfferingFormValues, "startNow">, string>>;

export interface OfferingContext {
  stablecoinDecimals: number;
  /** The chain's time in unix seconds (the window is checked against it, as the contract does). */
  now: bigint;
  /** EnergyAsset total shares minus those already issued: the most an offering can sell. */
  unissuedShares: bigint;
}

/** IOffering.OfferingTerms, typed from the generated ABI. */
export type OfferingTerms = ContractFunctionArgs<typeof offeringAbi, "nonpayable", "createOffering">[0];

export function emptyOfferingForm(treasury: string): OfferingFormValues {
  return { pricePerShare: "", hardCapShares: "", softCapShares: "", minPurchaseShares: "1", maxSharesPerInvestor: "", startNow: true, start: "", end: "", treasury };
}

/** A decimal amount in the token's smallest unit; null when malformed or more precise than the token. */
export function parseAmount(text: string, decimals: number): bigint | null {
  const trimmed = text.trim();
  const match = /^\d+(?:\.(\d+))?$/.exec(trimmed);
  if (!match || (match[1]?.length ?? 0) > decimals) return null;
  return parseUnits(trimmed, decimals);
}

function parseShares(text: string): bigint | null {
  const trimmed = text.trim();
  if (!/^\d{1,20}$/.test(trimmed)) return null;
  const shares = BigInt(trimmed);
  return shares <= UINT64_MAX ? shares : null;
}

/** A datetime-local value as unix seconds (browser time zone); null when empty or invalid. */
export function parseLocalDateTime(text: string): bigint | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
  const millis = new Date(text).getTime();
  return Number.isNaN(millis) ? null : BigInt(Math.floor(millis / 1000));
}

/** The window the values describe; the start is `now` when opening at once. */
function windowOf(values: OfferingFormValues, now: bigint): { start: bigint | null; end: bigint | null } {
  return { start: values.startNow ? now : parseLocalDateTime(values.start), end: parseLocalDateTime(values.end) };
}

/** Every rule, with a sentence saying what to change. Empty when the terms can be sent. */
export function validateOfferingForm(values: OfferingFormValues, context: OfferingContext): OfferingFormErrors {
  const errors: OfferingFormErrors = {};
  const { stablecoinDecimals: decimals, now, unissuedShares } = context;

  const price = parseAmount(values.pricePerShare, decimals);
  if (price === null || price === 0n) errors.pricePerShare = `Enter the price per share (more than 0, at most ${decimals} decimals).`;
  else if (price > UINT128_MAX) errors.pricePerShare = "That price is too large.";

  const hardCap = parseShares(values.hardCapShares);
  if (hardCap === null || hardCap === 0n) errors.hardCapShares = "Enter how many shares are offered (a whole number, at least 1).";
  else if (hardCap > unissuedShares) errors.hardCapShares = `Only ${unissuedShares.toString()} shares of this asset are not issued yet; offer at most that many.`;

  const softCap = parseShares(values.softCapShares);
  if (softCap === null || softCap === 0n) {
    errors.softCapShares = "Enter the shares that must sell for the offering to succeed (at least 1: below it every investor is refunded).";
  } else if (hardCap !== null && hardCap > 0n && softCap > hardCap) {
    errors.softCapShares = "The soft cap cannot exceed the shares offered.";
  }

  const minimum = parseShares(values.minPurchaseShares);
  if (minimum === null || minimum === 0n) errors.minPurchaseShares = "Enter the smallest purchase in shares (at least 1).";
  else if (hardCap !== null && hardCap > 0n && minimum > hardCap) errors.minPurchaseShares = "The minimum ticket cannot exceed the shares offered.";

  if (values.maxSharesPerInvestor.trim() !== "") {
    const maximum = parseShares(values.maxSharesPerInvestor);
    if (maximum === null) errors.maxSharesPerInvestor = "Enter the most shares one investor may buy (a whole number), or leave it empty for no limit.";
    else if (maximum !== 0n && minimum !== null && maximum < minimum) errors.maxSharesPerInvestor = "The maximum per investor cannot be below the minimum ticket.";
  }

  const { start, end } = windowOf(values, now);
  if (!values.startNow) {
    if (start === null) errors.start = "Choose when the offering opens, or open it at once.";
    else if (start < now) errors.start = "The opening lies in the past: choose a later time, or open it at once.";
  }
  if (end === null) errors.end = "Choose when the offering closes.";
  else if (end <= now) errors.end = "The closing lies in the past: choose a later time.";
  else if (start !== null && end <= start) errors.end = "The offering must close after it opens.";
  else if (start !== null && end - start < MIN_OFFERING_SECONDS) errors.end = "Keep the offering open for at least an hour.";
  else if (start !== null && end - start > MAX_OFFERING_SECONDS) errors.end = "An offering runs at most a year: investors' money waits in escrow until it closes.";

  if (!isAddress(values.treasury.trim())) errors.treasury = "Enter the address that receives the proceeds (0x…).";
  else if (values.treasury.trim().toLowerCase() === zeroAddress) errors.treasury = "The proceeds cannot go to the zero address.";
  return errors;
}

/** IOffering.OfferingTerms from valid values (throws otherwise: validate first). */
export function toOfferingTerms(assetId: bigint, values: OfferingFormValues, context: OfferingContext): OfferingTerms {
  const errors = validateOfferingForm(values, context);
  if (Object.keys(errors).length > 0) throw new Error(`invalid offering terms: ${Object.keys(errors).join(", ")}`);
  const { start, end } = windowOf(values, context.now);
  return {
    assetId,
    pricePerShare: parseAmount(values.pricePerShare, context.stablecoinDecimals)!,
    softCapShares: BigInt(values.softCapShares.trim()),
    hardCapShares: BigInt(values.hardCapShares.trim()),
    minPurchaseShares: BigInt(values.minPurchaseShares.trim()),
    maxSharesPerInvestor: values.maxSharesPerInvestor.trim() === "" ? 0n : BigInt(values.maxSharesPerInvestor.trim()),
    startTime: start!,
    endTime: end!,
    treasury: values.treasury.trim() as Address,
  };
}

/** What the terms mean in money: raised at the soft and hard cap, the platform fee and the operator's net. */
export function offeringSummary(terms: Pick<OfferingTerms, "pricePerShare" | "softCapShares" | "hardCapShares" | "minPurchaseShares">, feeBps: number) {
  const maximumRaise = terms.pricePerShare * terms.hardCapShares;
  const fee = (maximumRaise * BigInt(feeBps)) / 10_000n;
  return {
    minimumRaise: terms.pricePerShare * terms.softCapShares,
    maximumRaise,
    minimumTicket: terms.pricePerShare * terms.minPurchaseShares,
    feeAtMaximum: fee,
    netAtMaximum: maximumRaise - fee,
  };
}

export type AssetStatusName = (typeof ASSET_STATUSES)[number];

export type OfferingReadiness = { ready: true } | { ready: false; reason: string };

/**
 * Whether `account` may create an offering for the asset now, as Offering.createOffering decides: the asset's
 * operator or an offering manager, an asset in the Verified state (a failed or cancelled offering returns it
 * there), and shares left to issue.
 */
export function offeringReadiness(input: {
  status: AssetStatusName;
  operator: Address;
  account: Address;
  isOfferingManager: boolean;
  unissuedShares: bigint;
}): OfferingReadiness {
  const { status } = input;
  if (input.operator.toLowerCase() !== input.account.toLowerCase() && !input.isOfferingManager) {
    return { ready: false, reason: "Only the asset's operator or an offering manager can set its offering terms; this wallet is neither." };
  }
  switch (status) {
    case "Verified":
      return input.unissuedShares > 0n ? { ready: true } : { ready: false, reason: "Every share of this asset is already issued: there is nothing left to offer." };
    case "Submitted":
    case "UnderReview":
      return { ready: false, reason: "The asset is still being reviewed; it can be offered once a verifier has verified it." };
    case "Rejected":
      return { ready: false, reason: "The asset was rejected; correct it and resubmit it for review first." };
    case "Offering":
      return { ready: false, reason: "An offering is already open for this asset; it must close (or be cancelled) before a new one." };
    case "Active":
    case "Suspended":
      return { ready: false, reason: "The asset's offering succeeded and it is producing; its shares now trade on the order book." };
    default:
      return { ready: false, reason: `An asset that is ${status} cannot be offered.` };
  }
}
