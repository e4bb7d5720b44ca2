"use client";
import { useEffect, useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { WagmiProvider } from "wagmi";
import { prepareFormattersWhenIdle } from "@/lib/intl";
import { makeWagmiConfig } from "@/lib/wagmi";
import type { RuntimeConfig } from "@/lib/runtime-config";
import { RuntimeConfigProvider } from "./runtime-config";
import { SessionProvider } from "./session";
import { ThemeProvider } from "./theme";
import { WalletLayer } from "./wallet-layer";

/**
 * Every client provider, in dependency order: runtime config (from the server) → theme → wagmi →
 * react-query → SIWE session → the wallet layer (RainbowKit, loaded after hydration, beside the page).
 */
export function Providers({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  const [wagmiConfig] = useState(() => makeWagmiConfig(config));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  useEffect(() => prepareFormattersWhenIdle(), []);
  return (
    <RuntimeConfigProvider config={config}>
      <ThemeProvider>
        <WagmiProvider config={wagmiConfig}>
          <QueryClientProvider client={queryClient}>
            <SessionProvider>
              <WalletLayer wagmiConfig={wagmiConfig} config={config}>
                {children}
              </WalletLayer>
            </SessionProvider>
          </QueryClientProvider>
        </WagmiProvider>
      </ThemeProvider>
    </RuntimeConfigProvider>
  );
}
