import { describe, expect, it } from "vitest";
import { historicalOperatingCostShare, project, validateAssumptions, type ProjectionAssumptions } from "./asset-projection";

// An asset of 1,000 shares at 100 producing 1 GWh a year sold at 80 per MWh: 80,000 gross a year.
const base: ProjectionAssumptions = {
  investment: 1_050,
  pricePerShare: 100,
  totalShares: 1_000,
  expectedAnnualKWh: 1_000_000,
  energyPricePerMWh: 80,
  operatingCostShare: 0.2,
  platformFeeBps: 500,
  annualDegradation: 0,
  years: 20,
};

describe("financial projection", () => {
  it("buys whole shares and follows the settlement: gross − expenses, fee on the operating profit", () => {
    const p = project(base);
    expect(p.shares).toBe(10); // 1,050 buys 10 shares; 50 stays unspent
    expect(p.invested).toBe(1_000);
    expect(p.ownership).toBeCloseTo(0.01, 12);
    expect(p.annualKWh).toBeCloseTo(10_000, 9);
    expect(p.grossRevenue).toBeCloseTo(800, 9);
    expect(p.operatingCosts).toBeCloseTo(160, 9);
    expect(p.platformFee).toBeCloseTo(32, 9); // 5 % of 640
    expect(p.netRevenue).toBeCloseTo(608, 9);
    expect(p.netYield).toBeCloseTo(0.608, 12);
    expect(p.paybackYears).toBeCloseTo(1_000 / 608, 9);
    expect(p.totalNet).toBeCloseTo(608 * 20, 6);
    expect(p.totalReturnMultiple).toBeCloseTo(12.16, 9);
    expect(p.schedule).toHaveLength(20);
    expect(p.schedule[19]!.cumulativeNet).toBeCloseTo(12_160, 6);
  });

  it("degrades output year by year and interpolates the payback inside the year it happens", () => {
    const p = project({ ...base, annualDegradation: 0.5, years: 5 });
    expect(p.schedule.map((y) => Math.round(y.netRevenue))).toEqual([608, 304, 152, 76, 38]);
    // after 2 years 912 is back; year 3 brings 152, of which 88 were needed
    expect(p.paybackYears).toBeCloseTo(2 + 88 / 152, 9);
  });

  it("has no payback when the horizon is too short or revenue does not cover the price", () => {
    expect(project({ ...base, years: 1 }).paybackYears).toBeNull();
    expect(project({ ...base, operatingCostShare: 1 }).paybackYears).toBeNull();
    expect(project({ ...base, operatingCostShare: 1 }).netYield).toBe(0);
  });

  it("never buys more shares than exist", () => {
    expect(project({ ...base, investment: 10_000_000 }).shares).toBe(1_000);
  });

  it("rejects invalid assumptions field by field, and project refuses them", () => {
    const errors = validateAssumptions({ ...base, pricePerShare: 0, operatingCostShare: 1.5, years: 2.5, energyPricePerMWh: Number.NaN });
    expect(errors.pricePerShare).toMatch(/above zero/);
    expect(errors.operatingCostShare).toMatch(/between 0 and 1/);
    expect(errors.years).toMatch(/whole number/);
    expect(errors.energyPricePerMWh).toMatch(/must be a number/);
    expect(validateAssumptions({ ...base, investment: 50 }).investment).toMatch(/less than the price of one share/);
    expect(validateAssumptions(base)).toEqual({});
    expect(() => project({ ...base, years: 0 })).toThrow(RangeError);
  });

  it("takes the operating-cost share from settled periods, or the fallback without any", () => {
    expect(historicalOperatingCostShare([], 0.25)).toBe(0.25);
    expect(historicalOperatingCostShare([{ gross: 1_000n, expenses: 150n }, { gross: 3_000n, expenses: 450n }], 0.25)).toBeCloseTo(0.15, 9);
    expect(historicalOperatingCostShare([{ gross: 100n, expenses: 300n }], 0.25)).toBe(1);
  });
});
