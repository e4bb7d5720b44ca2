import { describe, expect, it } from "vitest";
import { serviceProblems, subgraphRecovered, type ServiceProblem, type ServiceState } from "./service-status";

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
