/**
 * Access-control roles the consoles check on chain (contracts/libraries/Roles.sol: keccak256 of the name,
 * as scripts/lib/roles.ts derives them).
 */
import { keccak256, toHex, type Hex } from "viem";

const role = (name: string): Hex => keccak256(toHex(name));

export const ROLES = {
  DEFAULT_ADMIN: `0x${"00".repeat(32)}` as Hex,
  KYC_AGENT: role("KYC_AGENT_ROLE"),
  VERIFIER: role("VERIFIER_ROLE"),
  AGENT: role("AGENT_ROLE"),
  ASSET_PROVIDER: role("ASSET_PROVIDER_ROLE"),
} as const;

export type RoleName = keyof typeof ROLES;

/** Which contract holds each role the consoles use. */
export const ROLE_CONTRACT: Record<RoleName, "IdentityRegistry" | "EnergyAsset"> = {
  DEFAULT_ADMIN: "EnergyAsset",
  KYC_AGENT: "IdentityRegistry",
  VERIFIER: "EnergyAsset",
  AGENT: "EnergyAsset",
  ASSET_PROVIDER: "EnergyAsset",
};

export const INVESTOR_CLASSES = ["Retail", "Professional", "Institutional"] as const;

export interface KycSubmission {
  address: string;
  fullName: string;
  country: number;
  investorClass: (typeof INVESTOR_CLASSES)[number];
  dateOfBirth: string;
  submittedAt: number;
  status: "pending" | "approved" | "rejected";
  reason?: string;
  reviewedBy?: string;
  reviewedAt?: number;
}

export type KycInput = Pick<KycSubmission, "fullName" | "country" | "investorClass" | "dateOfBirth">;

/** Checks a KYC submission as typed; every problem named by field. */
export function validateKycInput(input: unknown, knownCountries: readonly number[]):
  | { ok: true; value: KycInput }
  | { ok: false; errors: Partial<Record<keyof KycInput, string>> } {
  const body = (input ?? {}) as Record<string, unknown>;
  const errors: Partial<Record<keyof KycInput, string>> = {};
  const fullName = typeof body.fullName === "string" ? body.fullName.trim() : "";
  if (fullName.length < 2 || fullName.length > 120) errors.fullName = "Enter your full legal name.";
  const country = Number(body.country);
  if (!knownCountries.includes(country)) errors.country = "Choose your country of residence.";
  const investorClass = body.investorClass as KycInput["investorClass"];
  if (!INVESTOR_CLASSES.includes(investorClass)) errors.investorClass = "Choose an investor class.";
  const dateOfBirth = typeof body.dateOfBirth === "string" ? body.dateOfBirth : "";
  const born = Date.parse(`${dateOfBirth}T00:00:00Z`);
  const adultBefore = Date.now() - 18 * 365.25 * 24 * 3600 * 1000;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth) || Number.isNaN(born)) errors.dateOfBirth = "Enter your date of birth.";
  else if (born > adultBefore) errors.dateOfBirth = "Investors must be at least 18 years old.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { fullName, country, investorClass, dateOfBirth } };
}
