import { describe, expect, it } from "vitest";
import { loadFailedMessage, queryOutcome, refreshProblem, serviceProblems, subgraphRecovered, type ServiceProblem, type ServiceState } from "./service-status";

/** The one problem reported for `state`. */
function onlyProblem(state: ServiceState): ServiceProblem {
  const problems = serviceProblems(state);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe("serviceProblems", () => {
  it("says nothing while both services answer and the indexer keeps up", () => {
    expect(serviceProblems({ subgraph: { state: "synced", indexedBlock: 10, blocksBehind: 0 }, rpcFailed: false })).toEqual([]);
    expect(serviceProblems({ subgraph: { state: "unknown" }, rpcFailed: false })).toEqual([]);
  });

  it("names the unreachable node and offers a retry", () => {
    const problem = onlyProblem({ subgraph: { state: "synced", indexedBlock: 10, blocksBehind: 0 }, rpcFailed: true });
    expect(problem).toMatchObject({ service: "rpc", kind: "down", action: "retry" });
    expect(problem.title).toMatch(/blockchain node cannot be reached/);
  });

  it("names the unreachable indexer, what still works, and offers a retry", () => {
    const problem = onlyProblem({ subgraph: { state: "down", message: "x" }, rpcFailed: false });
    expect(problem).toMatchObject({ service: "subgraph", kind: "down", action: "retry" });
    expect(problem.message).toMatch(/transactions on the chain still work/);
  });

  it("gives the indexed block and the lag when the indexer is behind", () => {
    const problem = onlyProblem({ subgraph: { state: "behind", indexedBlock: 100, blocksBehind: 20 }, rpcFailed: false, chainHead: 120n });
    expect(problem.title).toBe("Data as of block 100, indexing…");
    expect(problem.message).toMatch(/20 blocks behind the chain \(block 120\)/);
    expect(problem.action).toBeNull();
  });

  it("reports both services when both fail, the node first", () => {
    const problems = serviceProblems({ subgraph: { state: "down", message: "x" }, rpcFailed: true });
    expect(problems.map((p) => p.service)).toEqual(["rpc", "subgraph"]);
  });

  it("reports a stopped indexer", () => {
    const problem = onlyProblem({ subgraph: { state: "indexing-errors", indexedBlock: 7, blocksBehind: 3 }, rpcFailed: false });
    expect(problem.title).toMatch(/block 7: indexing stopped/);
  });
});

describe("subgraphRecovered", () => {
  it("is true only on the way from down to an answer", () => {
    expect(subgraphRecovered("down", "synced")).toBe(true);
    expect(subgraphRecovered("down", "behind")).toBe(true);
    expect(subgraphRecovered("down", "unknown")).toBe(false);
    expect(subgraphRecovered("synced", "synced")).toBe(false);
    expect(subgraphRecovered(undefined, "synced")).toBe(false);
  });
});

describe("queryOutcome", () => {
  const down = new Error("The indexer (market data service) cannot be reached.");

  it("is loading until the query answers", () => {
    expect(queryOutcome({ data: undefined, error: null })).toEqual({ state: "loading" });
  });

  it("is failed, not an empty result, when the query failed before anything loaded", () => {
    expect(queryOutcome<{ assets: unknown[] }>({ data: undefined, error: down })).toEqual({ state: "failed", message: down.message });
  });

  it("keeps what loaded when a refresh fails, and says the refresh failed", () => {
    const data = { assets: [] };
    expect(queryOutcome({ data, error: null })).toEqual({ state: "loaded", data, refreshError: null });
    expect(queryOutcome({ data, error: down })).toEqual({ state: "loaded", data, refreshError: down.message });
  });
});

describe("refreshProblem", () => {
  const stale = queryOutcome({ data: { assets: [] }, error: new Error("The market data query failed: timeout.") });

  it("names what could not be refreshed and that the last loaded data shows", () => {
    expect(refreshProblem(stale, "synced", "The asset list")).toBe(
      "The asset list could not be refreshed (The market data query failed: timeout); showing what was last loaded.",
    );
  });

  it("leaves it to the service banner when the indexer is down, so the page does not say it twice", () => {
    expect(refreshProblem(stale, "down", "The asset list")).toBeNull();
  });

  it("says nothing when the refresh worked or nothing loaded yet (the page shows the error itself)", () => {
    expect(refreshProblem(queryOutcome({ data: { assets: [] }, error: null }), "synced", "The asset list")).toBeNull();
    expect(refreshProblem(queryOutcome({ data: undefined, error: new Error("x") }), "synced", "The asset list")).toBeNull();
  });
});

describe("loadFailedMessage", () => {
  it("gives the query's reason and what happens next", () => {
    expect(loadFailedMessage("The market data query failed: timeout.", "synced")).toBe(
      "The market data query failed: timeout. It fills in by itself once the indexer answers again, or try now.",
    );
  });

  it("does not repeat the banner's reason when the indexer is down", () => {
    const message = loadFailedMessage("The indexer (market data service) cannot be reached.", "down");
    expect(message).not.toMatch(/cannot be reached/);
    expect(message).toMatch(/fills in by itself/);
  });
});
