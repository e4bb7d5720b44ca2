import { connectorsForWallets } from "@rainbow-me/rainbowkit";
import { injectedWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import { createConfig, http } from "wagmi";
import { chainOf } from "./chain";
import type { RuntimeConfig } from "./runtime-config";

export const APP_NAME = "CoWatt";

/**
 * wagmi for this deployment's chain. Only the injected wallet, plus WalletConnect when a project id is
 * configured; no EIP-6963 discovery, so nothing is fetched from the network to build the wallet list.
 */
export function makeWagmiConfig(config: RuntimeConfig) {
  const chain = chainOf(config);
  const wallets = config.walletConnectProjectId ? [injectedWallet, walletConnectWallet] : [injectedWallet];
  const connectors = connectorsForWallets([{ groupName: "Wallets", wallets }], {
    appName: APP_NAME,
    // RainbowKit requires a project id; it is only used by WalletConnect, which is absent without one.
    projectId: config.walletConnectProjectId ?? "walletconnect-not-configured",
  });
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(config.rpcUrl) },
    multiInjectedProviderDiscovery: false,
    ssr: true,
  });
}
