/**
 * Deploys the subgraph for a network whose CoWatt deployment record exists (deployments/networks/<network>.json):
 * renders subgraph.yaml from the record (addresses, start blocks), runs `graph codegen` + `graph build`, then
 *
 *   --target node    (default) a graph-node of your own, e.g. `docker compose up` in subgraph/:
 *                    `graph create` (idempotent) + `graph deploy --node <admin> --ipfs <ipfs>`
 *   --target studio  Subgraph Studio (The Graph's decentralised network): `graph deploy <slug>`; authenticate
 *                    once with `npx graph auth <deploy key>` or pass GRAPH_DEPLOY_KEY in the environment.
 *
 *   npm run subgraph:deploy -- --network localhost
 *   npm run subgraph:deploy -- --network base-sepolia --target studio --slug cowatt --version-label v0.1.0
 *   options: --name (graph-node subgraph name, default cowatt/cowatt), --node (default http://127.0.0.1:8020),
 *            --ipfs (default http://127.0.0.1:5001), --version-label (default v<package version>-<unix time>)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { deploymentPath, type DeploymentRecord } from "@cowatt/deployments";
import { renderManifest, subgraphDir } from "./render-manifest.ts";

function fail(message: string): never {
  console.error(`[subgraph:deploy] ${message}`);
  process.exit(1);
}

function graph(args: string[]): void {
  console.log(`[subgraph:deploy] graph ${args.join(" ").replace(/--deploy-key \S+/, "--deploy-key ***")}`);
  const result = spawnSync("npx", ["graph", ...args], {
    cwd: subgraphDir,
    stdio: "inherit",
    env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true" },
  });
  if (result.status !== 0) fail(`graph ${args[0]} failed (exit ${result.status ?? result.signal})`);
}

const { values } = parseArgs({
  options: {
    network: { type: "string", default: "localhost" },
    target: { type: "string", default: "node" },
    name: { type: "string", default: "cowatt/cowatt" },
    slug: { type: "string" },
    node: { type: "string", default: "http://127.0.0.1:8020" },
    ipfs: { type: "string", default: "http://127.0.0.1:5001" },
    "version-label": { type: "string" },
  },
});
if (values.target !== "node" && values.target !== "studio") fail(`--target must be "node" or "studio", not "${values.target}"`);
const recordPath = deploymentPath(values.network);
if (!existsSync(recordPath)) {
  fail(
    `no deployment record for "${values.network}" at ${recordPath}. ` +
      (values.network === "localhost" ? "Start `npm run dev` first (it deploys and writes it)." : "Deploy the contracts to that network first."),
  );
}
const record = JSON.parse(readFileSync(recordPath, "utf8")) as DeploymentRecord;
const pkg = JSON.parse(readFileSync(join(subgraphDir, "package.json"), "utf8")) as { version: string };
const versionLabel = values["version-label"] ?? `v${pkg.version}-${Math.floor(Date.now() / 1000)}`;

renderManifest({ record });
graph(["codegen"]);
graph(["build"]);
if (values.target === "node") {
  // graph-node's name must exist before a deploy; `create` fails harmlessly when it already does.
  spawnSync("npx", ["graph", "create", "--node", values.node, values.name], { cwd: subgraphDir, stdio: "inherit" });
  graph(["deploy", "--node", values.node, "--ipfs", values.ipfs, "--version-label", versionLabel, values.name]);
  console.log(`[subgraph:deploy] deployed ${values.name} ${versionLabel}; queries: http://127.0.0.1:8000/subgraphs/name/${values.name}`);
} else {
  if (!values.slug) fail("--slug <Subgraph Studio slug> is required with --target studio");
  if (record.chainId === 31337) fail("Subgraph Studio cannot index a local chain: use --network base-sepolia (or another public network)");
  const key = process.env.GRAPH_DEPLOY_KEY;
  graph(["deploy", values.slug, "--version-label", versionLabel, ...(key ? ["--deploy-key", key] : [])]);
}
