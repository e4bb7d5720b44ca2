"use client";
import { useSwitchChain } from "wagmi";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { describeWriteStatus, type WriteStatus } from "@/lib/write-status";
import { shortAddress } from "@/lib/format";

/**
 * The line under a write button: each phase of useWriteWithStatus, the transaction hash (linked when the
 * chain has an explorer), the decoded reason of a failure and, for a wrong network, the way out.
 */
export function TxStatus({ status, onDismiss }: { status: WriteStatus; onDismiss?: () => void }) {
  const config = useRuntimeConfig();
  const { switchChain } = useSwitchChain();
  if (status.phase === "idle") return null;
  const failed = status.phase === "failed" || status.phase === "reverted";
  const tone = failed
    ? "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-100"
    : status.phase === "confirmed"
      ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100"
      : "border-stone-300 bg-stone-50 text-stone-800 dark:border-stone-700 dark:bg-stone-900 dark:text-stone-100";
  const hash = "hash" in status ? status.hash : null;
  const url = "url" in status ? status.url : null;
  return (
    <div role={failed ? "alert" : "status"} aria-live="polite" className={`rounded-xl border px-4 py-3 text-sm ${tone}`} data-testid="tx-status" data-phase={status.phase}>
      <p>{describeWriteStatus(status)}</p>
      {status.phase === "reverted" && (
        <p className="mt-1">It was mined in block {status.receipt.blockNumber.toString()} but changed nothing except the gas it used. Correct the cause above, then send it again.</p>
      )}
      {hash && (
        <p className="mt-1 font-mono text-xs">
          Transaction{" "}
          {url ? (
            <a href={url} target="_blank" rel="noreferrer" className="underline">{shortAddress(hash)}</a>
          ) : (
            <span title={hash}>{shortAddress(hash)}</span>
          )}
        </p>
      )}
      <div className="mt-2 flex gap-2 empty:hidden">
        {"error" in status && status.error.action === "switch-network" && (
          <button type="button" className="btn-secondary" onClick={() => switchChain({ chainId: config.chainId })}>Switch network</button>
        )}
        {(failed || status.phase === "confirmed") && onDismiss && (
          <button type="button" className="btn-secondary" onClick={onDismiss}>Dismiss</button>
        )}
      </div>
    </div>
  );
}
