"use client";
/** What a page shows when an indexer query fails: before anything loaded, or when loaded data goes stale. */
import { loadFailedMessage, refreshProblem, type QueryOutcome } from "@/lib/service-status";
import { useSubgraphHealth } from "@/lib/use-subgraph";
import { ErrorState, Notice } from "./states";

/** Nothing loaded: the error instead of the list (never an empty result), a retry, and the automatic reload said. */
export function LoadFailedState({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  const health = useSubgraphHealth();
  return <ErrorState title={title} message={loadFailedMessage(message, health.state)} onRetry={onRetry} />;
}

/** Loaded data whose refresh failed: said here unless the indexer-down banner above the page already does. */
export function RefreshFailedNotice({ outcome, what }: { outcome: QueryOutcome<unknown>; what: string }) {
  const health = useSubgraphHealth();
  const problem = refreshProblem(outcome, health.state, what);
  return problem ? <Notice tone="warn">{problem}</Notice> : null;
}
