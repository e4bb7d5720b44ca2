/**
 * `npm run dev`: the whole platform on this machine. Starts a Hardhat node on 127.0.0.1 (8545, or a free
 * port when taken), deploys and seeds the contracts, prints what runs where, and stays up until Ctrl-C,
 * then stops everything it started, services included: the subgraph runtime, relay, DON simulator, gateway and the dApp.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { rmSync } from "node:fs";
import { mnemonicToAccount } from "viem/accounts";
import { bytesToHex } from "viem";
import { readDeployment } from "@cowatt/deployments";
import { formatStatus, readStatus } from "./lib/status.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const logDir = join(root, ".dev", "logs");
mkdirSync(logDir, { recursive: true });
// The CLI file is not in hardhat's package exports: find it next to its package.json.
const hardhatCli = join(dirname(createRequire(import.meta.url).resolve("hardhat/package.json")), "dist", "src", "cli.js");
const children: ChildProcess[] = [];

function log(message: string) {
  console.log(`[dev] ${message}`);
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => server.close(() => resolve(true)))
      .listen(port, "127.0.0.1");
  });
}

async function freePort(preferred: number): Promise<number> {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once("error", reject)
      .listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
      });
  });
}

/** Runs a Node script with this process's Node 22, logging to .dev/logs/<name>.log. */
function spawnLogged(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const logFile = createWriteStream(join(logDir, `${name}.log`));
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  children.push(child);
  return child;
}

/** Runs a Hardhat task. */
function hardhat(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawnLogged(name, [hardhatCli, ...args], env);
}

async function waitForRpc(url: string, timeoutMs: number, node: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new Error(`the Hardhat node exited (code ${node.exitCode}); see .dev/logs/node.log`);
    try {
      await rpc(url, "eth_chainId", []);
      return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no JSON-RPC answer at ${url} within ${timeoutMs} ms`);
}

/** Runs a TypeScript service of the monorepo; says so when it stops on its own. */
function service(name: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawnLogged(name, ["--disable-warning=ExperimentalWarning", join(root, script), ...args], env);
  child.once("exit", (code, signal) => {
    if (!stopping) log(`${name} exited (${signal ?? `code ${code}`}); see .dev/logs/${name}.log`);
  });
  return child;
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** The Hardhat node's well-known development key of test account #index. */
function devPrivateKey(index: number): `0x${string}` {
  const key = mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: index })
    .getHdKey().privateKey;
  if (!key) throw new Error(`no key for test account #${index}`);
  return bytesToHex(key);
}

let stopping = false;

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
}

function stopAll(): void {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
}

async function main() {
  const port = await freePort(Number(process.env.COWATT_CHAIN_PORT ?? 8545));
  const rpcUrl = `http://127.0.0.1:${port}`;
  log(`starting the Hardhat node on ${rpcUrl}`);
  const node = hardhat("node", ["node", "--hostname", "127.0.0.1", "--port", String(port)]);
  await waitForRpc(rpcUrl, 60_000, node);

  log("deploying and seeding the contracts");
  const deploy = hardhat("deploy", ["run", "scripts/deploy-local.ts", "--network", "localhost"], {
    COWATT_RPC_URL: rpcUrl,
  });
  if ((await exitCode(deploy)) !== 0) throw new Error("deploy + seed failed; see .dev/logs/deploy.log");

  // Without transactions a Hardhat node mines no blocks and its clock stands still; periods end by block time.
  await rpc(rpcUrl, "evm_setIntervalMining", [2_000]);

  // The subgraph: manifest rendered from this deployment, mappings compiled, indexed by the embedded runtime.
  log("building the subgraph for this deployment");
  const subgraphBuild = spawn("npm", ["run", "build:local", "-w", "subgraph"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const subgraphBuildLog = createWriteStream(join(logDir, "subgraph-build.log"));
  subgraphBuild.stdout?.pipe(subgraphBuildLog);
  subgraphBuild.stderr?.pipe(subgraphBuildLog);
  if ((await exitCode(subgraphBuild)) !== 0) throw new Error("the subgraph build failed; see .dev/logs/subgraph-build.log");
  rmSync(join(root, ".dev", "subgraph"), { recursive: true, force: true });
  const subgraphPort = await freePort(Number(process.env.COWATT_SUBGRAPH_PORT ?? 8000));
  service("subgraph", "subgraph/runtime/src/cli.ts", [
    "--manifest", join(root, "subgraph", "subgraph.yaml"),
    "--rpc", rpcUrl,
    "--data-dir", join(root, ".dev", "subgraph"),
    "--port", String(subgraphPort),
    "--name", "cowatt",
  ]);

  // The dApp (next dev): reads deployments/networks/localhost.json per request and talks to this chain and subgraph.
  const dappPort = await freePort(Number(process.env.COWATT_DAPP_PORT ?? 3000));
  const nextCli = join(dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist", "bin", "next");
  spawnLogged("dapp", [nextCli, "dev", join(root, "dapp"), "--port", String(dappPort), "--hostname", "127.0.0.1"], {
    NEXT_TELEMETRY_DISABLED: "1",
    COWATT_NETWORK: "localhost",
    COWATT_RPC_URL: rpcUrl,
    COWATT_SUBGRAPH_URL: `http://127.0.0.1:${subgraphPort}/subgraphs/name/cowatt`,
    COWATT_DATA_DIR: join(root, ".dev", "dapp-data"), // signed-in users' profiles and saved searches
  }).once("exit", (code, signal) => {
    if (!stopping) log(`dapp exited (${signal ?? `code ${code}`}); see .dev/logs/dapp.log`);
  });

  const record = readDeployment("localhost") as ReturnType<typeof readDeployment> & {
    metering?: { relayUrl: string; site: { assetId: string; meters: { serial: string; maxPowerW: number }[] } };
  };
  const periodSeconds = process.env.COWATT_PERIOD_SECONDS ?? "300";
  const lines: string[] = [
    `  dApp (next dev)                       http://127.0.0.1:${dappPort}`,
    `  subgraph GraphQL (query page on GET)  http://127.0.0.1:${subgraphPort}/subgraphs/name/cowatt`,
  ];
  if (record.metering) {
    // Metered production: simulated meters → gateway → relay → (scheduler) → ProductionOracle → DON simulator.
    const relayUrl = new URL(record.metering.relayUrl);
    rmSync(join(root, ".dev", "relay-pglite"), { recursive: true, force: true });
    rmSync(join(root, ".dev", "gateway-outbox.sqlite"), { force: true });
    service("relay", "oracle-relay/src/main.ts", [], {
      NETWORK: "localhost",
      RPC_URL: rpcUrl,
      PGLITE_DATA_DIR: join(root, ".dev", "relay-pglite"),
      HOST: relayUrl.hostname,
      PORT: relayUrl.port,
      PERIOD_SECONDS: periodSeconds,
      // The keeper settles the wind turbine's periods as its operator (#3) and keeps the dev price feed fresh (#0 deployed it).
      KEEPER_OPERATOR_KEYS: devPrivateKey(3),
      KEEPER_PRICE_FEED_KEY: devPrivateKey(0),
      KEEPER_INTERVAL_MS: "10000",
    });
    service("don", "oracle-relay/don-simulator/cli.ts", ["--network", "localhost", "--rpc", rpcUrl]);
    const site = record.metering.site;
    service("gateway", "iot-gateway/src/main.ts", [], {
      DEPLOYMENT_NETWORK: "localhost",
      GATEWAY_PRIVATE_KEY: devPrivateKey(17),
      ASSET_ID: site.assetId,
      RELAY_URL: relayUrl.origin,
      METERS: JSON.stringify(site.meters),
      OUTBOX_PATH: join(root, ".dev", "gateway-outbox.sqlite"),
      HTTP_PORT: "9464",
      SIMULATE: "1",
      SIM_CLOCK: "realtime",
      SIM_INTERVAL_S: "10",
      SIM_LAT: "50.3351",
      SIM_LON: "6.9474",
    });
    lines.push(
      `  oracle relay (OpenAPI at /docs)       ${relayUrl.origin}  period ${periodSeconds} s`,
      `  DON simulator (Chainlink Functions)   runs the relay's source for ProductionOracle requests`,
      `  iot-gateway (simulated wind meter)    http://127.0.0.1:9464/metrics  asset #${site.assetId}`,
    );
  }

  console.log("");
  console.log(formatStatus(await readStatus("localhost", rpcUrl)));
  console.log("");
  console.log("What runs where:");
  console.log(`  chain (Hardhat node, chain id 31337)  ${rpcUrl}`);
  console.log(`  deployment record                     deployments/networks/localhost.json`);
  for (const line of lines) console.log(line);
  console.log(`  logs                                  .dev/logs/`);
  console.log("");
  log("up; press Ctrl-C to stop everything");

  node.once("exit", (code) => {
    log(`the Hardhat node stopped (code ${code}); shutting down`);
    stopAll();
    process.exit(code ?? 1);
  });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log("stopping");
    stopAll();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(`[dev] ${(error as Error).message}`);
  stopAll();
  process.exit(1);
});
