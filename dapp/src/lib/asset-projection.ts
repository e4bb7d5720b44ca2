/**
 * The asset page's financial projection: what an investment buys (whole shares at the offering or market
 * price), the energy and revenue that share of the asset is expected to produce a year, the yield and the
 * payback time. It follows how RevenueSettlement pays holders: gross = energy × energy price; operating
 * profit = gross − expenses; the platform fee is taken from the operating profit; holders share the rest
 * pro rata. Every assumption is an input the page shows and lets the user change.
 *
 * Money is in whole currency units (numbers): a projection is an estimate, not an on-chain amount.
 */

export interface ProjectionAssumptions {
  /** What the user wants to invest (currency units). */
  investment: number;
  /** Price of one share (currency units). */
  pricePerShare: number;
  /** The asset's total number of shares. */
  totalShares: number;
  /** The asset's expected annual production at full capacity factor (kWh a year, year one). */
  expectedAnnualKWh: number;
  /** Energy sale price (currency units per MWh). */
  energyPricePerMWh: number;
  /** Operating expenses as a share of gross revenue (0.2 = 20 %). */
  operatingCostShare: number;
  /** Platform fee on the operating profit (basis points, as RevenueSettlement charges it). */
  platformFeeBps: number;
  /** Yearly loss of output (0.005 = 0.5 % a year; panels age, turbines less so). */
  annualDegradation: number;
  /** Years projected (the asset's remaining useful life). */
  years: number;
}

export interface ProjectionYear {
  year: number;
  energyKWh: number;
  netRevenue: number;
  /** Net revenue received up to and including this year. */
  cumulativeNet: number;
}

export interface Projection {
  /** Whole shares the investment buys (the rest of the money is not spent). */
  shares: number;
  /** What those shares cost. */
  invested: number;
  /** Fraction of the asset owned (shares ÷ total shares). */
  ownership: number;
  /** Year-one figures for the investor's shares. */
  annualKWh: number;
  grossRevenue: number;
  operatingCosts: number;
  platformFee: number;
  netRevenue: number;
  /** Year-one net revenue ÷ invested (0.07 = 7 %). */
  netYield: number;
  /** Years until the cumulative net revenue repays what was invested (fractional), or null beyond the horizon. */
  paybackYears: number | null;
  /** Net revenue over the whole horizon, and its ratio to what was invested. */
  totalNet: number;
  totalReturnMultiple: number;
  schedule: ProjectionYear[];
}

export type AssumptionErrors = Partial<Record<keyof ProjectionAssumptions, string>>;

const LIMITS: Record<keyof ProjectionAssumptions, { min: number; max: number; label: string }> = {
  investment: { min: 0, max: 1e12, label: "Investment" },
  pricePerShare: { min: 0, max: 1e9, label: "Price per share" },
  totalShares: { min: 1, max: 1e15, label: "Total shares" },
  expectedAnnualKWh: { min: 0, max: 1e13, label: "Expected annual production" },
  energyPricePerMWh: { min: 0, max: 100_000, label: "Energy price" },
  operatingCostShare: { min: 0, max: 1, label: "Operating costs" },
  platformFeeBps: { min: 0, max: 10_000, label: "Platform fee" },
  annualDegradation: { min: 0, max: 0.5, label: "Yearly degradation" },
  years: { min: 1, max: 60, label: "Years" },
};

/** Field-by-field validation, so the form can point at the value to fix (nothing is computed from bad input). */
export function validateAssumptions(assumptions: ProjectionAssumptions): AssumptionErrors {
  const errors: AssumptionErrors = {};
  for (const key of Object.keys(LIMITS) as (keyof ProjectionAssumptions)[]) {
    const value = assumptions[key];
    const { min, max, label } = LIMITS[key];
    if (!Number.isFinite(value)) errors[key] = `${label} must be a number.`;
    else if (value < min || value > max) errors[key] = `${label} must be between ${min} and ${max}.`;
  }
  if (!errors.pricePerShare && assumptions.pricePerShare <= 0) errors.pricePerShare = "Price per share must be above zero.";
  if (!errors.years && !Number.isInteger(assumptions.years)) errors.years = "Years must be a whole number.";
  if (!errors.investment && !errors.pricePerShare && assumptions.investment > 0 && assumptions.investment < assumptions.pricePerShare) {
    errors.investment = "The investment is less than the price of one share.";
  }
  return errors;
}

/** The projection for valid assumptions (call validateAssumptions first; invalid input throws). */
export function project(assumptions: ProjectionAssumptions): Projection {
  const errors = validateAssumptions(assumptions);
  const firstError = Object.values(errors)[0];
  if (firstError) throw new RangeError(firstError);
  const { investment, pricePerShare, totalShares, expectedAnnualKWh, energyPricePerMWh, operatingCostShare, platformFeeBps, annualDegradation, years } =
    assumptions;

  const shares = Math.min(Math.floor(investment / pricePerShare + 1e-9), totalShares);
  const invested = shares * pricePerShare;
  const ownership = shares / totalShares;
  const yearFigures = (year: number) => {
    const energyKWh = expectedAnnualKWh * ownership * (1 - annualDegradation) ** (year - 1);
    const gross = (energyKWh / 1000) * energyPricePerMWh;
    const costs = gross * operatingCostShare;
    const fee = ((gross - costs) * platformFeeBps) / 10_000;
    return { energyKWh, gross, costs, fee, net: gross - costs - fee };
  };

  const schedule: ProjectionYear[] = [];
  let cumulativeNet = 0;
  let paybackYears: number | null = null;
  for (let year = 1; year <= years; year++) {
    const { energyKWh, net } = yearFigures(year);
    const before = cumulativeNet;
    cumulativeNet += net;
    schedule.push({ year, energyKWh, netRevenue: net, cumulativeNet });
    if (paybackYears === null && invested > 0 && net > 0 && cumulativeNet >= invested) {
      paybackYears = year - 1 + (invested - before) / net;
    }
  }
  const first = yearFigures(1);
  return {
    shares,
    invested,
    ownership,
    annualKWh: first.energyKWh,
    grossRevenue: first.gross,
    operatingCosts: first.costs,
    platformFee: first.fee,
    netRevenue: first.net,
    netYield: invested > 0 ? first.net / invested : 0,
    paybackYears,
    totalNet: cumulativeNet,
    totalReturnMultiple: invested > 0 ? cumulativeNet / invested : 0,
    schedule,
  };
}

/** Settled history of an asset, to start the operating-cost assumption from what it really spent. */
export interface SettledPeriod {
  gross: bigint;
  expenses: bigint;
}

/**
 * Operating costs as a share of gross revenue over the settled periods (expenses ÷ gross), or `fallback`
 * when nothing was settled yet. Capped at 1: a period whose expenses exceed its revenue pays nothing.
 */
export function historicalOperatingCostShare(periods: readonly SettledPeriod[], fallback: number): number {
  let gross = 0n;
  let expenses = 0n;
  for (const period of periods) {
    gross += period.gross;
    expenses += period.expenses;
  }
  if (gross === 0n) return fallback;
  return Math.min(1, Number((expenses * 1_000_000n) / gross) / 1_000_000);
}

/** Default yearly degradation by technology (typical figures; shown and editable on the page). */
export const DEFAULT_DEGRADATION: Record<string, number> = {
  Solar: 0.005,
  Wind: 0.003,
  Hydro: 0.001,
  Biomass: 0.002,
  Geothermal: 0.002,
  Storage: 0.02,
};

/** Default useful life by technology (years). */
export const DEFAULT_LIFETIME_YEARS: Record<string, number> = {
  Solar: 25,
  Wind: 20,
  Hydro: 40,
  Biomass: 20,
  Geothermal: 30,
  Storage: 12,
};
