"use client";
import { useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { WagmiProvider } from "wagmi";
import { darkTheme, lightTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { makeWagmiConfig } from "@/lib/wagmi";
import type { RuntimeConfig } from "@/lib/runtime-config";
import { AddressAvatar } from "./address-avatar";
import { RuntimeConfigProvider } from "./runtime-config";
import { SessionProvider } from "./session";
import { ThemeProvider, useTheme } from "./theme";

// emerald-700: white text on it reaches 4.5:1 (emerald-600 is 3.8:1, flagged by Lighthouse).
const accent = { accentColor: "#047857", accentColorForeground: "#ffffff", borderRadius: "medium" } as const;

function ThemedRainbowKit({ children }: { children: ReactNode }) {
  const { theme } = useTheme();
  return (
    <RainbowKitProvider theme={theme === "dark" ? darkTheme(accent) : lightTheme(accent)} modalSize="compact" avatar={AddressAvatar}>
      {children}
    </RainbowKitProvider>
  );
}

/**
 * Every client provider, in dependency order: runtime config (from the server) → theme → wagmi →
 * react-query → SIWE session (RainbowKit's authentication provider) → RainbowKit.
 */
export function Providers({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  const [wagmiConfig] = useState(() => makeWagmiConfig(config));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  return (
    <RuntimeConfigProvider config={config}>
      <ThemeProvider>
        <WagmiProvider config={wagmiConfig}>
          <QueryClientProvider client={queryClient}>
            <SessionProvider>
              <ThemedRainbowKit>{children}</ThemedRainbowKit>
            </SessionProvider>
          </QueryClientProvider>
        </WagmiProvider>
      </ThemeProvider>
    </RuntimeConfigProvider>
  );
}
