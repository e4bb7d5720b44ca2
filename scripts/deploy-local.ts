/**
 * Deploys the platform to the local development chain and seeds the demo data.
 * Run by `npm run dev` as `hardhat run scripts/deploy-local.ts --network localhost`.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";
import { deploymentPath } from "@cowatt/deployments";
import { deployPlatform, devAccounts } from "./lib/deploy.ts";
import { seedDemo } from "./lib/seed.ts";
import { deployGovernance, devGovernanceAccounts } from "./lib/deploy-governance.ts";
import { seedGovernance } from "./lib/seed-governance.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const connection = await hre.network.create();
const networkName = connection.networkName;
const wallets = await connection.viem.getWalletClients();
const publicClient = await connection.viem.getPublicClient();
const platform = await deployPlatform(
  hre,
  connection,
  devAccounts(wallets.map((wallet) => wallet.account.address)),
  networkName,
);
const governance = await deployGovernance(hre, connection, platform, devGovernanceAccounts(wallets.map((w) => w.account.address)), { production: false });
const seed = await seedDemo({
  platform,
  publicClient,
  wallets,
  metadataDir: join(root, "deployments", "metadata"),
});
const governanceSeed = await seedGovernance({ platform, governance, publicClient, wallets, demo: seed, metadataDir: join(root, "deployments", "metadata") });

const record = { ...platform.deployment, rpcUrl: process.env.COWATT_RPC_URL, seed: jsonable({ ...seed, governance: governanceSeed }) };
const out = deploymentPath(networkName);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(record, null, 2) + "\n");
console.log(`[deploy] ${networkName} (chain ${record.chainId}) → ${out}`);

function jsonable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}
