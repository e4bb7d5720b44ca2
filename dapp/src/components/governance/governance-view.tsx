"use client";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useAccount } from "wagmi";
import {
  deriveProposalState, descriptionCid, matchesProposalSearch, proposalPath, proposalTally, proposalTimes, PROPOSALS_QUERY,
  type ProposalStateName, type SubgraphProposal,
} from "@/lib/governance";
import { useProposalDocument } from "@/lib/use-governance";
import { queryOutcome } from "@/lib/service-status";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useChainTime } from "@/lib/use-platform";
import { formatDate, formatRelativeTime, shortAddress } from "@/lib/format";
import { LoadFailedState, RefreshFailedNotice } from "../query-states";
import { EmptyState, LoadingGrid } from "../states";
import { StateBadge, TallyBar } from "./proposal-badges";
import { DelegatePanel } from "./delegate-panel";

type ScopeFilter = "all" | "platform" | "asset";
type StateFilter = "all" | "open" | "closed";

/** Platform and asset proposals: search, filters, and delegation. */
export function GovernanceView() {
  const { address: account } = useAccount();
  const proposals = useSubgraphQuery<{ proposals: SubgraphProposal[] }>("proposals", PROPOSALS_QUERY, undefined, { refetchInterval: 10_000 });
  const outcome = queryOutcome(proposals);
  const now = useChainTime();
  const [search, setSearch] = useState("");
  const [scope, setScope] = useState<ScopeFilter>("all");
  const [stateFilter, setStateFilter] = useState<StateFilter>("all");
  const [titles, setTitles] = useState<Record<string, string>>({});

  const visible = useMemo(() => {
    const list = proposals.data?.proposals ?? [];
    return list.filter((proposal) => {
      if (scope === "platform" && proposal.asset) return false;
      if (scope === "asset" && !proposal.asset) return false;
      if (stateFilter !== "all" && now !== undefined) {
        const state = deriveProposalState(proposalTimes(proposal), proposalTally(proposal), null, now);
        const open = state === "Pending" || state === "Active" || state === "Queued";
        if ((stateFilter === "open") !== open) return false;
      }
      return matchesProposalSearch(proposal, titles[proposal.id], search);
    });
  }, [proposals.data, scope, stateFilter, now, search, titles]);

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Governance</h1>
          <p className="muted max-w-2xl">
            The platform is governed by WATT holders; each asset by its shareholders. Vote on open proposals, delegate your votes, or propose.
          </p>
        </div>
        <Link href="/governance/new" className="btn-primary self-start" data-testid="new-proposal">New proposal</Link>
      </header>

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="proposals-heading" className="flex flex-col gap-4">
          <h2 id="proposals-heading" className="sr-only">Proposals</h2>
          <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <div className="flex-1">
              <label htmlFor="proposal-search" className="label">Search proposals</label>
              <input id="proposal-search" type="search" className="field" placeholder="Title, asset, proposer or id" value={search} onChange={(e) => setSearch(e.target.value)} />
            </div>
            <div>
              <label htmlFor="proposal-scope" className="label">Governed by</label>
              <select id="proposal-scope" className="field" value={scope} onChange={(e) => setScope(e.target.value as ScopeFilter)}>
                <option value="all">Platform and assets</option>
                <option value="platform">Platform (WATT)</option>
                <option value="asset">Assets (shareholders)</option>
              </select>
            </div>
            <div>
              <label htmlFor="proposal-state" className="label">Status</label>
              <select id="proposal-state" className="field" value={stateFilter} onChange={(e) => setStateFilter(e.target.value as StateFilter)}>
                <option value="all">All</option>
                <option value="open">Open</option>
                <option value="closed">Closed</option>
              </select>
            </div>
          </div>
          <RefreshFailedNotice outcome={outcome} what="The proposal list" />
          {outcome.state === "loading" ? (
            <LoadingGrid count={3} label="Loading proposals" />
          ) : outcome.state === "failed" ? (
            <LoadFailedState title="Proposals could not be loaded" message={outcome.message} onRetry={() => void proposals.refetch()} />
          ) : outcome.data.proposals.length === 0 ? (
            <EmptyState title="No proposals yet">Proposals appear here once WATT holders or an asset&apos;s shareholders make one.</EmptyState>
          ) : visible.length === 0 ? (
            <EmptyState title="No proposals match">Try another search or filter.</EmptyState>
          ) : (
            <ul className="flex flex-col gap-3" data-testid="proposal-list">
              {visible.map((proposal) => (
                <ProposalCard key={proposal.id} proposal={proposal} now={now} onTitle={(title) => setTitles((t) => (t[proposal.id] === title ? t : { ...t, [proposal.id]: title }))} />
              ))}
            </ul>
          )}
        </section>
        <aside className="flex flex-col gap-4" aria-label="Your votes">
          {account ? <DelegatePanel /> : <div className="card p-5 text-sm"><p className="muted">Connect your wallet to see your voting power and delegate.</p></div>}
        </aside>
      </div>
    </div>
  );
}

function ProposalCard({ proposal, now, onTitle }: { proposal: SubgraphProposal; now: bigint | undefined; onTitle: (title: string) => void }) {
  const cid = proposal.descriptionCid ?? descriptionCid(proposal.description);
  const document = useProposalDocument(cid);
  const title = document.data?.title;
  useEffect(() => {
    if (title) onTitle(title);
  }, [title]); // eslint-disable-line react-hooks/exhaustive-deps
  const tally = proposalTally(proposal);
  const state: ProposalStateName | null = now === undefined ? null : deriveProposalState(proposalTimes(proposal), tally, null, now);
  const end = BigInt(proposal.voteEnd);
  return (
    <li className="card flex flex-col gap-3 p-4" data-testid="proposal-card" data-proposal-id={proposal.proposalId} data-scope={proposal.asset ? "asset" : "platform"}>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {state && <StateBadge state={state} />}
        <span className="rounded-full border border-stone-300 px-2 py-0.5 dark:border-stone-700">{proposal.asset ? proposal.asset.name : "Platform"}</span>
        <span className="muted">by {shortAddress(proposal.proposer)} · {formatDate(BigInt(proposal.createdAt))}</span>
      </div>
      <h3 className="font-semibold leading-snug">
        <Link href={proposalPath(proposal)} className="hover:underline" data-testid="proposal-title">
          {title ?? (document.isPending && cid ? "Loading title…" : `Proposal ${shortAddress(proposal.proposalId)}`)}
        </Link>
      </h3>
      <TallyBar tally={tally} />
      {state === "Active" && now !== undefined && <p className="text-xs">Voting ends {formatRelativeTime(end, Number(now) * 1000)}</p>}
      {state === "Pending" && now !== undefined && <p className="text-xs">Voting starts {formatRelativeTime(BigInt(proposal.voteStart), Number(now) * 1000)}</p>}
    </li>
  );
}
