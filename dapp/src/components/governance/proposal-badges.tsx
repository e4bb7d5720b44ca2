import type { ProposalStateName, Tally } from "@/lib/governance";
import { tallyShares } from "@/lib/governance";
import { formatPercent } from "@/lib/format";

const STATE_STYLE: Record<ProposalStateName, string> = {
  Pending: "bg-stone-200 text-stone-800 dark:bg-stone-800 dark:text-stone-200",
  Active: "bg-sky-600 text-white",
  Canceled: "bg-stone-500 text-white",
  Defeated: "bg-red-700 text-white",
  Succeeded: "bg-emerald-700 text-white",
  Queued: "bg-amber-500 text-stone-950",
  Expired: "bg-stone-500 text-white",
  Executed: "bg-brand-700 text-white",
};

export function StateBadge({ state }: { state: ProposalStateName }) {
  return <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATE_STYLE[state]}`} data-testid="proposal-state">{state}</span>;
}

/** For / Against / Abstain as one bar with the shares written out. */
export function TallyBar({ tally }: { tally: Tally }) {
  const shares = tallyShares(tally);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex h-2 overflow-hidden rounded-full bg-stone-200 dark:bg-stone-800" aria-hidden="true">
        <div className="bg-emerald-600" style={{ width: `${shares.For * 100}%` }} />
        <div className="bg-red-600" style={{ width: `${shares.Against * 100}%` }} />
        <div className="bg-stone-400" style={{ width: `${shares.Abstain * 100}%` }} />
      </div>
      <p className="muted text-xs tabular-nums">
        For {formatPercent(shares.For)} · Against {formatPercent(shares.Against)} · Abstain {formatPercent(shares.Abstain)}
      </p>
    </div>
  );
}
