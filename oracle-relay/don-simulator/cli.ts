/**
 * Local Chainlink Functions DON for the development chain.
 *
 *   node oracle-relay/don-simulator/cli.ts [--network localhost] [--rpc http://127.0.0.1:8545]
 *        [--executions 4] [--interval-ms 1000] [--transmitter 0] [--from-block latest|<n>]
 *
 * Reads the FunctionsCoordinator address from @cowatt/deployments (deployments/networks/<network>.json, written
 * by the deploy script), signs with the public development DON keys (keys.ts; the coordinator was configured
 * with them by scripts/lib/chainlink-functions.ts) and fulfils every OracleRequest until SIGINT/SIGTERM.
 * Logs one JSON line per event on stdout.
 */
import { parseArgs } from "node:util";
import { readDeployment } from "@cowatt/deployments";
import { createPublicClient, createWalletClient, http, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { devDonKeys } from "./keys.ts";
import { createDonSimulator } from "./simulator.ts";

const { values } = parseArgs({
  options: {
    network: { type: "string", default: "localhost" },
    rpc: { type: "string" },
    executions: { type: "string", default: "4" },
    "interval-ms": { type: "string", default: "1000" },
    transmitter: { type: "string", default: "0" },
    "from-block": { type: "string", default: "latest" },
  },
});

const log = (message: string, fields: Record<string, unknown> = {}) =>
  console.log(
    JSON.stringify({ time: new Date().toISOString(), service: "don-simulator", message, ...fields }, (_, v) =>
      typeof v === "bigint" ? v.toString() : v,
    ),
  );

const deployment = readDeployment(values.network);
const coordinator = deployment.contracts.FunctionsCoordinator?.address as Address | undefined;
if (!coordinator) throw new Error(`the ${values.network} deployment has no FunctionsCoordinator (deploy metering first)`);
const rpcUrl = values.rpc ?? deployment.rpcUrl ?? process.env.COWATT_RPC_URL ?? "http://127.0.0.1:8545";
const chain = {
  id: deployment.chainId,
  name: values.network,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
} as const;
const keys = devDonKeys();
const transmitterKey = keys.transmitterKeys[Number(values.transmitter)];
if (!transmitterKey) throw new Error(`no transmitter #${values.transmitter} (the DON has ${keys.transmitterKeys.length})`);
const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
const transmitter = createWalletClient({ account: privateKeyToAccount(transmitterKey), chain, transport: http(rpcUrl) });

const simulator = createDonSimulator({
  publicClient,
  transmitter,
  coordinator,
  signerKeys: keys.signerKeys,
  f: keys.f,
  executions: Number(values.executions),
  fromBlock: values["from-block"] === "latest" ? undefined : BigInt(values["from-block"]),
  log,
});
simulator.start(Number(values["interval-ms"]));
log("watching", { coordinator, rpcUrl, transmitter: transmitter.account.address, executions: Number(values.executions) });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void simulator.stop().then(() => {
      log("stopped", { signal });
      process.exit(0);
    });
  });
}
