"use client";
/**
 * The wallet stack's UI, loaded lazily by ./wallet-layer after hydration (or on the first click on
 * Connect): RainbowKit's providers, connect modal and button, the SIWE adapter wiring and the wallet
 * connectors. Nothing outside providers/ may import this module statically, or RainbowKit returns to
 * every page's first-load JavaScript.
 */
import { useEffect, useRef, type ReactNode } from "react";
import {
  ConnectButton,
  connectorsForWallets,
  darkTheme,
  lightTheme,
  RainbowKitAuthenticationProvider,
  RainbowKitProvider,
  useConnectModal,
  type AuthenticationStatus,
  type AvatarComponent,
  type WalletList,
} from "@rainbow-me/rainbowkit";
import { injectedWallet } from "@rainbow-me/rainbowkit/wallets";
import { reconnect } from "wagmi/actions";
import type { AuthenticationAdapter } from "@/lib/auth";
import { addressAvatarShape } from "@/lib/address-avatar";
import type { RuntimeConfig } from "@/lib/runtime-config";
import { APP_NAME, type WagmiConfig } from "@/lib/wagmi";

// emerald-700: white text on it reaches 4.5:1 (emerald-600 is 3.8:1, flagged by Lighthouse).
const accent = { accentColor: "#047857", accentColorForeground: "#ffffff", borderRadius: "medium" } as const;

/**
 * Installs RainbowKit's wallets as wagmi connectors (WalletConnect only with a project id, and its
 * module only then), then reconnects a wallet that was connected before the page loaded.
 */
export async function installWalletConnectors(wagmiConfig: WagmiConfig, config: RuntimeConfig): Promise<void> {
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
  if (wagmiConfig.connectors.length === 0) {
    wagmiConfig._internal.connectors.setState(connectorFns.map((fn) => wagmiConfig._internal.connectors.setup(fn)));
  }
  await reconnect(wagmiConfig);
}

/** The account avatar: an identicon drawn from the address (see lib/address-avatar). */
export const AddressAvatar: AvatarComponent = ({ address, ensImage, size }) => {
  if (ensImage) {
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={ensImage} width={size} height={size} alt="" style={{ borderRadius: 999 }} />;
  }
  const { background, foreground, cells } = addressAvatarShape(address);
  return (
    <svg width={size} height={size} viewBox="0 0 5 5" shapeRendering="crispEdges" aria-hidden="true" style={{ borderRadius: 999 }} data-testid="address-avatar">
      <rect width="5" height="5" fill={background} />
      {cells.map(([x, y]) => (
        <rect key={`${x}-${y}`} x={x} y={y} width="1" height="1" fill={foreground} />
      ))}
    </svg>
  );
};

/** Opens the connect modal once it can (the user clicked Connect before this module had loaded). */
function OpenConnectModalWhenReady({ requested, onOpened }: { requested: boolean; onOpened: () => void }) {
  const { openConnectModal } = useConnectModal();
  const opened = useRef(false);
  useEffect(() => {
    if (requested && openConnectModal && !opened.current) {
      opened.current = true;
      openConnectModal();
      onOpened();
    }
    if (!requested) opened.current = false;
  }, [requested, openConnectModal, onOpened]);
  return null;
}

/** Exposes RainbowKit's modal opener to the eager layer (for Connect links outside RainbowKit). */
function PublishConnectModal({ onChange }: { onChange: (open: (() => void) | undefined) => void }) {
  const { openConnectModal } = useConnectModal();
  useEffect(() => onChange(openConnectModal), [openConnectModal, onChange]);
  return null;
}

export interface WalletUiProps {
  theme: "light" | "dark";
  adapter: AuthenticationAdapter;
  status: AuthenticationStatus;
  connectRequested: boolean;
  onConnectOpened: () => void;
  onConnectModalChange: (open: (() => void) | undefined) => void;
  children: ReactNode;
}

export function WalletUi({ theme, adapter, status, connectRequested, onConnectOpened, onConnectModalChange, children }: WalletUiProps) {
  return (
    <RainbowKitAuthenticationProvider adapter={adapter} status={status}>
      <RainbowKitProvider theme={theme === "dark" ? darkTheme(accent) : lightTheme(accent)} modalSize="compact" avatar={AddressAvatar}>
        <OpenConnectModalWhenReady requested={connectRequested} onOpened={onConnectOpened} />
        <PublishConnectModal onChange={onConnectModalChange} />
        {children}
      </RainbowKitProvider>
    </RainbowKitAuthenticationProvider>
  );
}

/** The header's account button: Connect, the account (avatar + address), or the wrong-network switch. */
export function HeaderConnectButton() {
  return (
    <ConnectButton
      accountStatus={{ smallScreen: "avatar", largeScreen: "full" }}
      // The chain button appears only on a wrong network (one chain configured): it is the way to switch or disconnect there.
      chainStatus="name"
      showBalance={false}
    />
  );
}
