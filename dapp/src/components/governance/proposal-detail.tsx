"use client";
import Link from "next/link";
import { useState } from "react";
import { useAccount } from "wagmi";
import { decodeFunctionData, formatUnits, isAddress, type Abi, type Address, type Hex } from "viem";
import { abis, assetGovernorAbi, platformGovernorAbi } from "@cowatt/deployments/abis";
import {
  descriptionCid, PROPOSAL_QUERY, proposalTimeline, proposalTimes, quorumProgress, quorumReached, SUPPORT, SUPPORT_NAMES,
  type SubgraphProposal, type SubgraphVote, type SupportName,
} from "@/lib/governance";
import { useLiveProposal, useProposalDocument, type GovernorKind, type LiveProposal } from "@/lib/use-governance";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useChainTime } from "@/lib/use-platform";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { formatDate, formatNumber, formatPercent, formatRelativeTime, shortAddress } from "@/lib/format";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { ErrorState, LoadingGrid } from "../states";
import { StateBadge, TallyBar } from "./proposal-badges";
import { TxStatus } from "../tx-status";

/** The order choices are offered in (the ABI's order is Against, For, Abstain). */
const CHOICE_ORDER: readonly SupportName[] = ["For", "Against", "Abstain"];

/** Most characters a vote reason may have (it is stored in the transaction's calldata). */
const MAX_REASON = 1_000;

export function ProposalDetail({ governor, proposalId }: { governor: string; proposalId: string }) {
  const valid = isAddress(governor) && /^\d+$/.test(proposalId);
  const query = useSubgraphQuery<{ proposals: (SubgraphProposal & { votes: SubgraphVote[] })[] }>(
    "proposal",
    PROPOSAL_QUERY,
    { governor: governor.toLowerCase(), proposalId: valid ? proposalId : "0" },
    { enabled: valid, refetchInterval: 5_000 },
  );
  if (!valid) return <ErrorState title="No such proposal" message="The link does not name a governor and a proposal id." />;
  if (query.isPending) return <LoadingGrid count={2} label="Loading the proposal" />;
  if (query.error) return <ErrorState title="The proposal could not be loaded" message={query.error.message} onRetry={() => void query.refetch()} />;
  const proposal = query.data?.proposals[0];
  if (!proposal) {
    return <ErrorState title="Proposal not found" message="It may not be indexed yet; try again in a few seconds." onRetry={() => void query.refetch()} />;
  }
  return <ProposalBody proposal={proposal} />;
}

function ProposalBody({ proposal }: { proposal: SubgraphProposal & { votes: SubgraphVote[] } }) {
  const kind: GovernorKind = proposal.asset ? "asset" : "platform";
  const governor = proposal.governor.id as Address;
  const proposalId = BigInt(proposal.proposalId);
  const cid = proposal.descriptionCid ?? descriptionCid(proposal.description);
  const document = useProposalDocument(cid);
  const { live, error } = useLiveProposal(governor, kind, proposalId);
  const now = useChainTime();

  return (
    <article className="flex flex-col gap-6" data-testid="proposal-detail">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href="/governance" className="underline">Governance</Link> / {proposal.asset ? proposal.asset.name : "Platform"}</nav>
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2 text-xs">
          {live && <StateBadge state={live.state} />}
          <span className="rounded-full border border-stone-300 px-2 py-0.5 dark:border-stone-700">{proposal.asset ? `${proposal.asset.name} shareholders` : "Platform (WATT)"}</span>
          <span className="muted">Proposed by {shortAddress(proposal.proposer)}</span>
        </div>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl" data-testid="proposal-heading">
          {document.data?.title ?? (document.isPending && cid ? "Loading…" : `Proposal ${shortAddress(proposal.proposalId)}`)}
        </h1>
      </header>
      {error && <ErrorState title="Live results are unavailable" message="The blockchain node cannot be reached; figures below come from the indexer." />}

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="flex flex-col gap-6">
          <section className="card p-5" aria-labelledby="description-heading">
            <h2 id="description-heading" className="mb-2 text-lg font-semibold">Description</h2>
            {document.error ? (
              <p className="text-sm" role="alert">The description document cannot be shown: {document.error.message} ({proposal.description})</p>
            ) : document.data ? (
              <div className="flex flex-col gap-3">
                <p className="whitespace-pre-line" data-testid="proposal-body">{document.data.body}</p>
                {document.data.attachments && document.data.attachments.length > 0 && (
                  <ul className="text-sm">
                    {document.data.attachments.map((link) => <li key={link} className="font-mono text-xs break-all">{link}</li>)}
                  </ul>
                )}
                <p className="muted text-xs break-all">Document {proposal.description}</p>
              </div>
            ) : (
              <p className="muted text-sm">{cid ? "Loading the document…" : proposal.description}</p>
            )}
          </section>
          <Actions proposal={proposal} />
          <Votes votes={proposal.votes} kind={kind} />
        </div>
        <div className="flex flex-col gap-6">
          <Results live={live} kind={kind} />
          {live && <VoteForm governor={governor} kind={kind} proposalId={proposalId} live={live} />}
          <Timeline proposal={proposal} live={live} now={now} />
        </div>
      </div>
    </article>
  );
}

/** WattToken is an 18-decimal ERC-20 (OpenZeppelin's default). */
const WATT_DECIMALS = 18;

function weight(value: bigint, kind: GovernorKind): string {
  return kind === "platform" ? `${formatNumber(Number(formatUnits(value, WATT_DECIMALS)), { maximumFractionDigits: 2 })} WATT` : `${formatNumber(value)} shares`;
}

function Results({ live, kind }: { live: LiveProposal | undefined; kind: GovernorKind }) {
  if (!live) return <section className="card p-5"><p className="muted text-sm">Loading live results…</p></section>;
  const reached = quorumReached(live.tally, live.quorum);
  return (
    <section className="card flex flex-col gap-3 p-5" aria-labelledby="results-heading" data-testid="proposal-results">
      <h2 id="results-heading" className="text-lg font-semibold">Results</h2>
      <TallyBar tally={live.tally} />
      <dl className="grid grid-cols-2 gap-1 text-sm tabular-nums">
        <dt>For</dt><dd data-testid="tally-for">{weight(live.tally.forVotes, kind)}</dd>
        <dt>Against</dt><dd data-testid="tally-against">{weight(live.tally.againstVotes, kind)}</dd>
        <dt>Abstain</dt><dd data-testid="tally-abstain">{weight(live.tally.abstainVotes, kind)}</dd>
        <dt>Quorum</dt><dd data-testid="quorum">{weight(live.quorum, kind)}</dd>
      </dl>
      <div>
        <div className="h-2 overflow-hidden rounded-full bg-stone-200 dark:bg-stone-800" role="progressbar" aria-label="Quorum reached" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(quorumProgress(live.tally, live.quorum) * 100)}>
          <div className={reached ? "h-full bg-emerald-600" : "h-full bg-amber-500"} style={{ width: `${quorumProgress(live.tally, live.quorum) * 100}%` }} />
        </div>
        <p className="muted mt-1 text-xs">{reached ? "Quorum reached (For and Abstain count)." : `${formatPercent(quorumProgress(live.tally, live.quorum))} of the quorum (For and Abstain count).`}</p>
      </div>
    </section>
  );
}

function VoteForm({ governor, kind, proposalId, live }: { governor: Address; kind: GovernorKind; proposalId: bigint; live: LiveProposal }) {
  const { address: account } = useAccount();
  const { status, write, reset } = useWriteWithStatus();
  const [support, setSupport] = useState<SupportName | null>(null);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const busy = isBusy(status);

  if (!account) return <section className="card p-5 text-sm"><p className="muted">Connect your wallet to vote.</p></section>;
  if (live.state !== "Active") {
    return <section className="card p-5 text-sm" data-testid="vote-closed"><p className="muted">{live.state === "Pending" ? "Voting has not started yet." : "Voting is closed."}</p></section>;
  }
  if (live.hasVoted || status.phase === "confirmed") {
    return <section className="card p-5 text-sm" data-testid="vote-cast"><p>You have voted on this proposal.</p><TxStatus status={status} /></section>;
  }
  const noPower = live.votingPower !== undefined && live.votingPower === 0n;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setProblem(null);
    reset();
    if (!support) return setProblem("Choose For, Against or Abstain.");
    if (reason.length > MAX_REASON) return setProblem(`Keep the reason under ${MAX_REASON} characters.`);
    const abi = (kind === "platform" ? platformGovernorAbi : assetGovernorAbi) as Abi;
    await write({ address: governor, abi, functionName: "castVoteWithReason", args: [proposalId, SUPPORT[support], reason.trim()] });
  }

  return (
    <form onSubmit={submit} className="card flex flex-col gap-3 p-5" aria-labelledby="vote-heading" data-testid="vote-form" noValidate>
      <h2 id="vote-heading" className="text-lg font-semibold">Cast your vote</h2>
      <p className="text-sm" data-testid="voting-power">
        {live.votingPower === undefined ? "Reading your voting power…" : `Your votes at the snapshot: ${weight(live.votingPower, kind)}.`}
      </p>
      {noPower && (
        <p className="text-sm text-amber-800 dark:text-amber-300" role="status">
          You had no votes when this proposal was created (its snapshot), so a vote would be refused. Delegate to yourself now to vote on later proposals.
        </p>
      )}
      <fieldset className="flex flex-col gap-2">
        <legend className="label">Your choice</legend>
        {CHOICE_ORDER.map((option) => (
          <label key={option} className="flex items-center gap-2 text-sm">
            <input type="radio" name="support" value={option} checked={support === option} onChange={() => setSupport(option)} data-testid={`support-${option.toLowerCase()}`} />
            {option}
          </label>
        ))}
      </fieldset>
      <div>
        <label htmlFor="vote-reason" className="label">Reason (optional, public)</label>
        <textarea id="vote-reason" className="field min-h-24 py-2" maxLength={MAX_REASON} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="vote-reason" />
      </div>
      <button type="submit" className="btn-primary" disabled={busy || noPower} data-testid="cast-vote">Vote</button>
      {problem && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{problem}</p>}
      <TxStatus status={status} />
    </form>
  );
}

function Timeline({ proposal, live, now }: { proposal: SubgraphProposal; live: LiveProposal | undefined; now: bigint | undefined }) {
  if (!live || now === undefined) return null;
  const times = { ...proposalTimes(proposal), eta: live.eta > 0n ? live.eta : proposalTimes(proposal).eta };
  const steps = proposalTimeline(times, live.state, now);
  const dot = { done: "bg-emerald-600", current: "bg-sky-600 ring-4 ring-sky-200 dark:ring-sky-900", upcoming: "bg-stone-300 dark:bg-stone-700", skipped: "bg-stone-300 dark:bg-stone-700" };
  return (
    <section className="card p-5" aria-labelledby="timeline-heading" data-testid="proposal-timeline">
      <h2 id="timeline-heading" className="mb-3 text-lg font-semibold">Timeline</h2>
      <ol className="flex flex-col gap-3">
        {steps.map((step) => (
          <li key={step.key} className="flex gap-3" data-step={step.key} data-status={step.status}>
            <span className={`mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ${dot[step.status]}`} aria-hidden="true" />
            <div className={step.status === "skipped" ? "muted line-through" : ""}>
              <p className="text-sm font-medium">{step.label}{step.status === "current" ? " (now)" : ""}</p>
              <p className="muted text-xs">
                {step.at !== null ? `${formatDate(step.at, { withTime: true })} · ${formatRelativeTime(step.at, Number(now) * 1000)}` : step.status === "skipped" ? "Did not happen" : "Not yet"}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The calls the proposal would execute, decoded with the platform's ABIs where they match. */
function Actions({ proposal }: { proposal: SubgraphProposal }) {
  const config = useRuntimeConfig();
  const names = new Map(Object.entries(config.contracts).map(([name, ref]) => [ref.address.toLowerCase(), name]));
  if (proposal.governor.timelock) names.set(proposal.governor.timelock.toLowerCase(), "the asset's timelock");
  return (
    <section className="card p-5" aria-labelledby="actions-heading">
      <h2 id="actions-heading" className="mb-2 text-lg font-semibold">What it executes</h2>
      <ol className="flex flex-col gap-2 text-sm">
        {proposal.targets.map((target, index) => {
          const call = decodeCall(proposal.calldatas[index] as Hex);
          return (
            <li key={index} className="rounded-xl bg-stone-100 p-3 dark:bg-stone-800/60">
              <p className="font-medium">{names.get(target.toLowerCase()) ?? shortAddress(target)}{call ? `.${call.name}` : ""}</p>
              {call ? (
                <p className="muted font-mono text-xs break-all">{call.args.map((a) => (typeof a === "bigint" ? a.toString() : JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? v.toString() : v)))).join(", ")}</p>
              ) : (
                <p className="muted font-mono text-xs break-all">{proposal.calldatas[index]}</p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function decodeCall(data: Hex): { name: string; args: readonly unknown[] } | null {
  for (const abi of Object.values(abis) as Abi[]) {
    try {
      const decoded = decodeFunctionData({ abi, data });
      return { name: decoded.functionName, args: decoded.args ?? [] };
    } catch {
      // not this contract's function
    }
  }
  return null;
}

function Votes({ votes, kind }: { votes: SubgraphVote[]; kind: GovernorKind }) {
  return (
    <section className="card p-5" aria-labelledby="votes-heading">
      <h2 id="votes-heading" className="mb-2 text-lg font-semibold">Votes</h2>
      {votes.length === 0 ? (
        <p className="muted text-sm">No votes yet.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-stone-200 dark:divide-stone-800" data-testid="vote-list">
          {votes.map((vote) => (
            <li key={vote.id} className="py-2 text-sm" data-testid="vote-row" data-voter={vote.voter.id}>
              <p>
                <span className="font-mono text-xs">{shortAddress(vote.voter.id)}</span>{" "}
                <strong>{SUPPORT_NAMES[vote.support] ?? "?"}</strong> · {weight(BigInt(vote.weight), kind)}
              </p>
              {vote.reason && <p className="muted mt-0.5" data-testid="vote-reason-text">“{vote.reason}”</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
