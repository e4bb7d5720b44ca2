import { readFileSync } from "node:fs";
import { readDeployment, type DeploymentRecord } from "@cowatt/deployments";
import type { RuntimeConfig } from "@/lib/runtime-config";

/**
 * Reads the deployment record and service URLs at request time (never at build time):
 *   COWATT_DEPLOYMENT_FILE  a record file anywhere (tests), else
 *   COWATT_NETWORK          deployments/networks/<network>.json (default localhost)
 *   COWATT_RPC_URL          browser-reachable JSON-RPC (default: the record's rpcUrl, else 127.0.0.1:8545)
 *   COWATT_SUBGRAPH_URL     subgraph GraphQL (default the dev runtime on 127.0.0.1:8000)
 *   COWATT_EXPLORER_URL     block explorer base for transaction links (none on a local chain)
 *   COWATT_MAP_TILES        map tile URL template (default OpenStreetMap; "none" for the list only)
 */
export function readRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const record = readRecord(env);
  const contracts: RuntimeConfig["contracts"] = {};
  for (const [name, contract] of Object.entries(record.contracts)) {
    if (contract) contracts[name] = { address: contract.address, startBlock: contract.startBlock };
  }
  return {
    network: record.network,
    chainId: record.chainId,
    rpcUrl: env.COWATT_RPC_URL ?? record.rpcUrl ?? "http://127.0.0.1:8545",
    subgraphUrl: env.COWATT_SUBGRAPH_URL ?? "http://127.0.0.1:8000/subgraphs/name/cowatt",
    explorerUrl: env.COWATT_EXPLORER_URL ?? null,
    mapTileUrl: env.COWATT_MAP_TILES === "none" ? null : (env.COWATT_MAP_TILES ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    walletConnectProjectId: env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || null,
    contracts,
  };
}

export function readRecord(env: NodeJS.ProcessEnv = process.env): DeploymentRecord {
  const file = env.COWATT_DEPLOYMENT_FILE;
  if (file) {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as DeploymentRecord;
    } catch (error) {
      throw new Error(`Cannot read the deployment record ${file}: ${(error as Error).message}`);
    }
  }
  return readDeployment(env.COWATT_NETWORK ?? "localhost");
}
