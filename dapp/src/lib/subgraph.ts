/**
 * The subgraph's GraphQL over fetch, with react-query hooks. Errors say which side failed (unreachable,
 * HTTP, GraphQL), and `subgraphHealth` compares the indexed block (`_meta`) with the chain head so pages
 * can say "the data may be out of date" instead of silently showing old numbers.
 */
export type SubgraphFailure = "unreachable" | "http" | "graphql";

export class SubgraphError extends Error {
  constructor(
    readonly failure: SubgraphFailure,
    message: string,
  ) {
    super(message);
    this.name = "SubgraphError";
  }
}

export interface SubgraphRequest {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/**
 * In the browser, hands the main thread back before a request. A page's queries all start in the effects of
 * the render that mounts it, and each `fetch` call costs a few milliseconds there; from their own tasks they
 * do not lengthen that render's long task. Elsewhere (server, tests) there is nothing to yield to.
 */
function yieldToMainThread(): Promise<void> | undefined {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  if (typeof window === "undefined") return undefined;
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function querySubgraph<T>({ url, query, variables, signal, fetch: fetcher = fetch }: SubgraphRequest): Promise<T> {
  await yieldToMainThread();
  let response: Response;
  try {
    response = await fetcher(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new SubgraphError("unreachable", "The indexer (market data service) cannot be reached.");
  }
  if (!response.ok) throw new SubgraphError("http", `The market data service answered HTTP ${response.status}.`);
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (!body) throw new SubgraphError("http", "The market data service sent an unreadable answer.");
  if (body.errors?.length) throw new SubgraphError("graphql", `The market data query failed: ${body.errors.map((e) => e.message).join("; ")}`);
  if (body.data === undefined) throw new SubgraphError("graphql", "The market data service sent no data.");
  return body.data;
}

export const META_QUERY = /* GraphQL */ `{ _meta { block { number } hasIndexingErrors } }`;

export interface SubgraphMeta {
  _meta: { block: { number: number }; hasIndexingErrors: boolean };
}

export type SubgraphHealth =
  | { state: "synced"; indexedBlock: number; blocksBehind: number }
  | { state: "behind"; indexedBlock: number; blocksBehind: number }
  | { state: "indexing-errors"; indexedBlock: number; blocksBehind: number }
  | { state: "down"; message: string }
  | { state: "unknown" };

/** Blocks of lag tolerated before pages warn (a few polling intervals of the indexer). */
export const BEHIND_THRESHOLD_BLOCKS = 5;

export function subgraphHealth(
  meta: SubgraphMeta | undefined,
  chainHead: bigint | undefined,
  error: unknown,
  threshold = BEHIND_THRESHOLD_BLOCKS,
): SubgraphHealth {
  if (error) return { state: "down", message: error instanceof Error ? error.message : String(error) };
  if (!meta) return { state: "unknown" };
  const indexedBlock = meta._meta.block.number;
  const blocksBehind = chainHead === undefined ? 0 : Math.max(0, Number(chainHead) - indexedBlock);
  if (meta._meta.hasIndexingErrors) return { state: "indexing-errors", indexedBlock, blocksBehind };
  if (blocksBehind > threshold) return { state: "behind", indexedBlock, blocksBehind };
  return { state: "synced", indexedBlock, blocksBehind };
}

/** A sentence for the status bar and page warnings. */
export function describeHealth(health: SubgraphHealth): string {
  switch (health.state) {
    case "synced":
      return `Market data up to date (block ${health.indexedBlock})`;
    case "behind":
      return `Data as of block ${health.indexedBlock}, indexing… (${health.blocksBehind} blocks behind the chain; recent activity may not show yet)`;
    case "indexing-errors":
      return `Market data stopped at block ${health.indexedBlock} after an indexing error; figures may be out of date`;
    case "down":
      return "The indexer (market data service) cannot be reached; on-chain actions still work";
    case "unknown":
      return "Checking market data…";
  }
}
