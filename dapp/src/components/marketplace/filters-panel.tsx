"use client";
import { useId, useRef, useState } from "react";
import { LISTED_STATUSES, SORTS, TECHNOLOGIES, type MarketplaceFilters, type SortKey } from "@/lib/marketplace";

import { STATUS_LABEL } from "./technology";
import { displayNames } from "@/lib/intl";
import { useTypedBeforeHydration } from "@/lib/use-typed-before-hydration";

interface Props {
  filters: MarketplaceFilters;
  countries: string[];
  /** The asset list (where the countries come from) is still loading. */
  countriesLoading: boolean;
  onChange: (filters: MarketplaceFilters) => void;
  currencySymbol: string;
}

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function Chip({ checked, onChange, children, name }: { checked: boolean; onChange: () => void; children: React.ReactNode; name: string }) {
  return (
    <label
      className={`inline-flex cursor-pointer items-center gap-2 rounded-full border px-3 py-1.5 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 ${
        checked
          ? "border-brand-600 bg-brand-50 text-brand-800 dark:bg-brand-800/30 dark:text-brand-100"
          : "border-stone-300 dark:border-stone-700"
      }`}
    >
      <input type="checkbox" className="sr-only" name={name} checked={checked} onChange={onChange} />
      {children}
    </label>
  );
}

/** A number field that keeps what the user types (even half-typed) and reports only valid values. */
function NumberFilter({ label, value, onChange, suffix, step }: { label: string; value: number | null; onChange: (v: number | null) => void; suffix: string; step: string }) {
  const id = useId();
  const [text, setText] = useState(value === null ? "" : String(value));
  // Follows the URL's value when it changes (while rendering, not in an effect that would reset the field at mount).
  const [seenValue, setSeenValue] = useState(value);
  if (value !== seenValue) {
    setSeenValue(value);
    setText((current) => (Number(current.replace(",", ".")) === value || (current === "" && value === null) ? current : value === null ? "" : String(value)));
  }
  const accept = (typed: string) => {
    setText(typed);
    const trimmed = typed.trim().replace(",", ".");
    if (trimmed === "") onChange(null);
    else if (Number(trimmed) >= 0) onChange(Number(trimmed));
  };
  const field = useRef<HTMLInputElement>(null);
  useTypedBeforeHydration(field, text, accept);
  const invalid = text.trim() !== "" && !(Number(text) >= 0);
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      <div className="relative">
        <input
          id={id}
          className="field pr-10"
          inputMode="decimal"
          value={text}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          ref={field}
          onChange={(event) => accept(event.target.value)}
          step={step}
        />
        <span className="muted pointer-events-none absolute right-3 top-1/2 -translate-y-1/2 text-sm">{suffix}</span>
      </div>
      {invalid && <p id={`${id}-error`} className="mt-1 text-xs text-red-700 dark:text-red-400">Enter a number of 0 or more.</p>}
    </div>
  );
}

export function FiltersPanel({ filters, countries, countriesLoading, onChange, currencySymbol }: Props) {
  const sortId = useId();
  return (
    <div className="flex flex-col gap-5">
      <fieldset>
        <legend className="label">Technology</legend>
        <div className="flex flex-wrap gap-2">
          {TECHNOLOGIES.map((technology) => (
            <Chip key={technology} name="technology" checked={filters.technologies.includes(technology)} onChange={() => onChange({ ...filters, technologies: toggle(filters.technologies, technology) })}>
              {technology}
            </Chip>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="label">Country</legend>
        <div className="flex flex-wrap gap-2">
          {countries.map((code) => (
            <Chip key={code} name="country" checked={filters.countries.includes(code)} onChange={() => onChange({ ...filters, countries: toggle(filters.countries, code) })}>
              {displayNames([], { type: "region" }).of(code) ?? code}
            </Chip>
          ))}
          {/* Chip-sized while loading, so the filters below do not move when the countries arrive. */}
          {countries.length === 0 && countriesLoading && (
            <span className="muted inline-flex animate-pulse items-center rounded-full border border-stone-200 px-3 py-1.5 text-sm dark:border-stone-800">Loading…</span>
          )}
          {countries.length === 0 && !countriesLoading && <p className="muted text-sm">No countries yet.</p>}
        </div>
      </fieldset>
      <fieldset>
        <legend className="label">Status</legend>
        <div className="flex flex-wrap gap-2">
          {LISTED_STATUSES.map((status) => (
            <Chip key={status} name="status" checked={filters.statuses.includes(status)} onChange={() => onChange({ ...filters, statuses: toggle(filters.statuses, status) })}>
              {STATUS_LABEL[status].label}
            </Chip>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-2 gap-3">
        <NumberFilter label="Minimum yield" suffix="%" step="0.5" value={filters.minYieldPercent} onChange={(minYieldPercent) => onChange({ ...filters, minYieldPercent })} />
        <NumberFilter label="Ticket up to" suffix={currencySymbol} step="50" value={filters.maxTicket} onChange={(maxTicket) => onChange({ ...filters, maxTicket })} />
      </div>
      <div>
        <label htmlFor={sortId} className="label">Sort by</label>
        <select id={sortId} className="field" value={filters.sort} onChange={(event) => onChange({ ...filters, sort: event.target.value as SortKey })}>
          {Object.entries(SORTS).map(([key, label]) => (
            <option key={key} value={key}>{label}</option>
          ))}
        </select>
      </div>
    </div>
  );
}

