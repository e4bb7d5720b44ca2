import { describe, expect, it } from "vitest";
import {
  deriveProposalState, descriptionCid, isPlausibleCid, matchesProposalSearch, parseProposalDocument, proposalTimeline, quorumProgress,
  QUEUE_GRACE_PERIOD_SECONDS, tallyShares, type ProposalTimes, type SubgraphProposal, type Tally,
} from "./governance";

const times: ProposalTimes = { createdAt: 1000n, voteStart: 2000n, voteEnd: 3000n, queuedAt: null, eta: null, executedAt: null, canceledAt: null };
const passing: Tally = { forVotes: 600n, againstVotes: 100n, abstainVotes: 50n };
const quorum = 500n;

describe("deriveProposalState", () => {
  it("follows the clock: pending through the snapshot, active through the deadline", () => {
    expect(deriveProposalState(times, passing, quorum, 1500n)).toBe("Pending");
    expect(deriveProposalState(times, passing, quorum, 2000n)).toBe("Pending");
    expect(deriveProposalState(times, passing, quorum, 2001n)).toBe("Active");
    expect(deriveProposalState(times, passing, quorum, 3000n)).toBe("Active");
  });
  it("after the deadline: succeeded with quorum and majority, else defeated", () => {
    expect(deriveProposalState(times, passing, quorum, 3001n)).toBe("Succeeded");
    expect(deriveProposalState(times, { ...passing, againstVotes: 600n }, quorum, 3001n)).toBe("Defeated");
    expect(deriveProposalState(times, passing, 651n, 3001n)).toBe("Defeated");
    // Abstain counts towards quorum.
    expect(deriveProposalState(times, passing, 650n, 3001n)).toBe("Succeeded");
  });
  it("expires when not queued within the grace period", () => {
    expect(deriveProposalState(times, passing, quorum, 3000n + QUEUE_GRACE_PERIOD_SECONDS)).toBe("Succeeded");
    expect(deriveProposalState(times, passing, quorum, 3001n + QUEUE_GRACE_PERIOD_SECONDS)).toBe("Expired");
  });
  it("takes queued, executed and canceled from their events", () => {
    expect(deriveProposalState({ ...times, queuedAt: 3100n, eta: 4000n }, passing, quorum, 3200n)).toBe("Queued");
    expect(deriveProposalState({ ...times, queuedAt: 3100n, eta: 4000n, executedAt: 4100n }, passing, quorum, 5000n)).toBe("Executed");
    expect(deriveProposalState({ ...times, canceledAt: 1500n }, passing, quorum, 1600n)).toBe("Canceled");
  });
});

describe("proposalTimeline", () => {
  const statuses = (state: Parameters<typeof proposalTimeline>[1], at: bigint, t = times) =>
    proposalTimeline(t, state, at).map((step) => `${step.key}:${step.status}`);
  it("marks the voting window current while active", () => {
    expect(statuses("Active", 2500n)).toEqual(["created:done", "votingStart:done", "votingEnd:current", "queued:upcoming", "executed:upcoming"]);
  });
  it("marks voting start current while pending", () => {
    expect(statuses("Pending", 1500n)).toEqual(["created:done", "votingStart:current", "votingEnd:upcoming", "queued:upcoming", "executed:upcoming"]);
  });
  it("skips queue and execution for a defeated proposal", () => {
    expect(statuses("Defeated", 3500n)).toEqual(["created:done", "votingStart:done", "votingEnd:done", "queued:skipped", "executed:skipped"]);
  });
  it("shows the eta while queued and the execution time once executed", () => {
    const queued = { ...times, queuedAt: 3100n, eta: 4000n };
    const steps = proposalTimeline(queued, "Queued", 3200n);
    expect(steps[4]).toEqual({ key: "executed", label: "Executable from", at: 4000n, status: "current" });
    const executed = proposalTimeline({ ...queued, executedAt: 4100n }, "Executed", 5000n);
    expect(executed.every((step) => step.status === "done")).toBe(true);
    expect(executed[4]!.at).toBe(4100n);
  });
  it("ends with the cancellation", () => {
    expect(statuses("Canceled", 1600n, { ...times, canceledAt: 1500n })).toEqual([
      "created:done", "votingStart:skipped", "votingEnd:skipped", "canceled:done",
    ]);
  });
});

describe("tallies", () => {
  it("measures quorum progress with For and Abstain, capped at 1", () => {
    expect(quorumProgress(passing, 1300n)).toBeCloseTo(0.5, 4);
    expect(quorumProgress(passing, 100n)).toBe(1);
    expect(quorumProgress(passing, 0n)).toBe(1);
  });
  it("splits the votes cast", () => {
    expect(tallyShares(passing)).toEqual({ For: 0.8, Against: 0.1333, Abstain: 0.0666 });
    expect(tallyShares({ forVotes: 0n, againstVotes: 0n, abstainVotes: 0n })).toEqual({ For: 0, Against: 0, Abstain: 0 });
  });
});

describe("descriptions", () => {
  it("extracts the CID of ipfs:// descriptions only", () => {
    expect(descriptionCid("ipfs://bafkreiabc/doc.json")).toBe("bafkreiabc");
    expect(descriptionCid("ipfs://bafkreiabc")).toBe("bafkreiabc");
    expect(descriptionCid("https://example.org")).toBeNull();
  });
  it("accepts only CID-shaped names for the document route", () => {
    expect(isPlausibleCid("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku")).toBe(true);
    expect(isPlausibleCid("../../etc/passwd")).toBe(false);
    expect(isPlausibleCid("bafk")).toBe(false);
  });
  it("reads title, body and attachments from the document", () => {
    expect(parseProposalDocument({ title: "T", body: "B", attachments: ["ipfs://x", 3] })).toEqual({ title: "T", body: "B", attachments: ["ipfs://x"] });
    expect(parseProposalDocument({ title: "T" })).toBeNull();
    expect(parseProposalDocument("nope")).toBeNull();
  });
});

describe("matchesProposalSearch", () => {
  const proposal = { proposer: "0xAbC", asset: { id: "1", name: "Nordwind Eifel" }, proposalId: "123", description: "ipfs://bafy" } as SubgraphProposal;
  it("searches title, asset, proposer and id case-insensitively", () => {
    expect(matchesProposalSearch(proposal, "Gearbox inspection", "gearbox")).toBe(true);
    expect(matchesProposalSearch(proposal, undefined, "nordwind")).toBe(true);
    expect(matchesProposalSearch(proposal, undefined, "0xabc")).toBe(true);
    expect(matchesProposalSearch(proposal, undefined, "solar")).toBe(false);
    expect(matchesProposalSearch(proposal, undefined, "  ")).toBe(true);
  });
});
