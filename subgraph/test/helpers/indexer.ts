/**
 * The mapping tests' indexer: renders the manifest from a deployment record, indexes the chain with the embedded
 * runtime and queries it through GraphQL. Needs `graph codegen` + `graph build` first.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import type { DeploymentRecord } from "@cowatt/deployments";
import { startSubgraphRuntime } from "../../runtime/src/cli.ts";
import { renderManifest, subgraphDir } from "../../scripts/render-manifest.ts";

export interface IndexedChain {
  query<T>(q: string): Promise<T>;
  /** Waits until the runtime has indexed block `head` (and fails on an indexing error). */
  waitForBlock(head: bigint | number): Promise<void>;
  stop(): Promise<void>;
}

/** Fails fast with the command to run when a data source's compiled mapping is missing. */
export function assertBuilt(dataSource: string): void {
  if (!existsSync(join(subgraphDir, "build", dataSource, `${dataSource}.wasm`))) {
    throw new Error("the subgraph is not built: run `npm run build:subgraph -w subgraph` (graph codegen + graph build)");
  }
}

export async function indexChain(record: DeploymentRecord, rpcUrl: string, label: string): Promise<IndexedChain> {
  const manifest = renderManifest({ record, out: join(subgraphDir, `subgraph-${label}-test-${process.pid}.yaml`) });
  try {
    const runtime = await startSubgraphRuntime({ manifest, rpcUrl, port: 0, name: "cowatt", pollIntervalMs: 50, logger: pino({ level: "warn" }) });
    async function query<T>(q: string): Promise<T> {
      const res = await fetch(runtime.url!, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: q }) });
      const body = (await res.json()) as { data?: T; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data as T;
    }
    async function waitForBlock(head: bigint | number): Promise<void> {
      for (let i = 0; ; i++) {
        const meta = await query<{ _meta: { block: { number: number }; hasIndexingErrors: boolean } }>("{ _meta { block { number } hasIndexingErrors } }");
        assert.equal(meta._meta.hasIndexingErrors, false, "indexing failed");
        if (meta._meta.block.number >= Number(head)) return;
        if (i > 1200) throw new Error(`indexing did not reach block ${head} (at ${meta._meta.block.number})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return {
      query,
      waitForBlock,
      stop: async () => {
        await runtime.stop();
        rmSync(manifest, { force: true });
      },
    };
  } catch (error) {
    rmSync(manifest, { force: true });
    throw error;
  }
}
