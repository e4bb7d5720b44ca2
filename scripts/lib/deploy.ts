import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { upgrades } from "@openzeppelin/hardhat-upgrades/viem";
import type { Address } from "viem";
import type { CoreContractName, DeployedContract, DeploymentRecord } from "@cowatt/deployments";
import { confirmer } from "./confirm.ts";
import { roles } from "./roles.ts";

export const DEFAULT_PLATFORM_FEE_BPS = 250; // 2.5 % of a successful raise
export const DEFAULT_TRADING_FEE_BPS = 50; // 0.5 % of a trade's value, paid by the taker
export const MINIMUM_ORDER_VALUE = 10_000_000n; // 10 dEUR: keeps the book free of dust orders
export const DEFAULT_SETTLEMENT_FEE_BPS = 500; // 5 % of each period's operating profit
/** Development EUR/MWh feed (8 decimals): first answer 72.35 EUR/MWh. */
export const DEV_INITIAL_PRICE = 7_235_000_000n;
/** Settlement accepts 1 to 1,000 EUR/MWh (8 decimals), at most 2 days old. */
export const PRICE_BOUNDS = { min: 100_000_000n, max: 100_000_000_000n, maxAge: 2 * 24 * 3600 } as const;

/** Who holds the operational roles after deployment. The admin holds DEFAULT_ADMIN_ROLE (upgrades). */
export interface PlatformAccounts {
  admin: Address;
  kycAgent: Address;
  verifier: Address;
  complianceOfficer: Address;
  agent: Address;
  pauser: Address;
  treasury: Address;
  /** Reports each period's production (REPORTER_ROLE on ReportedProduction) until the oracle does. */
  reporter: Address;
  assetProviders: Address[];
}

/**
 * Roles on a development chain, by the node's test-account index: #0 admin, #1 platform operations
 * (KYC agent, verifier, compliance officer, agent, pauser, production reporter), #2-#5 asset providers,
 * #15 platform treasury.
 */
export function devAccounts(addresses: readonly Address[]): PlatformAccounts {
  const at = (index: number) => {
    const address = addresses[index];
    if (!address) throw new Error(`the development chain needs test account #${index}`);
    return address;
  };
  return {
    admin: at(0),
    kycAgent: at(1),
    verifier: at(1),
    complianceOfficer: at(1),
    agent: at(1),
    pauser: at(1),
    reporter: at(1),
    treasury: at(15),
    assetProviders: [at(2), at(3), at(4), at(5)],
  };
}

/** An asset specification as EnergyAsset.registerAsset takes it (IEnergyAsset.AssetSpec). */
export interface AssetSpecInput {
  name: string;
  technology: number;
  capacityW: bigint;
  country: number;
  latitudeE6: number;
  longitudeE6: number;
  commissionedAt: bigint;
  expectedAnnualKWh: bigint;
  emissionFactorGPerKWh: number;
  totalShares: bigint;
  metadataCID: string;
}

/**
 * Deploys the ownership core behind UUPS proxies (with the upgrades plugin's storage-layout validation),
 * wires the contracts together and hands out the operational roles.
 */
export async function deployPlatform(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  accounts: PlatformAccounts,
  networkName: string,
) {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const upgradesApi = await upgrades(hre, connection);
  const records = {} as Record<CoreContractName, DeployedContract>;

  const record = async (name: CoreContractName, address: Address, upgradeable: boolean) => {
    const startBlock = Number(await publicClient.getBlockNumber());
    records[name] = {
      address,
      startBlock,
      ...(upgradeable ? { implementation: await upgradesApi.erc1967.getImplementationAddress(address) } : {}),
    };
  };

  const stablecoin = await viem.deployContract("DevStablecoin");
  await record("DevStablecoin", stablecoin.address, false);

  const identityRegistry = await upgradesApi.deployProxy("IdentityRegistry", [accounts.admin], { kind: "uups" });
  await record("IdentityRegistry", identityRegistry.address, true);

  const compliance = await upgradesApi.deployProxy("Compliance", [accounts.admin, identityRegistry.address], {
    kind: "uups",
  });
  await record("Compliance", compliance.address, true);

  const energyAsset = await upgradesApi.deployProxy(
    "EnergyAsset",
    [accounts.admin, compliance.address, "ipfs://"],
    { kind: "uups" },
  );
  await record("EnergyAsset", energyAsset.address, true);

  const offering = await upgradesApi.deployProxy(
    "Offering",
    [accounts.admin, energyAsset.address, stablecoin.address, accounts.treasury, DEFAULT_PLATFORM_FEE_BPS],
    { kind: "uups" },
  );
  await record("Offering", offering.address, true);

  const orderBook = await upgradesApi.deployProxy(
    "OrderBook",
    [accounts.admin, energyAsset.address, stablecoin.address, accounts.treasury, DEFAULT_TRADING_FEE_BPS, MINIMUM_ORDER_VALUE],
    { kind: "uups" },
  );
  await record("OrderBook", orderBook.address, true);

  // ---- revenue: distribution (reinvests through the offering and the order book), production, settlement
  // The share token and the stablecoin are immutables of the implementation (constructor arguments).
  const revenueDistributor = await upgradesApi.deployProxy(
    "RevenueDistributor",
    [accounts.admin, offering.address, orderBook.address],
    { kind: "uups", constructorArgs: [energyAsset.address, stablecoin.address] },
  );
  await record("RevenueDistributor", revenueDistributor.address, true);

  const reportedProduction = await upgradesApi.deployProxy(
    "ReportedProduction",
    [accounts.admin, energyAsset.address],
    { kind: "uups" },
  );
  await record("ReportedProduction", reportedProduction.address, true);

  // DEVELOPMENT ONLY: a real network reads a Chainlink-compatible EUR/MWh feed instead.
  const priceFeed = await viem.deployContract("MockEnergyPriceFeed", [DEV_INITIAL_PRICE]);
  await record("MockEnergyPriceFeed", priceFeed.address, false);

  const revenueSettlement = await upgradesApi.deployProxy(
    "RevenueSettlement",
    [
      accounts.admin,
      energyAsset.address,
      revenueDistributor.address,
      reportedProduction.address,
      accounts.treasury,
      DEFAULT_SETTLEMENT_FEE_BPS,
    ],
    { kind: "uups" },
  );
  await record("RevenueSettlement", revenueSettlement.address, true);
  // ---- end revenue

  // ---- metering: gateways and meters per asset (EIP-712 domain of gateway-signed reading batches)
  const deviceRegistry = await upgradesApi.deployProxy("DeviceRegistry", [accounts.admin, energyAsset.address], {
    kind: "uups",
  });
  await record("DeviceRegistry", deviceRegistry.address, true);

  const wait = confirmer(publicClient, "wiring");
  const asAdmin = { account: accounts.admin };
  await wait(await compliance.write.bindToken([energyAsset.address], asAdmin));
  await wait(await energyAsset.write.grantRole([roles.ISSUER, offering.address], asAdmin));
  await wait(await energyAsset.write.grantRole([roles.ESCROW, orderBook.address], asAdmin));
  await wait(await orderBook.write.grantRole([roles.AGENT, accounts.agent], asAdmin));
  await wait(await identityRegistry.write.grantRole([roles.KYC_AGENT, accounts.kycAgent], asAdmin));
  await wait(await compliance.write.grantRole([roles.COMPLIANCE_OFFICER, accounts.complianceOfficer], asAdmin));
  await wait(await energyAsset.write.grantRole([roles.VERIFIER, accounts.verifier], asAdmin));
  await wait(await energyAsset.write.grantRole([roles.AGENT, accounts.agent], asAdmin));
  await wait(await energyAsset.write.grantRole([roles.PAUSER, accounts.pauser], asAdmin));
  await wait(await deviceRegistry.write.grantRole([roles.VERIFIER, accounts.verifier], asAdmin));
  for (const provider of accounts.assetProviders) {
    await wait(await energyAsset.write.grantRole([roles.ASSET_PROVIDER, provider], asAdmin));
  }
  // Revenue wiring: every share movement updates the distributor's per-holder accounting; the distributor
  // may place buy orders for holders (reinvestment); production is reported by the operations account;
  // settlement prices energy with the (development) feed as the default for every asset.
  await wait(await energyAsset.write.setShareObserver([revenueDistributor.address], asAdmin));
  await wait(await orderBook.write.grantRole([await orderBook.read.FUNDER_ROLE(), revenueDistributor.address], asAdmin));
  await wait(await reportedProduction.write.grantRole([roles.REPORTER, accounts.reporter], asAdmin));
  await wait(await revenueSettlement.write.setPriceFeed([0n, priceFeed.address], asAdmin));
  await wait(
    await revenueSettlement.write.setPriceBounds([PRICE_BOUNDS.min, PRICE_BOUNDS.max, PRICE_BOUNDS.maxAge], asAdmin),
  );

  const deployment: DeploymentRecord = {
    network: networkName,
    chainId: await publicClient.getChainId(),
    deployedAt: new Date().toISOString(),
    contracts: records,
  };
  return {
    identityRegistry,
    compliance,
    energyAsset,
    offering,
    orderBook,
    stablecoin,
    revenueDistributor,
    reportedProduction,
    revenueSettlement,
    priceFeed,
    deviceRegistry,
    deployment,
  };
}

export type Platform = Awaited<ReturnType<typeof deployPlatform>>;
