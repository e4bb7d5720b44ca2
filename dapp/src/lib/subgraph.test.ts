import { describe, expect, it } from "vitest";
import { describeHealth, querySubgraph, SubgraphError, subgraphHealth } from "./subgraph";

const meta = (number: number, hasIndexingErrors = false) => ({ _meta: { block: { number }, hasIndexingErrors } });

describe("subgraphHealth", () => {
  it("is synced within the threshold, behind past it", () => {
    expect(subgraphHealth(meta(100), 103n, null)).toEqual({ state: "synced", indexedBlock: 100, blocksBehind: 3 });
    expect(subgraphHealth(meta(100), 120n, null)).toEqual({ state: "behind", indexedBlock: 100, blocksBehind: 20 });
    expect(describeHealth(subgraphHealth(meta(100), 120n, null))).toMatch(/20 blocks behind/);
  });

  it("reports indexing errors and an unreachable service", () => {
    expect(subgraphHealth(meta(50, true), 50n, null).state).toBe("indexing-errors");
    expect(subgraphHealth(undefined, 50n, new Error("boom")).state).toBe("down");
    expect(subgraphHealth(undefined, undefined, null).state).toBe("unknown");
  });
});

describe("querySubgraph", () => {
  const respond = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;

  it("returns data and sends variables", async () => {
    let sent: unknown;
    const fetcher = (async (_url: string, init: RequestInit) => {
      sent = JSON.parse(init.body as string);
      return new Response(JSON.stringify({ data: { ok: 1 } }));
    }) as unknown as typeof fetch;
    expect(await querySubgraph({ url: "http://x", query: "{ ok }", variables: { a: 1 }, fetch: fetcher })).toEqual({ ok: 1 });
    expect(sent).toEqual({ query: "{ ok }", variables: { a: 1 } });
  });

  it("names the failure: unreachable, HTTP, GraphQL", async () => {
    const down = (async () => { throw new TypeError("fetch failed"); }) as typeof fetch;
    await expect(querySubgraph({ url: "http://x", query: "{}", fetch: down })).rejects.toMatchObject({ failure: "unreachable" });
    await expect(querySubgraph({ url: "http://x", query: "{}", fetch: respond(502, {}) })).rejects.toMatchObject({ failure: "http" });
    const graphql = querySubgraph({ url: "http://x", query: "{}", fetch: respond(200, { errors: [{ message: "no field x" }] }) });
    await expect(graphql).rejects.toBeInstanceOf(SubgraphError);
    await expect(graphql).rejects.toThrow(/no field x/);
  });
});
