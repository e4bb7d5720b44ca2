/**
 * Metered production on a chain: Chainlink Functions (the local network on a development chain),
 * ProductionOracle (a Functions consumer, UUPS proxy with the router immutable in its implementation),
 * EnergyCertificate, and a RevenueSettlement that settles oracle-verified periods.
 *
 * The seeded history settles through the platform's RevenueSettlement from ReportedProduction; period ids of
 * the two sources would collide in one settlement contract, so oracle periods settle through their own
 * RevenueSettlement proxy (same distributor, price feed, fee and treasury), recorded as OracleRevenueSettlement.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { upgrades } from "@openzeppelin/hardhat-upgrades/viem";
import type { Address } from "viem";
import type { DeployedContract, MeteringContractName } from "@cowatt/deployments";
import { confirmer } from "./confirm.ts";
import { roles } from "./roles.ts";
import { DEFAULT_SETTLEMENT_FEE_BPS, PRICE_BOUNDS, type Platform, type PlatformAccounts } from "./deploy.ts";
import { createFundedSubscription, deployFunctionsNetwork, type FunctionsNetwork } from "./chainlink-functions.ts";
import { devDonKeys, type DonKeys } from "../../oracle-relay/don-simulator/keys.ts";

export interface MeteringOptions {
  /** The Functions JavaScript source (oracle-relay/functions/). */
  source: string;
  /** Address whose signature the source checks on the relay's summaries. */
  relay: Address;
  /** Base URL of the relay, passed to the source. */
  relayUrl: string;
  /** Accounts that may request production (the relay's scheduler). */
  requesters: Address[];
  /** Seconds a proposed period stays challengeable; default 300 (a short development window). */
  disputeWindow?: number;
  /** Seconds before an unanswered request may be re-sent; default 300. */
  requestTimeout?: number;
  /** Fewest independent meters per period; default 1. */
  minSources?: number;
  /** Gas for the oracle's fulfilment callback; default 300,000 (the router's lowest tier). */
  callbackGasLimit?: number;
  /** The simulated DON's keys; default the public development keys. */
  don?: DonKeys;
  /** Certificate metadata URI template. */
  certificateUri?: string;
}

export async function deployMetering(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  platform: Platform,
  accounts: PlatformAccounts,
  options: MeteringOptions,
) {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const upgradesApi = await upgrades(hre, connection);
  const wait = confirmer(publicClient, "metering wiring");
  const asAdmin = { account: accounts.admin };
  const records = {} as Partial<Record<MeteringContractName, DeployedContract>>;
  const record = async (name: MeteringContractName, address: Address, upgradeable: boolean) => {
    records[name] = {
      address,
      startBlock: Number(await publicClient.getBlockNumber()),
      ...(upgradeable ? { implementation: await upgradesApi.erc1967.getImplementationAddress(address) } : {}),
    };
  };

  const don = options.don ?? devDonKeys();
  const functions: FunctionsNetwork = await deployFunctionsNetwork(connection, accounts.admin, don);
  await record("LinkToken", functions.linkToken.address, false);
  await record("LinkEthFeed", functions.linkEthFeed.address, false);
  await record("FunctionsRouter", functions.router.address, false);
  await record("FunctionsCoordinator", functions.coordinator.address, false);

  // The subscription must exist before the oracle's configuration names it; consumers are added after.
  const subscriptionId = await createFundedSubscription(connection, functions, accounts.admin, []);
  const config = {
    subscriptionId,
    donId: functions.donId,
    callbackGasLimit: options.callbackGasLimit ?? 300_000,
    disputeWindow: options.disputeWindow ?? 300,
    requestTimeout: options.requestTimeout ?? 300,
    minSources: options.minSources ?? 1,
    relay: options.relay,
    relayUrl: options.relayUrl,
  };
  // FunctionsClient's router is an immutable of the implementation (constructor argument); Chainlink's
  // FunctionsClient has a constructor the plugin cannot see annotated, hence the explicit allowances.
  const productionOracle = await upgradesApi.deployProxy(
    "ProductionOracle",
    [accounts.admin, platform.energyAsset.address, config, options.source],
    {
      kind: "uups",
      constructorArgs: [functions.router.address],
      unsafeAllow: ["constructor", "state-variable-immutable"],
    },
  );
  await record("ProductionOracle", productionOracle.address, true);
  await wait(functions.router.write.addConsumer([subscriptionId, productionOracle.address], asAdmin));

  const energyCertificate = await upgradesApi.deployProxy(
    "EnergyCertificate",
    [accounts.admin, platform.energyAsset.address, productionOracle.address, options.certificateUri ?? "ipfs://"],
    { kind: "uups" },
  );
  await record("EnergyCertificate", energyCertificate.address, true);

  const oracleRevenueSettlement = await upgradesApi.deployProxy(
    "RevenueSettlement",
    [
      accounts.admin,
      platform.energyAsset.address,
      platform.revenueDistributor.address,
      productionOracle.address,
      accounts.treasury,
      DEFAULT_SETTLEMENT_FEE_BPS,
    ],
    { kind: "uups" },
  );
  await record("OracleRevenueSettlement", oracleRevenueSettlement.address, true);

  await wait(productionOracle.write.grantRole([roles.VERIFIER, accounts.verifier], asAdmin));
  for (const requester of options.requesters) {
    await wait(productionOracle.write.grantRole([roles.PRODUCTION_REQUESTER, requester], asAdmin));
  }
  await wait(oracleRevenueSettlement.write.setPriceFeed([0n, platform.priceFeed.address], asAdmin));
  await wait(
    oracleRevenueSettlement.write.setPriceBounds([PRICE_BOUNDS.min, PRICE_BOUNDS.max, PRICE_BOUNDS.maxAge], asAdmin),
  );

  return { functions, subscriptionId, don, productionOracle, energyCertificate, oracleRevenueSettlement, records };
}

export type Metering = Awaited<ReturnType<typeof deployMetering>>;
