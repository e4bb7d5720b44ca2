"use client";
import { useQuery, type UseQueryOptions } from "@tanstack/react-query";
import { useBlockNumber } from "wagmi";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { META_QUERY, querySubgraph, subgraphHealth, type SubgraphHealth, type SubgraphMeta } from "./subgraph";

/** A subgraph query cached by react-query under ["subgraph", key, variables]. */
export function useSubgraphQuery<T>(
  key: string,
  query: string,
  variables?: Record<string, unknown>,
  options: Omit<UseQueryOptions<T, Error>, "queryKey" | "queryFn"> = {},
) {
  const { subgraphUrl } = useRuntimeConfig();
  return useQuery<T, Error>({
    queryKey: ["subgraph", subgraphUrl, key, variables ?? null],
    queryFn: ({ signal }) => querySubgraph<T>({ url: subgraphUrl, query, variables, signal }),
    ...options,
  });
}

/** The subgraph's indexed block against the chain head, refreshed every 10 s. */
export function useSubgraphHealth(): SubgraphHealth {
  const meta = useSubgraphQuery<SubgraphMeta>("meta", META_QUERY, undefined, { refetchInterval: 10_000, retry: 0 });
  const head = useBlockNumber({ watch: true, query: { refetchInterval: 10_000 } });
  return subgraphHealth(meta.data, head.data, meta.error);
}
