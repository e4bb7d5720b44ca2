/**
 * Governance fixtures: the platform plus WATT, rewards, staking and governors deployed by the same library
 * the dev chain uses (scripts/lib/deploy-governance.ts), with short test periods.
 */
import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { keccak256, parseEther, toHex, type Address, type Hex } from "viem";
import { deployGovernance, type GovernanceSettings, PRODUCTION_SETTINGS } from "../../scripts/lib/deploy-governance.ts";
import { activeAssetFixture, type Fixture } from "./fixture.ts";

export const TEST_SETTINGS: GovernanceSettings = {
  platform: { ...PRODUCTION_SETTINGS.platform, votingDelay: 60, votingPeriod: 3_600, timelockDelay: 600n },
  asset: { ...PRODUCTION_SETTINGS.asset, votingDelay: 60, votingPeriod: 3_600, timelockDelay: 600 },
  staking: { rewardRate: parseEther("1"), cooldown: 3_600n },
};

export const PROPOSAL_STATE = {
  Pending: 0,
  Active: 1,
  Canceled: 2,
  Defeated: 3,
  Succeeded: 4,
  Queued: 5,
  Expired: 6,
  Executed: 7,
} as const;
export const VOTE = { Against: 0, For: 1, Abstain: 2 } as const;
export const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
export const ipfs = (suffix = "") => `ipfs://${CID}${suffix}`;

/** {activeAssetFixture} (alice 4,000, bob 3,000, carol 3,000 shares of `assetId`) plus governance. */
export async function governanceFixture(connection: NetworkConnection, options: { production?: boolean } = {}) {
  const f = await activeAssetFixture(connection);
  const gov = await deployGovernance(
    hre,
    connection,
    f,
    {
      admin: f.wallets.admin.account.address,
      team: f.wallets.admin.account.address,
      ecosystem: f.wallets.treasury.account.address,
      guardian: f.wallets.ops.account.address,
    },
    { production: options.production ?? false, settings: TEST_SETTINGS },
  );
  const { viem } = connection;
  const vesting = (name: string) => viem.getContractAt("VotingVestingWallet", gov.vestingWallets[name] as Address);
  return { ...f, gov, vesting };
}

export type GovernanceFixture = Awaited<ReturnType<typeof governanceFixture>>;

/**
 * {governanceFixture} with votes in place: the team vesting wallet delegates its 150M WATT to the admin,
 * and the ecosystem's launch tranche (50M, vested) is released to the treasury wallet, which delegates to
 * itself. Returns the fixture.
 */
export async function votingFixture(connection: NetworkConnection) {
  const f = await governanceFixture(connection);
  const team = await f.vesting("team");
  await team.write.delegate([f.gov.watt.address, f.wallets.admin.account.address], { account: f.wallets.admin.account });
  const launch = await f.vesting("ecosystem-launch");
  await launch.write.release([f.gov.watt.address]);
  await f.gov.watt.write.delegate([f.wallets.treasury.account.address], { account: f.wallets.treasury.account });
  await f.networkHelpers.mine(1);
  return f;
}

export function descriptionHash(description: string): Hex {
  return keccak256(toHex(description));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type GovernorLike = { address: Address; read: any; write: any };
interface UnusedGovernorLike {
  address: Address;
  read: {
    proposalSnapshot: (args: [bigint]) => Promise<bigint>;
    proposalDeadline: (args: [bigint]) => Promise<bigint>;
    hashProposal: (args: [readonly Address[], readonly bigint[], readonly Hex[], Hex]) => Promise<bigint>;
  };
  write: {
    propose: (args: [readonly Address[], readonly bigint[], readonly Hex[], string], options: { account: Address }) => Promise<Hex>;
  };
}

/** Proposes and returns the id and the arguments queue/execute need. */
export async function propose(
  f: Fixture,
  governor: GovernorLike,
  proposer: Address,
  targets: Address[],
  calldatas: Hex[],
  description = ipfs(),
) {
  const values = targets.map(() => 0n);
  await governor.write.propose([targets, values, calldatas, description], { account: proposer });
  const hash = descriptionHash(description);
  const id = await governor.read.hashProposal([targets, values, calldatas, hash]);
  return { id, targets, values, calldatas, hash };
}

/** Moves time to the proposal's voting start (just after its snapshot). */
export async function toVoting(f: Fixture, governor: GovernorLike, proposalId: bigint) {
  const snapshot = await governor.read.proposalSnapshot([proposalId]);
  await f.networkHelpers.time.increaseTo(snapshot + 1n);
}

/** Moves time past the proposal's deadline. */
export async function toDeadline(f: Fixture, governor: GovernorLike, proposalId: bigint) {
  const deadline = await governor.read.proposalDeadline([proposalId]);
  await f.networkHelpers.time.increaseTo(deadline + 1n);
}
