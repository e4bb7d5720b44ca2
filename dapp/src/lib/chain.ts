import { defineChain, type Chain } from "viem";
import type { RuntimeConfig } from "./runtime-config";

/**
 * Multicall3 sits at one address on the public chains (https://www.multicall3.com); with it wagmi reads a
 * page's contracts in one call. The local node has none, and reads there go one by one (in one JSON-RPC batch).
 */
const MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11";
const CHAINS_WITH_MULTICALL3 = new Set([84532, 11155111, 8453]);

const CHAIN_NAMES: Record<number, string> = {
  31337: "CoWatt local chain",
  84532: "Base Sepolia",
  11155111: "Sepolia",
  8453: "Base",
};

/** The one chain of this deployment, reached through the configured JSON-RPC endpoint. */
export function chainOf(config: Pick<RuntimeConfig, "chainId" | "rpcUrl" | "explorerUrl">): Chain {
  return defineChain({
    id: config.chainId,
    name: CHAIN_NAMES[config.chainId] ?? `Chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
    blockExplorers: config.explorerUrl ? { default: { name: "Explorer", url: config.explorerUrl } } : undefined,
    testnet: config.chainId !== 8453,
    contracts: CHAINS_WITH_MULTICALL3.has(config.chainId) ? { multicall3: { address: MULTICALL3 } } : undefined,
  });
}

/** A link to a transaction on the explorer, or null on a chain without one (the local node). */
export function transactionUrl(config: Pick<RuntimeConfig, "explorerUrl">, hash: string): string | null {
  return config.explorerUrl ? `${config.explorerUrl.replace(/\/$/, "")}/tx/${hash}` : null;
}
