/**
 * @cowatt/deployments — the single source of truth for ABIs, addresses, start blocks and chain ids.
 * ABIs are generated from the compile (src/generated/abis.ts); deployment records are written by the
 * deploy script to networks/<network>.json. Nothing here is edited by hand.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Address } from "viem";

export * from "./generated/abis.ts";
export * from "./eip712.ts";

/** Contracts every deployment has (scripts/lib/deploy.ts). */
export type CoreContractName =
  | "IdentityRegistry"
  | "Compliance"
  | "EnergyAsset"
  | "Offering"
  | "OrderBook"
  | "DevStablecoin"
  | "RevenueDistributor"
  | "ReportedProduction"
  | "RevenueSettlement"
  | "MockEnergyPriceFeed"
  | "DeviceRegistry"
  // governance and rewards (per-asset governors, timelocks and votes adapters are clones: see
  // AssetGovernorFactory.governanceOf)
  | "WattToken"
  | "RewardsManager"
  | "WattStaking"
  | "PlatformTimelock"
  | "PlatformGovernor"
  | "AssetGovernorFactory";

/** Metered production (scripts/lib/production.ts): deployed when a Functions source is available. */
export type MeteringContractName =
  | "ProductionOracle"
  | "EnergyCertificate"
  | "OracleRevenueSettlement"
  | "FunctionsRouter"
  | "FunctionsCoordinator"
  | "LinkToken"
  | "LinkEthFeed";

export type PlatformContractName = CoreContractName | MeteringContractName;

export interface DeployedContract {
  address: Address;
  /** Implementation behind the proxy, for upgradeable contracts. */
  implementation?: Address;
  /** Block of the deployment, where an indexer starts. */
  startBlock: number;
}

/** A WATT allocation vesting wallet (VotingVestingWallet), minted its allocation at WattToken's construction. */
export interface VestingWalletRecord {
  /** Allocation row name (scripts/lib/deploy-governance.ts ALLOCATION_TABLE), e.g. "team". */
  name: string;
  address: Address;
  /** Who receives the vested WATT (the wallet's owner). */
  beneficiary: Address;
  /** WATT (wei, decimal string: JSON has no bigint) allocated to the wallet. */
  allocation: string;
  /** Vesting start (unix seconds), linear duration and cliff (seconds). */
  start: number;
  durationSeconds: number;
  cliffSeconds: number;
  startBlock: number;
}

export interface DeploymentRecord {
  network: string;
  chainId: number;
  deployedAt: string;
  /** JSON-RPC endpoint of the network, when it is the local development chain. */
  rpcUrl?: string;
  contracts: Record<CoreContractName, DeployedContract> & Partial<Record<MeteringContractName, DeployedContract>>;
  /** WATT vesting wallets (not clones of one contract, so listed beside `contracts`). */
  vestingWallets?: VestingWalletRecord[];
}

export const networksDir = join(dirname(fileURLToPath(import.meta.url)), "..", "networks");

export function deploymentPath(network: string): string {
  return join(networksDir, `${network}.json`);
}

/** Reads the deployment record of a network; a clear error when it has not been deployed. */
export function readDeployment(network: string): DeploymentRecord {
  const path = deploymentPath(network);
  if (!existsSync(path)) {
    throw new Error(`No CoWatt deployment for network "${network}" (${path}). Run \`npm run dev\` or deploy first.`);
  }
  return JSON.parse(readFileSync(path, "utf8")) as DeploymentRecord;
}
