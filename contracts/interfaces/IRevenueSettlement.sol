// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IVerifiedProduction} from "./IVerifiedProduction.sol";

/// @title CoWatt revenue settlement
/// @notice Turns a period's verified production into money for the holders:
/// gross = energy × price (Chainlink AggregatorV3 feed, EUR/MWh, checked for staleness and bounds);
/// operating profit = gross − the operator's recorded expenses for the period (floored at zero);
/// platform fee = operating profit × fee; net = operating profit − fee.
/// The operator funds gross − expenses; the fee goes to the platform treasury and the net to the
/// RevenueDistributor. Every settlement emits a statement with all its inputs (audit trail).
interface IRevenueSettlement {
    /// @param priceAnswer the feed's answer (EUR/MWh with `priceDecimals` decimals)
    /// @param priceRoundId, priceUpdatedAt the round used, for auditors to look it up
    /// @param gross, expenses, platformFee, net in stablecoin units
    struct Statement {
        uint256 assetId;
        uint256 periodId;
        uint64 periodStart;
        uint64 periodEnd;
        uint128 energyWh;
        int256 priceAnswer;
        uint8 priceDecimals;
        uint80 priceRoundId;
        uint256 priceUpdatedAt;
        uint256 gross;
        uint256 expenses;
        uint16 platformFeeBps;
        uint256 platformFee;
        uint256 net;
    }

    event ExpenseRecorded(
        uint256 indexed assetId,
        uint256 indexed periodId,
        uint256 indexed expenseId,
        uint256 amount,
        string category,
        string documentCID,
        address operator
    );
    event Settled(uint256 indexed assetId, uint256 indexed periodId, address indexed operator, Statement statement);
    event PriceFeedSet(uint256 indexed assetId, address feed);
    event PriceBoundsSet(int256 minPrice, int256 maxPrice, uint32 maxPriceAge);
    event ProductionSourceSet(address source);
    event PlatformFeeSet(uint16 feeBps);
    event TreasurySet(address indexed treasury);

    error NotAssetOperator(uint256 assetId, address account);
    error ZeroAmount();
    error MissingDocument();
    /// @dev The production period is not final yet (still disputable).
    error PeriodNotFinal(uint256 assetId, uint256 periodId);
    error AlreadySettled(uint256 assetId, uint256 periodId);
    /// @dev No price feed is configured for the asset, nor a default one.
    error NoPriceFeed(uint256 assetId);
    /// @dev The feed's answer is older than the allowed age.
    error StalePrice(uint256 updatedAt, uint256 maxAge);
    /// @dev The feed's answer is outside the configured bounds (or not positive).
    error PriceOutOfBounds(int256 answer, int256 minPrice, int256 maxPrice);
    error InvalidPriceBounds();
    error FeeTooHigh(uint16 feeBps, uint16 maximum);
    /// @dev A zero address where a contract or the treasury is required.
    error InvalidAddress(address account);
    /// @dev A price feed whose answers do not have {PRICE_DECIMALS} decimals (the bounds' unit).
    error InvalidPriceFeed(address feed);

    /// @notice Records an operating expense (maintenance, insurance, land lease …) for an asset's period,
    /// with the invoice's IPFS CID. The period must exist in the production source. Asset operator only;
    /// not after the period is settled.
    /// @return expenseId a number counted across all assets and periods
    function recordExpense(
        uint256 assetId,
        uint256 periodId,
        uint256 amount,
        string calldata category,
        string calldata documentCID
    ) external returns (uint256 expenseId);

    /// @notice Settles a final production period: pulls gross − expenses from the operator, pays the fee
    /// to the treasury and deposits the net revenue for the holders. Asset operator only; once per period.
    /// Expenses above gross settle to zero (nothing moves) and are not carried to later periods. The operator
    /// approves this contract for {quote}'s platformFee + net first.
    function settle(uint256 assetId, uint256 periodId) external returns (Statement memory);

    /// @notice The statement {settle} would produce now (for the operator's review before funding). Works
    /// while the period is still disputable; reverts like {settle} for a settled period or a bad price.
    function quote(uint256 assetId, uint256 periodId) external view returns (Statement memory);

    /// @notice Sets an asset's price feed, or the default feed with `assetId` 0; the zero address removes it
    /// (the asset then uses the default). Feeds must answer with {PRICE_DECIMALS} decimals. Admin only.
    function setPriceFeed(uint256 assetId, address feed) external;

    /// @notice Sets the accepted price range (EUR/MWh with {PRICE_DECIMALS} decimals, 0 < min ≤ max) and the
    /// maximum age of an answer in seconds (> 0). Admin only.
    function setPriceBounds(int256 minPrice, int256 maxPrice, uint32 maxPriceAge) external;

    /// @notice Sets where verified production comes from. Admin only.
    function setProductionSource(IVerifiedProduction source) external;

    /// @notice Sets the platform fee on operating profit, at most 20%. Admin only.
    function setPlatformFee(uint16 feeBps) external;

    /// @notice Sets where platform fees go. Admin only.
    function setTreasury(address treasury) external;

    function isSettled(uint256 assetId, uint256 periodId) external view returns (bool);
    function expensesOf(uint256 assetId, uint256 periodId) external view returns (uint256);
    /// @notice The feed an asset's settlement uses: its own, else the default (0 when neither).
    function priceFeedOf(uint256 assetId) external view returns (address);
    function productionSource() external view returns (IVerifiedProduction);
    function priceBounds() external view returns (int256 minPrice, int256 maxPrice, uint32 maxPriceAge);
    function platformFeeBps() external view returns (uint16);
    function treasury() external view returns (address);
    /// @notice Where net revenue is deposited (the RevenueDistributor).
    function distributor() external view returns (address);
    function paymentToken() external view returns (address);
    /// @notice Decimals of price answers and bounds (8, like Chainlink fiat feeds).
    function PRICE_DECIMALS() external view returns (uint8);
    /// @notice Highest platform fee, in basis points of operating profit (2000 = 20%).
    function MAX_FEE_BPS() external view returns (uint16);
    /// @notice Number of expenses recorded so far, all assets together.
    function expenseCount() external view returns (uint256);
}
