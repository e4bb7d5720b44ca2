/**
 * Standalone embedded graph-node: indexes any JSON-RPC endpoint for a subgraph manifest and serves its
 * GraphQL API.
 *
 *   node subgraph/runtime/src/cli.ts --manifest subgraph/subgraph.yaml --rpc http://127.0.0.1:8545 \
 *     [--database-url postgres://…] [--data-dir .dev/subgraph] [--port 8000] [--name cowatt] [--ipfs URL]
 *
 * DATABASE_URL, RPC_URL and IPFS_URL are read from the environment when the flags are absent.
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { startSubgraphRuntime } from "./indexer/runtime.ts";

export { startSubgraphRuntime } from "./indexer/runtime.ts";
export type { SubgraphRuntime, SubgraphRuntimeOptions } from "./indexer/runtime.ts";

const usage = `usage: cli.ts --manifest <subgraph.yaml> --rpc <url> [--build-dir <dir>] [--database-url <url>] [--data-dir <dir>] [--port <n>] [--host <addr>] [--name <name>] [--ipfs <url>] [--poll-ms <n>]`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      manifest: { type: "string" },
      rpc: { type: "string" },
      "build-dir": { type: "string" },
      "database-url": { type: "string" },
      "data-dir": { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      name: { type: "string" },
      ipfs: { type: "string" },
      "poll-ms": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const rpcUrl = values.rpc ?? process.env.RPC_URL;
  if (!values.manifest || !rpcUrl) throw new Error(`--manifest and --rpc are required\n${usage}`);
  const port = values.port === undefined ? 8000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  const runtime = await startSubgraphRuntime({
    manifest: values.manifest,
    buildDir: values["build-dir"],
    rpcUrl,
    databaseUrl: values["database-url"] ?? process.env.DATABASE_URL,
    dataDir: values["data-dir"],
    port,
    host: values.host,
    name: values.name ?? "cowatt",
    ipfsUrl: values.ipfs ?? process.env.IPFS_URL,
    pollIntervalMs: values["poll-ms"] ? Number(values["poll-ms"]) : undefined,
  });
  const shutdown = () => void runtime.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
