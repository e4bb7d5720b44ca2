/**
 * `npm run dev`: the whole platform on this machine. Starts a Hardhat node on 127.0.0.1 (8545, or a free
 * port when taken), deploys and seeds the contracts, prints what runs where, and stays up until Ctrl-C,
 * then stops everything it started. Later services (indexer, relay, gateway, dApp) join the same list.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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

/** Runs a Hardhat task with this process's Node 22, logging to .dev/logs/<name>.log. */
function hardhat(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const logFile = createWriteStream(join(logDir, `${name}.log`));
  const child = spawn(process.execPath, [hardhatCli, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  children.push(child);
  return child;
}

async function waitForRpc(url: string, timeoutMs: number, node: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new Error(`the Hardhat node exited (code ${node.exitCode}); see .dev/logs/node.log`);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no JSON-RPC answer at ${url} within ${timeoutMs} ms`);
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
}

function stopAll(): void {
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

  console.log("");
  console.log(formatStatus(await readStatus("localhost", rpcUrl)));
  console.log("");
  console.log("What runs where:");
  console.log(`  chain (Hardhat node, chain id 31337)  ${rpcUrl}`);
  console.log(`  deployment record                     deployments/networks/localhost.json`);
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
