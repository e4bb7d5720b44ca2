// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {ICompliance} from "./ICompliance.sol";
import {IShareObserver} from "./IShareObserver.sol";

/// @title CoWatt energy-asset shares
/// @notice One ERC-1155 token id per energy asset (solar farm, wind turbine, rooftop cooperative);
/// shares are fractional ownership. Holds each asset's specification and lifecycle:
/// Submitted -> UnderReview -> Verified | Rejected -> Offering -> Active -> Suspended / Decommissioned.
/// Every movement of shares passes {ICompliance}; only the agent paths (forced transfer, wallet
/// recovery) bypass the rules, each with an event stating the reason.
/// Shares under an open sell order stay in their owner's wallet, escrowed: they cannot move except through
/// the escrow agent (the OrderBook), and they keep earning revenue and voting for their owner.
interface IEnergyAsset {
    enum AssetStatus {
        None,
        Submitted,
        UnderReview,
        Verified,
        Rejected,
        Offering,
        Active,
        Suspended,
        Decommissioned
    }

    enum Technology {
        Solar,
        Wind,
        Hydro,
        Biomass,
        Geothermal,
        Storage
    }

    /// @param capacityW nameplate capacity in watts
    /// @param country ISO 3166-1 numeric code of the site
    /// @param latitudeE6 site latitude in micro-degrees
    /// @param longitudeE6 site longitude in micro-degrees
    /// @param commissionedAt commissioning date (unix seconds; may be in the future for projects)
    /// @param expectedAnnualKWh expected yearly production (P50), in kWh
    /// @param emissionFactorGPerKWh grid emission factor displaced, grams CO2 per kWh
    /// @param totalShares maximum number of shares the asset is divided into
    /// @param metadataCID IPFS CID of the metadata and documents (permits, PPA, technical due diligence)
    struct AssetSpec {
        string name;
        Technology technology;
        uint64 capacityW;
        uint16 country;
        int32 latitudeE6;
        int32 longitudeE6;
        uint64 commissionedAt;
        uint64 expectedAnnualKWh;
        uint32 emissionFactorGPerKWh;
        uint256 totalShares;
        string metadataCID;
    }

    /// @param operator the asset provider that registered and runs the asset
    /// @param status lifecycle state
    /// @param paused emergency pause of this asset's share movements
    struct AssetState {
        address operator;
        AssetStatus status;
        bool paused;
    }

    event AssetRegistered(uint256 indexed assetId, address indexed operator, AssetSpec spec);
    event AssetSpecUpdated(uint256 indexed assetId, AssetSpec spec);
    event AssetStatusChanged(
        uint256 indexed assetId, AssetStatus indexed previous, AssetStatus indexed next, string reason, address actor
    );
    event AssetPauseSet(uint256 indexed assetId, bool paused, address indexed actor);
    event OperatorChanged(uint256 indexed assetId, address indexed previousOperator, address indexed newOperator);
    event AddressFrozen(address indexed wallet, bool indexed frozen, address indexed agent, string reason);
    event ForcedTransfer(
        uint256 indexed assetId, address indexed from, address indexed to, uint256 amount, string reason, address agent
    );
    event WalletRecovered(
        uint256 indexed assetId,
        address indexed lostWallet,
        address indexed newWallet,
        uint256 amount,
        string reason,
        address agent
    );

    event ShareObserverSet(address indexed observer);
    event AssetGovernanceSet(uint256 indexed assetId, address indexed governance);
    event SharesEscrowed(uint256 indexed assetId, address indexed owner, uint256 amount, address indexed escrowAgent);
    event SharesReleased(uint256 indexed assetId, address indexed owner, uint256 amount, address indexed escrowAgent);

    /// @dev The owner's shares outside escrow are fewer than `needed`.
    error InsufficientAvailableShares(uint256 assetId, address owner, uint256 available, uint256 needed);
    /// @dev Fewer shares are escrowed for the owner than the release or escrowed transfer needs.
    error InsufficientEscrowedShares(uint256 assetId, address owner, uint256 escrowed, uint256 needed);
    /// @dev No asset has this id.
    error UnknownAsset(uint256 assetId);
    /// @dev The action is not allowed in the asset's current lifecycle state.
    error InvalidAssetStatus(uint256 assetId, AssetStatus current);
    /// @dev A specification field is missing or out of range; `field` names it.
    error InvalidAssetSpecification(string field);
    /// @dev Only the asset's operator may do this.
    error NotAssetOperator(uint256 assetId, address account);
    /// @dev Minting would exceed the asset's total shares.
    error ExceedsTotalShares(uint256 assetId, uint256 requested, uint256 available);
    /// @dev Recovery moves shares only between wallets of the same identity.
    error RecoveryIdentityMismatch(address lostWallet, address newWallet);
    /// @dev A zero address where a wallet is required.
    error InvalidWallet(address wallet);
    /// @dev A batch movement lists the same asset twice (its checks and holder count would see stale balances).
    error DuplicateAssetId(uint256 assetId);

    /// @notice Registers an asset in state Submitted, with the caller as operator. Asset provider only.
    function registerAsset(AssetSpec calldata spec) external returns (uint256 assetId);

    /// @notice Replaces the specification while Submitted, or resubmits a Rejected asset. Operator only.
    function updateAssetSpec(uint256 assetId, AssetSpec calldata spec) external;

    /// @notice Submitted -> UnderReview. Verifier only.
    function startReview(uint256 assetId) external;

    /// @notice UnderReview -> Verified. Verifier only.
    function verifyAsset(uint256 assetId) external;

    /// @notice Submitted or UnderReview -> Rejected, with the reason shown to the operator. Verifier only.
    function rejectAsset(uint256 assetId, string calldata reason) external;

    /// @notice Verified -> Offering, when a primary offering opens. Issuer (the Offering contract) only.
    function beginOffering(uint256 assetId) external;

    /// @notice Offering -> Active when it succeeded, back to Verified when it failed. Issuer only.
    function concludeOffering(uint256 assetId, bool succeeded) external;

    /// @notice Active -> Suspended: share movements stop. Verifier only.
    function suspendAsset(uint256 assetId, string calldata reason) external;

    /// @notice Suspended -> Active. Verifier only.
    function resumeAsset(uint256 assetId, string calldata reason) external;

    /// @notice Active or Suspended -> Decommissioned (final). The asset's governance (its holders' timelock)
    /// or the admin.
    function decommissionAsset(uint256 assetId, string calldata reason) external;

    /// @notice Replaces an asset's operator. The asset's governance (its holders' timelock) or the admin.
    function setOperator(uint256 assetId, address newOperator) external;

    /// @notice Registers the asset's governance (its holders' timelock), which may then replace the operator
    /// and decommission that asset. Governance registrar (the AssetGovernorFactory) only.
    function setAssetGovernance(uint256 assetId, address governance) external;

    /// @notice The asset's governance (its holders' timelock), or 0 before it exists.
    function assetGovernance(uint256 assetId) external view returns (address);

    /// @notice Pauses or unpauses one asset's share movements. Pauser only.
    function setAssetPaused(uint256 assetId, bool paused) external;

    /// @notice Pauses every share movement. Pauser only.
    function pause() external;

    /// @notice Lifts the global pause. Pauser only.
    function unpause() external;

    /// @notice Freezes or unfreezes a wallet for every asset. Agent only.
    function setAddressFrozen(address wallet, bool frozen, string calldata reason) external;

    /// @notice Moves shares without the holder's consent, bypassing rules, freezes, pauses and the lifecycle
    /// state (court order, regulatory action). The recipient must be KYC-verified. Escrowed shares are not
    /// touched: cancel the holder's orders first. Agent only.
    function forcedTransfer(uint256 assetId, address from, address to, uint256 amount, string calldata reason)
        external;

    /// @notice Moves every listed asset's available (unescrowed) shares from a lost wallet to another wallet of the same identity,
    /// which must be KYC-verified, and freezes the lost wallet. Agent only. Like forced transfers, it works
    /// while paused and in any lifecycle state (recovery must not wait for an emergency to end).
    function recoverWallet(address lostWallet, address newWallet, uint256[] calldata assetIds, string calldata reason)
        external;

    /// @notice Escrows `amount` of the owner's available shares in place (for a sell order). Escrow agent only.
    function escrowShares(uint256 assetId, address owner, uint256 amount) external;

    /// @notice Returns escrowed shares to the owner's available balance. Escrow agent only.
    function releaseShares(uint256 assetId, address owner, uint256 amount) external;

    /// @notice Moves escrowed shares of `from` to `to` (an order fill), through every compliance check.
    /// Escrow agent only.
    function transferEscrowedShares(uint256 assetId, address from, address to, uint256 amount) external;

    /// @notice Sets the contract told of every share movement (the RevenueDistributor); 0 for none. Admin only.
    function setShareObserver(IShareObserver observer) external;

    /// @notice Mints shares of an asset in Offering or Active state, through compliance. Issuer only.
    function mint(uint256 assetId, address to, uint256 amount) external;

    /// @notice Token-level restriction on a movement (pause, freeze, lifecycle, balance); the asset's rules
    /// are in {ICompliance-canTransfer}, which includes this.
    function tokenRestriction(uint256 assetId, address from, address to, uint256 amount)
        external
        view
        returns (ICompliance.TransferRestriction);

    function assetCount() external view returns (uint256);
    function asset(uint256 assetId) external view returns (AssetState memory);
    function assetSpec(uint256 assetId) external view returns (AssetSpec memory);
    function holderCount(uint256 assetId) external view returns (uint256);
    function totalSupply(uint256 assetId) external view returns (uint256);
    function balanceOf(address account, uint256 assetId) external view returns (uint256);
    function isFrozen(address wallet) external view returns (bool);
    /// @notice Shares of `owner` held in escrow for open sell orders (included in balanceOf).
    function escrowedBalance(uint256 assetId, address owner) external view returns (uint256);
    function shareObserver() external view returns (IShareObserver);
    function compliance() external view returns (ICompliance);
}
