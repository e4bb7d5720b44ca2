"use client";
/** One field of an asset's specification, as the registration wizard and the resubmission form show it. */
import { countryName, KNOWN_COUNTRIES } from "@/lib/format";
import { TECHNOLOGIES, type WizardValues } from "@/lib/operator-wizard";
import { describedBy, FieldError } from "./form-ui";

export type SpecFieldName = Exclude<keyof WizardValues, "documents">;

export const FIELD_META: Record<SpecFieldName, { label: string; hint?: string; type?: string; inputMode?: "numeric" | "decimal" }> = {
  name: { label: "Asset name" },
  technology: { label: "Technology" },
  description: { label: "Description", hint: "What it is, where it stands, who runs it." },
  country: { label: "Country" },
  location: { label: "Place", hint: "Town and region." },
  latitude: { label: "Latitude (°)", inputMode: "decimal" },
  longitude: { label: "Longitude (°)", inputMode: "decimal" },
  capacityKW: { label: "Nameplate capacity (kW)", inputMode: "decimal" },
  expectedAnnualKWh: { label: "Expected production, P50 (kWh / year)", inputMode: "numeric" },
  commissionedOn: { label: "Commissioning date", type: "date" },
  emissionFactor: { label: "Grid emission factor displaced (g CO₂ / kWh)", hint: "The grid average the asset's output replaces.", inputMode: "numeric" },
  totalShares: { label: "Total shares", inputMode: "numeric" },
  pricePerShare: { label: "Proposed price per share", inputMode: "decimal" },
  minimumRaise: { label: "Minimum raise for the offering to succeed", inputMode: "decimal" },
  offeringDays: { label: "Offering duration (days)", inputMode: "numeric" },
};

export function SpecField({ name, idPrefix, value, error, unit, onChange }: {
  name: SpecFieldName; idPrefix: string; value: string; error?: string; unit?: string; onChange: (value: string) => void;
}) {
  const meta = FIELD_META[name];
  const id = `${idPrefix}-${name}`;
  const common = { id, className: "field", value, ...describedBy(id, error) };
  let input;
  if (name === "technology") {
    input = (
      <select {...common} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose…</option>
        {TECHNOLOGIES.map((technology) => <option key={technology} value={technology}>{technology}</option>)}
      </select>
    );
  } else if (name === "country") {
    input = (
      <select {...common} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose…</option>
        {[...KNOWN_COUNTRIES].sort((a, b) => countryName(a).localeCompare(countryName(b))).map((code) => <option key={code} value={code}>{countryName(code)}</option>)}
      </select>
    );
  } else if (name === "description") {
    input = <textarea {...common} className="field min-h-24 py-2" onChange={(event) => onChange(event.target.value)} />;
  } else {
    input = <input {...common} type={meta.type ?? "text"} inputMode={meta.inputMode} onChange={(event) => onChange(event.target.value)} />;
  }
  return (
    <div className={name === "description" ? "sm:col-span-2" : undefined}>
      <label htmlFor={id} className="label">{meta.label}{unit ? ` (${unit})` : ""}</label>
      {input}
      {meta.hint && !error && <p className="muted mt-1 text-xs">{meta.hint}</p>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
