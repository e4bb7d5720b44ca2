"use client";
/** React hooks over impact-certificates.ts (chain reads cached by react-query, refreshed after writes). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address, PublicClient } from "viem";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { readHoldings, readIssuedPeriods, readRetirements, type CertificateSource } from "./impact-certificates";

/** The deployment's EnergyCertificate, or null when it has no metering contracts. */
export function useCertificateSource(): CertificateSource | null {
  const ref = useRuntimeConfig().contracts.EnergyCertificate;
  return ref ? { address: ref.address, startBlock: ref.startBlock } : null;
}

function useClient(): PublicClient | undefined {
  return usePublicClient() as PublicClient | undefined;
}

export function useIssuedPeriods() {
  const source = useCertificateSource();
  const client = useClient();
  return useQuery({
    queryKey: ["impact", "issued", source?.address],
    queryFn: () => readIssuedPeriods(client!, source!),
    enabled: !!source && !!client,
    staleTime: 15_000,
  });
}

export function useHoldings(account: Address | undefined) {
  const source = useCertificateSource();
  const client = useClient();
  const periods = useIssuedPeriods();
  return useQuery({
    queryKey: ["impact", "holdings", source?.address, account, periods.data?.length],
    queryFn: () => readHoldings(client!, source!, account!, periods.data ?? []),
    enabled: !!source && !!client && !!account && periods.isSuccess,
    // Keep the list on screen while it refreshes after a retirement (open forms keep their state).
    placeholderData: keepPreviousData,
  });
}

export function useRetirements(filter: { account?: Address; retirementId?: bigint }, enabled = true) {
  const source = useCertificateSource();
  const client = useClient();
  return useQuery({
    queryKey: ["impact", "retirements", source?.address, filter.account, filter.retirementId?.toString()],
    queryFn: () => readRetirements(client!, source!, filter),
    enabled: enabled && !!source && !!client,
  });
}
