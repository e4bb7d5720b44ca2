"use client";
/** Live chain reads every page needs: the stablecoin's units and the energy price behind yields. */
import { useBlock, useReadContracts } from "wagmi";
import { devStablecoinAbi, mockEnergyPriceFeedAbi, revenueSettlementAbi } from "@cowatt/deployments/abis";
import type { Address } from "viem";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "./runtime-config";
import type { EnergyPrice } from "./marketplace";

export interface Stablecoin {
  address: Address;
  decimals: number;
  symbol: string;
}

/** The platform's stablecoin (DevStablecoin locally; a real euro stablecoin elsewhere). */
export function useStablecoin() {
  const config = useRuntimeConfig();
  const address = contractAddress(config, "DevStablecoin");
  const reads = useReadContracts({
    contracts: [
      { address, abi: devStablecoinAbi, functionName: "decimals" },
      { address, abi: devStablecoinAbi, functionName: "symbol" },
    ],
    allowFailure: false,
    query: { staleTime: Infinity },
  });
  const stablecoin: Stablecoin | undefined = reads.data ? { address, decimals: reads.data[0], symbol: reads.data[1] } : undefined;
  return { ...reads, stablecoin };
}

/**
 * The energy price (EUR/MWh) that settles each asset's revenue: RevenueSettlement.priceFeedOf(asset)
 * (the platform default unless the asset has its own feed), then that Chainlink feed's latest answer.
 */
export function useEnergyPrices(assetIds: readonly string[]) {
  const config = useRuntimeConfig();
  const settlement = contractAddress(config, "RevenueSettlement");
  const feeds = useReadContracts({
    contracts: assetIds.map((id) => ({ address: settlement, abi: revenueSettlementAbi, functionName: "priceFeedOf", args: [BigInt(id)] }) as const),
    allowFailure: false,
    query: { enabled: assetIds.length > 0, staleTime: 60_000 },
  });
  const uniqueFeeds = [...new Set((feeds.data ?? []) as Address[])];
  const answers = useReadContracts({
    contracts: uniqueFeeds.flatMap((feed) => [
      { address: feed, abi: mockEnergyPriceFeedAbi, functionName: "latestRoundData" } as const,
      { address: feed, abi: mockEnergyPriceFeedAbi, functionName: "decimals" } as const,
    ]),
    query: { enabled: uniqueFeeds.length > 0, staleTime: 60_000 },
  });
  const priceByFeed = new Map<string, EnergyPrice>();
  uniqueFeeds.forEach((feed, index) => {
    const round = answers.data?.[index * 2];
    const decimals = answers.data?.[index * 2 + 1];
    if (round?.status === "success" && decimals?.status === "success") {
      const [, answer] = round.result as readonly [bigint, bigint, bigint, bigint, bigint];
      if (answer > 0n) priceByFeed.set(feed.toLowerCase(), { answer, decimals: Number(decimals.result) });
    }
  });
  const prices = new Map<string, EnergyPrice>();
  assetIds.forEach((id, index) => {
    const feed = (feeds.data as Address[] | undefined)?.[index];
    const price = feed ? priceByFeed.get(feed.toLowerCase()) : undefined;
    if (price) prices.set(id, price);
  });
  return { prices, isLoading: feeds.isLoading || answers.isLoading, error: feeds.error ?? answers.error };
}

/** The chain's current time in unix seconds (the local chain's clock may run ahead of the wall clock). */
export function useChainTime(): bigint | undefined {
  const block = useBlock({ query: { refetchInterval: 30_000 } });
  return block.data?.timestamp;
}
