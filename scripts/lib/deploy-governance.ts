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
import { confirmer } from "./confirm.ts";
import { roles } from "./roles.ts";
import type { Platform } from "./deploy.ts";

const DAY = 24 * 3600;
const YEAR = 365 * DAY;
export const WATT_CAP = parseEther("1000000000");

/** RewardsManager categories, in IRewardsManager.Category order. */
export const REWARD_CATEGORY = { Onboarding: 0, FirstInvestment: 1, Referral: 2, Usage: 3 } as const;

/**
 * The WATT allocation table: every token of the 1,000,000,000 cap, each row with its vehicle. The vesting
 * rows are OpenZeppelin VestingWalletCliff wallets (VotingVestingWallet: the beneficiary can delegate the
 * locked tokens' votes) minted at the token's construction; the reward rows are the RewardsManager's
 * category budgets, minted only when earned. `beneficiary` names who receives the vested tokens.
 */
export const ALLOCATION_TABLE = {
  vesting: [
    // Founders and staff: 1-year cliff, 4 years linear.
    { name: "team", beneficiary: "team", amount: parseEther("150000000"), cliff: YEAR, duration: 4 * YEAR },
    // Ecosystem launch tranche: vested at launch; funds the staking reward pool and liquidity.
    { name: "ecosystem-launch", beneficiary: "ecosystem", amount: parseEther("50000000"), cliff: 0, duration: 0 },
    // Ecosystem grants (partners, integrations): 3 years linear.
    { name: "ecosystem-grants", beneficiary: "ecosystem", amount: parseEther("200000000"), cliff: 0, duration: 3 * YEAR },
    // Platform treasury, spent by governance: 6-month cliff, 4 years linear, to the platform timelock.
    { name: "treasury", beneficiary: "timelock", amount: parseEther("300000000"), cliff: YEAR / 2, duration: 4 * YEAR },
  ],
  /** Category budgets of the RewardsManager, in REWARD_CATEGORY order: 300,000,000 together. */
  rewards: [
    { category: "Onboarding", budget: parseEther("100000000"), amount: parseEther("100"), periodLimit: parseEther("1000000"), period: DAY },
    { category: "FirstInvestment", budget: parseEther("80000000"), amount: parseEther("250"), periodLimit: parseEther("1000000"), period: DAY },
    { category: "Referral", budget: parseEther("70000000"), amount: parseEther("50"), periodLimit: parseEther("500000"), period: DAY },
    { category: "Usage", budget: parseEther("50000000"), amount: parseEther("10"), periodLimit: parseEther("100000"), period: DAY },
  ],
} as const;
export const REWARDS_ALLOCATION = ALLOCATION_TABLE.rewards.reduce((sum, row) => sum + row.budget, 0n);
export const MAX_REFERRALS_PER_REFERRER = 20n;

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
