// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title WATT: CoWatt's reward and platform-governance token
/// @notice ERC-20 with ERC20Votes (timestamp clock, IERC6372 `mode=timestamp`), ERC-2612 permit and a hard cap
/// of 1,000,000,000 WATT. Supply comes only from the vesting allocations minted at construction and from
/// MINTER_ROLE (the RewardsManager). The GUARDIAN_ROLE (granted by the admin, the platform timelock in
/// production) pauses every movement in an emergency.
///
/// Staked WATT keeps its voting power: the staking vault moves stakes with {stakeFrom} / {unstakeTo}, which
/// move the balance into the vault without moving votes, and a staker's voting units are its wallet
/// balance plus its staked balance. Delegating, re-delegating and transfers all follow those units, so the
/// votes of every delegate always equal the wallet-plus-staked balances of its delegators.
interface IWattToken {
    event StakingVaultSet(address indexed vault);
    event StakeLocked(address indexed account, uint256 amount);
    event StakeUnlocked(address indexed account, uint256 amount);

    /// @dev Allocation lists of different lengths.
    error AllocationLengthMismatch(uint256 recipients, uint256 amounts);
    /// @dev The staking vault is set once.
    error StakingVaultAlreadySet(address vault);
    /// @dev Only the staking vault may move stakes.
    error NotStakingVault(address caller);
    /// @dev The account has fewer staked tokens than the vault tries to return.
    error InsufficientStake(address account, uint256 staked, uint256 needed);

    /// @notice Mints rewards, within the cap. MINTER_ROLE only.
    function mint(address to, uint256 amount) external;

    /// @notice Stops every transfer, mint and stake movement. GUARDIAN_ROLE only.
    function pause() external;

    /// @notice Lifts the pause. GUARDIAN_ROLE only.
    function unpause() external;

    /// @notice Sets the staking vault, once. Admin only.
    function setStakingVault(address vault) external;

    /// @notice Moves `amount` of `account`'s tokens into the vault; the account keeps their votes. Vault only.
    function stakeFrom(address account, uint256 amount) external;

    /// @notice Returns `amount` of `account`'s stake from the vault to the account. Vault only.
    function unstakeTo(address account, uint256 amount) external;

    /// @notice Tokens of `account` held by the staking vault (they count as the account's voting units).
    function stakedBalance(address account) external view returns (uint256);

    function stakingVault() external view returns (address);

    function cap() external view returns (uint256);
}
