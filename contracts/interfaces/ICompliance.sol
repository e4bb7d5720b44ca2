// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title CoWatt per-asset transfer compliance
/// @notice Rules checked on every share movement: recipient KYC, allowed countries and investor classes,
/// maximum balance per wallet, minimum holding, lock-up after a primary purchase, maximum number of
/// holders. {canTransfer} answers with a reason code a UI can show before the user signs anything.
interface ICompliance {
    /// @notice Why a movement of shares would fail; `None` means it passes.
    enum TransferRestriction {
        None,
        Paused,
        AssetPaused,
        SharesNotTransferable,
        SenderFrozen,
        RecipientFrozen,
        InsufficientBalance,
        RecipientNotVerified,
        CountryNotAllowed,
        InvestorClassNotAllowed,
        MaxBalanceExceeded,
        BelowMinimumHolding,
        LockedUp,
        MaxHoldersReached,
        InvalidRecipient
    }

    /// @param restrictCountries when true only countries set with {setCountriesAllowed} may hold shares
    /// @param allowedClassesMask bit `1 << InvestorClass` per allowed class; 0 allows every class
    /// @param maxHolders maximum number of wallets holding shares; 0 means unlimited
    /// @param lockUpPeriod seconds a wallet cannot transfer after receiving shares from a primary sale
    /// @param maxBalance maximum shares per wallet; 0 means unlimited
    /// @param minHolding a wallet holds either nothing or at least this many shares; 0 disables
    struct AssetRules {
        bool restrictCountries;
        uint8 allowedClassesMask;
        uint32 maxHolders;
        uint32 lockUpPeriod;
        uint64 maxBalance;
        uint64 minHolding;
    }

    event TokenBound(address indexed token);
    event RulesUpdated(uint256 indexed assetId, AssetRules rules, address indexed officer);
    event CountryAllowanceSet(uint256 indexed assetId, uint16 indexed country, bool allowed);
    event LockUpStarted(uint256 indexed assetId, address indexed holder, uint64 until);

    // Reasons a movement of shares reverts; one per {TransferRestriction}.
    error EnforcedAssetPause(uint256 assetId);
    error SharesNotTransferable(uint256 assetId, uint8 status);
    error FrozenWallet(address wallet);
    error RecipientNotVerified(address wallet);
    error CountryNotAllowed(uint256 assetId, address wallet, uint16 country);
    error InvestorClassNotAllowed(uint256 assetId, address wallet, uint8 investorClass);
    error MaxBalanceExceeded(uint256 assetId, address wallet, uint256 balanceAfter, uint256 maxBalance);
    error BelowMinimumHolding(uint256 assetId, address wallet, uint256 balanceAfter, uint256 minHolding);
    error SharesLockedUp(uint256 assetId, address wallet, uint64 until);
    error MaxHoldersReached(uint256 assetId, uint32 maxHolders);

    /// @dev Only the bound EnergyAsset contract may call this.
    error UnauthorizedToken(address caller);
    /// @dev The token is already bound, or the address is zero.
    error TokenAlreadyBound(address token);
    /// @dev `minHolding` above `maxBalance`, or an unknown investor class bit.
    error InvalidRules();

    /// @notice Binds the EnergyAsset contract whose movements this checks (once). Admin only.
    function bindToken(address token) external;

    /// @notice Replaces an asset's rules. Compliance officer only.
    function setRules(uint256 assetId, AssetRules calldata rules) external;

    /// @notice Allows or disallows countries (ISO 3166-1 numeric) for an asset. Compliance officer only.
    function setCountriesAllowed(uint256 assetId, uint16[] calldata countries, bool allowed) external;

    /// @notice Called by the token after shares are minted to `to`: starts the primary-sale lock-up.
    function created(uint256 assetId, address to, uint256 amount) external;

    /// @notice Full pre-check for a movement (`from` = 0 for a mint): token state (pause, freeze,
    /// lifecycle, balance) and the asset's rules. Returns `None` when the movement would succeed.
    function canTransfer(uint256 assetId, address from, address to, uint256 amount)
        external
        view
        returns (TransferRestriction);

    /// @notice The asset's rules only (what the token asks on every movement).
    function ruleRestriction(uint256 assetId, address from, address to, uint256 amount)
        external
        view
        returns (TransferRestriction);

    /// @notice Reverts with the custom error that explains `code` (e.g. {SharesLockedUp} with the lock-up
    /// end); returns when `code` is None. Lets the token and the offering share one error mapping.
    function revertFor(TransferRestriction code, uint256 assetId, address from, address to, uint256 amount)
        external
        view;

    /// @notice The asset's rules.
    function rules(uint256 assetId) external view returns (AssetRules memory);

    /// @notice Whether a country may hold the asset (always true when countries are not restricted).
    function isCountryAllowed(uint256 assetId, uint16 country) external view returns (bool);

    /// @notice When a holder's primary-sale lock-up ends (0 when never locked).
    function lockedUntil(uint256 assetId, address holder) external view returns (uint64);

    /// @notice The bound EnergyAsset contract.
    function token() external view returns (address);

    /// @notice The identity registry consulted for KYC, country and class.
    function identityRegistry() external view returns (address);
}
