import { describe, expect, it } from "vitest";
import { countryName, formatCurrency, formatDate, formatEnergyKWh, formatNumber, formatPercent, formatPower, formatRelativeTime, shortAddress } from "./format";

describe("format", () => {
  it("formats stablecoin amounts exactly in their decimals and the locale", () => {
    expect(formatCurrency(150_000_000n, 6, { locale: "en-GB" })).toBe("€150.00");
    expect(formatCurrency(1_234_567_890_123_456_789n, 6, { locale: "de-DE" })).toBe("1.234.567.890.123,46\u00a0€");
    expect(formatCurrency(1n, 6, { locale: "en-GB", maximumFractionDigits: 6 })).toBe("€0.000001");
  });

  it("formats numbers, percentages, power and energy by locale", () => {
    expect(formatNumber(23_000n, { locale: "de-DE" })).toBe("23.000");
    expect(formatPercent(0.0734, { locale: "en-GB" })).toBe("7.3%");
    expect(formatPower(2_300_000n, { locale: "en-GB" })).toBe("2.3 MW");
    expect(formatPower(800_000n, { locale: "en-GB" })).toBe("800 kW");
    expect(formatEnergyKWh(5_240_000n, { locale: "en-GB" })).toBe("5.24 GWh");
  });

  it("formats unix times as dates and relative times", () => {
    expect(formatDate(1_800_000_000n, { locale: "en-GB" })).toBe("15 Jan 2027");
    expect(formatRelativeTime(1_000 + 3 * 86_400, 1_000_000, { locale: "en" })).toBe("in 3 days");
  });

  it("names countries from their ISO numeric code", () => {
    expect(countryName(276, { locale: "en" })).toBe("Germany");
    expect(countryName(724, { locale: "es" })).toBe("España");
    expect(countryName(999)).toBe("Country 999");
    expect(shortAddress("0x1234567890123456789012345678901234567890")).toBe("0x1234…7890");
  });
});
