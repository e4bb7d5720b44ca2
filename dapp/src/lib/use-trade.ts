"use client";
/**
 * Live order-book state from the chain (depth, best prices, fee settings, the account's open orders and
 * balances), refreshed on every new block, and the compliance pre-check run before anything is signed.
 */
import { useCallback, useEffect } from "react";
import { useAccount, useBlockNumber, useConfig, useReadContract, useReadContracts } from "wagmi";
import { getBlock, readContract } from "wagmi/actions";
import { useQueryClient } from "@tanstack/react-query";
import { complianceAbi, devStablecoinAbi, energyAssetAbi, orderBookAbi } from "@cowatt/deployments/abis";
import { zeroAddress, type Address } from "viem";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "./runtime-config";
import { decodeContractError } from "./errors";
import { SIDE, type PriceLevel, type Side } from "./trade";

/** Levels per side shown in the ladder and depth chart. */
export const DEPTH_LEVELS = 20n;

export interface OrderBookSettings {
  feeBps: number;
  minimumOrderValue: bigint;
  treasury: Address;
}

export interface OnChainOrder {
  id: bigint;
  owner: Address;
  side: Side;
  assetId: bigint;
  price: bigint;
  shares: bigint;
  expiry: bigint;
  createdAt: bigint;
}

export function useOrderBookAddress(): Address {
  return contractAddress(useRuntimeConfig(), "OrderBook");
}

/** Refetches the given query keys whenever a new block arrives (the book changes only with blocks). */
export function useRefetchOnBlock(queryKeys: readonly (readonly unknown[])[]) {
  const queryClient = useQueryClient();
  const { data: blockNumber } = useBlockNumber({ watch: true, query: { refetchInterval: 4_000 } });
  useEffect(() => {
    if (blockNumber === undefined) return;
    for (const queryKey of queryKeys) void queryClient.invalidateQueries({ queryKey });
  }, [blockNumber]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** Both sides of one asset's book, best first, with the best bid/ask, straight from IOrderBook. */
export function useOrderBook(assetId: bigint | undefined) {
  const address = useOrderBookAddress();
  const reads = useReadContracts({
    contracts: assetId === undefined ? [] : [
      { address, abi: orderBookAbi, functionName: "depth", args: [assetId, SIDE.Buy, DEPTH_LEVELS] },
      { address, abi: orderBookAbi, functionName: "depth", args: [assetId, SIDE.Sell, DEPTH_LEVELS] },
      { address, abi: orderBookAbi, functionName: "bestBid", args: [assetId] },
      { address, abi: orderBookAbi, functionName: "bestAsk", args: [assetId] },
    ],
    allowFailure: false,
    query: { enabled: assetId !== undefined },
  });
  useRefetchOnBlock([reads.queryKey]);
  const toLevels = (levels: readonly { price: bigint; shares: bigint; orders: number }[]): PriceLevel[] =>
    levels.map((level) => ({ price: level.price, shares: BigInt(level.shares), orders: Number(level.orders) }));
  const data = reads.data as
    | readonly [readonly { price: bigint; shares: bigint; orders: number }[], readonly { price: bigint; shares: bigint; orders: number }[], readonly [bigint, bigint], readonly [bigint, bigint]]
    | undefined;
  return {
    bids: data ? toLevels(data[0]) : undefined,
    asks: data ? toLevels(data[1]) : undefined,
    bestBid: data ? { price: data[2][0], shares: BigInt(data[2][1]) } : undefined,
    bestAsk: data ? { price: data[3][0], shares: BigInt(data[3][1]) } : undefined,
    isLoading: reads.isLoading,
    error: reads.error,
    refetch: reads.refetch,
  };
}

/** The OrderBook's fee (basis points), minimum order value and treasury as configured on chain. */
export function useOrderBookSettings() {
  const address = useOrderBookAddress();
  const reads = useReadContracts({
    contracts: [
      { address, abi: orderBookAbi, functionName: "feeBps" },
      { address, abi: orderBookAbi, functionName: "minimumOrderValue" },
      { address, abi: orderBookAbi, functionName: "treasury" },
    ],
    allowFailure: false,
    query: { staleTime: 30_000 },
  });
  const settings: OrderBookSettings | undefined = reads.data
    ? { feeBps: Number(reads.data[0]), minimumOrderValue: reads.data[1] as bigint, treasury: reads.data[2] as Address }
    : undefined;
  return { settings, isLoading: reads.isLoading, error: reads.error };
}

/** The connected account's open orders on one asset (IOrderBook.openOrdersOf, then each order). */
export function useMyOpenOrders(assetId: bigint | undefined) {
  const address = useOrderBookAddress();
  const { address: account } = useAccount();
  const ids = useReadContract({
    address,
    abi: orderBookAbi,
    functionName: "openOrdersOf",
    args: account ? [account] : undefined,
    query: { enabled: !!account },
  });
  const orderIds = (ids.data ?? []) as readonly bigint[];
  const orders = useReadContracts({
    contracts: orderIds.map((id) => ({ address, abi: orderBookAbi, functionName: "order", args: [id] }) as const),
    allowFailure: false,
    query: { enabled: orderIds.length > 0 },
  });
  useRefetchOnBlock([ids.queryKey, orders.queryKey]);
  const mine: OnChainOrder[] = [];
  (orders.data ?? []).forEach((raw, index) => {
    const order = raw as { owner: Address; side: number; assetId: bigint; price: bigint; shares: bigint; expiry: bigint; createdAt: bigint };
    if (assetId !== undefined && order.assetId !== assetId) return;
    mine.push({
      id: orderIds[index]!,
      owner: order.owner,
      side: order.side === SIDE.Buy ? "Buy" : "Sell",
      assetId: order.assetId,
      price: order.price,
      shares: BigInt(order.shares),
      expiry: BigInt(order.expiry),
      createdAt: BigInt(order.createdAt),
    });
  });
  return { orders: mine, isLoading: ids.isLoading || orders.isLoading, error: ids.error ?? orders.error };
}

/** What the account can trade with: shares owned, escrowed under sell orders, stablecoin balance and allowance. */
export function useTradingBalances(assetId: bigint | undefined) {
  const config = useRuntimeConfig();
  const { address: account } = useAccount();
  const energyAsset = contractAddress(config, "EnergyAsset");
  const stablecoin = contractAddress(config, "DevStablecoin");
  const orderBook = contractAddress(config, "OrderBook");
  const reads = useReadContracts({
    contracts: account && assetId !== undefined ? [
      { address: energyAsset, abi: energyAssetAbi, functionName: "balanceOf", args: [account, assetId] },
      { address: energyAsset, abi: energyAssetAbi, functionName: "escrowedBalance", args: [assetId, account] },
      { address: stablecoin, abi: devStablecoinAbi, functionName: "balanceOf", args: [account] },
      { address: stablecoin, abi: devStablecoinAbi, functionName: "allowance", args: [account, orderBook] },
    ] : [],
    allowFailure: false,
    query: { enabled: !!account && assetId !== undefined },
  });
  useRefetchOnBlock([reads.queryKey]);
  const data = reads.data as readonly [bigint, bigint, bigint, bigint] | undefined;
  return {
    balances: data ? { shares: data[0], escrowedShares: data[1], availableShares: data[0] - data[1], stablecoin: data[2], allowance: data[3] } : undefined,
    isLoading: reads.isLoading,
    error: reads.error,
  };
}

/**
 * The compliance check the OrderBook runs at placement, before the wallet is asked to sign:
 * a buyer must be able to receive the shares (Compliance.canTransfer from the zero address, as the
 * contract checks it); a seller must be able to send them (EnergyAsset.tokenRestriction and the lock-up).
 * A refusal is explained with the contract's own custom error (Compliance.revertFor), decoded into a sentence.
 * Resolves to null when the order may be placed.
 */
export function useCompliancePrecheck() {
  const wagmiConfig = useConfig();
  const config = useRuntimeConfig();
  const compliance = contractAddress(config, "Compliance");
  const energyAsset = contractAddress(config, "EnergyAsset");
  return useCallback(
    async (assetId: bigint, account: Address, side: Side, shares: bigint): Promise<string | null> => {
      const [from, to] = side === "Buy" ? [zeroAddress, account] : [account, account];
      let code: number;
      if (side === "Buy") {
        code = await readContract(wagmiConfig, { address: compliance, abi: complianceAbi, functionName: "canTransfer", args: [assetId, from, to, shares] });
      } else {
        code = await readContract(wagmiConfig, { address: energyAsset, abi: energyAssetAbi, functionName: "tokenRestriction", args: [assetId, from, to, shares] });
        if (code === 0) {
          const lockedUntil = await readContract(wagmiConfig, { address: compliance, abi: complianceAbi, functionName: "lockedUntil", args: [assetId, account] });
          const block = await getBlock(wagmiConfig);
          if (BigInt(lockedUntil) > block.timestamp) code = LOCKED_UP;
        }
      }
      if (code === 0) return null;
      try {
        await readContract(wagmiConfig, { address: compliance, abi: complianceAbi, functionName: "revertFor", args: [code, assetId, from, to, shares] });
        return "This transfer is restricted by the asset's compliance rules.";
      } catch (error) {
        return decodeContractError(error).message;
      }
    },
    [compliance, energyAsset, wagmiConfig],
  );
}

/** ICompliance.TransferRestriction.LockedUp */
const LOCKED_UP = 12;
