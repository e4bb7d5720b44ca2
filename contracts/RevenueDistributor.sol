// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IRevenueDistributor} from "./interfaces/IRevenueDistributor.sol";
import {IShareObserver} from "./interfaces/IShareObserver.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";
import {IOffering} from "./interfaces/IOffering.sol";
import {IOrderBook} from "./interfaces/IOrderBook.sol";

/// @title RevenueDistributor
/// @notice See {IRevenueDistributor}. The "magnified dividend" accumulator: per asset, the revenue per share
/// ever deposited, scaled by 2**64 (`magnifiedPerShare`); per holder, a signed correction that the share
/// token's movement hook adjusts, and that each claim lowers by the amount claimed (magnified), so that
/// `magnifiedPerShare × balance + correction` is always what the holder can claim (magnified). Deposits and
/// claims are O(1); a claim writes one slot for the holder and one for the asset.
/// Holds no role: anyone may deposit; EnergyAsset reports share movements ({onSharesMoved}); the
/// OrderBook grants it the funder role for reinvestment. UUPS, upgrades authorised by DEFAULT_ADMIN_ROLE.
contract RevenueDistributor is IRevenueDistributor, AccessControlUpgradeable, ReentrancyGuardTransient, UUPSUpgradeable {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @dev Two slots, each read and written together: a claim reads the per-share figure and lowers
    /// `unclaimed`; a deposit also rewrites the second slot. 96 bits hold 7.9e28 units of the stablecoin;
    /// 160 bits hold a revenue per share of as much, magnified.
    struct AssetAccount {
        uint160 magnifiedPerShare;
        /// @dev deposited and not yet claimed nor reinvested: what the asset's holders are owed (with dust)
        uint96 unclaimed;
        /// @dev rounding remainder of the last deposit (magnified units, below the supply at that deposit)
        uint160 carry;
        uint96 totalDeposited;
    }

    /// @dev The counter shares the offering's slot, written at initialization: the first deposit does not pay
    /// for a fresh slot (17,100 gas). 96 bits count 7.9e28 deposits.
    /// @custom:storage-location erc7201:cowatt.storage.RevenueDistributor
    struct RevenueDistributorStorage {
        IOffering offering;
        uint96 distributionCount;
        IOrderBook orderBook;
        mapping(uint256 assetId => AssetAccount) assets;
        mapping(uint256 assetId => mapping(address holder => int256)) corrections;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.RevenueDistributor")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x39a3eccb038a0a786fd44156647cdfe0a9a40731edf550f422c9cd9c89146d00;
    /// @dev The accumulator's rounding costs a holder under 2**-64 of a unit per share held and per change of
    /// supply between deposits: far below one unit (the carry keeps the total exact).
    uint256 private constant MAGNITUDE = 2 ** 64;

    /// @dev In the implementation's code, not in storage: claims and share movements read them for free.
    /// Every implementation, including upgrades, must be deployed with the proxy's share token and stablecoin.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IEnergyAsset private immutable _shares;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IERC20 private immutable _paymentToken;

    function _storage() private pure returns (RevenueDistributorStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IEnergyAsset shares, IERC20 paymentToken_) {
        _shares = shares;
        _paymentToken = paymentToken_;
        _disableInitializers();
    }

    /// @param offering_, orderBook_ reinvestment venues; either may be 0 (see {setReinvestmentVenues})
    function initialize(address admin, IOffering offering_, IOrderBook orderBook_) external initializer {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setVenues(_storage(), offering_, orderBook_);
    }

    // ---------------------------------------------------------------- share movements

    /// @inheritdoc IShareObserver
    /// @dev Not nonReentrant on purpose: order-book fills during {reinvestInBuyOrder} move shares. It moves no
    /// tokens; it keeps `magnifiedPerShare × balance + correction` unchanged for both sides.
    function onSharesMoved(uint256 assetId, address from, address to, uint256 amount) external {
        RevenueDistributorStorage storage $ = _storage();
        if (msg.sender != address(_shares)) revert UnauthorizedShareToken(msg.sender);
        uint256 magnifiedPerShare = $.assets[assetId].magnifiedPerShare;
        if (magnifiedPerShare == 0) return; // nothing deposited yet: nothing to correct
        int256 delta = (magnifiedPerShare * amount).toInt256();
        mapping(address => int256) storage corrections = $.corrections[assetId];
        if (from != address(0)) corrections[from] += delta;
        if (to != address(0)) corrections[to] -= delta;
    }

    // ---------------------------------------------------------------- deposit and claim

    /// @inheritdoc IRevenueDistributor
    function deposit(uint256 assetId, uint256 amount) external nonReentrant returns (uint256 distributionId) {
        if (amount == 0) revert ZeroAmount();
        RevenueDistributorStorage storage $ = _storage();
        uint256 supply = _shares.totalSupply(assetId);
        if (supply == 0) revert NoSharesOutstanding(assetId);
        AssetAccount storage account = $.assets[assetId];
        uint256 scaled = amount * MAGNITUDE + account.carry;
        account.magnifiedPerShare = (account.magnifiedPerShare + scaled / supply).toUint160();
        account.unclaimed += amount.toUint96();
        account.carry = (scaled % supply).toUint160();
        account.totalDeposited += amount.toUint96();
        distributionId = ++$.distributionCount;
        emit RevenueDeposited(assetId, distributionId, msg.sender, amount, supply);
        _paymentToken.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IRevenueDistributor
    function claim(uint256 assetId, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        RevenueDistributorStorage storage $ = _storage();
        amount = _claimable($, assetId, msg.sender);
        if (amount == 0) return 0;
        _take($, assetId, msg.sender, amount);
        emit RevenueClaimed(assetId, msg.sender, to, amount);
        _paymentToken.safeTransfer(to, amount);
    }

    /// @inheritdoc IRevenueDistributor
    function claimMany(uint256[] calldata assetIds, address to) external nonReentrant returns (uint256 total) {
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        RevenueDistributorStorage storage $ = _storage();
        for (uint256 i; i < assetIds.length; ++i) {
            uint256 assetId = assetIds[i];
            uint256 amount = _claimable($, assetId, msg.sender);
            if (amount == 0) continue; // also skips an asset listed twice
            _take($, assetId, msg.sender, amount);
            total += amount;
            emit RevenueClaimed(assetId, msg.sender, to, amount);
        }
        if (total != 0) _paymentToken.safeTransfer(to, total);
    }

    // ---------------------------------------------------------------- reinvestment

    /// @inheritdoc IRevenueDistributor
    function reinvestInOffering(uint256 sourceAssetId, uint256 offeringId, uint256 shares)
        external
        nonReentrant
        returns (uint256 receiptId)
    {
        if (shares == 0) revert NothingToReinvest();
        RevenueDistributorStorage storage $ = _storage();
        IOffering venue = $.offering;
        if (address(venue) == address(0)) revert VenueNotConfigured();
        uint256 cost = shares * venue.terms(offeringId).pricePerShare;
        _spend($, sourceAssetId, msg.sender, cost);

        _paymentToken.forceApprove(address(venue), cost);
        receiptId = venue.purchaseFor(offeringId, shares, msg.sender);
        emit RevenueReinvested(sourceAssetId, msg.sender, cost, address(venue), receiptId);
    }

    /// @inheritdoc IRevenueDistributor
    function reinvestInBuyOrder(
        uint256 sourceAssetId,
        uint256 targetAssetId,
        uint128 price,
        uint64 shares,
        uint64 expiry
    ) external nonReentrant returns (uint256 orderId) {
        if (shares == 0) revert NothingToReinvest();
        RevenueDistributorStorage storage $ = _storage();
        IOrderBook venue = $.orderBook;
        if (address(venue) == address(0)) revert VenueNotConfigured();
        uint256 value = uint256(price) * shares;
        uint256 maxCost = value + venue.feeFor(value);
        // Counted as claimed now, at the most the order can need; what the order book leaves is given back.
        _spend($, sourceAssetId, msg.sender, maxCost);

        IERC20 token = _paymentToken;
        token.forceApprove(address(venue), maxCost);
        uint256 balanceBefore = token.balanceOf(address(this));
        orderId = venue.placeBuyOrderFor(
            msg.sender,
            IOrderBook.OrderParams({
                assetId: targetAssetId,
                side: IOrderBook.Side.Buy,
                price: price,
                shares: shares,
                expiry: expiry,
                timeInForce: IOrderBook.TimeInForce.GoodTillCancelled,
                maxFills: 0
            })
        );
        uint256 spent = balanceBefore - token.balanceOf(address(this)); // the allowance caps it at maxCost
        if (spent != maxCost) {
            token.forceApprove(address(venue), 0);
            _giveBack($, sourceAssetId, msg.sender, maxCost - spent);
        }
        emit RevenueReinvested(sourceAssetId, msg.sender, spent, address(venue), orderId);
    }

    // ---------------------------------------------------------------- administration

    /// @inheritdoc IRevenueDistributor
    function recoverUnaccountedTokens(address token, address to)
        external
        nonReentrant
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint256 amount)
    {
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        uint256 held = IERC20(token).balanceOf(address(this));
        if (token == address(_paymentToken)) {
            uint256 owed = _liabilities();
            amount = held > owed ? held - owed : 0;
        } else {
            amount = held;
        }
        if (amount == 0) revert NothingToRecover(token);
        emit UnaccountedTokensRecovered(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    /// @inheritdoc IRevenueDistributor
    function setReinvestmentVenues(IOffering offering_, IOrderBook orderBook_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setVenues(_storage(), offering_, orderBook_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRevenueDistributor
    function claimable(uint256 assetId, address holder) external view returns (uint256) {
        return _claimable(_storage(), assetId, holder);
    }

    /// @inheritdoc IRevenueDistributor
    function totalDeposited(uint256 assetId) external view returns (uint256) {
        return _storage().assets[assetId].totalDeposited;
    }

    /// @inheritdoc IRevenueDistributor
    function totalClaimed(uint256 assetId) external view returns (uint256) {
        AssetAccount storage account = _storage().assets[assetId];
        return account.totalDeposited - account.unclaimed;
    }

    /// @inheritdoc IRevenueDistributor
    function distributionCount() external view returns (uint256) {
        return _storage().distributionCount;
    }

    /// @inheritdoc IRevenueDistributor
    function liabilities() external view returns (uint256) {
        return _liabilities();
    }

    /// @inheritdoc IRevenueDistributor
    function paymentToken() external view returns (address) {
        return address(_paymentToken);
    }

    /// @inheritdoc IRevenueDistributor
    function shareToken() external view returns (address) {
        return address(_shares);
    }

    /// @inheritdoc IRevenueDistributor
    function offering() external view returns (IOffering) {
        return _storage().offering;
    }

    /// @inheritdoc IRevenueDistributor
    function orderBook() external view returns (IOrderBook) {
        return _storage().orderBook;
    }

    // ---------------------------------------------------------------- internals

    /// @dev floor((magnifiedPerShare × balance + correction) / 2**64). The magnified sum is never negative: it
    /// is the sum, over deposits, of each deposit's per-share increment times the shares held at that
    /// deposit, less 2**64 × what the holder has claimed, which was never more than its floor.
    function _claimable(RevenueDistributorStorage storage $, uint256 assetId, address holder)
        private
        view
        returns (uint256)
    {
        uint256 magnifiedPerShare = $.assets[assetId].magnifiedPerShare;
        if (magnifiedPerShare == 0) return 0;
        int256 magnified =
            (magnifiedPerShare * _shares.balanceOf(holder, assetId)).toInt256() + $.corrections[assetId][holder];
        return uint256(magnified) / MAGNITUDE;
    }

    /// @dev Counts `amount` (at most the holder's claimable) as claimed.
    function _take(RevenueDistributorStorage storage $, uint256 assetId, address holder, uint256 amount) private {
        $.corrections[assetId][holder] -= (amount * MAGNITUDE).toInt256();
        $.assets[assetId].unclaimed -= amount.toUint96();
    }

    /// @dev {_take} after checking the holder has `amount` accrued.
    function _spend(RevenueDistributorStorage storage $, uint256 assetId, address holder, uint256 amount) private {
        uint256 available = _claimable($, assetId, holder);
        if (available < amount) revert InsufficientRevenue(assetId, holder, available, amount);
        _take($, assetId, holder, amount);
    }

    /// @dev Reverses part of a {_take}.
    function _giveBack(RevenueDistributorStorage storage $, uint256 assetId, address holder, uint256 amount) private {
        $.corrections[assetId][holder] += (amount * MAGNITUDE).toInt256();
        $.assets[assetId].unclaimed += amount.toUint96();
    }

    /// @dev What holders are owed, all assets together: O(assets), for {recoverUnaccountedTokens} and the view
    /// only, so that claims need not keep a global total. Asset ids run from 1 to the share token's count.
    function _liabilities() private view returns (uint256 owed) {
        mapping(uint256 => AssetAccount) storage assets = _storage().assets;
        uint256 count = _shares.assetCount();
        for (uint256 assetId = 1; assetId <= count; ++assetId) {
            owed += assets[assetId].unclaimed;
        }
    }

    function _setVenues(RevenueDistributorStorage storage $, IOffering offering_, IOrderBook orderBook_) private {
        address token = address(_paymentToken);
        if (address(offering_) != address(0) && offering_.paymentToken() != token) {
            revert InvalidVenue(address(offering_));
        }
        $.offering = offering_;
        $.orderBook = orderBook_;
        emit ReinvestmentVenuesSet(address(offering_), address(orderBook_));
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
