import { createConfig, http } from "wagmi";
import { chainOf } from "./chain";
import type { RuntimeConfig } from "./runtime-config";

export const APP_NAME = "CoWatt";

/**
 * wagmi for this deployment's chain, without connectors: reads work at once, and the wallet connectors
 * (RainbowKit's injected wallet, plus WalletConnect when a project id is configured) are installed by
 * the lazily loaded wallet UI (providers/wallet-ui.tsx), which then reconnects a returning wallet.
 * No EIP-6963 discovery, so nothing is fetched from the network to build the wallet list.
 */
export function makeWagmiConfig(config: RuntimeConfig) {
  const chain = chainOf(config);
  return createConfig({
    chains: [chain],
    connectors: [],
    // Reads issued together (a page's hooks as it mounts) go as one JSON-RPC batch: one request, not one each.
    transports: { [chain.id]: http(config.rpcUrl, { batch: true }) },
    multiInjectedProviderDiscovery: false,
    ssr: true,
  });
}

export type WagmiConfig = ReturnType<typeof makeWagmiConfig>;
