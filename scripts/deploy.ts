/**
 * Deploys the platform and its governance to a network, without demo data.
 *
 *   node scripts/deploy.ts [--network <name>] [--production]
 *
 * `--production` hands every admin and upgrader role of every contract to the platform timelock and
 * renounces the deployer's (scripts/lib/deploy-governance.ts); without it the deployer stays admin beside
 * the timelock, as on the dev chain. Account roles follow the node's accounts (see devAccounts) until a
 * production account map is configured.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import hre from "hardhat";
import { deploymentPath } from "@cowatt/deployments";
import { deployPlatform, devAccounts } from "./lib/deploy.ts";
import { deployGovernance, devGovernanceAccounts } from "./lib/deploy-governance.ts";

const { values } = parseArgs({ options: { network: { type: "string" }, production: { type: "boolean", default: false } } });
const connection = await hre.network.create(values.network);
const addresses = (await connection.viem.getWalletClients()).map((wallet) => wallet.account.address);
const platform = await deployPlatform(hre, connection, devAccounts(addresses), connection.networkName);
await deployGovernance(hre, connection, platform, devGovernanceAccounts(addresses), { production: values.production });

const out = deploymentPath(connection.networkName);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ ...platform.deployment, production: values.production }, null, 2) + "\n");
console.log(`[deploy] ${connection.networkName}${values.production ? " (production: timelock holds every admin role)" : ""} → ${out}`);
