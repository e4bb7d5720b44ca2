"use client";
/**
 * Governance reads: proposals from the subgraph, their documents through the document route, and the live
 * facts the governors hold (state, tallies, quorum at the snapshot, the account's vote and voting power).
 */
import { useQuery } from "@tanstack/react-query";
import { useAccount, useReadContracts } from "wagmi";
import { useRefetchOnBlock } from "./use-trade";
import { assetGovernorAbi, energyAssetAbi, platformGovernorAbi, wattTokenAbi } from "@cowatt/deployments/abis";
import type { Abi, Address } from "viem";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "./runtime-config";
import { parseProposalDocument, PROPOSAL_STATES, type ProposalDocument, type ProposalStateName, type Tally } from "./governance";

/** The document behind an `ipfs://` description, or a sentence saying why it cannot be shown. */
export function useProposalDocument(cid: string | null) {
  return useQuery<ProposalDocument, Error>({
    queryKey: ["proposal-document", cid],
    enabled: cid !== null,
    staleTime: Infinity,
    retry: 1,
    queryFn: async ({ signal }) => {
      const response = await fetch(`/api/documents/${cid}`, { signal }).catch(() => null);
      if (!response) throw new Error("The proposal document cannot be reached.");
      const body = (await response.json().catch(() => null)) as unknown;
      if (!response.ok) throw new Error((body as { error?: string } | null)?.error ?? `The document service answered HTTP ${response.status}.`);
      const document = parseProposalDocument(body);
      if (!document) throw new Error("The proposal document has no title or description.");
      return document;
    },
  });
}

export type GovernorKind = "platform" | "asset";

function governorAbi(kind: GovernorKind) {
  return kind === "platform" ? platformGovernorAbi : assetGovernorAbi;
}

export interface LiveProposal {
  state: ProposalStateName;
  tally: Tally;
  snapshot: bigint;
  deadline: bigint;
  quorum: bigint;
  eta: bigint;
  hasVoted: boolean | undefined;
  /** The account's votes at the snapshot (what a vote would weigh). */
  votingPower: bigint | undefined;
}

/** A proposal's live state on its governor, refreshed on every block. */
export function useLiveProposal(governor: Address, kind: GovernorKind, proposalId: bigint) {
  const { address: account } = useAccount();
  // Both governors share OpenZeppelin's Governor interface; results are narrowed below.
  const abi = governorAbi(kind) as Abi;
  const base = useReadContracts({
    contracts: [
      { address: governor, abi, functionName: "state", args: [proposalId] },
      { address: governor, abi, functionName: "proposalVotes", args: [proposalId] },
      { address: governor, abi, functionName: "proposalSnapshot", args: [proposalId] },
      { address: governor, abi, functionName: "proposalDeadline", args: [proposalId] },
      { address: governor, abi, functionName: "proposalEta", args: [proposalId] },
    ],
    allowFailure: false,
  });
  const snapshot = base.data ? (base.data[2] as bigint) : undefined;
  // The quorum at the snapshot, and the account's vote and weight there (when connected).
  const dependentCalls: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] }[] =
    snapshot === undefined ? [] : [
      { address: governor, abi, functionName: "quorum", args: [snapshot] },
      ...(account ? [
        { address: governor, abi, functionName: "hasVoted", args: [proposalId, account] },
        { address: governor, abi, functionName: "getVotes", args: [account, snapshot] },
      ] : []),
    ];
  const dependent = useReadContracts({
    contracts: dependentCalls,
    allowFailure: true,
    query: { enabled: snapshot !== undefined },
  });
  useRefetchOnBlock([base.queryKey, dependent.queryKey]);
  let live: LiveProposal | undefined;
  if (base.data && dependent.data) {
    const [state, votes, snap, deadline, eta] = base.data as unknown as [number, readonly [bigint, bigint, bigint], bigint, bigint, bigint];
    const quorum = dependent.data[0]?.status === "success" ? (dependent.data[0].result as bigint) : 0n;
    const hasVoted = dependent.data[1]?.status === "success" ? (dependent.data[1].result as boolean) : undefined;
    // getVotes at a timepoint not yet passed reverts (snapshot in the future): no power known yet.
    const votingPower = dependent.data[2]?.status === "success" ? (dependent.data[2].result as bigint) : undefined;
    live = {
      state: PROPOSAL_STATES[state] ?? "Pending",
      tally: { againstVotes: votes[0], forVotes: votes[1], abstainVotes: votes[2] },
      snapshot: snap,
      deadline,
      quorum,
      eta,
      hasVoted,
      votingPower,
    };
  }
  return { live, error: base.error, isLoading: base.isLoading || dependent.isLoading };
}

/** The account's WATT: balance, its delegate and the votes delegated to it. */
export function useWattDelegation() {
  const config = useRuntimeConfig();
  const { address: account } = useAccount();
  const watt = contractAddress(config, "WattToken");
  const reads = useReadContracts({
    contracts: account ? [
      { address: watt, abi: wattTokenAbi, functionName: "balanceOf", args: [account] },
      { address: watt, abi: wattTokenAbi, functionName: "delegates", args: [account] },
      { address: watt, abi: wattTokenAbi, functionName: "getVotes", args: [account] },
      { address: watt, abi: wattTokenAbi, functionName: "decimals" },
    ] : [],
    allowFailure: false,
    query: { enabled: !!account },
  });
  useRefetchOnBlock([reads.queryKey]);
  const data = reads.data as readonly [bigint, Address, bigint, number] | undefined;
  return {
    watt,
    state: data ? { balance: data[0], delegate: data[1], votes: data[2], decimals: Number(data[3]) } : undefined,
    error: reads.error,
  };
}

/** One asset's share delegation for the account. */
export function useShareDelegation(assetId: bigint | undefined) {
  const config = useRuntimeConfig();
  const { address: account } = useAccount();
  const energyAsset = contractAddress(config, "EnergyAsset");
  const reads = useReadContracts({
    contracts: account && assetId !== undefined ? [
      { address: energyAsset, abi: energyAssetAbi, functionName: "balanceOf", args: [account, assetId] },
      { address: energyAsset, abi: energyAssetAbi, functionName: "delegates", args: [assetId, account] },
      { address: energyAsset, abi: energyAssetAbi, functionName: "getVotes", args: [assetId, account] },
    ] : [],
    allowFailure: false,
    query: { enabled: !!account && assetId !== undefined },
  });
  useRefetchOnBlock([reads.queryKey]);
  const data = reads.data as readonly [bigint, Address, bigint] | undefined;
  return { energyAsset, state: data ? { balance: data[0], delegate: data[1], votes: data[2] } : undefined, error: reads.error };
}

/** Subgraph: the account's share positions (for per-asset delegation) and the governors with their assets. */
export const GOVERNANCE_CONTEXT_QUERY = /* GraphQL */ `
  query GovernanceContext($account: Bytes!) {
    positions(where: { account: $account, balance_gt: "0" }, first: 100) {
      id
      balance
      delegate
      votes
      asset { id name }
    }
    governors(first: 100) {
      id
      kind
      timelock
      asset { id name }
    }
  }
`;

export interface GovernanceContext {
  positions: { id: string; balance: string; delegate: string | null; votes: string; asset: { id: string; name: string } }[];
  governors: { id: string; kind: string; timelock: string | null; asset: { id: string; name: string } | null }[];
}
