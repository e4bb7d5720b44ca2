import type { ReactNode } from "react";

/** Placeholder blocks while data loads; announced once to screen readers. */
export function LoadingGrid({ count = 6, label }: { count?: number; label: string }) {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-hidden="true">
        {Array.from({ length: count }, (_, i) => (
          <div key={i} className="card h-72 animate-pulse bg-stone-100 dark:bg-stone-900" />
        ))}
      </div>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="card flex flex-col items-center gap-3 px-6 py-12 text-center">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children && <div className="muted max-w-md text-sm">{children}</div>}
    </div>
  );
}

export function ErrorState({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="card border-red-300 bg-red-50 px-6 py-6 dark:border-red-900 dark:bg-red-950/40">
      <h2 className="font-semibold text-red-900 dark:text-red-200">{title}</h2>
      <p className="mt-1 text-sm text-red-900 dark:text-red-200">{message}</p>
      {onRetry && (
        <button type="button" className="btn-secondary mt-4" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "warn" }) {
  const colors =
    tone === "warn"
      ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
      : "border-sky-200 bg-sky-50 text-sky-950 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-100";
  return <div role="status" className={`rounded-xl border px-4 py-3 text-sm ${colors}`}>{children}</div>;
}
