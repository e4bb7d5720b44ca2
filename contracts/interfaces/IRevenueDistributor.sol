// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IShareObserver} from "./IShareObserver.sol";
import {IOffering} from "./IOffering.sol";
import {IOrderBook} from "./IOrderBook.sol";

/// @title CoWatt pull-based revenue distribution
/// @notice Revenue (stablecoin) per asset, shared pro rata among the shares outstanding at each deposit.
/// A deposit costs the same whatever the number of holders; a claim costs the same whatever the number of
/// deposits or holders. Shares acquired after a deposit earn nothing from it; shares sold keep what they
/// had accrued; shares escrowed under sell orders stay in their owner's wallet and keep earning. Rounding
/// is always down and the remainder is carried into the next deposit: claims never exceed deposits.
/// Unclaimed revenue stays claimable forever.
interface IRevenueDistributor is IShareObserver {
    event RevenueDeposited(
        uint256 indexed assetId,
        uint256 indexed distributionId,
        address indexed depositor,
        uint256 amount,
        uint256 sharesOutstanding
    );
    event RevenueClaimed(uint256 indexed assetId, address indexed holder, address indexed to, uint256 amount);
    /// @param amount revenue spent (counted as claimed from `assetId`)
    /// @param venue the Offering or the OrderBook
    /// @param venueId the offering's purchase receipt id, or the buy order's id (as in the order book's events)
    event RevenueReinvested(
        uint256 indexed assetId,
        address indexed holder,
        uint256 amount,
        address indexed venue,
        uint256 venueId
    );
    event UnaccountedTokensRecovered(address indexed token, address indexed to, uint256 amount);
    event ReinvestmentVenuesSet(address indexed offering, address indexed orderBook);

    /// @dev An amount of zero.
    error ZeroAmount();
    /// @dev No shares are outstanding: nobody could receive the deposit.
    error NoSharesOutstanding(uint256 assetId);
    /// @dev Only the share token reports share movements.
    error UnauthorizedShareToken(address caller);
    /// @dev The holder has less accrued revenue than needed.
    error InsufficientRevenue(uint256 assetId, address holder, uint256 claimable, uint256 needed);
    /// @dev Recovering the stablecoin would take revenue that holders are owed.
    error NothingToRecover(address token);
    /// @dev A reinvestment asked to buy nothing.
    error NothingToReinvest();
    /// @dev Tokens cannot be paid to the zero address, nor to this contract (they would become unaccounted).
    error InvalidRecipient(address to);
    /// @dev The reinvestment venue (offering or order book) is not configured.
    error VenueNotConfigured();
    /// @dev A venue that does not settle in this contract's payment token.
    error InvalidVenue(address venue);

    /// @notice Deposits `amount` of revenue for `assetId`'s current holders; pulls the stablecoin from the
    /// caller. Anyone may deposit (the settlement contract does).
    /// @return distributionId the number of this deposit, counted across all assets
    function deposit(uint256 assetId, uint256 amount) external returns (uint256 distributionId);

    /// @notice Pays the caller everything accrued on `assetId` to `to`. With nothing accrued it does nothing
    /// and returns 0 (no transfer, no event).
    function claim(uint256 assetId, address to) external returns (uint256 amount);

    /// @notice {claim} for several assets in one transaction, paid in one transfer; assets with nothing
    /// accrued are skipped.
    function claimMany(uint256[] calldata assetIds, address to) external returns (uint256 total);

    /// @notice Uses revenue accrued on `sourceAssetId` to buy `shares` in an open primary offering for the
    /// caller (compliance applies to the caller). The cost must not exceed the accrued revenue.
    /// @return receiptId the offering's purchase receipt
    function reinvestInOffering(uint256 sourceAssetId, uint256 offeringId, uint256 shares)
        external
        returns (uint256 receiptId);

    /// @notice Uses revenue accrued on `sourceAssetId` to place a good-till-cancelled buy order for the caller
    /// on the order book (it may fill at once). The accrued revenue must cover price × shares plus the taker
    /// fee on that value (the most the order can need); only what the order book actually takes is counted as
    /// claimed. Escrow refunds (cancel, expiry) go to the caller.
    /// @return orderId the order's id (in the order book's events); it rests only if shares remain after matching
    function reinvestInBuyOrder(
        uint256 sourceAssetId,
        uint256 targetAssetId,
        uint128 price,
        uint64 shares,
        uint64 expiry
    ) external returns (uint256 orderId);

    /// @notice Sends stablecoin or other tokens sent here by mistake to `to`, never touching what holders are
    /// owed ({liabilities}, whose cost it bears). Admin only.
    function recoverUnaccountedTokens(address token, address to) external returns (uint256 amount);

    /// @notice Sets where revenue can be reinvested; either may be 0 (that kind of reinvestment is then off).
    /// Admin only. The distributor needs the order book's funder role for {reinvestInBuyOrder}.
    function setReinvestmentVenues(IOffering offering, IOrderBook orderBook) external;

    /// @notice Revenue `holder` can claim on `assetId` now.
    function claimable(uint256 assetId, address holder) external view returns (uint256);

    /// @notice Revenue ever deposited for an asset.
    function totalDeposited(uint256 assetId) external view returns (uint256);

    /// @notice Revenue ever claimed or reinvested from an asset.
    function totalClaimed(uint256 assetId) external view returns (uint256);

    /// @notice Number of deposits so far, all assets together.
    function distributionCount() external view returns (uint256);

    /// @notice Revenue owed to holders, all assets together: total deposited − total claimed. The stablecoin
    /// balance never falls below it. Sums over the assets (claims keep no global total), so its cost grows
    /// with the number of assets.
    function liabilities() external view returns (uint256);

    function paymentToken() external view returns (address);
    function shareToken() external view returns (address);
    function offering() external view returns (IOffering);
    function orderBook() external view returns (IOrderBook);
}
