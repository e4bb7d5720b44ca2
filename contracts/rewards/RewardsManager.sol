// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IRewardsManager} from "../interfaces/IRewardsManager.sol";
import {IWattToken} from "../interfaces/IWattToken.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IEnergyAsset} from "../interfaces/IEnergyAsset.sol";
import {IAssetGovernorFactory} from "../interfaces/IGovernance.sol";

/// @title RewardsManager
/// @notice See {IRewardsManager}. UUPS upgradeable (the ledger is state users depend on); upgrades and
/// configuration by DEFAULT_ADMIN_ROLE (the platform timelock in production). Mints WATT with the token's
/// MINTER_ROLE; the sum of the category budgets never exceeds the rewards allocation of the supply.
contract RewardsManager is IRewardsManager, AccessControlUpgradeable, ReentrancyGuardTransient, UUPSUpgradeable {
    uint256 private constant CATEGORY_COUNT = 4;

    /// @custom:storage-location erc7201:cowatt.storage.RewardsManager
    struct RewardsStorage {
        IWattToken token;
        IIdentityRegistry identityRegistry;
        IEnergyAsset energyAsset;
        IAssetGovernorFactory assetGovernors;
        uint256 allocation;
        uint256 maxReferralsPerReferrer;
        mapping(Category => CategoryConfig) configs;
        mapping(Category => CategoryState) states;
        mapping(address wallet => uint256) pending;
        mapping(address wallet => uint256) claimed;
        mapping(Category => mapping(uint256 identityId => mapping(uint256 ref => bool))) rewarded;
        mapping(uint256 referrerIdentityId => uint256) referrals;
        mapping(address governor => bool) rewardedGovernors;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.RewardsManager")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x8768a829961a229d8c78ebb30e41f13b9d1f26b8e4083f2c4bb4f6bba98fd600;

    function _storage() private pure returns (RewardsStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @param allocation WATT of the supply reserved for rewards (the allocation table's rewards rows)
    /// @param configs the four categories' configurations, in {Category} order
    function initialize(
        address admin,
        IWattToken token,
        IIdentityRegistry identityRegistry,
        IEnergyAsset energyAsset,
        IAssetGovernorFactory assetGovernors,
        uint256 allocation,
        CategoryConfig[4] calldata configs,
        uint256 maxReferrals
    ) external initializer {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        RewardsStorage storage $ = _storage();
        ($.token, $.identityRegistry, $.energyAsset, $.assetGovernors, $.allocation) =
            (token, identityRegistry, energyAsset, assetGovernors, allocation);
        for (uint256 i; i < CATEGORY_COUNT; ++i) {
            _configure(Category(i), configs[i]);
        }
        _checkBudgets();
        $.maxReferralsPerReferrer = maxReferrals;
        emit MaxReferralsSet(maxReferrals);
    }

    // ---------------------------------------------------------------- accrual (each proves its fact on chain)

    /// @inheritdoc IRewardsManager
    function accrueOnboarding() external {
        uint256 identityId = _verifiedIdentity(msg.sender);
        _grantOnce(Category.Onboarding, identityId, msg.sender, 0);
    }

    /// @inheritdoc IRewardsManager
    function accrueFirstInvestment(uint256 assetId) external {
        uint256 identityId = _verifiedIdentity(msg.sender);
        if (_storage().energyAsset.balanceOf(msg.sender, assetId) == 0) revert NoInvestment(msg.sender, assetId);
        _grantOnce(Category.FirstInvestment, identityId, msg.sender, 0);
    }

    /// @inheritdoc IRewardsManager
    function accrueReferral(address referrer) external {
        RewardsStorage storage $ = _storage();
        uint256 refereeId = _verifiedIdentity(msg.sender);
        uint256 referrerId = $.identityRegistry.identityOf(referrer);
        if (referrerId == 0 || referrerId == refereeId || !$.identityRegistry.isVerified(referrer)) {
            revert InvalidReferrer(referrer);
        }
        uint256 count = $.referrals[referrerId];
        if (count >= $.maxReferralsPerReferrer) revert ReferralCapReached(referrerId, $.maxReferralsPerReferrer);
        $.referrals[referrerId] = count + 1;
        // Both sides are paid from the referral budget; the referee's identity is rewarded once.
        _grantOnce(Category.Referral, refereeId, msg.sender, referrerId);
        _grant(Category.Referral, referrerId, referrer, refereeId);
    }

    /// @inheritdoc IRewardsManager
    function accrueVotingReward(address governor, uint256 proposalId) external {
        RewardsStorage storage $ = _storage();
        if (!$.rewardedGovernors[governor] && !$.assetGovernors.isAssetGovernor(governor)) {
            revert GovernorNotRewarded(governor);
        }
        uint256 identityId = _verifiedIdentity(msg.sender);
        if (!IGovernor(governor).hasVoted(proposalId, msg.sender)) revert NotVoted(msg.sender, proposalId);
        // One reward per identity and proposal, whichever of its wallets voted; the governor's address and
        // the proposal id (a hash of its content) identify the vote.
        _grantOnce(Category.Usage, identityId, msg.sender, uint256(keccak256(abi.encode(governor, proposalId))));
    }

    /// @inheritdoc IRewardsManager
    function claim() external nonReentrant returns (uint256 amount) {
        RewardsStorage storage $ = _storage();
        if (!$.identityRegistry.isVerified(msg.sender)) revert UnverifiedWallet(msg.sender);
        amount = $.pending[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        $.pending[msg.sender] = 0;
        $.claimed[msg.sender] += amount;
        emit RewardClaimed(msg.sender, amount);
        $.token.mint(msg.sender, amount);
    }

    // ---------------------------------------------------------------- administration

    /// @inheritdoc IRewardsManager
    function configureCategory(Category category, CategoryConfig calldata config)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _configure(category, config);
        _checkBudgets();
    }

    /// @inheritdoc IRewardsManager
    function setMaxReferralsPerReferrer(uint256 maxReferrals) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _storage().maxReferralsPerReferrer = maxReferrals;
        emit MaxReferralsSet(maxReferrals);
    }

    /// @inheritdoc IRewardsManager
    function setRewardedGovernor(address governor, bool rewarded) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _storage().rewardedGovernors[governor] = rewarded;
        emit RewardedGovernorSet(governor, rewarded);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRewardsManager
    function pendingRewards(address wallet) external view returns (uint256) {
        return _storage().pending[wallet];
    }

    /// @inheritdoc IRewardsManager
    function claimedRewards(address wallet) external view returns (uint256) {
        return _storage().claimed[wallet];
    }

    /// @inheritdoc IRewardsManager
    function categoryConfig(Category category) external view returns (CategoryConfig memory) {
        return _storage().configs[category];
    }

    /// @inheritdoc IRewardsManager
    function categoryState(Category category) external view returns (CategoryState memory) {
        return _storage().states[category];
    }

    /// @inheritdoc IRewardsManager
    function isRewarded(Category category, uint256 identityId, uint256 ref) external view returns (bool) {
        return _storage().rewarded[category][identityId][ref];
    }

    /// @inheritdoc IRewardsManager
    function referralCount(uint256 referrerIdentityId) external view returns (uint256) {
        return _storage().referrals[referrerIdentityId];
    }

    /// @inheritdoc IRewardsManager
    function rewardsAllocation() external view returns (uint256) {
        return _storage().allocation;
    }

    // ---------------------------------------------------------------- internals

    function _verifiedIdentity(address wallet) private view returns (uint256 identityId) {
        IIdentityRegistry registry = _storage().identityRegistry;
        if (!registry.isVerified(wallet)) revert UnverifiedWallet(wallet);
        return registry.identityOf(wallet);
    }

    /// @dev Once per identity (and ref): a second wallet of the same person is refused.
    function _grantOnce(Category category, uint256 identityId, address wallet, uint256 ref) private {
        mapping(uint256 => bool) storage done = _storage().rewarded[category][identityId];
        uint256 key = category == Category.Usage ? ref : 0;
        if (done[key]) revert RewardAlreadyGranted(category, identityId, key);
        done[key] = true;
        _grant(category, identityId, wallet, ref);
    }

    /// @dev Checks the category's budget and rate limit, then adds to the wallet's pending rewards.
    function _grant(Category category, uint256 identityId, address wallet, uint256 ref) private {
        RewardsStorage storage $ = _storage();
        CategoryConfig memory config = $.configs[category];
        CategoryState storage state = $.states[category];
        uint256 amount = config.amount;
        if (amount == 0) revert CategoryDisabled(category);
        uint256 remaining = config.budget - state.granted;
        if (amount > remaining) revert CategoryBudgetExhausted(category, remaining, amount);
        if (block.timestamp >= uint256(state.periodStart) + config.period) {
            state.periodStart = uint64(block.timestamp);
            state.grantedInPeriod = 0;
        }
        uint256 availableInPeriod = config.periodLimit > state.grantedInPeriod ? config.periodLimit - state.grantedInPeriod : 0;
        if (amount > availableInPeriod) {
            revert CategoryRateLimited(category, availableInPeriod, amount, uint256(state.periodStart) + config.period);
        }
        state.granted += uint128(amount);
        state.grantedInPeriod += uint128(amount);
        $.pending[wallet] += amount;
        emit RewardAccrued(category, identityId, wallet, amount, ref);
    }

    function _configure(Category category, CategoryConfig calldata config) private {
        if (config.period == 0 || config.budget < _storage().states[category].granted) {
            revert InvalidCategoryConfig(category);
        }
        _storage().configs[category] = config;
        emit CategoryConfigured(category, config);
    }

    function _checkBudgets() private view {
        RewardsStorage storage $ = _storage();
        uint256 total;
        for (uint256 i; i < CATEGORY_COUNT; ++i) {
            total += $.configs[Category(i)].budget;
        }
        if (total > $.allocation) revert BudgetsExceedAllocation(total, $.allocation);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
