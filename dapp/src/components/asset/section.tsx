import type { ReactNode } from "react";

/** A titled card of the asset and portfolio pages, reachable by its anchor id. */
export function Section({ id, title, action, children, testId }: { id: string; title: string; action?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="card flex scroll-mt-20 flex-col gap-4 p-5" data-testid={testId ?? id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

export function Figure({ label, value, testId, hint }: { label: string; value: ReactNode; testId?: string; hint?: string }) {
  return (
    <div>
      <dt className="muted text-xs">{label}</dt>
      <dd className="font-semibold tabular-nums" data-testid={testId} title={hint}>{value}</dd>
    </div>
  );
}

/** A table that scrolls sideways on narrow screens instead of breaking the layout (positioned, so screen-reader-only cells stay clipped in it). */
export function ScrollTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="relative -mx-5 overflow-x-auto px-5">
      <table className="w-full min-w-[32rem] whitespace-nowrap text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export const TH = "px-2 py-1.5 text-xs font-medium uppercase tracking-wide text-stone-600 dark:text-stone-400";
export const TD = "border-t border-stone-200 px-2 py-1.5 dark:border-stone-800";
