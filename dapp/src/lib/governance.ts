/**
 * Governance data model: the subgraph's proposals, their state and timeline derived the way the governors'
 * state() does it (timestamp clock), quorum progress and the IPFS description. Pages read state() on chain
 * for the proposal they show; the derivation here serves lists and the timeline, where one call per
 * proposal would be wasteful.
 */

/** OpenZeppelin Governor.ProposalState, in ABI order. */
export const PROPOSAL_STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** How long after its deadline a succeeded proposal can still be queued (QUEUE_GRACE_PERIOD of both governors). */
export const QUEUE_GRACE_PERIOD_SECONDS = 14n * 24n * 3600n;

/** GovernorCountingSimple's support values. */
export const SUPPORT = { Against: 0, For: 1, Abstain: 2 } as const;
export type SupportName = keyof typeof SUPPORT;
export const SUPPORT_NAMES: readonly SupportName[] = ["Against", "For", "Abstain"];

export interface Tally {
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
}

export interface ProposalTimes {
  createdAt: bigint;
  voteStart: bigint;
  voteEnd: bigint;
  queuedAt: bigint | null;
  eta: bigint | null;
  executedAt: bigint | null;
  canceledAt: bigint | null;
}

/** Quorum counts For and Abstain votes (GovernorCountingSimple._quorumReached). */
export function quorumReached(tally: Tally, quorum: bigint): boolean {
  return tally.forVotes + tally.abstainVotes >= quorum;
}

/** The vote succeeds with more For than Against (GovernorCountingSimple._voteSucceeded). */
export function voteSucceeded(tally: Tally): boolean {
  return tally.forVotes > tally.againstVotes;
}

/**
 * The governor's state() at `now` from indexed facts: Pending until the snapshot (voteStart) has passed,
 * Active until the deadline (inclusive), then Defeated/Succeeded by quorum and majority; Queued and Executed
 * from their events; Expired when a succeeded proposal was not queued within the grace period.
 */
export function deriveProposalState(times: ProposalTimes, tally: Tally, quorum: bigint | null, now: bigint): ProposalStateName {
  if (times.executedAt !== null) return "Executed";
  if (times.canceledAt !== null) return "Canceled";
  if (times.queuedAt !== null) return "Queued";
  if (now <= times.voteStart) return "Pending";
  if (now <= times.voteEnd) return "Active";
  if (quorum === null) return voteSucceeded(tally) ? "Succeeded" : "Defeated";
  if (!quorumReached(tally, quorum) || !voteSucceeded(tally)) return "Defeated";
  return now > times.voteEnd + QUEUE_GRACE_PERIOD_SECONDS ? "Expired" : "Succeeded";
}

export type TimelineStatus = "done" | "current" | "upcoming" | "skipped";

export interface TimelineStep {
  key: "created" | "votingStart" | "votingEnd" | "queued" | "executed" | "canceled";
  label: string;
  /** Unix seconds; null when the step has no time yet (not queued). */
  at: bigint | null;
  status: TimelineStatus;
}

/** The proposal's timeline for display: each step done, current or still to come. */
export function proposalTimeline(times: ProposalTimes, state: ProposalStateName, now: bigint): TimelineStep[] {
  const stepStatus = (at: bigint | null): TimelineStatus => (at !== null && at <= now ? "done" : "upcoming");
  const steps: TimelineStep[] = [
    { key: "created", label: "Created", at: times.createdAt, status: "done" },
    { key: "votingStart", label: "Voting starts", at: times.voteStart, status: stepStatus(times.voteStart) },
    { key: "votingEnd", label: "Voting ends", at: times.voteEnd, status: state === "Active" ? "current" : stepStatus(times.voteEnd) },
  ];
  if (state === "Pending") steps[1]!.status = "current";
  if (times.canceledAt !== null) {
    for (const step of steps) if (step.status !== "done") step.status = "skipped";
    steps.push({ key: "canceled", label: "Canceled", at: times.canceledAt, status: "done" });
    return steps;
  }
  const failed = state === "Defeated" || state === "Expired";
  steps.push({
    key: "queued",
    label: "Queued in the timelock",
    at: times.queuedAt,
    status: times.queuedAt !== null ? "done" : failed ? "skipped" : state === "Succeeded" ? "current" : "upcoming",
  });
  steps.push({
    key: "executed",
    label: times.executedAt !== null ? "Executed" : times.eta !== null ? "Executable from" : "Executed",
    at: times.executedAt ?? times.eta,
    status: times.executedAt !== null ? "done" : failed ? "skipped" : state === "Queued" ? "current" : "upcoming",
  });
  return steps;
}

/** Share of the quorum reached (For + Abstain over quorum), capped at 1; 1 when the quorum is zero. */
export function quorumProgress(tally: Tally, quorum: bigint): number {
  if (quorum <= 0n) return 1;
  const counted = tally.forVotes + tally.abstainVotes;
  if (counted >= quorum) return 1;
  return Number((counted * 10_000n) / quorum) / 10_000;
}

/** Each option's share of all votes cast (0 when nobody voted). */
export function tallyShares(tally: Tally): Record<SupportName, number> {
  const total = tally.forVotes + tally.againstVotes + tally.abstainVotes;
  const share = (votes: bigint) => (total === 0n ? 0 : Number((votes * 10_000n) / total) / 10_000);
  return { For: share(tally.forVotes), Against: share(tally.againstVotes), Abstain: share(tally.abstainVotes) };
}

/** The CID of an `ipfs://<CID>[/path]` description; null for anything else. */
export function descriptionCid(description: string): string | null {
  const match = /^ipfs:\/\/([A-Za-z0-9]+)(?:\/.*)?$/.exec(description.trim());
  return match ? match[1]! : null;
}

/** A CID as the document route accepts it (base32 v1 or base58 v0): letters and digits only. */
export function isPlausibleCid(cid: string): boolean {
  return /^(b[a-z2-7]{20,}|Qm[1-9A-HJ-NP-Za-km-z]{44})$/.test(cid);
}

/** The proposal document the seed and the create form write: a title, a body, optional attachments. */
export interface ProposalDocument {
  title: string;
  body: string;
  attachments?: string[];
}

export function parseProposalDocument(json: unknown): ProposalDocument | null {
  if (!json || typeof json !== "object") return null;
  const { title, body, attachments } = json as Record<string, unknown>;
  if (typeof title !== "string" || typeof body !== "string") return null;
  const links = Array.isArray(attachments) ? attachments.filter((a): a is string => typeof a === "string") : undefined;
  return { title, body, ...(links ? { attachments: links } : {}) };
}

/** Subgraph shapes and queries. */
export interface SubgraphProposal {
  id: string;
  proposalId: string;
  proposer: string;
  description: string;
  descriptionCid: string | null;
  voteStart: string;
  voteEnd: string;
  state: "Active" | "Queued" | "Executed" | "Canceled";
  eta: string | null;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voteCount: number;
  createdAt: string;
  queuedAt: string | null;
  executedAt: string | null;
  canceledAt: string | null;
  targets: string[];
  calldatas: string[];
  values: string[];
  governor: { id: string; kind: string; timelock: string | null; votesToken: string | null };
  asset: { id: string; name: string } | null;
}

const PROPOSAL_FIELDS = /* GraphQL */ `
  fragment ProposalFields on Proposal {
    id
    proposalId
    proposer
    description
    descriptionCid
    voteStart
    voteEnd
    state
    eta
    forVotes
    againstVotes
    abstainVotes
    voteCount
    createdAt
    queuedAt
    executedAt
    canceledAt
    targets
    calldatas
    values
    governor { id kind timelock votesToken }
    asset { id name }
  }
`;

export const PROPOSALS_QUERY = /* GraphQL */ `
  query Proposals {
    proposals(first: 200, orderBy: createdAt, orderDirection: desc) { ...ProposalFields }
  }
  ${PROPOSAL_FIELDS}
`;

export const PROPOSAL_QUERY = /* GraphQL */ `
  query Proposal($governor: Bytes!, $proposalId: BigInt!) {
    proposals(where: { governor: $governor, proposalId: $proposalId }, first: 1) {
      ...ProposalFields
      votes(first: 100, orderBy: timestamp, orderDirection: desc) {
        id
        voter { id }
        support
        weight
        reason
        timestamp
        transactionHash
      }
    }
  }
  ${PROPOSAL_FIELDS}
`;

export interface SubgraphVote {
  id: string;
  voter: { id: string };
  support: number;
  weight: string;
  reason: string;
  timestamp: string;
  transactionHash: string;
}

export function proposalTimes(proposal: SubgraphProposal): ProposalTimes {
  const optional = (value: string | null) => (value === null ? null : BigInt(value));
  return {
    createdAt: BigInt(proposal.createdAt),
    voteStart: BigInt(proposal.voteStart),
    voteEnd: BigInt(proposal.voteEnd),
    queuedAt: optional(proposal.queuedAt),
    eta: optional(proposal.eta),
    executedAt: optional(proposal.executedAt),
    canceledAt: optional(proposal.canceledAt),
  };
}

export function proposalTally(proposal: Pick<SubgraphProposal, "forVotes" | "againstVotes" | "abstainVotes">): Tally {
  return { forVotes: BigInt(proposal.forVotes), againstVotes: BigInt(proposal.againstVotes), abstainVotes: BigInt(proposal.abstainVotes) };
}

/** "platform" for the WATT governor, else the asset governor's asset id. */
export type ProposalScope = "platform" | { assetId: string };

export function proposalScope(proposal: SubgraphProposal): ProposalScope {
  return proposal.asset ? { assetId: proposal.asset.id } : "platform";
}

/** The route segment of a proposal: governor address and proposal id (ids are too long to show). */
export function proposalPath(proposal: Pick<SubgraphProposal, "governor" | "proposalId">): string {
  return `/governance/${proposal.governor.id}/${proposal.proposalId}`;
}

/** Case-insensitive search over the title (when loaded), the proposer, the asset name and the proposal id. */
export function matchesProposalSearch(proposal: SubgraphProposal, title: string | undefined, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [title ?? "", proposal.proposer, proposal.asset?.name ?? "platform", proposal.proposalId, proposal.description]
    .some((field) => field.toLowerCase().includes(needle));
}
