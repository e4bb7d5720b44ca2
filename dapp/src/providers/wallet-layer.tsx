"use client";
/**
 * Keeps RainbowKit (its modal, styles and the wallet connectors) out of the first-load JavaScript, and off
 * the main thread while the page loads. Pages render and read the chain through wagmi at once; ./wallet-ui
 * loads at once for a returning wallet, and for anyone else when they point at or click Connect (the
 * modal then opens as soon as it is ready).
 *
 * The wallet UI mounts beside the page, never around it, so its arrival re-renders nothing the user is
 * typing into: its header button is portalled into the slot <ConnectWalletButton> leaves in the header,
 * and Connect links in pages reach its modal through this context.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import type { RuntimeConfig } from "@/lib/runtime-config";
import type { WagmiConfig } from "@/lib/wagmi";
import { useSessionAdapter } from "./session";
import { useTheme } from "./theme";

type WalletUiModule = typeof import("./wallet-ui");

interface WalletLayerValue {
  /** Opens the connect modal, loading the wallet UI first when needed. */
  openConnect: () => void;
  /** Starts loading the wallet UI (the pointer is on its way to Connect). */
  preload: () => void;
  /** False while there is nothing to connect (a wallet is connected or reconnecting), as RainbowKit's own opener. */
  canConnect: boolean;
  /** True once the wallet UI has mounted and owns the header button. */
  ready: boolean;
  /** Where the wallet UI portals the header's account button. */
  setHeaderSlot: (element: HTMLElement | null) => void;
}

const WalletLayerContext = createContext<WalletLayerValue | null>(null);

/** wagmi's record (default localStorage storage) of the connector used last: a returning wallet. */
const RECENT_CONNECTOR_KEY = "wagmi.recentConnectorId";

function hasRecentWallet(): boolean {
  try {
    return window.localStorage.getItem(RECENT_CONNECTOR_KEY) !== null;
  } catch {
    return false; // storage blocked: treat as a first visit
  }
}

export function WalletLayer({ wagmiConfig, config, children }: { wagmiConfig: WagmiConfig; config: RuntimeConfig; children: ReactNode }) {
  const { theme } = useTheme();
  const { adapter, status } = useSessionAdapter();
  const [walletUi, setWalletUi] = useState<WalletUiModule | null>(null);
  const [loadRequested, setLoadRequested] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [connectRequested, setConnectRequested] = useState(false);
  const [openModal, setOpenModal] = useState<(() => void) | undefined>(undefined);
  const [mounted, setMounted] = useState(false);
  const [headerSlot, setHeaderSlot] = useState<HTMLElement | null>(null);

  const load = useCallback(() => setLoadRequested(true), []);
  useEffect(() => {
    if (!loadRequested) return;
    let cancelled = false;
    import("./wallet-ui")
      .then(async (module) => {
        await module.installWalletConnectors(wagmiConfig, config);
        if (!cancelled) setWalletUi(module);
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoadError(`The wallet connection could not load (${(error as Error).message}). Reload the page to try again.`);
      });
    return () => {
      cancelled = true;
    };
  }, [loadRequested, wagmiConfig, config]);

  // A returning wallet reconnects at once; anyone else gets the wallet code when they reach for Connect.
  useEffect(() => {
    if (hasRecentWallet()) load();
  }, [load]);

  const openConnect = useCallback(() => {
    if (openModal) return openModal();
    setConnectRequested(true);
    load();
  }, [openModal, load]);
  // A click that came before the wallet UI: open its modal once it hands over its opener (see ./wallet-ui).
  useEffect(() => {
    if (!connectRequested || !openModal) return;
    setConnectRequested(false);
    openModal();
  }, [connectRequested, openModal]);
  // setState would call a function argument as an updater: wrap the opener.
  const onConnectModalChange = useCallback((open: (() => void) | undefined) => setOpenModal(() => open), []);
  const onMounted = useCallback(() => setMounted(true), []);

  const value = useMemo<WalletLayerValue>(
    () => ({ openConnect, preload: load, canConnect: mounted ? openModal !== undefined : true, ready: mounted, setHeaderSlot }),
    [openConnect, load, mounted, openModal],
  );
  return (
    <WalletLayerContext.Provider value={value}>
      {loadError && (
        <p role="alert" className="bg-red-50 px-4 py-2 text-center text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {loadError}
        </p>
      )}
      {children}
      {walletUi && (
        <walletUi.WalletUi
          theme={theme}
          adapter={adapter}
          status={status}
          headerSlot={headerSlot}
          onConnectModalChange={onConnectModalChange}
          onMounted={onMounted}
        />
      )}
    </WalletLayerContext.Provider>
  );
}

export function useWalletLayer(): WalletLayerValue {
  const value = useContext(WalletLayerContext);
  if (!value) throw new Error("useWalletLayer must be used inside <WalletLayer>.");
  return value;
}

/** RainbowKit's connect button look (its "medium" radius and rounded font stack, accent emerald-700). */
const RAINBOWKIT_BUTTON_STYLE = {
  fontFamily: 'SFRounded, ui-rounded, "SF Pro Rounded", -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  boxShadow: "0px 4px 12px rgba(0, 0, 0, 0.1)",
} as const;

/**
 * The header's Connect / account button: a slot the wallet UI fills with RainbowKit's button. Until then
 * a button with RainbowKit's label, size and colours (no layout shift) that loads it and opens the modal;
 * disabled (looking the same) until hydrated, so an early click waits rather than being lost.
 */
const subscribeToNothing = () => () => undefined;

/** False while React hydrates the server's HTML (a click on it then would do nothing), true after. */
function useHydrated(): boolean {
  return useSyncExternalStore(subscribeToNothing, () => true, () => false);
}

export function ConnectWalletButton() {
  const { ready, openConnect, preload, setHeaderSlot } = useWalletLayer();
  const hydrated = useHydrated();
  return (
    // data-rk scopes RainbowKit's theme variables and reset to the portalled button.
    <div ref={setHeaderSlot} data-rk="" className="contents">
      {!ready && (
        <button
          type="button"
          onClick={openConnect}
          onPointerEnter={preload}
          onFocus={preload}
          disabled={!hydrated}
          style={RAINBOWKIT_BUTTON_STYLE}
          className="h-10 rounded-lg bg-[#047857] px-[14px] text-base font-bold text-white transition-transform hover:scale-[1.025] active:scale-95"
        >
          Connect Wallet
        </button>
      )}
    </div>
  );
}
