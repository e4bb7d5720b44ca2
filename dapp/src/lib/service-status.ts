/**
 * What the app tells the user when one of the services it reads from is unavailable or late: the
 * blockchain node (JSON-RPC) the live balances and transactions go through, and the indexer (subgraph)
 * the lists, histories and charts come from. One message per service, with what still works and the
 * way forward, so a page never shows old or missing numbers without saying why.
 */
import type { SubgraphHealth } from "./subgraph";

export type ServiceProblem =
  | { service: "rpc"; kind: "down"; title: string; message: string; action: "retry" }
  | { service: "subgraph"; kind: "down"; title: string; message: string; action: "retry" }
  | { service: "subgraph"; kind: "behind" | "indexing-errors"; title: string; message: string; action: null };

export interface ServiceState {
  /** The subgraph's indexed block against the chain head (lib/subgraph.ts subgraphHealth). */
  subgraph: SubgraphHealth;
  /** The last chain-head read failed (the node cannot be reached or answered with an error). */
  rpcFailed: boolean;
  /** The last chain head read successfully, for "data as of" sentences. */
  chainHead?: bigint;
}

export function serviceProblems({ subgraph, rpcFailed, chainHead }: ServiceState): ServiceProblem[] {
  const problems: ServiceProblem[] = [];
  if (rpcFailed) {
    problems.push({
      service: "rpc",
      kind: "down",
      title: "The blockchain node cannot be reached.",
      message:
        "Live balances, prices and transactions are unavailable until it answers again; lists and history from the indexer still show. Check your connection, then try again.",
      action: "retry",
    });
  }
  switch (subgraph.state) {
    case "down":
      problems.push({
        service: "subgraph",
        kind: "down",
        title: "The indexer cannot be reached.",
        message:
          "Lists, histories and charts cannot be loaded or refreshed; what is shown may be out of date. Balances and transactions on the chain still work. The page reloads the data when the indexer is back.",
        action: "retry",
      });
      break;
    case "behind":
      problems.push({
        service: "subgraph",
        kind: "behind",
        title: `Data as of block ${subgraph.indexedBlock}, indexing…`,
        message: `The indexer is ${subgraph.blocksBehind} blocks behind the chain${chainHead === undefined ? "" : ` (block ${chainHead})`}; your latest transactions may not show in lists and history yet. This updates by itself.`,
        action: null,
      });
      break;
    case "indexing-errors":
      problems.push({
        service: "subgraph",
        kind: "indexing-errors",
        title: `Data as of block ${subgraph.indexedBlock}: indexing stopped.`,
        message: "The indexer hit an error and no longer follows the chain; lists and history may be out of date. Balances and transactions on the chain still work.",
        action: null,
      });
      break;
  }
  return problems;
}

/** True when the subgraph just came back (down before, answering now): failed queries should be re-run. */
export function subgraphRecovered(previous: SubgraphHealth["state"] | undefined, current: SubgraphHealth["state"]): boolean {
  return previous === "down" && current !== "down" && current !== "unknown";
}

/**
 * What a page can show for one query, from react-query's `data` and `error`: loading, failed before anything
 * loaded (say so with a retry: an empty list or "0 results" would be a lie), or loaded, possibly with the last
 * refresh failed (keep showing what was loaded, and what the user typed beside it).
 */
export type QueryOutcome<T> =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "loaded"; data: T; refreshError: string | null };

export function queryOutcome<T>({ data, error }: { data: T | undefined; error: Error | null }): QueryOutcome<T> {
  if (data !== undefined) return { state: "loaded", data, refreshError: error ? error.message : null };
  if (error) return { state: "failed", message: error.message };
  return { state: "loading" };
}

/**
 * The page's own line when loaded data could not be refreshed. Null when the refresh worked, and when the
 * indexer is down: the service banner above every page already says so and that what is shown may be old.
 */
export function refreshProblem(outcome: QueryOutcome<unknown>, subgraph: SubgraphHealth["state"], what: string): string | null {
  if (outcome.state !== "loaded" || outcome.refreshError === null || subgraph === "down") return null;
  return `${what} could not be refreshed (${outcome.refreshError.replace(/\.$/, "")}); showing what was last loaded.`;
}

/**
 * The message of a page's error in place of data that never loaded. With the indexer down the banner above
 * already gives the reason, so the page only says what happens next; otherwise it gives the query's own reason.
 */
export function loadFailedMessage(message: string, subgraph: SubgraphHealth["state"]): string {
  const next = "It fills in by itself once the indexer answers again, or try now.";
  return subgraph === "down" ? `The indexer is down (see above). ${next}` : `${message} ${next}`;
}
