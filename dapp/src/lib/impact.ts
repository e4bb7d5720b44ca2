/**
 * Impact arithmetic, framework-free: certificate ids, CO2 avoided and the retirement form.
 * EnergyCertificate: 1 unit = 1 kWh; id = assetId << 64 | periodId; CO2 (g) = kWh × emission factor (g/kWh).
 */
import { numberFormat } from "./intl.ts";
const PERIOD_BITS = 64n;
const PERIOD_MASK = (1n << PERIOD_BITS) - 1n;

export function certificateIdOf(assetId: bigint, periodId: bigint): bigint {
  if (assetId < 0n || periodId < 0n || periodId > PERIOD_MASK) throw new RangeError("asset or period id out of range");
  return (assetId << PERIOD_BITS) | periodId;
}

export function splitCertificateId(id: bigint): { assetId: bigint; periodId: bigint } {
  return { assetId: id >> PERIOD_BITS, periodId: id & PERIOD_MASK };
}

/** Grams of CO2 displaced by `kWh` at `factorGPerKWh` (what EnergyCertificate records on retirement). */
export function co2GramsForKWh(kWh: bigint, factorGPerKWh: bigint | number): bigint {
  return kWh * BigInt(factorGPerKWh);
}

/** Grams of CO2 displaced by production measured in Wh (kept exact: Wh × g/kWh ÷ 1,000, rounded down). */
export function co2GramsForWh(energyWh: bigint, factorGPerKWh: bigint | number): bigint {
  return (energyWh * BigInt(factorGPerKWh)) / 1000n;
}

/** "12.35 t", "450 kg" or "12 g" of CO2, in the reader's locale. */
export function formatCo2(grams: bigint, locale?: string): string {
  const tonnes = 1_000_000n;
  const number = (value: number, digits: number) => numberFormat(locale, { maximumFractionDigits: digits }).format(value);
  if (grams >= tonnes) return `${number(Number(grams) / 1e6, 2)} t CO₂`;
  if (grams >= 1000n) return `${number(Number(grams) / 1e3, 1)} kg CO₂`;
  return `${number(Number(grams), 0)} g CO₂`;
}

export interface RetireInput {
  amount: string;
  beneficiary: string;
  purpose: string;
}

export const MAX_BENEFICIARY_LENGTH = 120;
export const MAX_PURPOSE_LENGTH = 280;

export type RetireCheck =
  | { ok: true; value: { amount: bigint; beneficiary: string; purpose: string } }
  | { ok: false; errors: Partial<Record<keyof RetireInput, string>> };

/** Checks the retirement form against the holder's balance of that certificate. */
export function validateRetirement(input: RetireInput, balance: bigint): RetireCheck {
  const errors: Partial<Record<keyof RetireInput, string>> = {};
  const amountText = input.amount.trim();
  let amount = 0n;
  if (!/^\d+$/.test(amountText)) errors.amount = "Enter a whole number of certificates (1 certificate = 1 kWh).";
  else {
    amount = BigInt(amountText);
    if (amount === 0n) errors.amount = "Retire at least one certificate.";
    else if (amount > balance) errors.amount = `You hold ${balance} of these certificates.`;
  }
  const beneficiary = input.beneficiary.trim();
  if (!beneficiary) errors.beneficiary = "Name who the retirement is for (a person, a company or yourself).";
  else if (beneficiary.length > MAX_BENEFICIARY_LENGTH) errors.beneficiary = `Keep the beneficiary under ${MAX_BENEFICIARY_LENGTH} characters.`;
  const purpose = input.purpose.trim();
  if (purpose.length > MAX_PURPOSE_LENGTH) errors.purpose = `Keep the purpose under ${MAX_PURPOSE_LENGTH} characters.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { amount, beneficiary, purpose } };
}
