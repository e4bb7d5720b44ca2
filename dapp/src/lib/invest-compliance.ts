/**
 * The invest form's pre-check, before anything is signed: Compliance.canTransfer(asset, 0x0, investor,
 * shares already bought + shares now) answers with an ICompliance.TransferRestriction code, the offering's
 * own terms (window, minimum, per-investor cap, hard cap) are checked from its state, and the KYC record
 * explains the identity side. Each outcome is one sentence saying what is wrong and what to do.
 */
import { formatDate, formatNumber } from "./format";
import { numberFormat } from "./intl.ts";

/** ICompliance.TransferRestriction, in declaration order. */
export const TRANSFER_RESTRICTIONS = [
  "None",
  "Paused",
  "AssetPaused",
  "SharesNotTransferable",
  "SenderFrozen",
  "RecipientFrozen",
  "InsufficientBalance",
  "RecipientNotVerified",
  "CountryNotAllowed",
  "InvestorClassNotAllowed",
  "MaxBalanceExceeded",
  "BelowMinimumHolding",
  "LockedUp",
  "MaxHoldersReached",
  "InvalidRecipient",
] as const;
export type TransferRestriction = (typeof TRANSFER_RESTRICTIONS)[number];

export interface RestrictionContext {
  assetName: string;
  /** Shares the investor would hold after this purchase (already bought in this offering + held + now). */
  sharesAfter: bigint;
  /** Compliance.rules(asset) */
  maxBalance: bigint;
  minHolding: bigint;
  maxHolders: number;
  /** IdentityRegistry identity expiry (unix seconds), when the wallet has one. */
  kycExpiresAt?: bigint | null;
  locale?: string;
}

export function restrictionName(code: number): TransferRestriction {
  return TRANSFER_RESTRICTIONS[code] ?? "InvalidRecipient";
}

/** The sentence for a canTransfer code; null for None (the purchase passes compliance). */
export function restrictionSentence(code: number, context: RestrictionContext): string | null {
  const { assetName, locale } = context;
  const n = (value: bigint | number) => formatNumber(value, { locale });
  switch (restrictionName(code)) {
    case "None":
      return null;
    case "Paused":
      return "The platform is paused; purchases resume when it is unpaused.";
    case "AssetPaused":
      return `${assetName} is paused by the platform; its shares cannot be bought until it resumes.`;
    case "SharesNotTransferable":
      return `${assetName} is not in a state where shares can be issued.`;
    case "SenderFrozen":
    case "RecipientFrozen":
      return "Your wallet is frozen by the compliance team; contact support before investing.";
    case "InsufficientBalance":
      return "The shares to move are not available.";
    case "RecipientNotVerified":
      return context.kycExpiresAt
        ? `Your identity verification expired on ${formatDate(context.kycExpiresAt, { locale })}; renew your KYC in your profile to invest.`
        : "Your wallet has no verified identity yet. Complete KYC in your profile (or link this wallet to your verified identity) to invest.";
    case "CountryNotAllowed":
      return `${assetName} is not offered to investors from your country of residence.`;
    case "InvestorClassNotAllowed":
      return `${assetName} is open only to other investor classes (for example professional or institutional investors).`;
    case "MaxBalanceExceeded":
      return `You would hold ${n(context.sharesAfter)} shares, above the limit of ${n(context.maxBalance)} shares per wallet for ${assetName}. Buy fewer shares.`;
    case "BelowMinimumHolding":
      return `You would hold ${n(context.sharesAfter)} shares; ${assetName} requires at least ${n(context.minHolding)}. Buy more shares.`;
    case "LockedUp":
      return "Your shares of this asset are still locked up after a primary purchase.";
    case "MaxHoldersReached":
      return `${assetName} already has its maximum of ${n(context.maxHolders)} holders; new investors cannot join.`;
    case "InvalidRecipient":
      return "This wallet cannot receive shares.";
  }
}

export interface OfferingWindow {
  status: "None" | "Open" | "Succeeded" | "Failed" | "Cancelled";
  startTime: bigint;
  endTime: bigint;
  minPurchaseShares: bigint;
  maxSharesPerInvestor: bigint;
  hardCapShares: bigint;
  sharesSold: bigint;
}

/** The most shares this investor may still buy (per-investor cap and what is left under the hard cap). */
export function maxPurchasable(offering: OfferingWindow, alreadyBought: bigint): bigint {
  const cap = offering.maxSharesPerInvestor === 0n ? offering.hardCapShares : offering.maxSharesPerInvestor;
  const personal = cap > alreadyBought ? cap - alreadyBought : 0n;
  const remaining = offering.hardCapShares > offering.sharesSold ? offering.hardCapShares - offering.sharesSold : 0n;
  return personal < remaining ? personal : remaining;
}

/** The offering's own checks (Offering._checkPurchase order), as a sentence; null when the purchase fits. */
export function offeringTermsProblem(offering: OfferingWindow, shares: bigint, alreadyBought: bigint, now: bigint, locale?: string): string | null {
  const n = (value: bigint) => formatNumber(value, { locale });
  if (offering.status !== "Open" || now > offering.endTime) return "This offering is closed.";
  if (now < offering.startTime) return `This offering opens on ${formatDate(offering.startTime, { locale, withTime: true })}.`;
  if (shares <= 0n || shares < offering.minPurchaseShares) {
    return `The smallest purchase is ${n(offering.minPurchaseShares > 0n ? offering.minPurchaseShares : 1n)} shares.`;
  }
  const remaining = offering.hardCapShares - offering.sharesSold;
  if (shares > remaining) return `Only ${n(remaining)} shares are left in this offering.`;
  const cap = offering.maxSharesPerInvestor === 0n ? offering.hardCapShares : offering.maxSharesPerInvestor;
  if (alreadyBought + shares > cap) {
    return alreadyBought > 0n
      ? `You already bought ${n(alreadyBought)} shares; one investor may buy at most ${n(cap)} in this offering, so ${n(cap - alreadyBought)} more at most.`
      : `One investor may buy at most ${n(cap)} shares in this offering.`;
  }
  return null;
}

/** Parses the share count typed in the form: a whole positive number, or a sentence saying why not. */
export function parseShareCount(text: string, locale?: string): { shares: bigint } | { error: string } {
  const trimmed = text.trim().replace(/[\s_'’]/g, "");
  if (trimmed === "") return { error: "Enter how many shares to buy." };
  // Thousands separators of the locale are allowed; decimals are not (shares are whole).
  const group = numberFormat(locale).format(1000).replace(/\d/g, "");
  const normalised = group ? trimmed.split(group).join("") : trimmed;
  if (!/^\d+$/.test(normalised)) return { error: "Shares are whole numbers; enter digits only." };
  const shares = BigInt(normalised);
  if (shares === 0n) return { error: "Enter at least one share." };
  if (shares > 2n ** 63n) return { error: "That is more shares than exist." };
  return { shares };
}
