// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IRevenueSettlement} from "./interfaces/IRevenueSettlement.sol";
import {IRevenueDistributor} from "./interfaces/IRevenueDistributor.sol";
import {IVerifiedProduction} from "./interfaces/IVerifiedProduction.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";

/// @title RevenueSettlement
/// @notice See {IRevenueSettlement}. The platform treasury is this contract's own setting (initialize /
/// {setTreasury}), like the OrderBook's, so each fee stream can be routed and audited on its own.
/// gross = energyWh × price × 10**stablecoinDecimals / (10**6 × 10**priceDecimals) (Wh → MWh), rounded down;
/// fee = operating profit × feeBps / 10,000, rounded down (the rounding favours the holders).
/// UUPS, upgrades authorised by DEFAULT_ADMIN_ROLE.
contract RevenueSettlement is IRevenueSettlement, AccessControlUpgradeable, ReentrancyGuardTransient, UUPSUpgradeable {
    using SafeERC20 for IERC20;

    struct PeriodAccount {
        uint256 expenses;
        bool settled;
    }

    /// @custom:storage-location erc7201:cowatt.storage.RevenueSettlement
    struct RevenueSettlementStorage {
        IEnergyAsset shares;
        IERC20 paymentToken;
        IRevenueDistributor distributor;
        IVerifiedProduction productionSource;
        address treasury;
        uint16 feeBps;
        uint8 paymentDecimals;
        uint32 maxPriceAge;
        int256 minPrice;
        int256 maxPrice;
        uint256 expenseCount;
        mapping(uint256 assetId => AggregatorV3Interface) feeds;
        mapping(uint256 assetId => mapping(uint256 periodId => PeriodAccount)) periods;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.RevenueSettlement")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x0314073e1bb3c101730d66eaae765bb2fc5aab7b012da95924fd2d0009b2d300;
    uint8 public constant PRICE_DECIMALS = 8;
    uint16 public constant MAX_FEE_BPS = 2_000;
    uint16 private constant BPS = 10_000;
    uint256 private constant WH_PER_MWH = 1e6;

    function _storage() private pure returns (RevenueSettlementStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Prices are refused until the admin sets a feed and bounds ({setPriceFeed}, {setPriceBounds}).
    /// @param distributor_ the RevenueDistributor; its payment token is the settlement currency
    function initialize(
        address admin,
        IEnergyAsset shares,
        IRevenueDistributor distributor_,
        IVerifiedProduction source,
        address treasury_,
        uint16 feeBps
    ) external initializer {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (address(shares) == address(0)) revert InvalidAddress(address(shares));
        if (address(distributor_) == address(0)) revert InvalidAddress(address(distributor_));
        RevenueSettlementStorage storage $ = _storage();
        IERC20 token = IERC20(distributor_.paymentToken());
        $.shares = shares;
        $.distributor = distributor_;
        $.paymentToken = token;
        $.paymentDecimals = IERC20Metadata(address(token)).decimals();
        _setProductionSource($, source);
        _setTreasury($, treasury_);
        _setPlatformFee($, feeBps);
    }

    // ---------------------------------------------------------------- operator actions

    /// @inheritdoc IRevenueSettlement
    function recordExpense(
        uint256 assetId,
        uint256 periodId,
        uint256 amount,
        string calldata category,
        string calldata documentCID
    ) external returns (uint256 expenseId) {
        RevenueSettlementStorage storage $ = _storage();
        _requireOperator($, assetId);
        if (amount == 0) revert ZeroAmount();
        if (bytes(documentCID).length == 0) revert MissingDocument();
        PeriodAccount storage account = $.periods[assetId][periodId];
        if (account.settled) revert AlreadySettled(assetId, periodId);
        $.productionSource.production(assetId, periodId); // reverts for an unknown period
        account.expenses += amount;
        expenseId = ++$.expenseCount;
        emit ExpenseRecorded(assetId, periodId, expenseId, amount, category, documentCID, msg.sender);
    }

    /// @inheritdoc IRevenueSettlement
    function settle(uint256 assetId, uint256 periodId) external nonReentrant returns (Statement memory statement) {
        RevenueSettlementStorage storage $ = _storage();
        _requireOperator($, assetId);
        PeriodAccount storage account = $.periods[assetId][periodId];
        if (account.settled) revert AlreadySettled(assetId, periodId);
        IVerifiedProduction.ProductionPeriod memory period = $.productionSource.production(assetId, periodId);
        if (!period.isFinal) revert PeriodNotFinal(assetId, periodId);
        statement = _statement($, assetId, periodId, period, account.expenses);
        account.settled = true;
        emit Settled(assetId, periodId, msg.sender, statement);

        IERC20 token = $.paymentToken;
        if (statement.platformFee != 0) token.safeTransferFrom(msg.sender, $.treasury, statement.platformFee);
        if (statement.net != 0) {
            IRevenueDistributor target = $.distributor;
            token.safeTransferFrom(msg.sender, address(this), statement.net);
            token.forceApprove(address(target), statement.net);
            target.deposit(assetId, statement.net);
        }
    }

    // ---------------------------------------------------------------- administration

    /// @inheritdoc IRevenueSettlement
    function setPriceFeed(uint256 assetId, address feed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feed != address(0) && AggregatorV3Interface(feed).decimals() != PRICE_DECIMALS) {
            revert InvalidPriceFeed(feed);
        }
        _storage().feeds[assetId] = AggregatorV3Interface(feed);
        emit PriceFeedSet(assetId, feed);
    }

    /// @inheritdoc IRevenueSettlement
    function setPriceBounds(int256 minPrice, int256 maxPrice, uint32 maxPriceAge)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (minPrice <= 0 || maxPrice < minPrice || maxPriceAge == 0) revert InvalidPriceBounds();
        RevenueSettlementStorage storage $ = _storage();
        $.minPrice = minPrice;
        $.maxPrice = maxPrice;
        $.maxPriceAge = maxPriceAge;
        emit PriceBoundsSet(minPrice, maxPrice, maxPriceAge);
    }

    /// @inheritdoc IRevenueSettlement
    function setProductionSource(IVerifiedProduction source) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProductionSource(_storage(), source);
    }

    /// @inheritdoc IRevenueSettlement
    function setPlatformFee(uint16 feeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPlatformFee(_storage(), feeBps);
    }

    /// @inheritdoc IRevenueSettlement
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(_storage(), treasury_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRevenueSettlement
    function quote(uint256 assetId, uint256 periodId) external view returns (Statement memory) {
        RevenueSettlementStorage storage $ = _storage();
        PeriodAccount storage account = $.periods[assetId][periodId];
        if (account.settled) revert AlreadySettled(assetId, periodId);
        IVerifiedProduction.ProductionPeriod memory period = $.productionSource.production(assetId, periodId);
        return _statement($, assetId, periodId, period, account.expenses);
    }

    /// @inheritdoc IRevenueSettlement
    function isSettled(uint256 assetId, uint256 periodId) external view returns (bool) {
        return _storage().periods[assetId][periodId].settled;
    }

    /// @inheritdoc IRevenueSettlement
    function expensesOf(uint256 assetId, uint256 periodId) external view returns (uint256) {
        return _storage().periods[assetId][periodId].expenses;
    }

    /// @inheritdoc IRevenueSettlement
    function priceFeedOf(uint256 assetId) public view returns (address) {
        RevenueSettlementStorage storage $ = _storage();
        AggregatorV3Interface feed = $.feeds[assetId];
        return address(address(feed) == address(0) ? $.feeds[0] : feed);
    }

    /// @inheritdoc IRevenueSettlement
    function productionSource() external view returns (IVerifiedProduction) {
        return _storage().productionSource;
    }

    /// @inheritdoc IRevenueSettlement
    function priceBounds() external view returns (int256 minPrice, int256 maxPrice, uint32 maxPriceAge) {
        RevenueSettlementStorage storage $ = _storage();
        return ($.minPrice, $.maxPrice, $.maxPriceAge);
    }

    /// @inheritdoc IRevenueSettlement
    function platformFeeBps() external view returns (uint16) {
        return _storage().feeBps;
    }

    /// @inheritdoc IRevenueSettlement
    function treasury() external view returns (address) {
        return _storage().treasury;
    }

    /// @inheritdoc IRevenueSettlement
    function distributor() external view returns (address) {
        return address(_storage().distributor);
    }

    /// @inheritdoc IRevenueSettlement
    function paymentToken() external view returns (address) {
        return address(_storage().paymentToken);
    }

    /// @inheritdoc IRevenueSettlement
    function expenseCount() external view returns (uint256) {
        return _storage().expenseCount;
    }

    // ---------------------------------------------------------------- internals

    function _statement(
        RevenueSettlementStorage storage $,
        uint256 assetId,
        uint256 periodId,
        IVerifiedProduction.ProductionPeriod memory period,
        uint256 expenses
    ) private view returns (Statement memory s) {
        address feed = priceFeedOf(assetId);
        if (feed == address(0)) revert NoPriceFeed(assetId);
        (uint80 roundId, int256 answer,, uint256 updatedAt,) = AggregatorV3Interface(feed).latestRoundData();
        uint32 maxAge = $.maxPriceAge;
        if (updatedAt + maxAge < block.timestamp) revert StalePrice(updatedAt, maxAge);
        (int256 minPrice, int256 maxPrice) = ($.minPrice, $.maxPrice);
        // minPrice > 0 once bounds are set; before that, every answer is refused.
        if (answer <= 0 || answer < minPrice || answer > maxPrice) revert PriceOutOfBounds(answer, minPrice, maxPrice);
        uint8 priceDecimals = AggregatorV3Interface(feed).decimals();

        s.assetId = assetId;
        s.periodId = periodId;
        s.periodStart = period.start;
        s.periodEnd = period.end;
        s.energyWh = period.energyWh;
        s.priceAnswer = answer;
        s.priceDecimals = priceDecimals;
        s.priceRoundId = roundId;
        s.priceUpdatedAt = updatedAt;
        s.gross = Math.mulDiv(
            uint256(period.energyWh) * 10 ** $.paymentDecimals, uint256(answer), WH_PER_MWH * 10 ** priceDecimals
        );
        s.expenses = expenses;
        s.platformFeeBps = $.feeBps;
        uint256 profit = s.gross > expenses ? s.gross - expenses : 0;
        s.platformFee = profit * s.platformFeeBps / BPS;
        s.net = profit - s.platformFee;
    }

    function _requireOperator(RevenueSettlementStorage storage $, uint256 assetId) private view {
        if ($.shares.asset(assetId).operator != msg.sender) revert NotAssetOperator(assetId, msg.sender);
    }

    function _setProductionSource(RevenueSettlementStorage storage $, IVerifiedProduction source) private {
        if (address(source) == address(0)) revert InvalidAddress(address(source));
        $.productionSource = source;
        emit ProductionSourceSet(address(source));
    }

    function _setPlatformFee(RevenueSettlementStorage storage $, uint16 feeBps) private {
        if (feeBps > MAX_FEE_BPS) revert FeeTooHigh(feeBps, MAX_FEE_BPS);
        $.feeBps = feeBps;
        emit PlatformFeeSet(feeBps);
    }

    function _setTreasury(RevenueSettlementStorage storage $, address treasury_) private {
        if (treasury_ == address(0)) revert InvalidAddress(treasury_);
        $.treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
