"use client";
import { useEffect, useRef } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAccount, useBlockNumber, useSwitchChain } from "wagmi";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { chainOf } from "@/lib/chain";
import { decodeContractError } from "@/lib/errors";
import { serviceProblems, subgraphRecovered, type ServiceProblem } from "@/lib/service-status";
import type { SubgraphHealth } from "@/lib/subgraph";
import { useSubgraphHealth } from "@/lib/use-subgraph";

/**
 * The banners under the header on every page: the wallet on the wrong network (with the switch), and a
 * service the page reads from that is down or late (node, indexer), with what still works and a retry.
 */
export function NetworkBanner() {
  return (
    <>
      <WrongNetworkBanner />
      <ServiceStatusBanner />
    </>
  );
}

function WrongNetworkBanner() {
  const config = useRuntimeConfig();
  const { isConnected, chainId } = useAccount();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === undefined || chainId === config.chainId) return null;
  const chain = chainOf(config);
  return (
    <div role="alert" data-testid="wrong-network" className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3 sm:px-6 lg:px-8">
        <p className="text-sm">
          <strong>Wrong network.</strong> Your wallet is on chain {chainId}; CoWatt runs on {chain.name} (chain {config.chainId}).
          Switch to continue: nothing can be sent from the wrong network, and what you typed stays in the forms.
          {error && <span className="block">{decodeContractError(error).message}</span>}
        </p>
        <button type="button" className="btn-primary ml-auto" disabled={isPending} onClick={() => switchChain({ chainId: config.chainId })}>
          {isPending ? "Switching…" : `Switch to ${chain.name}`}
        </button>
      </div>
    </div>
  );
}

/** Chain head polled on its own (scopeKey) so a dead node is noticed within seconds, with one retry. */
const HEAD_POLL_MS = 5_000;

function ServiceStatusBanner() {
  const queryClient = useQueryClient();
  const head = useBlockNumber({ scopeKey: "service-status", query: { refetchInterval: HEAD_POLL_MS, retry: 1 } });
  const subgraph = useSubgraphHealth();
  const rpcFailed = head.error !== null;
  const problems = serviceProblems({ subgraph, rpcFailed, chainHead: head.data });

  // When a service answers again, re-run the queries that failed while it was away.
  const previous = useRef<{ subgraph?: SubgraphHealth["state"]; rpcFailed: boolean }>({ rpcFailed: false });
  useEffect(() => {
    const recovered = subgraphRecovered(previous.current.subgraph, subgraph.state) || (previous.current.rpcFailed && !rpcFailed);
    previous.current = { subgraph: subgraph.state, rpcFailed };
    if (recovered) void queryClient.refetchQueries({ type: "active", predicate: (query) => query.state.status === "error" });
  }, [subgraph.state, rpcFailed, queryClient]);

  if (problems.length === 0) return null;
  const retry = (problem: ServiceProblem) =>
    void queryClient.refetchQueries(problem.service === "subgraph" ? { queryKey: ["subgraph"] } : { type: "active" });
  return (
    <div className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      {problems.map((problem) => (
        <div
          key={problem.service}
          role={problem.kind === "down" ? "alert" : "status"}
          data-testid={`service-status-${problem.service}`}
          data-kind={problem.kind}
          className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3 sm:px-6 lg:px-8"
        >
          <p className="text-sm">
            <strong>{problem.title}</strong> {problem.message}
          </p>
          {problem.action === "retry" && (
            <button type="button" className="btn-secondary ml-auto" onClick={() => retry(problem)}>
              Try again
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
