import { defineChain, type Chain } from "viem";
import type { RuntimeConfig } from "./runtime-config";

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
  });
}

/** A link to a transaction on the explorer, or null on a chain without one (the local node). */
export function transactionUrl(config: Pick<RuntimeConfig, "explorerUrl">, hash: string): string | null {
  return config.explorerUrl ? `${config.explorerUrl.replace(/\/$/, "")}/tx/${hash}` : null;
}
