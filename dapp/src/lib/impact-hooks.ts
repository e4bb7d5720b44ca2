"use client";
/** React hooks over impact-certificates.ts: subgraph reads, and the few live chain reads that must be fresh. */
import { keepPreviousData } from "@tanstack/react-query";
import { useReadContract } from "wagmi";
import type { Address } from "viem";
import { energyCertificateAbi } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { IMPACT_QUERY, RETIREMENT_QUERY, retirementOf, type ImpactData, type Retirement, type SubgraphRetirement } from "./impact-certificates";
import { useSubgraphQuery } from "./use-subgraph";

const ZERO_ACCOUNT = "0x0000000000000000000000000000000000000000";

/** The deployment's EnergyCertificate, or null when it has no metering contracts. */
export function useCertificateSource(): { address: Address; startBlock: number } | null {
  const ref = useRuntimeConfig().contracts.EnergyCertificate;
  return ref ? { address: ref.address, startBlock: ref.startBlock } : null;
}

/** Assets' CO2 and certificate counters, and the account's shares, certificates and retirements (subgraph). */
export function useImpact(account: Address | undefined) {
  const id = (account ?? ZERO_ACCOUNT).toLowerCase();
  return useSubgraphQuery<ImpactData>("impact", IMPACT_QUERY, { account: id }, {
    refetchInterval: 10_000,
    // Keep the lists on screen while they refresh after a retirement (open forms keep what was typed).
    placeholderData: keepPreviousData,
  });
}

/** The account's balance of one certificate read from the chain: what a retirement is checked against. */
export function useLiveCertificateBalance(account: Address, id: bigint) {
  const source = useCertificateSource();
  return useReadContract({
    address: source?.address, abi: energyCertificateAbi, functionName: "balanceOf", args: [account, id],
    query: { enabled: !!source, refetchInterval: 10_000 },
  });
}

export type RetirementLookup =
  | { state: "loading" }
  | { state: "error"; error: Error; retry(): void }
  | { state: "found"; retirement: Retirement }
  /** Retired on chain, not yet indexed (a link followed right after retiring): the page waits for it. */
  | { state: "indexing" }
  | { state: "missing" };

/** One retirement from the subgraph; when it has none, the chain's retirement count tells "not yet indexed" from "no such retirement". */
export function useRetirement(retirementId: bigint | null): RetirementLookup {
  const source = useCertificateSource();
  const query = useSubgraphQuery<{ certificateRetirement: SubgraphRetirement | null }>(
    "retirement", RETIREMENT_QUERY, { id: (retirementId ?? 0n).toString() },
    { enabled: retirementId !== null && !!source, refetchInterval: (q) => (q.state.data && !q.state.data.certificateRetirement ? 2_000 : false) },
  );
  const notIndexed = query.isSuccess && !query.data.certificateRetirement;
  const count = useReadContract({ address: source?.address, abi: energyCertificateAbi, functionName: "retirementCount", query: { enabled: notIndexed } });
  if (query.error) return { state: "error", error: query.error, retry: () => void query.refetch() };
  if (query.isPending) return { state: "loading" };
  if (query.data.certificateRetirement) return { state: "found", retirement: retirementOf(query.data.certificateRetirement) };
  if (count.data === undefined) return count.error ? { state: "missing" } : { state: "loading" };
  return retirementId !== null && retirementId >= 1n && retirementId <= count.data ? { state: "indexing" } : { state: "missing" };
}
