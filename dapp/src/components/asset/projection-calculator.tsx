"use client";
import { useEffect, useMemo, useState } from "react";
import { project, validateAssumptions, type ProjectionAssumptions } from "@/lib/asset-projection";
import { formatCurrency, formatEnergyKWh, formatNumber, formatPercent } from "@/lib/format";
import { LineChart } from "./charts";
import { Figure, Section } from "./section";

/** Starting values of the assumptions, from the chain and the subgraph (the user may change each). */
export interface ProjectionDefaults {
  pricePerShare: number;
  totalShares: number;
  expectedAnnualKWh: number;
  energyPricePerMWh: number | null;
  operatingCostShare: number;
  operatingCostSource: string;
  platformFeeBps: number;
  annualDegradation: number;
  years: number;
}

type Field = "investment" | "pricePerShare" | "expectedAnnualKWh" | "energyPricePerMWh" | "operatingCostPercent" | "platformFeePercent" | "degradationPercent" | "years";

const FIELDS: { key: Field; label: string; unit: string; help?: string }[] = [
  { key: "investment", label: "Investment", unit: "€" },
  { key: "pricePerShare", label: "Price per share", unit: "€", help: "Offering price, else the last trade." },
  { key: "expectedAnnualKWh", label: "Asset's expected production", unit: "kWh/yr", help: "From the asset's registered yield estimate." },
  { key: "energyPricePerMWh", label: "Energy price", unit: "€/MWh", help: "Latest price of the settlement price feed." },
  { key: "operatingCostPercent", label: "Operating costs", unit: "% of revenue" },
  { key: "platformFeePercent", label: "Platform fee", unit: "% of profit", help: "RevenueSettlement's fee on operating profit." },
  { key: "degradationPercent", label: "Output loss a year", unit: "%" },
  { key: "years", label: "Years", unit: "years" },
];

const FIELD_OF: Record<Field, keyof ProjectionAssumptions> = {
  investment: "investment",
  pricePerShare: "pricePerShare",
  expectedAnnualKWh: "expectedAnnualKWh",
  energyPricePerMWh: "energyPricePerMWh",
  operatingCostPercent: "operatingCostShare",
  platformFeePercent: "platformFeeBps",
  degradationPercent: "annualDegradation",
  years: "years",
};

const round = (value: number, digits: number) => String(Number(value.toFixed(digits)));

function initialText(defaults: ProjectionDefaults): Record<Field, string> {
  return {
    investment: round(Math.max(1_000, defaults.pricePerShare * 10), 2),
    pricePerShare: round(defaults.pricePerShare, 2),
    expectedAnnualKWh: round(defaults.expectedAnnualKWh, 0),
    energyPricePerMWh: defaults.energyPricePerMWh === null ? "" : round(defaults.energyPricePerMWh, 2),
    operatingCostPercent: round(defaults.operatingCostShare * 100, 1),
    platformFeePercent: round(defaults.platformFeeBps / 100, 2),
    degradationPercent: round(defaults.annualDegradation * 100, 2),
    years: String(defaults.years),
  };
}

/** Numbers typed with a comma or a dot as the decimal mark; empty or anything else is NaN (then reported). */
function toNumber(text: string): number {
  const trimmed = text.trim().replace(/\s/g, "");
  if (!/^-?\d+([.,]\d+)?$/.test(trimmed)) return Number.NaN;
  return Number(trimmed.replace(",", "."));
}

export function ProjectionCalculator({ defaults }: { defaults: ProjectionDefaults }) {
  const [text, setText] = useState(() => initialText(defaults));
  const [touched, setTouched] = useState(false);
  // Live defaults (price feed, fee) arrive after the first render: follow them until the user edits.
  useEffect(() => {
    if (!touched) setText(initialText(defaults));
  }, [defaults, touched]);

  const assumptions: ProjectionAssumptions = {
    investment: toNumber(text.investment),
    pricePerShare: toNumber(text.pricePerShare),
    totalShares: defaults.totalShares,
    expectedAnnualKWh: toNumber(text.expectedAnnualKWh),
    energyPricePerMWh: toNumber(text.energyPricePerMWh),
    operatingCostShare: toNumber(text.operatingCostPercent) / 100,
    platformFeeBps: Math.round(toNumber(text.platformFeePercent) * 100),
    annualDegradation: toNumber(text.degradationPercent) / 100,
    years: toNumber(text.years),
  };
  const errors = validateAssumptions(assumptions);
  const valid = Object.keys(errors).length === 0;
  const projection = useMemo(() => (valid ? project(assumptions) : null), [valid, JSON.stringify(assumptions)]); // eslint-disable-line react-hooks/exhaustive-deps
  const eur = (value: number) => formatCurrency(BigInt(Math.round(value * 100)), 2);

  return (
    <Section
      id="projection"
      title="Financial projection"
      action={touched ? <button type="button" className="btn-secondary" onClick={() => { setTouched(false); setText(initialText(defaults)); }}>Reset assumptions</button> : undefined}
    >
      <p className="muted text-sm">
        An estimate from the assumptions below, computed the way revenue is settled on chain: energy × price, minus operating costs, minus the platform fee on the
        operating profit, shared by all {formatNumber(defaults.totalShares)} shares. Not a promise of returns.
      </p>
      <form className="grid gap-3 sm:grid-cols-2" onSubmit={(event) => event.preventDefault()} aria-label="Projection assumptions">
        {FIELDS.map((field) => {
          const error = errors[FIELD_OF[field.key]];
          const id = `projection-${field.key}`;
          return (
            <div key={field.key}>
              <label htmlFor={id} className="label">{field.label} <span className="muted font-normal">({field.unit})</span></label>
              <input
                id={id}
                className="field"
                inputMode="decimal"
                value={text[field.key]}
                aria-invalid={!!error}
                aria-describedby={error ? `${id}-error` : field.help ? `${id}-help` : undefined}
                onChange={(event) => {
                  setTouched(true);
                  setText((current) => ({ ...current, [field.key]: event.target.value }));
                }}
              />
              {error ? (
                <p id={`${id}-error`} className="mt-1 text-xs text-red-800 dark:text-red-300">{error}</p>
              ) : field.key === "operatingCostPercent" ? (
                <p className="muted mt-1 text-xs">{defaults.operatingCostSource}</p>
              ) : field.help ? (
                <p id={`${id}-help`} className="muted mt-1 text-xs">{field.help}</p>
              ) : null}
            </div>
          );
        })}
      </form>

      {projection ? (
        <>
          <dl className="grid grid-cols-2 gap-3 rounded-xl bg-stone-100 p-4 sm:grid-cols-3 dark:bg-stone-800/60" data-testid="projection-results">
            <Figure label="Shares bought" value={`${formatNumber(projection.shares)} (${eur(projection.invested)})`} testId="projection-shares" />
            <Figure label="Your share of output" value={`${formatEnergyKWh(Math.round(projection.annualKWh))}/yr`} testId="projection-kwh" />
            <Figure label="Revenue (gross)" value={`${eur(projection.grossRevenue)}/yr`} testId="projection-gross" />
            <Figure label="Net to you, year one" value={`${eur(projection.netRevenue)}/yr`} testId="projection-net" />
            <Figure label="Net yield" value={formatPercent(projection.netYield, { maximumFractionDigits: 2 })} testId="projection-yield" />
            <Figure
              label="Payback"
              value={projection.paybackYears === null ? `Not within ${assumptions.years} years` : `${formatNumber(projection.paybackYears, { maximumFractionDigits: 1 })} years`}
              testId="projection-payback"
            />
          </dl>
          <p className="muted text-xs">
            Year one: gross {eur(projection.grossRevenue)} − operating costs {eur(projection.operatingCosts)} − platform fee {eur(projection.platformFee)} ={" "}
            {eur(projection.netRevenue)}. Over {assumptions.years} years: {eur(projection.totalNet)} ({formatNumber(projection.totalReturnMultiple, { maximumFractionDigits: 2 })}× the
            investment), before taxes and share price changes.
          </p>
          <LineChart
            title="Cumulative net revenue against the investment"
            labels={projection.schedule.map((y) => `Y${y.year}`)}
            series={[
              { name: "Cumulative net revenue", color: "#059669", values: projection.schedule.map((y) => y.cumulativeNet) },
              { name: "Amount invested", color: "#a8a29e", dashed: true, values: projection.schedule.map(() => projection.invested) },
            ]}
            format={eur}
            testId="projection-chart"
          />
        </>
      ) : (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">Fix the highlighted assumptions to see the projection.</p>
      )}
    </Section>
  );
}
