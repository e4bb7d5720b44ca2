// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title CoWatt secondary market: an escrow order book per asset
/// @notice Limit orders for an asset's shares against the platform stablecoin, with price-time priority.
/// An incoming order first matches resting orders of the other side at their prices (at most `maxFills`
/// fills, capped by {MAX_FILLS}); what is left rests (good-till-cancelled) or is cancelled (immediate-or-
/// cancel: a market order is an IOC order with a far limit). Sell orders escrow their shares in the
/// seller's wallet (they keep earning revenue and voting); buy orders escrow stablecoin here. The taker
/// pays the fee, in basis points of the trade value, to the treasury: a taker buy pays value + fee, a
/// taker sell receives value − fee; makers pay nothing.
///
/// Self-trades never happen: an incoming order that meets a resting order of the same owner cancels that
/// resting order (reason {CancelReason.SelfTrade}) and goes on matching. A resting order that can no longer
/// fill (expired, its owner frozen, locked up or no longer verified) is cancelled when met. Every resting
/// order met counts towards the fill bound, whatever became of it. When the bound stops matching while the
/// book still crosses the order's limit, the remainder is cancelled ({CancelReason.FillLimitReached})
/// rather than rest across the book: place it again to go on. An order whose owner could never receive
/// or send the shares is refused at placement with the compliance reason. The maximum-balance check at
/// placement counts the buyer's balance and this order, not its other open buy orders: those are checked
/// again at each fill (and cancelled as unfillable if they would exceed it).
interface IOrderBook {
    enum Side {
        Buy,
        Sell
    }

    enum TimeInForce {
        GoodTillCancelled,
        ImmediateOrCancel
    }

    enum CancelReason {
        ByOwner,
        Expired,
        ImmediateOrCancel,
        SelfTrade,
        Unfillable,
        ByAgent,
        Replaced,
        FillLimitReached
    }

    /// @param price stablecoin units (6 decimals) per share
    /// @param shares shares still open
    /// @param expiry unix seconds after which the order cannot fill; 0 for none
    struct Order {
        address owner;
        Side side;
        uint256 assetId;
        uint128 price;
        uint64 shares;
        uint64 expiry;
        uint64 createdAt;
    }

    /// @param maxFills most resting orders to meet in this transaction (0 means {MAX_FILLS})
    struct OrderParams {
        uint256 assetId;
        Side side;
        uint128 price;
        uint64 shares;
        uint64 expiry;
        TimeInForce timeInForce;
        uint8 maxFills;
    }

    struct PriceLevel {
        uint128 price;
        uint64 shares;
        uint32 orders;
    }

    event OrderPlaced(
        uint256 indexed orderId,
        uint256 indexed assetId,
        address indexed owner,
        Side side,
        uint128 price,
        uint64 shares,
        uint64 expiry
    );
    /// @notice A trade: `shares` at the maker's `price`; `fee` paid by the taker.
    event Trade(
        uint256 indexed assetId,
        uint256 indexed makerOrderId,
        uint256 indexed takerOrderId,
        address maker,
        address taker,
        Side takerSide,
        uint128 price,
        uint64 shares,
        uint256 fee
    );
    event OrderCancelled(
        uint256 indexed orderId, uint256 indexed assetId, address indexed owner, uint64 sharesLeft, CancelReason reason
    );
    /// @notice A resting order's size was reduced in place (it keeps its priority).
    event OrderReduced(uint256 indexed orderId, uint64 newShares);
    event FeeSet(uint16 feeBps);
    event TreasurySet(address indexed treasury);
    event MinimumOrderValueSet(uint256 minimumValue);
    event UnaccountedTokensRecovered(address indexed token, address indexed to, uint256 amount);

    error InvalidPrice(uint128 price);
    error InvalidShares(uint64 shares);
    /// @dev Price × shares is below the minimum order value (anti-spam).
    error OrderValueTooSmall(uint256 value, uint256 minimum);
    error OrderExpired(uint256 orderId, uint64 expiry);
    error UnknownOrder(uint256 orderId);
    error NotOrderOwner(uint256 orderId, address account);
    /// @dev Secondary trading needs an Active asset.
    error AssetNotTradable(uint256 assetId);
    error FeeTooHigh(uint16 feeBps, uint16 maximum);
    error InvalidTreasury();
    /// @dev Only buy orders can be placed for someone else.
    error InvalidSide();
    /// @dev A modification that changes nothing.
    error NothingToModify(uint256 orderId);
    /// @dev Recovering the stablecoin would take escrow that open buy orders own.
    error NothingToRecover(address token);

    /// @notice Places an order as the caller. Buy orders pull price × shares (+ fee on what fills at once)
    /// from the caller; sell orders escrow the caller's shares.
    /// @return orderId the order's id (in its events); it rests only if shares remain after matching and it is
    /// good-till-cancelled
    function placeOrder(OrderParams calldata params) external returns (uint256 orderId);

    /// @notice {placeOrder} for a buy order, with an EIP-2612 permit covering the stablecoin it needs.
    function placeOrderWithPermit(OrderParams calldata params, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 orderId);

    /// @notice Places a buy order owned by `owner` and paid by the caller (reinvestment). Fills and refunds
    /// go to `owner`; compliance applies to `owner`. Funder role only (the RevenueDistributor).
    function placeBuyOrderFor(address owner, OrderParams calldata params) external returns (uint256 orderId);

    /// @notice Cancels the caller's order and returns its escrow.
    function cancelOrder(uint256 orderId) external;

    /// @notice Changes a resting order. Reducing shares at the same price keeps priority; a new price or more
    /// shares replaces it with a new order (which may match at once) and loses priority.
    /// @return newOrderId the order's id afterwards (the same id when reduced in place)
    function modifyOrder(uint256 orderId, uint128 newPrice, uint64 newShares) external returns (uint256 newOrderId);

    /// @notice Cancels expired orders and returns their escrow to their owners. Anyone may call.
    function expireOrders(uint256[] calldata orderIds) external;

    /// @notice Cancels an order for a compliance action (before a forced transfer or recovery). Agent only.
    function cancelOrderAsAgent(uint256 orderId) external;

    /// @notice Sends tokens sent here by mistake to `to`, never touching buy-order escrow. Admin only.
    function recoverUnaccountedTokens(address token, address to) external returns (uint256 amount);

    function setFee(uint16 feeBps) external;
    function setTreasury(address treasury) external;
    function setMinimumOrderValue(uint256 minimumValue) external;

    /// @notice Best bid: highest buy price and the shares at it (0, 0 when none).
    function bestBid(uint256 assetId) external view returns (uint128 price, uint64 shares);

    /// @notice Best ask: lowest sell price and the shares at it (0, 0 when none).
    function bestAsk(uint256 assetId) external view returns (uint128 price, uint64 shares);

    /// @notice Up to `maxLevels` price levels of one side, best first.
    function depth(uint256 assetId, Side side, uint256 maxLevels) external view returns (PriceLevel[] memory);

    function order(uint256 orderId) external view returns (Order memory);

    /// @notice The owner's open orders, oldest first.
    function openOrdersOf(address owner) external view returns (uint256[] memory);

    /// @notice The fee a taker pays on a trade of `value`.
    function feeFor(uint256 value) external view returns (uint256);

    /// @notice Stablecoin escrowed for open buy orders (equals the sum of price × shares over them).
    function escrowedFunds() external view returns (uint256);

    function feeBps() external view returns (uint16);
    function treasury() external view returns (address);
    function MAX_FILLS() external view returns (uint8);
}
