/**
 * The whole platform for a browser test, on free ports: a Hardhat node deployed and seeded as
 * scripts/deploy-local.ts does (platform, governance, demo and governance seeds, through scripts/lib),
 * the embedded subgraph runtime indexing it, and the dApp's production build served by `next start`
 * pointing at this deployment record and subgraph. One stack per test file; `stop()` ends all of it.
 */
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import hre, { network } from "hardhat";
import { pino } from "pino";
import { createPublicClient, http, type PublicClient } from "viem";
import type { DeploymentRecord } from "@cowatt/deployments";
import { deployPlatform, devAccounts } from "../../scripts/lib/deploy.ts";
import { deployGovernance, devGovernanceAccounts } from "../../scripts/lib/deploy-governance.ts";
import { seedDemo, type SeedResult } from "../../scripts/lib/seed.ts";
import { seedGovernance, type GovernanceSeedResult } from "../../scripts/lib/seed-governance.ts";
import { startSubgraphRuntime, type SubgraphRuntime } from "../../subgraph/runtime/src/cli.ts";
import { startHardhatNode } from "../../subgraph/runtime/test/fixtures/chain.ts";
import { renderManifest, subgraphDir } from "../../subgraph/scripts/render-manifest.ts";

export const dappDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(dappDir, "..");
/** The e2e build lives apart from `next dev`'s .next so both can run at once. */
export const DIST_DIR = ".next-e2e";
export const artifactsDir = join(dappDir, "e2e", "artifacts");

type Connection = Awaited<ReturnType<typeof network.connect>>;

export interface Stack {
  rpcUrl: string;
  subgraphUrl: string;
  appUrl: string;
  record: DeploymentRecord;
  /** The record file `next start` reads per request (a test may add contracts it deploys later). */
  recordFile: string;
  /** Where `next start` stores and reads documents by CID (COWATT_METADATA_DIR); the seed wrote its documents here. */
  metadataDir: string;
  seed: SeedResult;
  governanceSeed: GovernanceSeedResult;
  /** Hardhat's connection to the node (its viem helpers, deployed contract instances). */
  connection: Connection;
  /**
   * A plain viem client for the node. Tests read through this one: it retries a request whose kept-alive
   * socket the node closed while idle, which Hardhat's provider reports as "other side closed".
   */
  chain: PublicClient;
  /** GraphQL against the stack's subgraph. */
  query<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Waits until the subgraph has indexed the chain's current head. */
  waitForIndexing(): Promise<void>;
  stop(): Promise<void>;
}

/** Progress lines on stderr (set COWATT_E2E_QUIET=1 to silence). */
function progress(message: string): void {
  if (process.env.COWATT_E2E_QUIET !== "1") process.stderr.write(`[e2e] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once("error", reject)
      .listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
      });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `next build` into .next-e2e unless a build newer than every source file is there already. */
export function ensureProductionBuild(): void {
  const buildId = join(dappDir, DIST_DIR, "BUILD_ID");
  // The generated ABIs (deployments/src) are bundled too: a new compile needs a new build.
  const sourcesChanged = Math.max(
    newestMtime(join(dappDir, "src")),
    newestMtime(join(repoRoot, "deployments", "src")),
    statSync(join(dappDir, "package.json")).mtimeMs,
    statSync(join(dappDir, "next.config.ts")).mtimeMs,
  );
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sourcesChanged) return;
  progress(`next build into ${DIST_DIR} (sources changed since the last one)`);
  const startedAt = new Date();
  const result = spawnSync(process.execPath, [join(repoRoot, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: dappDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", COWATT_NEXT_DIST_DIR: DIST_DIR },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  // Date the build by when it read the sources, so a file saved during the build triggers the next one.
  utimesSync(buildId, startedAt, startedAt);
}

async function waitFor(description: string, timeoutMs: number, check: () => Promise<boolean>, child?: ChildProcess, output?: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${description}: the process exited (${child.exitCode})\n${output?.() ?? ""}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${description}: not ready within ${timeoutMs} ms\n${output?.() ?? ""}`);
}

/** The shared fixture gives the node 15 s to start; on a loaded machine it can take longer, so try again. */
async function startNode(): Promise<Awaited<ReturnType<typeof startHardhatNode>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startHardhatNode();
    } catch (error) {
      if (attempt >= 3) throw error;
      progress(`the Hardhat node did not start in time (attempt ${attempt}); trying again`);
    }
  }
}

export interface StackOptions {
  /**
   * Runs after the seed, before the subgraph starts: contracts it deploys and returns (e.g. the metering
   * contracts) join the deployment record, so the subgraph indexes them from their first block.
   */
  beforeIndexing?(context: { connection: Connection; record: DeploymentRecord }): Promise<Partial<DeploymentRecord["contracts"]> | void>;
  /** The JSON-RPC URL the subgraph runtime indexes through (default the node's), e.g. a link a test can hold. */
  indexerRpcUrl?(nodeUrl: string): Promise<string>;
  /** The JSON-RPC and GraphQL URLs the dApp is configured with (default the node's and the runtime's). */
  appServiceUrls?(urls: { rpcUrl: string; subgraphUrl: string }): Promise<{ rpcUrl: string; subgraphUrl: string }>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!existsSync(join(subgraphDir, "build", "EnergyAsset", "EnergyAsset.wasm"))) {
    progress("building the subgraph's mappings (npm run build:subgraph -w subgraph)");
    const build = spawnSync("npm", ["run", "build:subgraph", "-w", "subgraph"], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (build.status !== 0) throw new Error(`the subgraph build failed:\n${build.stdout}\n${build.stderr}`);
  }
  ensureProductionBuild();
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    progress("starting the Hardhat node");
    const node = await startNode();
    cleanups.push(node.stop);
    const connection = await network.connect({ network: "localhost", override: { url: node.url } });
    cleanups.push(() => connection.close());
    const publicClient = await connection.viem.getPublicClient();
    const wallets = await connection.viem.getWalletClients();
    const addresses = wallets.map((wallet) => wallet.account.address);
    progress(`deploying to ${node.url}`);
    const platform = await deployPlatform(hre, connection, devAccounts(addresses), "localhost");
    const governance = await deployGovernance(hre, connection, platform, devGovernanceAccounts(addresses), { production: false });
    const workDir = mkdtempSync(join(tmpdir(), "cowatt-dapp-e2e-"));
    cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
    const metadataDir = join(workDir, "metadata");
    mkdirSync(metadataDir);
    progress("seeding the demo data");
    const seed = await seedDemo({ platform, publicClient, wallets, metadataDir });
    const governanceSeed = await seedGovernance({ platform, governance, publicClient, wallets, demo: seed, metadataDir });
    let record: DeploymentRecord = { ...platform.deployment, rpcUrl: node.url };
    const extraContracts = await options.beforeIndexing?.({ connection, record });
    if (extraContracts) record = { ...record, contracts: { ...record.contracts, ...extraContracts } };
    const recordFile = join(workDir, "deployment.json");
    writeFileSync(recordFile, JSON.stringify(record, null, 2));

    const manifest = renderManifest({ record, out: join(subgraphDir, `subgraph-dapp-e2e-${process.pid}.yaml`) });
    cleanups.push(() => rmSync(manifest, { force: true }));
    progress("indexing with the subgraph runtime");
    const runtime: SubgraphRuntime = await startSubgraphRuntime({
      manifest, rpcUrl: (await options.indexerRpcUrl?.(node.url)) ?? node.url, port: 0, name: "cowatt", pollIntervalMs: 100, logger: pino({ level: "warn" }),
    });
    cleanups.push(() => runtime.stop());
    const subgraphUrl = runtime.url!;
    const query = async <T>(q: string, variables?: Record<string, unknown>): Promise<T> => {
      const response = await fetch(subgraphUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: q, variables }) });
      const body = (await response.json()) as { data?: T; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data as T;
    };
    const chain = createPublicClient({ transport: http(node.url, { retryCount: 3 }) });
    const waitForIndexing = async () => {
      const head = Number(await chain.getBlockNumber());
      await waitFor(`subgraph indexing to block ${head}`, 120_000, async () => {
        const { _meta } = await query<{ _meta: { block: { number: number }; hasIndexingErrors: boolean } }>("{ _meta { block { number } hasIndexingErrors } }");
        if (_meta.hasIndexingErrors) throw new Error("the subgraph failed to index the seeded chain");
        return _meta.block.number >= head;
      });
    };
    await waitForIndexing();

    progress("starting next start");
    const appUrls = (await options.appServiceUrls?.({ rpcUrl: node.url, subgraphUrl })) ?? { rpcUrl: node.url, subgraphUrl };
    const port = await freePort();
    let appOutput = "";
    const app = spawn(process.execPath, [join(repoRoot, "node_modules", "next", "dist", "bin", "next"), "start", "--port", String(port), "--hostname", "127.0.0.1"], {
      cwd: dappDir,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        COWATT_NEXT_DIST_DIR: DIST_DIR,
        COWATT_DEPLOYMENT_FILE: recordFile,
        COWATT_RPC_URL: appUrls.rpcUrl,
        COWATT_SUBGRAPH_URL: appUrls.subgraphUrl,
        COWATT_DATA_DIR: join(workDir, "data"),
        // Proposal and asset documents the seed wrote, served by the document route.
        COWATT_METADATA_DIR: metadataDir,
        COWATT_SESSION_SECRET: `e2e-${process.pid}-${"x".repeat(40)}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    app.stdout.on("data", (chunk: Buffer) => (appOutput += chunk.toString()));
    app.stderr.on("data", (chunk: Buffer) => (appOutput += chunk.toString()));
    cleanups.push(() => {
      if (app.exitCode === null) app.kill("SIGTERM");
    });
    const appUrl = `http://127.0.0.1:${port}`;
    await waitFor("next start", 60_000, async () => (await fetch(`${appUrl}/api/auth/session`)).ok, app, () => appOutput);
    progress(`dApp at ${appUrl}`);
    return {
      rpcUrl: node.url, subgraphUrl, appUrl, record, recordFile, metadataDir, seed, governanceSeed, connection, chain, query, waitForIndexing,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
