/**
 * The WATT token economics: cap, allocation table (vesting wallets and reward budgets) and reward parameters.
 * Plain data (no Hardhat), so the subgraph's manifest renderer can read the allocation rows too.
 */
import { parseEther } from "viem";

export const DAY = 24 * 3600;
export const YEAR = 365 * DAY;
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
