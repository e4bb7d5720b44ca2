import type { ListedStatus, Technology } from "@/lib/marketplace";

export const TECHNOLOGY_STYLE: Record<Technology, { icon: string; className: string; color: string }> = {
  Solar: { icon: "☀️", className: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100", color: "#d97706" },
  Wind: { icon: "🌬️", className: "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100", color: "#0284c7" },
  Hydro: { icon: "💧", className: "bg-blue-100 text-blue-900 dark:bg-blue-900/40 dark:text-blue-100", color: "#2563eb" },
  Biomass: { icon: "🌿", className: "bg-lime-100 text-lime-900 dark:bg-lime-900/40 dark:text-lime-100", color: "#65a30d" },
  Geothermal: { icon: "🌋", className: "bg-orange-100 text-orange-900 dark:bg-orange-900/40 dark:text-orange-100", color: "#ea580c" },
  Storage: { icon: "🔋", className: "bg-violet-100 text-violet-900 dark:bg-violet-900/40 dark:text-violet-100", color: "#7c3aed" },
};

export const STATUS_LABEL: Record<ListedStatus, { label: string; className: string }> = {
  Offering: { label: "Open offering", className: "bg-brand-600 text-white" },
  Active: { label: "Producing", className: "bg-stone-800 text-white dark:bg-stone-200 dark:text-stone-900" },
  Verified: { label: "Verified, offering soon", className: "bg-sky-700 text-white" },
  Suspended: { label: "Suspended", className: "bg-amber-600 text-white" },
  Decommissioned: { label: "Decommissioned", className: "bg-stone-500 text-white" },
};

export function TechnologyBadge({ technology }: { technology: Technology }) {
  const style = TECHNOLOGY_STYLE[technology];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs font-semibold ${style.className}`}>
      <span aria-hidden="true">{style.icon}</span>
      {technology}
    </span>
  );
}

export function StatusBadge({ status }: { status: ListedStatus }) {
  const style = STATUS_LABEL[status];
  return <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${style.className}`}>{style.label}</span>;
}
