// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IWattStaking} from "../interfaces/IWattStaking.sol";
import {IWattToken} from "../interfaces/IWattToken.sol";

/// @title WattStaking
/// @notice See {IWattStaking}. UUPS upgradeable; rate, cooldown and upgrades by DEFAULT_ADMIN_ROLE (the
/// platform timelock in production). Voting power: the vault is WATT's staking vault, so stakes move with
/// {IWattToken-stakeFrom}/{IWattToken-unstakeTo} and stay counted in the staker's votes; the vault itself
/// never delegates, so the reward pool it holds votes for nobody.
contract WattStaking is IWattStaking, AccessControlUpgradeable, ReentrancyGuardTransient, UUPSUpgradeable {
    using SafeERC20 for IERC20;

    uint256 private constant PRECISION = 1e18;
    uint64 public constant MAX_COOLDOWN = 90 days;

    /// @custom:storage-location erc7201:cowatt.storage.WattStaking
    struct StakingStorage {
        IWattToken token;
        uint256 rewardRate;
        uint64 cooldown;
        uint64 lastUpdate;
        uint256 rewardPerTokenStored;
        uint256 totalStaked;
        uint256 unallocated;
        uint256 totalFunded;
        uint256 totalPaid;
        mapping(address account => Staker) stakers;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.WattStaking")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x599cbd8ac449a30ad899fec88beeecd2d5a3bc9649b018d129c12cdfaf0eaa00;

    function _storage() private pure returns (StakingStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address admin, IWattToken token, uint256 rewardRate_, uint64 cooldown_) external initializer {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        StakingStorage storage $ = _storage();
        $.token = token;
        $.lastUpdate = uint64(block.timestamp);
        _setRewardRate(rewardRate_);
        _setCooldown(cooldown_);
    }

    /// @inheritdoc IWattStaking
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        StakingStorage storage $ = _storage();
        _updateReward($, msg.sender);
        $.stakers[msg.sender].staked += amount;
        $.totalStaked += amount;
        emit Staked(msg.sender, amount);
        $.token.stakeFrom(msg.sender, amount);
    }

    /// @inheritdoc IWattStaking
    function unstake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        StakingStorage storage $ = _storage();
        _updateReward($, msg.sender);
        Staker storage s = $.stakers[msg.sender];
        if (amount > s.staked) revert InsufficientStake(msg.sender, s.staked, amount);
        s.staked -= amount;
        $.totalStaked -= amount;
        if ($.cooldown == 0) {
            emit Withdrawn(msg.sender, amount);
            $.token.unstakeTo(msg.sender, amount);
            return;
        }
        // A new request restarts the cooldown for everything cooling down.
        s.coolingDown += amount;
        s.unlocksAt = uint64(block.timestamp) + $.cooldown;
        emit UnstakeRequested(msg.sender, amount, s.unlocksAt);
    }

    /// @inheritdoc IWattStaking
    function withdraw() external nonReentrant {
        StakingStorage storage $ = _storage();
        Staker storage s = $.stakers[msg.sender];
        uint256 amount = s.coolingDown;
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        if (block.timestamp < s.unlocksAt) revert CooldownNotOver(msg.sender, s.unlocksAt);
        s.coolingDown = 0;
        emit Withdrawn(msg.sender, amount);
        $.token.unstakeTo(msg.sender, amount);
    }

    /// @inheritdoc IWattStaking
    function claimRewards() external nonReentrant returns (uint256 reward) {
        StakingStorage storage $ = _storage();
        _updateReward($, msg.sender);
        Staker storage s = $.stakers[msg.sender];
        reward = s.rewards;
        if (reward == 0) return 0;
        s.rewards = 0;
        $.totalPaid += reward;
        emit RewardPaid(msg.sender, reward);
        IERC20(address($.token)).safeTransfer(msg.sender, reward);
    }

    /// @inheritdoc IWattStaking
    function fund(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        StakingStorage storage $ = _storage();
        _updateReward($, address(0));
        $.unallocated += amount;
        $.totalFunded += amount;
        emit PoolFunded(msg.sender, amount);
        IERC20(address($.token)).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IWattStaking
    function setRewardRate(uint256 rewardRate_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _updateReward(_storage(), address(0));
        _setRewardRate(rewardRate_);
    }

    /// @inheritdoc IWattStaking
    function setCooldown(uint64 cooldown_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCooldown(cooldown_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IWattStaking
    function earned(address account) public view returns (uint256) {
        StakingStorage storage $ = _storage();
        Staker storage s = $.stakers[account];
        (uint256 rpt,) = _pendingRewardPerToken($);
        return s.rewards + s.staked * (rpt - s.rewardPerTokenPaid) / PRECISION;
    }

    /// @inheritdoc IWattStaking
    function rewardPerToken() external view returns (uint256 rpt) {
        (rpt,) = _pendingRewardPerToken(_storage());
    }

    /// @inheritdoc IWattStaking
    function staker(address account) external view returns (Staker memory s) {
        s = _storage().stakers[account];
        s.rewards = earned(account);
    }

    /// @inheritdoc IWattStaking
    function totalStaked() external view returns (uint256) {
        return _storage().totalStaked;
    }

    /// @inheritdoc IWattStaking
    function rewardRate() external view returns (uint256) {
        return _storage().rewardRate;
    }

    /// @inheritdoc IWattStaking
    function cooldown() external view returns (uint64) {
        return _storage().cooldown;
    }

    /// @inheritdoc IWattStaking
    function unallocatedRewards() external view returns (uint256) {
        (, uint256 accrued) = _pendingRewardPerToken(_storage());
        return _storage().unallocated - accrued;
    }

    /// @inheritdoc IWattStaking
    function totalFunded() external view returns (uint256) {
        return _storage().totalFunded;
    }

    /// @inheritdoc IWattStaking
    function totalRewardsPaid() external view returns (uint256) {
        return _storage().totalPaid;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Rewards since the last update: rate × time, never more than the unallocated pool; nothing
    /// accrues while nobody stakes (it stays in the pool).
    function _pendingRewardPerToken(StakingStorage storage $) private view returns (uint256 rpt, uint256 accrued) {
        rpt = $.rewardPerTokenStored;
        if ($.totalStaked == 0) return (rpt, 0);
        accrued = Math.min((block.timestamp - $.lastUpdate) * $.rewardRate, $.unallocated);
        rpt += accrued * PRECISION / $.totalStaked;
    }

    function _updateReward(StakingStorage storage $, address account) private {
        (uint256 rpt, uint256 accrued) = _pendingRewardPerToken($);
        $.rewardPerTokenStored = rpt;
        $.unallocated -= accrued;
        $.lastUpdate = uint64(block.timestamp);
        if (account != address(0)) {
            Staker storage s = $.stakers[account];
            s.rewards += s.staked * (rpt - s.rewardPerTokenPaid) / PRECISION;
            s.rewardPerTokenPaid = rpt;
        }
    }

    function _setRewardRate(uint256 rewardRate_) private {
        _storage().rewardRate = rewardRate_;
        emit RewardRateSet(rewardRate_);
    }

    function _setCooldown(uint64 cooldown_) private {
        if (cooldown_ > MAX_COOLDOWN) revert CooldownTooLong(cooldown_, MAX_COOLDOWN);
        _storage().cooldown = cooldown_;
        emit CooldownSet(cooldown_);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
