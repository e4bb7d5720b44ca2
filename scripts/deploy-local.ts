/**
 * Deploys the platform to the local development chain and seeds the demo data.
 * Run by `npm run dev` as `hardhat run scripts/deploy-local.ts --network localhost`.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";
import { deploymentPath } from "@cowatt/deployments";
import { deployPlatform, devAccounts } from "./lib/deploy.ts";
import { seedDemo } from "./lib/seed.ts";
import { deployMetering } from "./lib/production.ts";
import type { Address } from "viem";
import { deployGovernance, devGovernanceAccounts } from "./lib/deploy-governance.ts";
import { seedGovernance } from "./lib/seed-governance.ts";
import { registerDevices } from "./lib/devices.ts";
import { assets, DEV_METERED_SITE } from "./seed-data/demo.ts";

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

// Metered production: Chainlink Functions (local router, coordinator, subscription), ProductionOracle running the
// relay's Functions source, EnergyCertificate, and the oracle's RevenueSettlement. The relay signs summaries and
// schedules requests as test account #16 unless COWATT_RELAY_ADDRESS says otherwise.
const sourcePath = resolve(root, process.env.COWATT_FUNCTIONS_SOURCE ?? "oracle-relay/functions/source.js");
let metering: Awaited<ReturnType<typeof deployMetering>> | undefined;
let meteringSummary: Record<string, unknown> | undefined;
if (existsSync(sourcePath)) {
  const accounts = devAccounts(wallets.map((wallet) => wallet.account.address));
  const relay = (process.env.COWATT_RELAY_ADDRESS ?? wallets[16]?.account.address) as Address;
  const relayUrl = process.env.COWATT_RELAY_URL ?? "http://127.0.0.1:8788";
  const disputeWindow = Number(process.env.COWATT_DISPUTE_WINDOW ?? 300);
  metering = await deployMetering(hre, connection, platform, accounts, {
    source: readFileSync(sourcePath, "utf8"),
    relay,
    relayUrl,
    requesters: [accounts.reporter, relay],
    disputeWindow,
  });
  // The metered site: the wind turbine's gateway and meter, registered by its operator and approved.
  const siteAssetId = seed.assetIds[DEV_METERED_SITE.assetKey];
  const siteOperator = assets.find((asset) => asset.key === DEV_METERED_SITE.assetKey)?.operatorAccount;
  const gateway = wallets[DEV_METERED_SITE.gatewayAccountIndex]?.account.address;
  const operator = siteOperator === undefined ? undefined : wallets[siteOperator]?.account.address;
  if (!gateway || !operator) throw new Error("the metered demo site needs its operator and test account #17");
  await registerDevices(platform, publicClient, { operator, verifier: accounts.verifier }, siteAssetId, gateway, DEV_METERED_SITE.meters);
  // The relay's keeper settles the site's verified periods as its operator: fund it and approve the oracle-fed settlement.
  const fundHash = await platform.stablecoin.write.faucet([operator, 100_000n * 10n ** 6n]);
  await publicClient.waitForTransactionReceipt({ hash: fundHash });
  const approveHash = await platform.stablecoin.write.approve([metering.oracleRevenueSettlement.address, 2n ** 256n - 1n], { account: operator });
  await publicClient.waitForTransactionReceipt({ hash: approveHash });
  meteringSummary = {
    site: { assetId: siteAssetId.toString(), gateway, meters: DEV_METERED_SITE.meters },
    subscriptionId: metering.subscriptionId.toString(),
    donId: metering.functions.donId,
    relay,
    relayUrl,
    disputeWindow,
    source: sourcePath,
  };
  console.log(`[deploy] metering: ProductionOracle ${metering.productionOracle.address}, subscription ${metering.subscriptionId}`);
} else {
  console.warn(`[deploy] no Functions source at ${sourcePath}: ProductionOracle and certificates not deployed`);
}

const record = {
  ...platform.deployment,
  contracts: { ...platform.deployment.contracts, ...metering?.records },
  rpcUrl: process.env.COWATT_RPC_URL,
  seed: jsonable({ ...seed, governance: governanceSeed }),
  ...(meteringSummary ? { metering: meteringSummary } : {}),
};
const out = deploymentPath(networkName);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(record, null, 2) + "\n");
console.log(`[deploy] ${networkName} (chain ${record.chainId}) → ${out}`);

function jsonable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}
