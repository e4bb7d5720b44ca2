// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title CoWatt primary offerings
/// @notice Escrowed primary sale of an asset's shares for the platform stablecoin. Payments stay in this
/// contract until the offering closes: success (soft cap reached) pays the asset treasury minus the
/// platform fee and lets every investor take delivery of their shares; failure or cancellation lets
/// every investor withdraw exactly what they paid. Each purchase is a numbered receipt: the
/// {SharesPurchased} event, which indexers turn into ownership certificates (no storage is spent on it).
interface IOffering {
    enum OfferingStatus {
        None,
        Open,
        Succeeded,
        Failed,
        Cancelled
    }

    /// @param pricePerShare stablecoin units (6 decimals) per share
    /// @param softCapShares shares that must be sold for the offering to succeed (at least 1)
    /// @param hardCapShares most shares the offering sells
    /// @param minPurchaseShares smallest purchase
    /// @param maxSharesPerInvestor most shares one wallet may buy in this offering; 0 means the hard cap
    /// @param startTime, endTime the sale window (unix seconds)
    /// @param treasury receives the proceeds (minus the platform fee) on success
    struct OfferingTerms {
        uint256 assetId;
        uint128 pricePerShare;
        uint64 softCapShares;
        uint64 hardCapShares;
        uint64 minPurchaseShares;
        uint64 maxSharesPerInvestor;
        uint64 startTime;
        uint64 endTime;
        address treasury;
    }

    /// @param feeBps platform fee fixed when the offering was created
    /// @param sharesSold shares bought so far
    /// @param raised stablecoin paid so far (held in escrow until the offering closes)
    /// @param investorCount wallets that bought at least once
    struct OfferingState {
        OfferingStatus status;
        uint16 feeBps;
        uint64 sharesSold;
        uint128 raised;
        uint32 investorCount;
    }

    /// @param shares bought in the offering (kept after settlement, for receipts)
    /// @param paid stablecoin paid for them (kept after settlement)
    /// @param settled shares delivered (success) or payment refunded (failure or cancellation)
    struct Contribution {
        uint64 shares;
        uint128 paid;
        bool settled;
    }

    event OfferingCreated(uint256 indexed offeringId, uint256 indexed assetId, OfferingTerms terms, uint16 feeBps);
    event SharesPurchased(
        uint256 indexed offeringId,
        uint256 indexed assetId,
        address indexed investor,
        uint256 receiptId,
        uint256 shares,
        uint256 cost
    );
    event OfferingFinalized(
        uint256 indexed offeringId, OfferingStatus status, uint256 sharesSold, uint256 raised, uint256 platformFee
    );
    event OfferingCancelled(uint256 indexed offeringId, string reason, address indexed actor);
    event SharesDelivered(uint256 indexed offeringId, address indexed investor, uint256 shares);
    event Refunded(uint256 indexed offeringId, address indexed investor, uint256 amount);
    event PlatformFeeUpdated(uint16 previousFeeBps, uint16 newFeeBps);
    event PlatformTreasuryUpdated(address indexed previousTreasury, address indexed newTreasury);

    error OfferingNotFound(uint256 offeringId);
    /// @dev The offering is not accepting purchases (closed, finalized or cancelled).
    error OfferingClosed(uint256 offeringId);
    error OfferingNotStarted(uint256 offeringId, uint64 startTime);
    /// @dev The purchase would exceed the hard cap; `remaining` shares are left.
    error HardCapReached(uint256 offeringId, uint256 remaining);
    error PurchaseBelowMinimum(uint256 offeringId, uint256 shares, uint256 minimum);
    error InvestorLimitExceeded(uint256 offeringId, uint256 requested, uint256 maximum);
    /// @dev A term is invalid; `reason` says which.
    error InvalidOfferingTerms(string reason);
    /// @dev The window is still open and the hard cap not reached.
    error OfferingStillOpen(uint256 offeringId, uint64 endTime);
    /// @dev Shares are delivered only after success; refunds only after failure or cancellation.
    error InvalidOfferingStatus(uint256 offeringId, OfferingStatus status);
    error NothingToSettle(uint256 offeringId, address investor);
    error FeeTooHigh(uint16 feeBps, uint16 maximum);
    error NotAssetOperator(uint256 assetId, address account);
    error InvalidAddress(address account);

    /// @notice Opens an offering for a Verified asset (moves it to Offering). Asset operator or offering
    /// manager only.
    function createOffering(OfferingTerms calldata terms) external returns (uint256 offeringId);

    /// @notice Buys `shares` at the offering price; the cost is pulled into escrow. The buyer must pass
    /// compliance for the total it will hold (KYC, country, class, maximum balance).
    /// @return receiptId the purchase receipt's number, as in {SharesPurchased}
    function purchase(uint256 offeringId, uint256 shares) external returns (uint256 receiptId);

    /// @notice {purchase} paid by the caller for `investor`, who must pass compliance and owns the
    /// contribution (its shares, or its refund). Used to reinvest revenue.
    function purchaseFor(uint256 offeringId, uint256 shares, address investor) external returns (uint256 receiptId);

    /// @notice {purchase} with an EIP-2612 permit for the cost, so one signature suffices.
    function purchaseWithPermit(uint256 offeringId, uint256 shares, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 receiptId);

    /// @notice Closes an offering after its window, or once the hard cap is sold. Anyone may call.
    function finalizeOffering(uint256 offeringId) external;

    /// @notice Cancels an open offering; every investor can then be refunded. Operator or manager only.
    function cancelOffering(uint256 offeringId, string calldata reason) external;

    /// @notice After success, mints each listed investor's shares (anyone may call, e.g. a keeper).
    function deliverShares(uint256 offeringId, address[] calldata investors) external;

    /// @notice After failure or cancellation, refunds each listed investor exactly what it paid.
    function refund(uint256 offeringId, address[] calldata investors) external;

    /// @notice Sets the platform fee for future offerings. Admin only; at most 10%.
    function setPlatformFee(uint16 feeBps) external;

    /// @notice Sets where platform fees go. Admin only.
    function setPlatformTreasury(address treasury) external;

    function offeringCount() external view returns (uint256);
    function terms(uint256 offeringId) external view returns (OfferingTerms memory);
    function state(uint256 offeringId) external view returns (OfferingState memory);
    function contribution(uint256 offeringId, address investor) external view returns (Contribution memory);
    function receiptCount() external view returns (uint256);
    /// @notice The open (or last) offering of an asset, 0 when none.
    function latestOfferingOf(uint256 assetId) external view returns (uint256);
    function platformFeeBps() external view returns (uint16);
    function platformTreasury() external view returns (address);
    function paymentToken() external view returns (address);
    /// @notice Stablecoin the contract holds for offerings not yet paid out or refunded.
    function escrowBalance() external view returns (uint256);
}
