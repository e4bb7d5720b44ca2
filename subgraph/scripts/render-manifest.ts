/**
 * Renders subgraph.yaml for a network from its deployment record (deployments/networks/<network>.json,
 * written by scripts/deploy-local.ts or a testnet deploy): addresses and start blocks come from the
 * record, event signatures and handlers from the generated ABIs (deployments/abis), so every event of every
 * indexed contract has a handler (`graph build` fails on a missing one).
 *
 *   node scripts/render-manifest.ts --network localhost          # from deployments/networks/localhost.json
 *   node scripts/render-manifest.ts --network base-sepolia       # public testnet, once deployed there
 *   node scripts/render-manifest.ts --zero                        # zero addresses: only for `graph build`
 * Also writes networks.json (graph-cli's --network file) for every record in deployments/networks/.
 *   options: --deployment <file> (a record elsewhere), --out <file> (default subgraph.yaml)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { DeploymentRecord } from "@cowatt/deployments";
import { ALLOCATION_TABLE } from "../../scripts/lib/allocation.ts";

export const subgraphDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const abisDir = join(subgraphDir, "..", "deployments", "abis");
const networksDir = join(subgraphDir, "..", "deployments", "networks");

/** Contracts indexed on this branch, with their mapping file. */
export const INDEXED_CONTRACTS = [
  ["IdentityRegistry", "identity-registry"],
  ["Compliance", "compliance"],
  ["EnergyAsset", "energy-asset"],
  ["Offering", "offering"],
  ["OrderBook", "order-book"],
  ["RevenueDistributor", "revenue-distributor"],
  ["ReportedProduction", "reported-production"],
  ["RevenueSettlement", "revenue-settlement"],
  // Governance and WATT rewards
  ["WattToken", "watt-token"],
  ["WattStaking", "watt-staking"],
  ["RewardsManager", "rewards-manager"],
  ["PlatformGovernor", "platform-governor"],
  ["AssetGovernorFactory", "asset-governor-factory"],
  // Metering
  ["DeviceRegistry", "device-registry"],
  ["ProductionOracle", "production-oracle"],
  ["EnergyCertificate", "energy-certificate"],
  ["OracleRevenueSettlement", "oracle-revenue-settlement"],
] as const;

/** Data sources whose ABI has another name (a second deployment of a contract); the rest use their own name. */
const DATA_SOURCE_ABI: Record<string, string> = { OracleRevenueSettlement: "RevenueSettlement" };

/** The ABI (deployments/abis/<name>.json) of an indexed contract. */
export function abiOf(dataSource: string): string {
  if (dataSource.startsWith(VESTING_PREFIX)) return VESTING_ABI;
  return DATA_SOURCE_ABI[dataSource] ?? dataSource;
}

/**
 * Contracts deployed by a separate step: governance (scripts/lib/deploy-governance.ts) and metered production
 * (deployMetering in scripts/lib/production.ts, only when a Functions source exists; it adds the oracle's own
 * RevenueSettlement, recorded as OracleRevenueSettlement). A record without any
 * contract of a group renders without that group; a record with only some of a group's contracts is an error.
 * The zero-address build check (`--zero`) always includes every group.
 */
export const OPTIONAL_GROUPS: Record<string, readonly string[]> = {
  governance: ["WattToken", "WattStaking", "RewardsManager", "PlatformGovernor", "AssetGovernorFactory"],
  metering: ["ProductionOracle", "EnergyCertificate", "OracleRevenueSettlement"],
};

/** The optional contracts a record lacks as whole groups (none for the zero-address build). */
function skippedContracts(record: DeploymentRecord | null): Set<string> {
  const skipped = new Set<string>();
  if (record == null) return skipped;
  const contracts = record.contracts as Record<string, unknown>;
  for (const group of Object.values(OPTIONAL_GROUPS)) {
    if (group.every((name) => !contracts[name])) group.forEach((name) => skipped.add(name));
  }
  return skipped;
}

/**
 * The WATT vesting wallets: one data source per wallet of the record (its schedule in the data source context),
 * all on one mapping. Their event classes are generated under the WattToken data source, which lists this ABI
 * too, so the mapping's imports do not depend on the per-wallet names.
 */
export const VESTING_ABI = "VotingVestingWallet";
const VESTING_PREFIX = "VestingWallet_";
const VESTING_MAPPING = "vesting-wallet";
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** A vesting wallet's data source name: VestingWallet_<row name> (graph-cli uses it as a folder name). */
export function vestingDataSourceName(rowName: string): string {
  return `${VESTING_PREFIX}${rowName.replace(/[^A-Za-z0-9]/g, "_")}`;
}

interface VestingDataSource { name: string; address: string; startBlock: number; context: Record<string, { type: string; data: string }> }

/** The vesting data sources of a record (a single zero-address one for the build check). */
function vestingDataSources(record: DeploymentRecord | null, skipped: Set<string>): VestingDataSource[] {
  if (record == null) {
    // The build check compiles one data source per row of the platform's allocation table, so the runtime finds
    // build/<name>/ for a record deployed with that table (tests render the record's manifest over this build).
    const numbers = Object.fromEntries(["allocation", "start", "cliffEnd", "durationSeconds"].map((k) => [k, { type: "BigInt", data: "0" }]));
    return ALLOCATION_TABLE.vesting.map((row) => ({
      name: vestingDataSourceName(row.name),
      address: ZERO_ADDRESS,
      startBlock: 0,
      context: { name: { type: "String", data: row.name }, watt: { type: "Bytes", data: ZERO_ADDRESS }, ...numbers },
    }));
  }
  if (skipped.has("WattToken")) return [];
  return (record.vestingWallets ?? []).map((wallet) => ({
    name: vestingDataSourceName(wallet.name),
    address: wallet.address,
    startBlock: wallet.startBlock,
    context: {
      name: { type: "String", data: wallet.name },
      watt: { type: "Bytes", data: record.contracts.WattToken.address },
      allocation: { type: "BigInt", data: wallet.allocation },
      start: { type: "BigInt", data: String(wallet.start) },
      cliffEnd: { type: "BigInt", data: String(wallet.start + wallet.cliffSeconds) },
      durationSeconds: { type: "BigInt", data: String(wallet.durationSeconds) },
    },
  }));
}

/** Data source templates (contracts created at run time by an indexed factory), with their mapping file. */
export const TEMPLATES = [
  ["AssetGovernor", "asset-governor"], // one per asset, from AssetGovernorFactory.AssetGovernanceCreated
] as const;

/** Graph's network names for chain ids (graph-node and Subgraph Studio know these). */
const GRAPH_NETWORK: Record<number, string> = { 31337: "localhost", 84532: "base-sepolia", 11155111: "sepolia" };

interface AbiParam { type: string; indexed?: boolean; components?: AbiParam[] }
interface AbiItem { type: string; name?: string; inputs?: AbiParam[] }

function paramType(p: AbiParam): string {
  if (p.type.startsWith("tuple")) return `(${(p.components ?? []).map(paramType).join(",")})${p.type.slice("tuple".length)}`;
  return p.type;
}

/** graph-cli's event signature: `Name(indexed uint256,address,(uint8,string))`. */
export function eventSignature(e: AbiItem): string {
  return `${e.name}(${(e.inputs ?? []).map((p) => (p.indexed ? "indexed " : "") + paramType(p)).join(",")})`;
}

export function contractEvents(contract: string): AbiItem[] {
  const path = join(abisDir, `${contract}.json`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` at the repository root first`);
  const abi = JSON.parse(readFileSync(path, "utf8")) as AbiItem[];
  return abi.filter((i) => i.type === "event").sort((a, b) => a.name!.localeCompare(b.name!));
}

function entityNames(): string[] {
  const schema = readFileSync(join(subgraphDir, "schema.graphql"), "utf8");
  return [...schema.matchAll(/^type (\w+) @entity/gm)].map((m) => m[1]!);
}

export interface RenderOptions {
  /** The deployment record; null renders zero addresses (for `graph build` only). */
  record: DeploymentRecord | null;
  /** Graph network name; default from the record's chain id, or "localhost". */
  network?: string;
  out?: string;
}

/** Writes the manifest and returns its path. Paths inside are relative to subgraph/, so `out` must be there. */
export function renderManifest(options: RenderOptions): string {
  const out = resolve(options.out ?? join(subgraphDir, "subgraph.yaml"));
  if (dirname(out) !== subgraphDir) throw new Error(`the manifest must be written in ${subgraphDir} (its paths are relative)`);
  const { record } = options;
  const network = options.network ?? (record ? GRAPH_NETWORK[record.chainId] ?? record.network : "localhost");
  const entities = entityNames();
  const abiPath = (name: string) => relative(subgraphDir, join(abisDir, `${name}.json`));
  const lines = [
    "# Generated by scripts/render-manifest.ts from the deployment record and the ABIs: do not edit.",
    `# network: ${network}${record ? `, chain ${record.chainId}, deployed ${record.deployedAt}` : " (zero addresses: build check only)"}`,
    "specVersion: 1.3.0",
    "description: CoWatt - community co-ownership of renewable energy assets",
    "schema:",
    "  file: ./schema.graphql",
    "dataSources:",
  ];
  const skipped = skippedContracts(record);
  const dataSource = (
    name: string, abi: string, file: string, address: string, startBlock: number,
    extra: { abis?: string[]; context?: VestingDataSource["context"] } = {},
  ) => {
    lines.push("  - kind: ethereum/contract", `    name: ${name}`, `    network: ${network}`);
    if (extra.context) {
      lines.push("    context:");
      for (const [key, { type, data }] of Object.entries(extra.context)) {
        lines.push(`      ${key}:`, `        type: ${type}`, `        data: ${JSON.stringify(data)}`);
      }
    }
    lines.push(
      "    source:",
      `      address: "${address}"`,
      `      abi: ${abi}`,
      `      startBlock: ${startBlock}`,
      "    mapping:",
      "      kind: ethereum/events",
      "      apiVersion: 0.0.9",
      "      language: wasm/assemblyscript",
      "      entities:",
      ...entities.map((e) => `        - ${e}`),
      "      abis:",
      ...[abi, ...(extra.abis ?? [])].flatMap((name) => [`        - name: ${name}`, `          file: ${abiPath(name)}`]),
      "      eventHandlers:",
    );
    for (const event of contractEvents(abi)) {
      lines.push(`        - event: ${eventSignature(event)}`, `          handler: handle${event.name}`);
    }
    lines.push(`      file: ./src/${file}.ts`);
  };
  for (const [name, file] of INDEXED_CONTRACTS) {
    if (skipped.has(name)) continue;
    const deployed = record?.contracts[name];
    if (record && !deployed) throw new Error(`the ${record.network} deployment has no ${name}`);
    const abis = name === "WattToken" ? [VESTING_ABI] : [];
    dataSource(name, abiOf(name), file, deployed?.address ?? ZERO_ADDRESS, deployed?.startBlock ?? 0, { abis });
  }
  for (const vesting of vestingDataSources(record, skipped)) {
    dataSource(vesting.name, VESTING_ABI, VESTING_MAPPING, vesting.address, vesting.startBlock, { context: vesting.context });
  }
  const templates = skipped.has("AssetGovernorFactory") ? [] : TEMPLATES; // every template today is a governance one
  if (templates.length > 0) lines.push("templates:");
  for (const [name, file] of templates) {
    lines.push(
      "  - kind: ethereum/contract",
      `    name: ${name}`,
      `    network: ${network}`,
      "    source:",
      `      abi: ${name}`,
      "    mapping:",
      "      kind: ethereum/events",
      "      apiVersion: 0.0.9",
      "      language: wasm/assemblyscript",
      "      entities:",
      ...entities.map((e) => `        - ${e}`),
      "      abis:",
      `        - name: ${name}`,
      `          file: ${abiPath(name)}`,
      "      eventHandlers:",
    );
    for (const event of contractEvents(name)) {
      lines.push(`        - event: ${eventSignature(event)}`, `          handler: handle${event.name}`);
    }
    lines.push(`      file: ./src/${file}.ts`);
  }
  writeFileSync(out, lines.join("\n") + "\n");
  return out;
}

/**
 * graph-cli's networks.json (`graph build|deploy --network <name>` swaps addresses and start blocks from it) for
 * every deployment record present, e.g. localhost and, once deployed there, base-sepolia. Returns its content.
 */
export function writeNetworksJson(records: DeploymentRecord[], out = join(subgraphDir, "networks.json")): Record<string, Record<string, { address: string; startBlock: number }>> {
  const networks: Record<string, Record<string, { address: string; startBlock: number }>> = {};
  for (const record of records) {
    const entry: Record<string, { address: string; startBlock: number }> = {};
    const skipped = skippedContracts(record);
    for (const [name] of INDEXED_CONTRACTS) {
      if (skipped.has(name)) continue;
      const deployed = record.contracts[name];
      if (!deployed) throw new Error(`the ${record.network} deployment has no ${name}`);
      entry[name] = { address: deployed.address, startBlock: deployed.startBlock };
    }
    for (const vesting of vestingDataSources(record, skipped)) {
      entry[vesting.name] = { address: vesting.address, startBlock: vesting.startBlock };
    }
    networks[GRAPH_NETWORK[record.chainId] ?? record.network] = entry;
  }
  writeFileSync(out, JSON.stringify(networks, null, 2) + "\n");
  return networks;
}

/** The deployment records in deployments/networks/ (none before a deploy). */
export function deploymentRecords(): DeploymentRecord[] {
  if (!existsSync(networksDir)) return [];
  return readdirSync(networksDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(networksDir, f), "utf8")) as DeploymentRecord);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { network: { type: "string" }, deployment: { type: "string" }, zero: { type: "boolean" }, out: { type: "string" } },
  });
  let record: DeploymentRecord | null = null;
  if (!values.zero) {
    const path = values.deployment ?? (values.network ? join(networksDir, `${values.network}.json`) : null);
    if (!path) {
      console.error("usage: render-manifest.ts --network <name> | --deployment <file> | --zero [--out subgraph.yaml]");
      process.exit(1);
    }
    if (!existsSync(path)) {
      console.error(`No deployment record at ${path}: deploy to ${values.network ?? "that network"} first (npm run dev writes localhost.json).`);
      process.exit(1);
    }
    record = JSON.parse(readFileSync(path, "utf8")) as DeploymentRecord;
  }
  const out = renderManifest({ record, network: values.zero ? values.network : values.network, out: values.out });
  const networks = writeNetworksJson(deploymentRecords());
  console.log(`[subgraph] networks.json: ${Object.keys(networks).join(", ") || "no deployment records yet"}`);
  console.log(`[subgraph] wrote ${relative(process.cwd(), out)}${record ? ` for ${record.network}` : " (zero addresses)"}`);
}
