// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IWattToken} from "../interfaces/IWattToken.sol";

/// @title WattToken
/// @notice See {IWattToken}. Not upgradeable: the supply rules (cap, minters) are fixed at deployment;
/// the roles are administered by the platform timelock in production.
contract WattToken is IWattToken, ERC20, ERC20Capped, ERC20Pausable, ERC20Permit, ERC20Votes, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    uint256 public constant MAX_SUPPLY = 1_000_000_000 ether;

    address public stakingVault;
    mapping(address account => uint256) private _staked;

    /// @param admin DEFAULT_ADMIN_ROLE (grants MINTER and GUARDIAN; the platform timelock in production)
    /// @param recipients the vesting wallets of the allocation table, minted their allocations now
    constructor(address admin, address[] memory recipients, uint256[] memory amounts)
        ERC20("CoWatt", "WATT")
        ERC20Capped(MAX_SUPPLY)
        ERC20Permit("CoWatt")
    {
        if (recipients.length != amounts.length) revert AllocationLengthMismatch(recipients.length, amounts.length);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint256 i; i < recipients.length; ++i) {
            _mint(recipients[i], amounts[i]);
        }
    }

    /// @inheritdoc IWattToken
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc IWattToken
    function pause() external onlyRole(GUARDIAN_ROLE) {
        _pause();
    }

    /// @inheritdoc IWattToken
    function unpause() external onlyRole(GUARDIAN_ROLE) {
        _unpause();
    }

    /// @inheritdoc IWattToken
    function setStakingVault(address vault) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (stakingVault != address(0)) revert StakingVaultAlreadySet(stakingVault);
        stakingVault = vault;
        emit StakingVaultSet(vault);
    }

    /// @inheritdoc IWattToken
    function stakeFrom(address account, uint256 amount) external {
        _requireVault();
        _requireNotPaused();
        // Balance moves to the vault, voting units stay with the account (wallet + staked): no vote move.
        ERC20._update(account, msg.sender, amount);
        _staked[account] += amount;
        emit StakeLocked(account, amount);
    }

    /// @inheritdoc IWattToken
    function unstakeTo(address account, uint256 amount) external {
        _requireVault();
        _requireNotPaused();
        uint256 staked = _staked[account];
        if (amount > staked) revert InsufficientStake(account, staked, amount);
        _staked[account] = staked - amount;
        ERC20._update(msg.sender, account, amount);
        emit StakeUnlocked(account, amount);
    }

    /// @inheritdoc IWattToken
    function stakedBalance(address account) external view returns (uint256) {
        return _staked[account];
    }

    /// @inheritdoc IWattToken
    function cap() public view override(IWattToken, ERC20Capped) returns (uint256) {
        return super.cap();
    }

    /// @notice IERC6372: votes are checkpointed by block timestamp.
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @notice IERC6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev A wallet's voting units are its balance plus its stake held by the vault.
    function _getVotingUnits(address account) internal view override returns (uint256) {
        return balanceOf(account) + _staked[account];
    }

    function _update(address from, address to, uint256 value)
        internal
        override(ERC20, ERC20Capped, ERC20Pausable, ERC20Votes)
    {
        super._update(from, to, value);
    }

    function _requireVault() private view {
        if (msg.sender != stakingVault || msg.sender == address(0)) revert NotStakingVault(msg.sender);
    }
}
