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
  for (const [name, file] of INDEXED_CONTRACTS) {
    if (skipped.has(name)) continue;
    const deployed = record?.contracts[name];
    if (record && !deployed) throw new Error(`the ${record.network} deployment has no ${name}`);
    const abi = abiOf(name);
    lines.push(
      "  - kind: ethereum/contract",
      `    name: ${name}`,
      `    network: ${network}`,
      "    source:",
      `      address: "${deployed?.address ?? "0x0000000000000000000000000000000000000000"}"`,
      `      abi: ${abi}`,
      `      startBlock: ${deployed?.startBlock ?? 0}`,
      "    mapping:",
      "      kind: ethereum/events",
      "      apiVersion: 0.0.9",
      "      language: wasm/assemblyscript",
      "      entities:",
      ...entities.map((e) => `        - ${e}`),
      "      abis:",
      `        - name: ${abi}`,
      `          file: ${abiPath(abi)}`,
      "      eventHandlers:",
    );
    for (const event of contractEvents(abi)) {
      lines.push(`        - event: ${eventSignature(event)}`, `          handler: handle${event.name}`);
    }
    lines.push(`      file: ./src/${file}.ts`);
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
