"use client";
import { describeWriteStatus, type WriteStatus } from "@/lib/write-status";

/** The line under a write button: each phase in words, the transaction link, the decoded failure. */
export function TxStatus({ status, testId = "tx-status" }: { status: WriteStatus; testId?: string }) {
  if (status.phase === "idle") return null;
  const failed = status.phase === "failed" || status.phase === "reverted";
  const hash = "hash" in status ? status.hash : null;
  const url = "url" in status ? status.url : null;
  return (
    <p
      role={failed ? "alert" : "status"}
      aria-live="polite"
      data-testid={testId}
      data-phase={status.phase}
      className={`text-sm ${failed ? "text-red-700 dark:text-red-300" : status.phase === "confirmed" ? "text-brand-700 dark:text-brand-500" : "muted"}`}
    >
      {describeWriteStatus(status)}
      {hash && (
        <>
          {" "}
          {url ? (
            <a href={url} target="_blank" rel="noreferrer" className="underline">View transaction</a>
          ) : (
            <span className="font-mono text-xs break-all">{hash}</span>
          )}
        </>
      )}
    </p>
  );
}
