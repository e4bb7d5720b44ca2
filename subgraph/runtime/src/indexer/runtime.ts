/**
 * The embedded runtime as one call: load the manifest and compiled mappings, open the entity store,
 * index an RPC endpoint in the background and serve graph-node's GraphQL API.
 */
import { createPublicClient, http, type EIP1193RequestFn } from "viem";
import { pino, type Logger } from "pino";
import { loadManifest, type SubgraphManifest } from "../manifest.ts";
import { openStore } from "../store/index.ts";
import { startQueryServer } from "../graphql/index.ts";
import { RuntimeMetrics } from "../metrics.ts";
import type { SubgraphStore } from "../store/types.ts";
import { Indexer, IndexingFailed } from "./indexer.ts";

export interface SubgraphRuntimeOptions {
  /** Path of subgraph.yaml (source manifest next to its `graph build` output, or build/subgraph.yaml). */
  manifest: string;
  /** `graph build` output directory; default `<manifest dir>/build`. */
  buildDir?: string;
  /** HTTP(S) JSON-RPC endpoint. */
  rpcUrl: string;
  /** PostgreSQL; PGlite when omitted. */
  databaseUrl?: string;
  /** PGlite data directory; in memory when omitted. */
  dataDir?: string;
  /** GraphQL port (default 8000, graph-node's); 0 picks a free port; null serves nothing. */
  port?: number | null;
  host?: string;
  /** Served at /subgraphs/name/<name>. */
  name?: string;
  ipfsUrl?: string;
  pollIntervalMs?: number;
  logger?: Logger;
}

export interface SubgraphRuntime {
  manifest: SubgraphManifest;
  store: SubgraphStore;
  indexer: Indexer;
  metrics: RuntimeMetrics;
  /** GraphQL endpoint, when serving (Prometheus metrics at `/metrics` on the same server). */
  url: string | null;
  /** Settles when indexing stops: resolves after stop(), rejects with IndexingFailed on a mapping failure. */
  indexing: Promise<void>;
  stop(): Promise<void>;
}

export async function startSubgraphRuntime(options: SubgraphRuntimeOptions): Promise<SubgraphRuntime> {
  const logger = options.logger ?? pino({ name: "subgraph" });
  const manifest = loadManifest(options.manifest, { buildDir: options.buildDir });
  const store = await openStore({
    schema: manifest.schema,
    deployment: manifest.deployment,
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
  });
  const metrics = new RuntimeMetrics({ deployment: manifest.deployment });
  let server: { url: string; close(): Promise<void> } | null = null;
  try {
    const client = createPublicClient({ transport: http(options.rpcUrl, { retryCount: 0, timeout: 60_000 }) });
    const indexer = new Indexer({
      manifest,
      store,
      request: client.request as unknown as EIP1193RequestFn,
      rpcUrl: options.rpcUrl,
      ipfsUrl: options.ipfsUrl,
      logger,
      pollIntervalMs: options.pollIntervalMs,
      metrics,
    });
    if (options.port !== null) {
      const name = options.name ?? "cowatt";
      server = await startQueryServer({ store, port: options.port ?? 8000, host: options.host, subgraphName: name, metrics });
      logger.info({ url: server.url }, "GraphQL endpoint ready");
    }
    const indexing = indexer.run().catch((e: unknown) => {
      if (e instanceof IndexingFailed) logger.error({ err: e.message }, "indexing stopped: the subgraph failed");
      throw e;
    });
    // The caller may not await `indexing`; its failure is already logged.
    indexing.catch(() => {});
    return {
      manifest,
      store,
      indexer,
      metrics,
      url: server?.url ?? null,
      indexing,
      async stop() {
        indexer.stop();
        await indexing.catch(() => {});
        await server?.close();
        await store.close();
      },
    };
  } catch (e) {
    await server?.close();
    await store.close();
    throw e;
  }
}
