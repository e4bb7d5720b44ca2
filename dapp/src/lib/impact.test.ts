import { describe, expect, it } from "vitest";
import { certificateIdOf, co2GramsForKWh, co2GramsForWh, formatCo2, splitCertificateId, validateRetirement } from "./impact";

describe("certificate ids", () => {
  it("packs the asset in the high bits and the period in the low 64 bits", () => {
    expect(certificateIdOf(3n, 1n)).toBe((3n << 64n) | 1n);
    expect(splitCertificateId((7n << 64n) | 42n)).toEqual({ assetId: 7n, periodId: 42n });
    expect(() => certificateIdOf(1n, 1n << 64n)).toThrow(RangeError);
  });
});

describe("CO2 avoided", () => {
  it("multiplies kWh by the emission factor as the contract does", () => {
    expect(co2GramsForKWh(1_234n, 190)).toBe(234_460n);
    expect(co2GramsForKWh(0n, 400n)).toBe(0n);
  });

  it("keeps production in Wh exact and rounds down to the gram", () => {
    expect(co2GramsForWh(1_234_567n, 190)).toBe(234_567n); // 1,234.567 kWh × 190 = 234,567.73 g
    expect(co2GramsForWh(999n, 1)).toBe(0n);
  });

  it("prints grams, kilograms or tonnes", () => {
    expect(formatCo2(12n, "en")).toBe("12 g CO₂");
    expect(formatCo2(234_460n, "en")).toBe("234.5 kg CO₂");
    expect(formatCo2(12_345_678n, "en")).toBe("12.35 t CO₂");
    expect(formatCo2(12_345_678n, "de")).toBe("12,35 t CO₂");
  });
});

describe("retirement form", () => {
  it("accepts a whole amount within the balance, a beneficiary and an optional purpose", () => {
    expect(validateRetirement({ amount: " 25 ", beneficiary: " Acme GmbH ", purpose: "" }, 100n)).toEqual({
      ok: true,
      value: { amount: 25n, beneficiary: "Acme GmbH", purpose: "" },
    });
  });

  it("names every problem", () => {
    const check = validateRetirement({ amount: "2.5", beneficiary: "  ", purpose: "x".repeat(281) }, 10n);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(["amount", "beneficiary", "purpose"]);
    const over = validateRetirement({ amount: "11", beneficiary: "Me", purpose: "" }, 10n);
    expect(over.ok ? "" : over.errors.amount).toBe("You hold 10 of these certificates.");
    const zero = validateRetirement({ amount: "0", beneficiary: "Me", purpose: "" }, 10n);
    expect(zero.ok ? "" : zero.errors.amount).toBe("Retire at least one certificate.");
  });
});
