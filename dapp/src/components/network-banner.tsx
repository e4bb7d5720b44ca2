"use client";
import { useAccount, useSwitchChain } from "wagmi";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { chainOf } from "@/lib/chain";
import { decodeContractError } from "@/lib/errors";

/** Shown while the connected wallet is on another chain than this deployment's, with a switch button. */
export function NetworkBanner() {
  const config = useRuntimeConfig();
  const { isConnected, chainId } = useAccount();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === undefined || chainId === config.chainId) return null;
  const chain = chainOf(config);
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3 sm:px-6 lg:px-8">
        <p className="text-sm">
          <strong>Wrong network.</strong> Your wallet is on chain {chainId}; CoWatt runs on {chain.name} (chain {config.chainId}).
          {error && <span className="block">{decodeContractError(error).message}</span>}
        </p>
        <button type="button" className="btn-primary ml-auto" disabled={isPending} onClick={() => switchChain({ chainId: config.chainId })}>
          {isPending ? "Switching…" : `Switch to ${chain.name}`}
        </button>
      </div>
    </div>
  );
}
