// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IOrderBook} from "./interfaces/IOrderBook.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";
import {ICompliance} from "./interfaces/ICompliance.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title OrderBook
/// @notice See {IOrderBook}. Per asset and side, price levels form a sorted doubly linked list (best first)
/// and each level a FIFO list of orders; each owner's open orders form another list. Holds ESCROW_ROLE on
/// EnergyAsset. Every state-changing entry point is nonReentrant: an ERC-1155 receiver called back during a
/// fill cannot reach the book.
contract OrderBook is IOrderBook, AccessControlUpgradeable, ReentrancyGuardTransient, UUPSUpgradeable {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    struct OrderRecord {
        address owner;
        Side side;
        uint64 shares;
        uint128 price;
        uint64 expiry;
        uint64 createdAt;
        uint64 assetId;
        uint40 prev; // towards the head of its price level
        uint40 next;
        uint40 ownerPrev;
        uint40 ownerNext;
    }

    /// @dev `better`/`worse` are the neighbouring prices (0 at either end of the list).
    struct Level {
        uint128 better;
        uint128 worse;
        uint40 head;
        uint40 tail;
        uint64 shares;
        uint32 orders;
    }

    struct OwnerList {
        uint40 head;
        uint40 tail;
    }

    /// @custom:storage-location erc7201:cowatt.storage.OrderBook
    struct OrderBookStorage {
        IEnergyAsset shares;
        ICompliance compliance;
        IERC20 paymentToken;
        address treasury;
        uint16 feeBps;
        uint256 minimumOrderValue;
        uint256 orderCount;
        uint256 escrowedFunds;
        mapping(uint256 orderId => OrderRecord) orders;
        mapping(uint256 assetId => mapping(Side => uint128)) best;
        mapping(uint256 assetId => mapping(Side => mapping(uint128 price => Level))) levels;
        mapping(address owner => OwnerList) ownerOrders;
    }

    /// @dev The incoming order during matching, and what matching did so far.
    struct Taker {
        uint256 orderId;
        uint256 assetId;
        address payer;
        address owner;
        Side side;
        uint128 limit;
        uint64 remaining;
        uint256 fees;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.OrderBook")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x1addeba7394b618f81096ec5419e21fc968cf28db3dfdb9247a71697d9ca6400;
    /// @notice Most resting orders one transaction meets.
    uint8 public constant MAX_FILLS = 20;
    uint16 public constant MAX_FEE_BPS = 500;
    uint16 private constant BPS = 10_000;
    /// @notice Buys reinvested revenue into buy orders for holders (the RevenueDistributor).
    bytes32 public constant FUNDER_ROLE = keccak256("FUNDER_ROLE");

    function _storage() private pure returns (OrderBookStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(
        address admin,
        IEnergyAsset shares,
        IERC20 paymentToken_,
        address treasury_,
        uint16 feeBps_,
        uint256 minimumOrderValue_
    ) external initializer {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        OrderBookStorage storage $ = _storage();
        $.shares = shares;
        $.compliance = shares.compliance();
        $.paymentToken = paymentToken_;
        _setTreasury($, treasury_);
        _setFee($, feeBps_);
        $.minimumOrderValue = minimumOrderValue_;
        emit MinimumOrderValueSet(minimumOrderValue_);
    }

    // ---------------------------------------------------------------- placing and matching

    /// @inheritdoc IOrderBook
    function placeOrder(OrderParams calldata params) external nonReentrant returns (uint256) {
        return _place(msg.sender, msg.sender, params);
    }

    /// @inheritdoc IOrderBook
    function placeOrderWithPermit(OrderParams calldata params, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256)
    {
        OrderBookStorage storage $ = _storage();
        uint256 value = uint256(params.price) * params.shares;
        // A permit front-run by someone else still leaves the allowance in place: ignore its failure.
        try IERC20Permit(address($.paymentToken)).permit(
            msg.sender, address(this), value + _feeFor($, value), deadline, v, r, s
        ) {} catch {}
        return _place(msg.sender, msg.sender, params);
    }

    /// @inheritdoc IOrderBook
    function placeBuyOrderFor(address owner, OrderParams calldata params)
        external
        nonReentrant
        onlyRole(FUNDER_ROLE)
        returns (uint256)
    {
        if (params.side != Side.Buy) revert InvalidSide();
        return _place(msg.sender, owner, params);
    }

    /// @dev `payer` funds a buy order (the owner, or a funder reinvesting for the owner); `owner` owns it.
    function _place(address payer, address owner, OrderParams memory params) private returns (uint256 orderId) {
        OrderBookStorage storage $ = _storage();
        _checkParams($, params);
        if (params.side == Side.Sell) _checkSeller($, params.assetId, owner, params.shares);

        orderId = ++$.orderCount;
        emit OrderPlaced(orderId, params.assetId, owner, params.side, params.price, params.shares, params.expiry);
        // A seller's shares are escrowed in place first: fills then move escrowed shares like resting ones.
        if (params.side == Side.Sell) $.shares.escrowShares(params.assetId, owner, params.shares);

        uint8 maxFills = params.maxFills == 0 || params.maxFills > MAX_FILLS ? MAX_FILLS : params.maxFills;
        Taker memory taker = Taker(orderId, params.assetId, payer, owner, params.side, params.price, params.shares, 0);
        _match($, taker, maxFills);

        if (taker.remaining != 0) {
            if (params.side == Side.Buy && taker.remaining == params.shares) {
                // Nothing filled: tell a buyer who could never receive why, instead of a silent no-op.
                _checkBuyer($, params.assetId, owner, taker.remaining);
            }
            if (params.timeInForce == TimeInForce.GoodTillCancelled && _crosses($, params)) {
                // The fill bound stopped matching while the book still crosses: resting would cross it.
                emit OrderCancelled(orderId, params.assetId, owner, taker.remaining, CancelReason.FillLimitReached);
                if (params.side == Side.Sell) $.shares.releaseShares(params.assetId, owner, taker.remaining);
            } else if (params.timeInForce == TimeInForce.GoodTillCancelled) {
                // Compliance is checked for the buyer before the order rests (a fill checks it too).
                if (params.side == Side.Buy && taker.remaining != params.shares) {
                    _checkBuyer($, params.assetId, owner, taker.remaining);
                }
                _rest($, orderId, owner, params, taker.remaining);
                if (params.side == Side.Buy) {
                    uint256 escrow = uint256(params.price) * taker.remaining;
                    $.escrowedFunds += escrow;
                    $.paymentToken.safeTransferFrom(payer, address(this), escrow);
                }
            } else {
                emit OrderCancelled(orderId, params.assetId, owner, taker.remaining, CancelReason.ImmediateOrCancel);
                if (params.side == Side.Sell) $.shares.releaseShares(params.assetId, owner, taker.remaining);
            }
        }
        if (taker.fees != 0) {
            if (params.side == Side.Buy) $.paymentToken.safeTransferFrom(payer, $.treasury, taker.fees);
            else $.paymentToken.safeTransfer($.treasury, taker.fees);
        }
    }

    /// @dev Whether the other side's best price still meets the order's limit.
    function _crosses(OrderBookStorage storage $, OrderParams memory params) private view returns (bool) {
        uint128 best = $.best[params.assetId][params.side == Side.Buy ? Side.Sell : Side.Buy];
        return best != 0 && (params.side == Side.Buy ? best <= params.price : best >= params.price);
    }

    /// @dev Meets resting orders of the other side, best price first then oldest first, at their prices.
    function _match(OrderBookStorage storage $, Taker memory taker, uint8 maxFills) private {
        Side makerSide = taker.side == Side.Buy ? Side.Sell : Side.Buy;
        for (uint256 met; met < maxFills && taker.remaining != 0; ++met) {
            uint128 price = $.best[taker.assetId][makerSide];
            if (price == 0 || (taker.side == Side.Buy ? price > taker.limit : price < taker.limit)) break;
            uint40 makerId = $.levels[taker.assetId][makerSide][price].head;
            OrderRecord storage maker = $.orders[makerId];
            if (maker.owner == taker.owner) {
                _cancel($, makerId, CancelReason.SelfTrade);
            } else if (maker.expiry != 0 && maker.expiry < block.timestamp) {
                _cancel($, makerId, CancelReason.Expired);
            } else if (!_fill($, taker, makerId, maker, price)) {
                _cancel($, makerId, CancelReason.Unfillable);
            }
        }
    }

    /// @dev One trade between the taker and a resting order, at the resting order's price.
    /// @return filled false when the maker is why it cannot happen
    function _fill(OrderBookStorage storage $, Taker memory taker, uint40 makerId, OrderRecord storage maker, uint128 price)
        private
        returns (bool filled)
    {
        uint64 shares = maker.shares < taker.remaining ? maker.shares : taker.remaining;
        address makerOwner = maker.owner;
        (address seller, address buyer) = taker.side == Side.Buy ? (makerOwner, taker.owner) : (taker.owner, makerOwner);
        if (!_moveShares($, taker.assetId, seller, buyer, shares, taker.side == Side.Buy)) return false;

        uint256 value = uint256(price) * shares;
        uint256 fee = _recordTrade($, taker, makerId, makerOwner, price, shares, value);
        if (taker.side == Side.Buy) {
            $.paymentToken.safeTransferFrom(taker.payer, seller, value);
        } else {
            $.escrowedFunds -= value;
            $.paymentToken.safeTransfer(seller, value - fee);
        }
        return true;
    }

    /// @dev Books a trade: taker totals, the event, the resting order's reduction. Returns the taker's fee.
    function _recordTrade(
        OrderBookStorage storage $,
        Taker memory taker,
        uint40 makerId,
        address makerOwner,
        uint128 price,
        uint64 shares,
        uint256 value
    ) private returns (uint256 fee) {
        fee = _feeFor($, value);
        taker.fees += fee;
        taker.remaining -= shares;
        emit Trade(taker.assetId, makerId, taker.orderId, makerOwner, taker.owner, taker.side, price, shares, fee);
        _reduce($, makerId, shares);
    }

    /// @dev Moves escrowed shares from seller to buyer through every compliance check. Returns false when
    /// the maker is the reason it cannot happen (the maker order is then cancelled); reverts with the
    /// reason when the taker is, or when the market itself is halted.
    function _moveShares(
        OrderBookStorage storage $,
        uint256 assetId,
        address seller,
        address buyer,
        uint64 fill,
        bool makerSells
    ) private returns (bool) {
        try $.shares.transferEscrowedShares(assetId, seller, buyer, fill) {
            return true;
        } catch (bytes memory reason) {
            ICompliance.TransferRestriction code = $.compliance.canTransfer(assetId, seller, buyer, fill);
            // The fill is still escrowed here (the failed call was undone), so the token's available-balance
            // check can fail although the escrow covers it: every token check before it passed, and the
            // cause lies in the asset's rules or the receiver.
            if (code == ICompliance.TransferRestriction.InsufficientBalance) {
                code = $.compliance.ruleRestriction(assetId, seller, buyer, fill);
            }
            bool sellerAtFault = code == ICompliance.TransferRestriction.SenderFrozen
                || code == ICompliance.TransferRestriction.LockedUp
                || code == ICompliance.TransferRestriction.InsufficientBalance
                || (code == ICompliance.TransferRestriction.BelowMinimumHolding
                    && $.shares.balanceOf(buyer, assetId) + fill >= $.compliance.rules(assetId).minHolding);
            bool marketHalted = code == ICompliance.TransferRestriction.Paused
                || code == ICompliance.TransferRestriction.AssetPaused
                || code == ICompliance.TransferRestriction.SharesNotTransferable;
            // Any other failure (a rule, or a receiver contract refusing the shares) is the buyer's.
            if (!marketHalted && sellerAtFault == makerSells) return false;
            assembly {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }

    // ---------------------------------------------------------------- cancelling and modifying

    /// @inheritdoc IOrderBook
    function cancelOrder(uint256 orderId) external nonReentrant {
        OrderBookStorage storage $ = _storage();
        OrderRecord storage record = _requireOrder($, orderId);
        if (record.owner != msg.sender) revert NotOrderOwner(orderId, msg.sender);
        _cancel($, orderId, CancelReason.ByOwner);
    }

    /// @inheritdoc IOrderBook
    function modifyOrder(uint256 orderId, uint128 newPrice, uint64 newShares)
        external
        nonReentrant
        returns (uint256 newOrderId)
    {
        OrderBookStorage storage $ = _storage();
        OrderRecord memory current = _requireOrder($, orderId);
        if (current.owner != msg.sender) revert NotOrderOwner(orderId, msg.sender);
        if (newPrice == current.price && newShares == current.shares) revert NothingToModify(orderId);
        if (newShares == 0) revert InvalidShares(newShares);

        if (newPrice == current.price && newShares < current.shares) {
            // Smaller at the same price keeps its place in the queue; it must still be worth an order.
            uint256 value = uint256(newPrice) * newShares;
            if (value < $.minimumOrderValue) revert OrderValueTooSmall(value, $.minimumOrderValue);
            uint64 released = current.shares - newShares;
            _reduce($, orderId, released);
            emit OrderReduced(orderId, newShares);
            _refund($, current, released);
            return orderId;
        }
        _cancel($, orderId, CancelReason.Replaced);
        return _place(
            msg.sender,
            msg.sender,
            OrderParams(
                current.assetId, current.side, newPrice, newShares, current.expiry, TimeInForce.GoodTillCancelled, 0
            )
        );
    }

    /// @inheritdoc IOrderBook
    function expireOrders(uint256[] calldata orderIds) external nonReentrant {
        OrderBookStorage storage $ = _storage();
        for (uint256 i; i < orderIds.length; ++i) {
            OrderRecord storage record = $.orders[orderIds[i]];
            if (record.shares != 0 && record.expiry != 0 && record.expiry < block.timestamp) {
                _cancel($, orderIds[i], CancelReason.Expired);
            }
        }
    }

    /// @inheritdoc IOrderBook
    function cancelOrderAsAgent(uint256 orderId) external nonReentrant onlyRole(Roles.AGENT) {
        OrderBookStorage storage $ = _storage();
        _requireOrder($, orderId);
        _cancel($, orderId, CancelReason.ByAgent);
    }

    // ---------------------------------------------------------------- administration

    /// @inheritdoc IOrderBook
    function recoverUnaccountedTokens(address token, address to)
        external
        nonReentrant
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint256 amount)
    {
        OrderBookStorage storage $ = _storage();
        amount = IERC20(token).balanceOf(address(this));
        if (token == address($.paymentToken)) amount -= $.escrowedFunds;
        if (amount == 0) revert NothingToRecover(token);
        emit UnaccountedTokensRecovered(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    /// @inheritdoc IOrderBook
    function setFee(uint16 feeBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFee(_storage(), feeBps_);
    }

    /// @inheritdoc IOrderBook
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(_storage(), treasury_);
    }

    /// @inheritdoc IOrderBook
    function setMinimumOrderValue(uint256 minimumValue) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _storage().minimumOrderValue = minimumValue;
        emit MinimumOrderValueSet(minimumValue);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IOrderBook
    function bestBid(uint256 assetId) external view returns (uint128 price, uint64 shares) {
        return _best(assetId, Side.Buy);
    }

    /// @inheritdoc IOrderBook
    function bestAsk(uint256 assetId) external view returns (uint128 price, uint64 shares) {
        return _best(assetId, Side.Sell);
    }

    /// @inheritdoc IOrderBook
    function depth(uint256 assetId, Side side, uint256 maxLevels) external view returns (PriceLevel[] memory levels) {
        OrderBookStorage storage $ = _storage();
        mapping(uint128 => Level) storage sideLevels = $.levels[assetId][side];
        uint256 count;
        for (uint128 price = $.best[assetId][side]; price != 0 && count < maxLevels; price = sideLevels[price].worse) {
            ++count;
        }
        levels = new PriceLevel[](count);
        uint128 at = $.best[assetId][side];
        for (uint256 i; i < count; ++i) {
            Level storage level = sideLevels[at];
            levels[i] = PriceLevel(at, level.shares, level.orders);
            at = level.worse;
        }
    }

    /// @inheritdoc IOrderBook
    function order(uint256 orderId) external view returns (Order memory) {
        OrderRecord storage record = _requireOrder(_storage(), orderId);
        return Order(
            record.owner, record.side, record.assetId, record.price, record.shares, record.expiry, record.createdAt
        );
    }

    /// @inheritdoc IOrderBook
    function openOrdersOf(address owner) external view returns (uint256[] memory orderIds) {
        OrderBookStorage storage $ = _storage();
        uint256 count;
        for (uint40 id = $.ownerOrders[owner].head; id != 0; id = $.orders[id].ownerNext) ++count;
        orderIds = new uint256[](count);
        uint40 at = $.ownerOrders[owner].head;
        for (uint256 i; i < count; ++i) {
            orderIds[i] = at;
            at = $.orders[at].ownerNext;
        }
    }

    /// @inheritdoc IOrderBook
    function feeFor(uint256 value) external view returns (uint256) {
        return _feeFor(_storage(), value);
    }

    /// @inheritdoc IOrderBook
    function escrowedFunds() external view returns (uint256) {
        return _storage().escrowedFunds;
    }

    /// @inheritdoc IOrderBook
    function feeBps() external view returns (uint16) {
        return _storage().feeBps;
    }

    /// @inheritdoc IOrderBook
    function treasury() external view returns (address) {
        return _storage().treasury;
    }

    /// @notice Minimum price × shares of an order.
    function minimumOrderValue() external view returns (uint256) {
        return _storage().minimumOrderValue;
    }

    /// @notice Number of orders ever placed (the last order id).
    function orderCount() external view returns (uint256) {
        return _storage().orderCount;
    }

    // ---------------------------------------------------------------- internals: checks

    function _checkParams(OrderBookStorage storage $, OrderParams memory params) private view {
        if (params.price == 0) revert InvalidPrice(params.price);
        if (params.shares == 0) revert InvalidShares(params.shares);
        if (params.expiry != 0 && params.expiry <= block.timestamp) revert OrderExpired(0, params.expiry);
        uint256 value = uint256(params.price) * params.shares;
        if (value < $.minimumOrderValue) revert OrderValueTooSmall(value, $.minimumOrderValue);
        if ($.shares.asset(params.assetId).status != IEnergyAsset.AssetStatus.Active) {
            revert AssetNotTradable(params.assetId);
        }
    }

    /// @dev The buyer could receive the shares (KYC, country, class, maximum balance, freeze, pause).
    function _checkBuyer(OrderBookStorage storage $, uint256 assetId, address buyer, uint64 shares) private view {
        ICompliance.TransferRestriction code = $.compliance.canTransfer(assetId, address(0), buyer, shares);
        if (code != ICompliance.TransferRestriction.None) $.compliance.revertFor(code, assetId, address(0), buyer, shares);
    }

    /// @dev The seller could send the shares (pause, freeze, available balance, lock-up).
    function _checkSeller(OrderBookStorage storage $, uint256 assetId, address seller, uint64 shares) private view {
        ICompliance.TransferRestriction code = $.shares.tokenRestriction(assetId, seller, seller, shares);
        if (code == ICompliance.TransferRestriction.None && $.compliance.lockedUntil(assetId, seller) > block.timestamp)
        {
            code = ICompliance.TransferRestriction.LockedUp;
        }
        if (code != ICompliance.TransferRestriction.None) $.compliance.revertFor(code, assetId, seller, seller, shares);
    }

    function _requireOrder(OrderBookStorage storage $, uint256 orderId) private view returns (OrderRecord storage record) {
        record = $.orders[orderId];
        if (record.shares == 0) revert UnknownOrder(orderId);
    }

    function _feeFor(OrderBookStorage storage $, uint256 value) private view returns (uint256) {
        return value * $.feeBps / BPS;
    }

    function _best(uint256 assetId, Side side) private view returns (uint128 price, uint64 shares) {
        OrderBookStorage storage $ = _storage();
        price = $.best[assetId][side];
        shares = $.levels[assetId][side][price].shares;
    }

    // ---------------------------------------------------------------- internals: book structure

    /// @dev Appends an order at the tail of its price level (creating the level in sorted position) and of
    /// its owner's list.
    function _rest(OrderBookStorage storage $, uint256 orderId, address owner, OrderParams memory params, uint64 shares)
        private
    {
        uint40 id = orderId.toUint40();
        mapping(uint128 => Level) storage sideLevels = $.levels[params.assetId][params.side];
        Level storage level = sideLevels[params.price];
        if (level.orders == 0) _insertLevel($, params.assetId, params.side, params.price);

        OwnerList storage owned = $.ownerOrders[owner];
        $.orders[orderId] = OrderRecord({
            owner: owner,
            side: params.side,
            shares: shares,
            price: params.price,
            expiry: params.expiry,
            createdAt: uint64(block.timestamp),
            assetId: params.assetId.toUint64(),
            prev: level.tail,
            next: 0,
            ownerPrev: owned.tail,
            ownerNext: 0
        });
        if (level.tail == 0) level.head = id;
        else $.orders[level.tail].next = id;
        level.tail = id;
        level.shares += shares;
        ++level.orders;

        if (owned.tail == 0) owned.head = id;
        else $.orders[owned.tail].ownerNext = id;
        owned.tail = id;
    }

    /// @dev Links a new price level in sorted position, walking from the best price.
    function _insertLevel(OrderBookStorage storage $, uint256 assetId, Side side, uint128 price) private {
        mapping(uint128 => Level) storage sideLevels = $.levels[assetId][side];
        uint128 better;
        uint128 worse = $.best[assetId][side];
        while (worse != 0 && (side == Side.Buy ? worse > price : worse < price)) {
            better = worse;
            worse = sideLevels[worse].worse;
        }
        Level storage level = sideLevels[price];
        level.better = better;
        level.worse = worse;
        if (better == 0) $.best[assetId][side] = price;
        else sideLevels[better].worse = price;
        if (worse != 0) sideLevels[worse].better = price;
    }

    /// @dev Takes `shares` off a resting order; an order left with none leaves the book.
    function _reduce(OrderBookStorage storage $, uint256 orderId, uint64 shares) private {
        OrderRecord storage record = $.orders[orderId];
        Level storage level = $.levels[record.assetId][record.side][record.price];
        level.shares -= shares;
        record.shares -= shares;
        if (record.shares == 0) _unlink($, orderId, record, level);
    }

    /// @dev Removes a resting order and returns its escrow to its owner.
    function _cancel(OrderBookStorage storage $, uint256 orderId, CancelReason reason) private {
        OrderRecord memory record = $.orders[orderId];
        emit OrderCancelled(orderId, record.assetId, record.owner, record.shares, reason);
        _reduce($, orderId, record.shares);
        _refund($, record, record.shares);
    }

    /// @dev Returns the escrow of `shares` of an order: stablecoin for a buy, escrowed shares for a sell.
    function _refund(OrderBookStorage storage $, OrderRecord memory record, uint64 shares) private {
        if (record.side == Side.Buy) {
            uint256 amount = uint256(record.price) * shares;
            $.escrowedFunds -= amount;
            $.paymentToken.safeTransfer(record.owner, amount);
        } else {
            $.shares.releaseShares(record.assetId, record.owner, shares);
        }
    }

    function _unlink(OrderBookStorage storage $, uint256 orderId, OrderRecord storage record, Level storage level)
        private
    {
        // Out of its price level.
        if (record.prev == 0) level.head = record.next;
        else $.orders[record.prev].next = record.next;
        if (record.next == 0) level.tail = record.prev;
        else $.orders[record.next].prev = record.prev;
        if (--level.orders == 0) _removeLevel($, record.assetId, record.side, record.price, level);

        // Out of its owner's list.
        OwnerList storage owned = $.ownerOrders[record.owner];
        if (record.ownerPrev == 0) owned.head = record.ownerNext;
        else $.orders[record.ownerPrev].ownerNext = record.ownerNext;
        if (record.ownerNext == 0) owned.tail = record.ownerPrev;
        else $.orders[record.ownerNext].ownerPrev = record.ownerPrev;

        delete $.orders[orderId];
    }

    function _removeLevel(OrderBookStorage storage $, uint256 assetId, Side side, uint128 price, Level storage level)
        private
    {
        mapping(uint128 => Level) storage sideLevels = $.levels[assetId][side];
        (uint128 better, uint128 worse) = (level.better, level.worse);
        if (better == 0) $.best[assetId][side] = worse;
        else sideLevels[better].worse = worse;
        if (worse != 0) sideLevels[worse].better = better;
        delete sideLevels[price];
    }

    function _setFee(OrderBookStorage storage $, uint16 feeBps_) private {
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        $.feeBps = feeBps_;
        emit FeeSet(feeBps_);
    }

    function _setTreasury(OrderBookStorage storage $, address treasury_) private {
        if (treasury_ == address(0)) revert InvalidTreasury();
        $.treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
