"use client";
import { useId } from "react";

export interface SegmentOption<T extends string> {
  value: T;
  label: string;
  /** Classes of the chosen segment when it should not use the neutral look (Buy green, Sell red). */
  chosenClassName?: string;
  testId?: string;
}

const NEUTRAL_CHOSEN = "bg-stone-900 text-white dark:bg-stone-100 dark:text-stone-900";

/**
 * One choice of two or three modes shown side by side: the stake form's stake/unstake, the production chart's
 * resolution, the marketplace's cards/map view, the order form's side. Each switches how one control or view
 * behaves rather than between independent panels, so it is a radio group: Tab enters it once, the arrow keys
 * move and choose, and screen readers announce "radio, 1 of 2, checked". Native radios give that behaviour;
 * each sits transparent over its segment, so clicks and focus land on the radio itself.
 */
export function SegmentedControl<T extends string>({ label, options, value, onChange, fullWidth = false }: {
  /** Accessible name of the group (not shown: the segments speak for themselves in context). */
  label: string;
  options: readonly SegmentOption<T>[];
  value: T;
  onChange: (value: T) => void;
  /** Segments share the full width (narrow forms) instead of hugging their labels. */
  fullWidth?: boolean;
}) {
  const name = useId();
  return (
    <div
      role="radiogroup"
      aria-label={label}
      className={`${fullWidth ? "grid auto-cols-fr grid-flow-col" : "inline-flex"} gap-0.5 rounded-xl border border-stone-300 bg-white p-0.5 dark:border-stone-700 dark:bg-stone-900`}
    >
      {options.map((option) => {
        const chosen = option.value === value;
        return (
          <label
            key={option.value}
            className={`relative flex min-h-9 cursor-pointer items-center justify-center rounded-lg px-3 text-sm font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600 dark:has-[:focus-visible]:outline-brand-500 ${chosen ? option.chosenClassName ?? NEUTRAL_CHOSEN : "text-stone-700 hover:bg-stone-100 dark:text-stone-300 dark:hover:bg-stone-800"}`}
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={chosen}
              onChange={() => onChange(option.value)}
              data-testid={option.testId}
              className="absolute inset-0 m-0 cursor-pointer appearance-none rounded-lg opacity-0 focus-visible:outline-none"
            />
            {option.label}
          </label>
        );
      })}
    </div>
  );
}
