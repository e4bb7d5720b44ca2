// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title WATT staking
/// @notice Stake WATT and earn WATT at `rewardRate` per second, shared pro rata among stakers, paid from a
/// funded pool: rewards accrue only while the pool holds unallocated WATT, so rewards paid never exceed
/// the WATT funded. Pull-based and O(1) per action (a reward-per-token accumulator).
/// Unstaking starts a cooldown (when configured): the amount stops earning at once and can be withdrawn
/// when the cooldown ends. Staked and cooling-down WATT keeps its voting power: the vault moves it with
/// {IWattToken-stakeFrom}, which leaves the staker's votes with the staker's delegate.
interface IWattStaking {
    /// @param staked tokens earning rewards
    /// @param rewardPerTokenPaid accumulator value at the staker's last update
    /// @param rewards earned and not yet claimed
    /// @param coolingDown tokens unstaked and waiting for the cooldown
    /// @param unlocksAt when the cooling-down tokens can be withdrawn
    struct Staker {
        uint256 staked;
        uint256 rewardPerTokenPaid;
        uint256 rewards;
        uint256 coolingDown;
        uint64 unlocksAt;
    }

    event Staked(address indexed account, uint256 amount);
    event UnstakeRequested(address indexed account, uint256 amount, uint64 unlocksAt);
    event Withdrawn(address indexed account, uint256 amount);
    event RewardPaid(address indexed account, uint256 amount);
    event PoolFunded(address indexed funder, uint256 amount);
    event RewardRateSet(uint256 rewardRate);
    event CooldownSet(uint64 cooldown);

    error ZeroAmount();
    error InsufficientStake(address account, uint256 staked, uint256 needed);
    error CooldownNotOver(address account, uint64 unlocksAt);
    error NothingToWithdraw(address account);
    error CooldownTooLong(uint64 cooldown, uint64 max);

    /// @notice Stakes `amount` of the caller's WATT (no approval needed: the token moves it for the vault).
    function stake(uint256 amount) external;

    /// @notice Stops `amount` earning; withdrawn at once without a cooldown, else after it ({withdraw}).
    function unstake(uint256 amount) external;

    /// @notice Withdraws the caller's cooled-down tokens.
    function withdraw() external;

    /// @notice Pays the caller's earned rewards.
    function claimRewards() external returns (uint256);

    /// @notice Adds `amount` WATT from the caller to the reward pool (needs an ERC-20 approval).
    function fund(uint256 amount) external;

    /// @notice Sets the reward rate, WATT (wei) per second for all stakers together. Admin only.
    function setRewardRate(uint256 rewardRate) external;

    /// @notice Sets the unstaking cooldown (0: none). Admin only.
    function setCooldown(uint64 cooldown) external;

    function earned(address account) external view returns (uint256);
    function rewardPerToken() external view returns (uint256);
    function staker(address account) external view returns (Staker memory);
    function totalStaked() external view returns (uint256);
    function rewardRate() external view returns (uint256);
    function cooldown() external view returns (uint64);
    /// @notice WATT funded and not yet accrued to stakers.
    function unallocatedRewards() external view returns (uint256);
    function totalFunded() external view returns (uint256);
    function totalRewardsPaid() external view returns (uint256);
}
