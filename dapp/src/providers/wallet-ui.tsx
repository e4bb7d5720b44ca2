"use client";
/**
 * The wallet stack's UI, loaded lazily by ./wallet-layer: RainbowKit's providers, connect modal, header
 * button and styles, the SIWE adapter wiring and the wallet connectors. Nothing outside providers/ may
 * import this module statically, or RainbowKit returns to every page's first-load JavaScript.
 */
import { useEffect, useLayoutEffect } from "react";
import { createPortal } from "react-dom";
import "@rainbow-me/rainbowkit/styles.css";
import {
  ConnectButton,
  connectorsForWallets,
  darkTheme,
  lightTheme,
  RainbowKitAuthenticationProvider,
  RainbowKitProvider,
  useConnectModal,
  type AuthenticationStatus,
  type WalletList,
} from "@rainbow-me/rainbowkit";
import { injectedWallet } from "@rainbow-me/rainbowkit/wallets";
import { reconnect } from "wagmi/actions";
import type { AuthenticationAdapter } from "@/lib/auth";
import type { RuntimeConfig } from "@/lib/runtime-config";
import { APP_NAME, type WagmiConfig } from "@/lib/wagmi";
import { AddressAvatar } from "./address-avatar";

// emerald-700: white text on it reaches 4.5:1 (emerald-600 is 3.8:1, flagged by Lighthouse).
const accent = { accentColor: "#047857", accentColorForeground: "#ffffff", borderRadius: "medium" } as const;

/**
 * Installs RainbowKit's wallets as wagmi connectors (WalletConnect only with a project id, and its code
 * only then), then reconnects a wallet that was connected before the page loaded.
 */
export async function installWalletConnectors(wagmiConfig: WagmiConfig, config: RuntimeConfig): Promise<void> {
  if (wagmiConfig.connectors.length > 0) return; // installed already (a second layer mount in development)
  const wallets: WalletList[number]["wallets"] = [injectedWallet];
  if (config.walletConnectProjectId) {
    const { walletConnectWallet } = await import("@rainbow-me/rainbowkit/wallets");
    wallets.push(walletConnectWallet);
  }
  const connectorFns = connectorsForWallets([{ groupName: "Wallets", wallets }], {
    appName: APP_NAME,
    // RainbowKit requires a project id; it is only used by WalletConnect, which is absent without one.
    projectId: config.walletConnectProjectId ?? "walletconnect-not-configured",
  });
  // wagmi has no public API to add connectors after createConfig; its connector store is what useConnectors watches.
  wagmiConfig._internal.connectors.setState(connectorFns.map((connectorFn) => wagmiConfig._internal.connectors.setup(connectorFn)));
  await reconnect(wagmiConfig);
}

/**
 * Hands RainbowKit's modal opener to the layer (for Connect links in pages, and a click that came before
 * this module) and says the UI is mounted. The layer opens the modal in a later render: RainbowKit's
 * modal provider closes its modals in its own effects (on mount, and when the session becomes
 * unauthenticated), which run after this child's.
 */
function PublishToLayer({ onConnectModalChange, onMounted }: { onConnectModalChange: (open: (() => void) | undefined) => void; onMounted: () => void }) {
  const { openConnectModal } = useConnectModal();
  useEffect(() => onConnectModalChange(openConnectModal), [openConnectModal, onConnectModalChange]);
  // Before paint: the placeholder and the portalled button never show together.
  useLayoutEffect(onMounted, [onMounted]);
  return null;
}

export interface WalletUiProps {
  theme: "light" | "dark";
  adapter: AuthenticationAdapter;
  status: AuthenticationStatus;
  /** The header element the account button is portalled into; null while the header is not mounted. */
  headerSlot: HTMLElement | null;
  onConnectModalChange: (open: (() => void) | undefined) => void;
  onMounted: () => void;
}

export function WalletUi({ theme, adapter, status, headerSlot, onConnectModalChange, onMounted }: WalletUiProps) {
  return (
    <RainbowKitAuthenticationProvider adapter={adapter} status={status}>
      <RainbowKitProvider theme={theme === "dark" ? darkTheme(accent) : lightTheme(accent)} modalSize="compact" avatar={AddressAvatar}>
        <PublishToLayer onConnectModalChange={onConnectModalChange} onMounted={onMounted} />
        {headerSlot &&
          createPortal(
            <ConnectButton
              accountStatus={{ smallScreen: "avatar", largeScreen: "full" }}
              // The chain button appears only on a wrong network (one chain configured): it is the way to switch or disconnect there.
              chainStatus="name"
              showBalance={false}
            />,
            headerSlot,
          )}
      </RainbowKitProvider>
    </RainbowKitAuthenticationProvider>
  );
}
