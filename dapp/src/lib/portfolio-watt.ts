/** The portfolio's WATT section: what the subgraph indexes for a wallet (WattAccount) and the staking reward rate. */
import type { SubgraphVestingWallet } from "./portfolio-vesting";

export const WATT_ACCOUNT_QUERY = /* GraphQL */ `
  query WattAccount($account: Bytes!) {
    wattAccount(id: $account) {
      id
      rewardsAccrued
      rewardsClaimed
      stakingRewardsPaid
      stakeEvents(first: 10, orderBy: timestamp, orderDirection: desc) { id kind amount unlocksAt timestamp transactionHash }
      vestingWallets(orderBy: name) {
        id name allocation start cliffEnd durationSeconds released
        releases(first: 10, orderBy: timestamp, orderDirection: desc) { id token amount timestamp transactionHash }
      }
    }
  }
`;

export type StakeEventKind = "Staked" | "UnstakeRequested" | "Withdrawn" | "RewardPaid" | "PoolFunded";

export interface SubgraphStakeEvent {
  id: string;
  kind: StakeEventKind;
  amount: string;
  unlocksAt: string | null;
  timestamp: string;
  transactionHash: `0x${string}`;
}

export interface WattAccountData {
  wattAccount: {
    id: string;
    rewardsAccrued: string;
    rewardsClaimed: string;
    stakingRewardsPaid: string;
    stakeEvents: SubgraphStakeEvent[];
    vestingWallets: SubgraphVestingWallet[];
  } | null;
}

export const STAKE_EVENT_LABEL: Record<StakeEventKind, string> = {
  Staked: "Staked",
  UnstakeRequested: "Unstake requested",
  Withdrawn: "Withdrawn to wallet",
  RewardPaid: "Staking reward claimed",
  PoolFunded: "Funded the reward pool",
};

/**
 * WATT a stake earns per day at the current rate: the pool pays `rewardRate` per second shared pro rata by
 * everything staked, while unallocated rewards last (WattStaking stops accruing when the pool is empty).
 */
export function dailyStakingReward(stake: { staked: bigint; totalStaked: bigint; rewardRate: bigint; unallocated: bigint }): bigint {
  if (stake.staked === 0n || stake.totalStaked === 0n || stake.unallocated === 0n) return 0n;
  return (stake.rewardRate * 86_400n * stake.staked) / stake.totalStaked;
}
