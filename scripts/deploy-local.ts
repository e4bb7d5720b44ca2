/**
 * Deploys the platform to the local development chain and seeds the demo data.
 * Run by `npm run dev` as `hardhat run scripts/deploy-local.ts --network localhost`.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";
import { deploymentPath } from "@cowatt/deployments";
import { deployPlatform } from "./lib/deploy.ts";
import { seedDemo } from "./lib/seed.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const connection = await hre.network.create();
const networkName = connection.networkName;
const wallets = await connection.viem.getWalletClients();
const publicClient = await connection.viem.getPublicClient();
const address = (index: number) => wallets[index]!.account.address;

const platform = await deployPlatform(
  hre,
  connection,
  {
    admin: address(0),
    kycAgent: address(1),
    verifier: address(1),
    complianceOfficer: address(1),
    agent: address(1),
    pauser: address(1),
    treasury: address(15),
    assetProviders: [address(2), address(3), address(4), address(5)],
  },
  networkName,
);
const seed = await seedDemo({
  platform,
  publicClient,
  wallets,
  metadataDir: join(root, "deployments", "metadata"),
});

const record = { ...platform.deployment, rpcUrl: process.env.COWATT_RPC_URL, seed: jsonable(seed) };
const out = deploymentPath(networkName);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(record, null, 2) + "\n");
console.log(`[deploy] ${networkName} (chain ${record.chainId}) → ${out}`);

function jsonable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}
