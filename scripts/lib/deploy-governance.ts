/**
 * Governance and rewards deployment: WATT with its vesting allocations, RewardsManager, WattStaking, the
 * platform TimelockController + PlatformGovernor, and the per-asset governance factory (with its clone
 * implementations). Production mode hands every admin and upgrader role of every contract to the platform
 * timelock and renounces the deployer's.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { upgrades } from "@openzeppelin/hardhat-upgrades/viem";
import { parseEther, type Address } from "viem";
import type { DeployedContract, PlatformContractName, VestingWalletRecord } from "@cowatt/deployments";
import { ALLOCATION_TABLE, DAY, MAX_REFERRALS_PER_REFERRER, REWARDS_ALLOCATION, WATT_CAP } from "./allocation.ts";
import { confirmer } from "./confirm.ts";
import { roles } from "./roles.ts";
import type { Platform } from "./deploy.ts";

export { ALLOCATION_TABLE, MAX_REFERRALS_PER_REFERRER, REWARD_CATEGORY, REWARDS_ALLOCATION, WATT_CAP } from "./allocation.ts";

/** Governor, timelock and staking parameters (seconds). The dev chain uses short periods for its demo. */
export interface GovernanceSettings {
  platform: { votingDelay: number; votingPeriod: number; proposalThreshold: bigint; quorumPercent: bigint; timelockDelay: bigint };
  asset: { votingDelay: number; votingPeriod: number; proposalThresholdBps: number; quorumPercent: number; timelockDelay: number };
  staking: { rewardRate: bigint; cooldown: bigint };
}

export const PRODUCTION_SETTINGS: GovernanceSettings = {
  platform: { votingDelay: DAY, votingPeriod: 7 * DAY, proposalThreshold: parseEther("100000"), quorumPercent: 4n, timelockDelay: 2n * BigInt(DAY) },
  asset: { votingDelay: DAY, votingPeriod: 7 * DAY, proposalThresholdBps: 100, quorumPercent: 10, timelockDelay: 2 * DAY },
  staking: { rewardRate: parseEther("0.1"), cooldown: 7n * BigInt(DAY) },
};

export const DEV_SETTINGS: GovernanceSettings = {
  platform: { ...PRODUCTION_SETTINGS.platform, votingDelay: 60, votingPeriod: DAY, timelockDelay: 600n },
  asset: { ...PRODUCTION_SETTINGS.asset, votingDelay: 60, votingPeriod: DAY, timelockDelay: 600 },
  staking: PRODUCTION_SETTINGS.staking,
};

export interface GovernanceAccounts {
  /** The deployer: temporary admin of everything (kept on a dev chain, renounced in production). */
  admin: Address;
  team: Address;
  ecosystem: Address;
  /** Pauses WATT in an emergency (GUARDIAN_ROLE, granted and revocable by the timelock). */
  guardian: Address;
}

/** Development-chain roles: #0 team (the deployer stands in for the founders), #15 ecosystem, #1 guardian. */
export function devGovernanceAccounts(addresses: readonly Address[]): GovernanceAccounts {
  const at = (index: number) => {
    const address = addresses[index];
    if (!address) throw new Error(`the development chain needs test account #${index}`);
    return address;
  };
  return { admin: at(0), team: at(0), ecosystem: at(15), guardian: at(1) };
}

export async function deployGovernance(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  platform: Platform,
  accounts: GovernanceAccounts,
  options: { production: boolean; settings?: GovernanceSettings },
) {
  const { viem } = connection;
  const settings = options.settings ?? (options.production ? PRODUCTION_SETTINGS : DEV_SETTINGS);
  const publicClient = await viem.getPublicClient();
  const upgradesApi = await upgrades(hre, connection);
  const wait = confirmer(publicClient, "governance");
  const asAdmin = { account: accounts.admin };
  const records = {} as Partial<Record<PlatformContractName, DeployedContract>>;
  const record = async (name: PlatformContractName, address: Address, upgradeable = false) => {
    records[name] = {
      address,
      startBlock: Number(await publicClient.getBlockNumber()),
      ...(upgradeable ? { implementation: await upgradesApi.erc1967.getImplementationAddress(address) } : {}),
    };
  };

  // The timelock first: it is the treasury allocation's beneficiary. The deployer administers it until the
  // governor is wired (and keeps that only on a dev chain).
  const timelock = await viem.deployContract("PlatformTimelock", [
    settings.platform.timelockDelay,
    [],
    ["0x0000000000000000000000000000000000000000"],
    accounts.admin,
  ]);
  await record("PlatformTimelock", timelock.address);

  const now = (await publicClient.getBlock()).timestamp;
  const beneficiaryOf = { team: accounts.team, ecosystem: accounts.ecosystem, timelock: timelock.address } as const;
  const vestingWallets: Record<string, Address> = {};
  const vestingRecords: VestingWalletRecord[] = [];
  for (const row of ALLOCATION_TABLE.vesting) {
    const beneficiary = beneficiaryOf[row.beneficiary];
    const wallet = await viem.deployContract("VotingVestingWallet", [beneficiary, now, BigInt(row.duration), BigInt(row.cliff)]);
    vestingWallets[row.name] = wallet.address;
    vestingRecords.push({
      name: row.name,
      address: wallet.address,
      beneficiary,
      allocation: row.amount.toString(),
      start: Number(now),
      durationSeconds: row.duration,
      cliffSeconds: row.cliff,
      startBlock: Number(await publicClient.getBlockNumber()),
    });
  }
  const vestingTotal = ALLOCATION_TABLE.vesting.reduce((sum, row) => sum + row.amount, 0n);
  if (vestingTotal + REWARDS_ALLOCATION !== WATT_CAP) throw new Error("the allocation table must sum to the WATT cap");

  const watt = await viem.deployContract("WattToken", [
    accounts.admin,
    ALLOCATION_TABLE.vesting.map((row) => vestingWallets[row.name]!),
    ALLOCATION_TABLE.vesting.map((row) => row.amount),
  ]);
  await record("WattToken", watt.address);

  const governor = await viem.deployContract("PlatformGovernor", [
    watt.address,
    timelock.address,
    settings.platform.votingDelay,
    settings.platform.votingPeriod,
    settings.platform.proposalThreshold,
    settings.platform.quorumPercent,
  ]);
  await record("PlatformGovernor", governor.address);

  // Per-asset governance: implementations cloned by the factory, the stablecoin as every asset's reserve.
  const assetGovernorImpl = await viem.deployContract("AssetGovernor");
  const assetTimelockImpl = await viem.deployContract("AssetTimelock");
  const factory = await viem.deployContract("AssetGovernorFactory", [
    platform.energyAsset.address,
    platform.stablecoin.address,
    assetGovernorImpl.address,
    assetTimelockImpl.address,
    settings.asset,
  ]);
  await record("AssetGovernorFactory", factory.address);

  const rewardsManager = await upgradesApi.deployProxy(
    "RewardsManager",
    [
      accounts.admin,
      watt.address,
      platform.identityRegistry.address,
      platform.energyAsset.address,
      factory.address,
      REWARDS_ALLOCATION,
      ALLOCATION_TABLE.rewards.map(({ amount, budget, periodLimit, period }) => ({ amount, budget, periodLimit, period: BigInt(period) })),
      MAX_REFERRALS_PER_REFERRER,
    ],
    { kind: "uups" },
  );
  await record("RewardsManager", rewardsManager.address, true);

  const staking = await upgradesApi.deployProxy(
    "WattStaking",
    [accounts.admin, watt.address, settings.staking.rewardRate, settings.staking.cooldown],
    { kind: "uups" },
  );
  await record("WattStaking", staking.address, true);

  // Wiring.
  const minter = await watt.read.MINTER_ROLE();
  const guardian = await watt.read.GUARDIAN_ROLE();
  await wait(watt.write.grantRole([minter, rewardsManager.address], asAdmin));
  await wait(watt.write.grantRole([guardian, accounts.guardian], asAdmin));
  await wait(watt.write.setStakingVault([staking.address], asAdmin));
  await wait(rewardsManager.write.setRewardedGovernor([governor.address, true], asAdmin));
  await wait(platform.energyAsset.write.grantRole([roles.GOVERNANCE_REGISTRAR, factory.address], asAdmin));
  await wait(timelock.write.grantRole([await timelock.read.PROPOSER_ROLE(), governor.address], asAdmin));
  await wait(timelock.write.grantRole([await timelock.read.CANCELLER_ROLE(), governor.address], asAdmin));

  const governed = administeredContracts(platform, { watt, rewardsManager, staking });
  // The timelock administers every contract in every mode (a dev chain's proposals can change anything);
  // in production the deployer then renounces every admin role, the timelock's own included.
  for (const contract of governed) {
    await wait(contract.write.grantRole([roles.DEFAULT_ADMIN, timelock.address], asAdmin));
  }
  if (options.production) {
    for (const contract of governed) {
      await wait(contract.write.renounceRole([roles.DEFAULT_ADMIN, accounts.admin], asAdmin));
    }
    await wait(timelock.write.renounceRole([roles.DEFAULT_ADMIN, accounts.admin], asAdmin));
  }

  // The deployment record lists the governance contracts beside the platform's.
  Object.assign(platform.deployment.contracts, records);
  platform.deployment.vestingWallets = vestingRecords;
  return {
    watt,
    rewardsManager,
    staking,
    timelock,
    governor,
    factory,
    vestingWallets,
    settings,
    records: records as Record<PlatformContractName, DeployedContract>,
  };
}

/** Every contract whose DEFAULT_ADMIN_ROLE administers roles and authorises upgrades. */
function administeredContracts(
  platform: Platform,
  governance: { watt: { write: RoleWriter }; rewardsManager: { write: RoleWriter }; staking: { write: RoleWriter } },
): { write: RoleWriter }[] {
  return [
    platform.identityRegistry,
    platform.compliance,
    platform.energyAsset,
    platform.offering,
    platform.orderBook,
    platform.revenueDistributor,
    platform.revenueSettlement,
    platform.reportedProduction,
    governance.watt,
    governance.rewardsManager,
    governance.staking,
  ] as unknown as { write: RoleWriter }[];
}

interface RoleWriter {
  grantRole: (args: readonly [`0x${string}`, Address], options: { account: Address }) => Promise<`0x${string}`>;
  renounceRole: (args: readonly [`0x${string}`, Address], options: { account: Address }) => Promise<`0x${string}`>;
}

export type Governance = Awaited<ReturnType<typeof deployGovernance>>;
