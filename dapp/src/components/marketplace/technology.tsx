import type { ListedStatus, Technology } from "@/lib/marketplace";

/** 24×24 stroke paths: no emoji (fonts vary) and no image requests. */
const ICON_PATHS: Record<Technology, string> = {
  Solar: "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8ZM12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4",
  Wind: "M3 8h10a3 3 0 1 0-3-3M3 12h15a3 3 0 1 1-3 3M3 16h7",
  Hydro: "M12 3s6 6.5 6 11a6 6 0 0 1-12 0c0-4.5 6-11 6-11Z",
  Biomass: "M5 19c0-8 5-13 14-14-1 9-6 14-14 14Zm0 0 7-7",
  Geothermal: "M3 20h18L14 8l-2 3-2-3-7 12ZM12 3v3",
  Storage: "M7 7h10v13H7zM10 4h4v3M10 12h4M12 10v4",
};

export function TechnologyIcon({ technology, className = "h-3.5 w-3.5" }: { technology: Technology; className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={className} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={ICON_PATHS[technology]} />
    </svg>
  );
}

export const TECHNOLOGY_STYLE: Record<Technology, { className: string; color: string }> = {
  Solar: { className: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100", color: "#d97706" },
  Wind: { className: "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100", color: "#0284c7" },
  Hydro: { className: "bg-blue-100 text-blue-900 dark:bg-blue-900/40 dark:text-blue-100", color: "#2563eb" },
  Biomass: { className: "bg-lime-100 text-lime-900 dark:bg-lime-900/40 dark:text-lime-100", color: "#65a30d" },
  Geothermal: { className: "bg-orange-100 text-orange-900 dark:bg-orange-900/40 dark:text-orange-100", color: "#ea580c" },
  Storage: { className: "bg-violet-100 text-violet-900 dark:bg-violet-900/40 dark:text-violet-100", color: "#7c3aed" },
};

export const STATUS_LABEL: Record<ListedStatus, { label: string; className: string }> = {
  Offering: { label: "Open offering", className: "bg-brand-700 text-white" },
  Active: { label: "Producing", className: "bg-stone-800 text-white dark:bg-stone-200 dark:text-stone-900" },
  Verified: { label: "Verified, offering soon", className: "bg-sky-700 text-white" },
  Suspended: { label: "Suspended", className: "bg-amber-600 text-white" },
  Decommissioned: { label: "Decommissioned", className: "bg-stone-500 text-white" },
};

export function TechnologyBadge({ technology }: { technology: Technology }) {
  const style = TECHNOLOGY_STYLE[technology];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs font-semibold ${style.className}`}>
      <TechnologyIcon technology={technology} />
      {technology}
    </span>
  );
}

export function StatusBadge({ status }: { status: ListedStatus }) {
  const style = STATUS_LABEL[status];
  return <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${style.className}`}>{style.label}</span>;
}
