"use client";
import { describeWriteStatus, type WriteStatus } from "@/lib/write-status";

/**
 * The line under a transaction button: each phase of useWriteWithStatus as a sentence, the transaction
 * hash (with the explorer link when the chain has one), and the decoded reason when it failed.
 */
export function TxStatus({ status, testId = "tx-status" }: { status: WriteStatus; testId?: string }) {
  if (status.phase === "idle") return null;
  const failed = status.phase === "failed" || status.phase === "reverted";
  const done = status.phase === "confirmed";
  const tone = failed
    ? "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
    : done
      ? "border-brand-500/40 bg-brand-50 text-brand-800 dark:border-brand-700 dark:bg-brand-800/20 dark:text-brand-100"
      : "border-sky-200 bg-sky-50 text-sky-950 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-100";
  const hash = "hash" in status ? status.hash : null;
  const url = "url" in status ? status.url : null;
  return (
    <div role={failed ? "alert" : "status"} aria-live="polite" className={`rounded-xl border px-3 py-2 text-sm ${tone}`} data-testid={testId} data-phase={status.phase}>
      <p>{describeWriteStatus(status)}</p>
      {hash && (
        <p className="mt-1 break-all font-mono text-xs">
          Transaction{" "}
          {url ? (
            <a href={url} target="_blank" rel="noreferrer" className="underline">{hash}</a>
          ) : (
            <span data-testid="tx-hash">{hash}</span>
          )}
        </p>
      )}
    </div>
  );
}
