// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title CoWatt rewards: WATT granted by category, once per identity where that is the rule
/// @notice Design: an on-chain points ledger. Every reward is *accrued* by a user's own transaction that
/// proves the rewarded fact on chain (KYC in the IdentityRegistry, a share balance in EnergyAsset, a vote
/// recorded by a governor, a referrer's verified identity), then *claimed* as minted WATT. A Merkle-root
/// distribution would need an off-chain party to decide who earned what; here every rule is checked by
/// the contract, and {RewardAccrued} / {RewardClaimed} give the dApp the full history while
/// {pendingRewards} shows what is waiting. Category budgets and rate limits are enforced at accrual, so
/// minted WATT never exceeds them.
/// Anti-gaming: an identity (a KYC'd person with any number of linked wallets) earns onboarding, first
/// investment and being referred once; a referrer earns at most `maxReferralsPerReferrer` times; a vote
/// is rewarded once per identity and proposal. Unverified wallets neither accrue nor claim.
/// Usage rewards cover votes on the platform governor and on every asset governor of the factory; claiming
/// revenue is not rewarded yet (the RevenueDistributor keeps no per-holder claim record to prove it by).
interface IRewardsManager {
    enum Category {
        Onboarding,
        FirstInvestment,
        Referral,
        Usage
    }

    /// @param amount WATT granted per reward (a referral grants it to the referrer and to the referee)
    /// @param budget most WATT the category can ever grant
    /// @param periodLimit most WATT the category grants per period (rate limit)
    /// @param period length of a rate-limit period, seconds
    struct CategoryConfig {
        uint128 amount;
        uint128 budget;
        uint128 periodLimit;
        uint64 period;
    }

    /// @param granted WATT granted by the category so far
    /// @param grantedInPeriod WATT granted in the current period
    /// @param periodStart start of the current period
    struct CategoryState {
        uint128 granted;
        uint128 grantedInPeriod;
        uint64 periodStart;
    }

    event CategoryConfigured(Category indexed category, CategoryConfig config);
    event MaxReferralsSet(uint256 maxReferralsPerReferrer);
    event RewardedGovernorSet(address indexed governor, bool rewarded);
    /// @param ref what was rewarded: the asset id, the referrer's identity, the proposal id, or 0
    event RewardAccrued(
        Category indexed category, uint256 indexed identityId, address indexed wallet, uint256 amount, uint256 ref
    );
    event RewardClaimed(address indexed wallet, uint256 amount);

    /// @dev The wallet is not linked to a verified (current, unrevoked) identity.
    error UnverifiedWallet(address wallet);
    /// @dev The identity already received this once-per-identity reward.
    error RewardAlreadyGranted(Category category, uint256 identityId, uint256 ref);
    /// @dev The category's lifetime budget cannot cover the grant.
    error CategoryBudgetExhausted(Category category, uint256 remaining, uint256 needed);
    /// @dev The category's rate limit for the current period cannot cover the grant.
    error CategoryRateLimited(Category category, uint256 availableInPeriod, uint256 needed, uint256 periodEndsAt);
    /// @dev The category grants nothing (amount 0).
    error CategoryDisabled(Category category);
    /// @dev The caller holds no shares of the asset.
    error NoInvestment(address wallet, uint256 assetId);
    /// @dev A referrer must be another verified identity.
    error InvalidReferrer(address referrer);
    /// @dev The referrer reached the most referrals rewarded.
    error ReferralCapReached(uint256 referrerIdentityId, uint256 maxReferrals);
    /// @dev The governor is not one whose votes are rewarded.
    error GovernorNotRewarded(address governor);
    /// @dev The wallet did not vote on the proposal.
    error NotVoted(address wallet, uint256 proposalId);
    /// @dev Nothing is pending for the wallet.
    error NothingToClaim(address wallet);
    /// @dev The budgets together exceed the rewards allocation of the WATT supply.
    error BudgetsExceedAllocation(uint256 budgets, uint256 allocation);
    /// @dev A budget below what the category already granted, or a zero period.
    error InvalidCategoryConfig(Category category);

    /// @notice Onboarding reward, once per identity: the caller's KYC is complete.
    function accrueOnboarding() external;

    /// @notice First-investment reward, once per identity: the caller holds shares of `assetId`.
    function accrueFirstInvestment(uint256 assetId) external;

    /// @notice Referral reward, once per referee identity and at most `maxReferralsPerReferrer` per referrer:
    /// the caller (referee) names the verified `referrer` who brought them; both are rewarded.
    function accrueReferral(address referrer) external;

    /// @notice Usage reward for voting, once per identity and proposal, on a rewarded governor.
    function accrueVotingReward(address governor, uint256 proposalId) external;

    /// @notice Mints every pending reward of the caller to the caller, which must be verified.
    function claim() external returns (uint256 amount);

    /// @notice Sets a category's amount, budget and rate limit. Admin only.
    function configureCategory(Category category, CategoryConfig calldata config) external;

    /// @notice Sets how many referrals one referrer is rewarded for. Admin only.
    function setMaxReferralsPerReferrer(uint256 maxReferrals) external;

    /// @notice Marks a governor whose votes earn usage rewards. Admin only.
    function setRewardedGovernor(address governor, bool rewarded) external;

    function pendingRewards(address wallet) external view returns (uint256);
    function claimedRewards(address wallet) external view returns (uint256);
    function categoryConfig(Category category) external view returns (CategoryConfig memory);
    function categoryState(Category category) external view returns (CategoryState memory);
    function isRewarded(Category category, uint256 identityId, uint256 ref) external view returns (bool);
    function referralCount(uint256 referrerIdentityId) external view returns (uint256);
    function rewardsAllocation() external view returns (uint256);
}
