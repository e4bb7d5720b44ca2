"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { RuntimeConfig } from "@/lib/runtime-config";

const RuntimeConfigContext = createContext<RuntimeConfig | null>(null);

export function RuntimeConfigProvider({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  return <RuntimeConfigContext.Provider value={config}>{children}</RuntimeConfigContext.Provider>;
}

/** The deployment this page was served for (chain, contracts, RPC and subgraph URLs). */
export function useRuntimeConfig(): RuntimeConfig {
  const config = useContext(RuntimeConfigContext);
  if (!config) throw new Error("useRuntimeConfig must be used inside <Providers>.");
  return config;
}
