"use client";
/**
 * Keeps RainbowKit (and the wallet connectors) out of the first-load JavaScript: pages render and read
 * the chain through wagmi at once, and ./wallet-ui loads after hydration when the browser is idle, or
 * at once when the user clicks Connect (the modal then opens as soon as it has loaded). Until then the
 * header shows a Connect button of the same size and look.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { RuntimeConfig } from "@/lib/runtime-config";
import type { WagmiConfig } from "@/lib/wagmi";
import { useSessionAdapter } from "./session";
import { useTheme } from "./theme";

type WalletUiModule = typeof import("./wallet-ui");

interface WalletLayerValue {
  /** Opens the connect modal, loading the wallet UI first when needed. */
  openConnect: () => void;
  /** The header's account button once the wallet UI has loaded; null before. */
  HeaderButton: WalletUiModule["HeaderConnectButton"] | null;
  /** False while connected (there is nothing to connect), as RainbowKit's own opener. */
  canConnect: boolean;
}

const WalletLayerContext = createContext<WalletLayerValue | null>(null);

/** Wait at most this long for an idle moment before loading the wallet UI anyway. */
const IDLE_TIMEOUT_MS = 1500;

export function WalletLayer({ wagmiConfig, config, children }: { wagmiConfig: WagmiConfig; config: RuntimeConfig; children: ReactNode }) {
  const { theme } = useTheme();
  const { adapter, status } = useSessionAdapter();
  const [walletUi, setWalletUi] = useState<WalletUiModule | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [connectRequested, setConnectRequested] = useState(false);
  const [openModal, setOpenModal] = useState<(() => void) | undefined>(undefined);

  const load = useCallback(() => setLoading(true), []);
  useEffect(() => {
    if (!loading) return;
    let cancelled = false;
    import("./wallet-ui")
      .then(async (module) => {
        await module.installWalletConnectors(wagmiConfig, config);
        if (!cancelled) setWalletUi(module);
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoadError(`The wallet connection could not load: ${(error as Error).message}. Reload the page to try again.`);
      });
    return () => {
      cancelled = true;
    };
  }, [loading, wagmiConfig, config]);

  useEffect(() => {
    if (typeof window.requestIdleCallback === "function") {
      const handle = window.requestIdleCallback(load, { timeout: IDLE_TIMEOUT_MS });
      return () => window.cancelIdleCallback(handle);
    }
    const handle = window.setTimeout(load, 200);
    return () => window.clearTimeout(handle);
  }, [load]);

  const openConnect = useCallback(() => {
    if (openModal) return openModal();
    setConnectRequested(true);
    load();
  }, [openModal, load]);
  const onConnectOpened = useCallback(() => setConnectRequested(false), []);
  // setState with a function argument would call it: wrap the opener.
  const onConnectModalChange = useCallback((open: (() => void) | undefined) => setOpenModal(() => open), []);

  const value: WalletLayerValue = {
    openConnect,
    HeaderButton: walletUi?.HeaderConnectButton ?? null,
    canConnect: walletUi ? openModal !== undefined : true,
  };
  return (
    <WalletLayerContext.Provider value={value}>
      {loadError && (
        <p role="alert" className="bg-red-50 px-4 py-2 text-center text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {loadError}
        </p>
      )}
      {walletUi ? (
        <walletUi.WalletUi
          theme={theme}
          adapter={adapter}
          status={status}
          connectRequested={connectRequested}
          onConnectOpened={onConnectOpened}
          onConnectModalChange={onConnectModalChange}
        >
          {children}
        </walletUi.WalletUi>
      ) : (
        children
      )}
    </WalletLayerContext.Provider>
  );
}

export function useWalletLayer(): WalletLayerValue {
  const value = useContext(WalletLayerContext);
  if (!value) throw new Error("useWalletLayer must be used inside <WalletLayer>.");
  return value;
}

/** RainbowKit's connect button look (theme "medium" radius, rounded font stack, accent emerald-700). */
const RAINBOWKIT_BUTTON_STYLE = {
  fontFamily: 'SFRounded, ui-rounded, "SF Pro Rounded", -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  boxShadow: "0px 4px 12px rgba(0, 0, 0, 0.1)",
} as const;

/**
 * The header's Connect / account button. Before the wallet UI has loaded: a button with RainbowKit's
 * label, size and colours (no layout shift when it is replaced) that loads it and opens the modal.
 */
export function ConnectWalletButton() {
  const { HeaderButton, openConnect } = useWalletLayer();
  if (HeaderButton) return <HeaderButton />;
  return (
    <button
      type="button"
      onClick={openConnect}
      style={RAINBOWKIT_BUTTON_STYLE}
      className="h-10 rounded-lg bg-[#047857] px-[14px] text-base font-bold text-white transition-transform hover:scale-[1.025] active:scale-95"
      data-testid="connect-wallet-placeholder"
    >
      Connect Wallet
    </button>
  );
}
