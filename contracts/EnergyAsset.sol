// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {ERC1155Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC1155/ERC1155Upgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {ERC1155Utils} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Utils.sol";
import {Arrays} from "@openzeppelin/contracts/utils/Arrays.sol";
import {ERC1155VotesUpgradeable} from "./extensions/ERC1155VotesUpgradeable.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";
import {ICompliance} from "./interfaces/ICompliance.sol";
import {IIdentityRegistry} from "./interfaces/IIdentityRegistry.sol";
import {IShareObserver} from "./interfaces/IShareObserver.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title EnergyAsset
/// @notice See {IEnergyAsset}. UUPS upgradeable; upgrades authorised by DEFAULT_ADMIN_ROLE.
contract EnergyAsset is
    IEnergyAsset,
    ERC1155VotesUpgradeable,
    AccessControlUpgradeable,
    PausableUpgradeable,
    ReentrancyGuardTransient,
    UUPSUpgradeable
{
    using TransientSlot for *;

    /// @custom:storage-location erc7201:cowatt.storage.EnergyAsset
    struct EnergyAssetStorage {
        ICompliance compliance;
        uint256 assetCount;
        mapping(uint256 assetId => AssetState) assets;
        mapping(uint256 assetId => AssetSpec) specs;
        mapping(uint256 assetId => uint256) holderCount;
        mapping(address wallet => bool) frozen;
        IShareObserver shareObserver;
        mapping(uint256 assetId => mapping(address owner => uint256)) escrowed;
        mapping(uint256 assetId => address) governance;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.EnergyAsset")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xba427f81c48a584a3cfd0c88863b651c588634666eadbbf7475f0ed443473e00;
    // Set only for the duration of an agent's forced transfer or recovery (never across external calls).
    // keccak256(abi.encode(uint256(keccak256("cowatt.transient.EnergyAsset.agentTransfer")) - 1)) & ~0xff
    bytes32 private constant AGENT_TRANSFER_SLOT = 0xb2d33072afb87f8d86e9f665b4427cf096ab7e63df1d6eaf572cb0cc03c84900;
    uint256 private constant MAX_EMISSION_FACTOR = 2_000; // g CO2/kWh, above any grid's average
    uint256 private constant HOURS_PER_YEAR = 8_760;

    function _storage() private pure returns (EnergyAssetStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address admin, ICompliance compliance_, string calldata baseUri) external initializer {
        __ERC1155_init(baseUri);
        __AccessControl_init();
        __Pausable_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _storage().compliance = compliance_;
    }

    // ---------------------------------------------------------------- lifecycle

    /// @inheritdoc IEnergyAsset
    function registerAsset(AssetSpec calldata spec) external onlyRole(Roles.ASSET_PROVIDER) returns (uint256 assetId) {
        _validateSpec(spec);
        EnergyAssetStorage storage $ = _storage();
        assetId = ++$.assetCount;
        $.assets[assetId] = AssetState(msg.sender, AssetStatus.Submitted, false);
        $.specs[assetId] = spec;
        emit AssetRegistered(assetId, msg.sender, spec);
        emit AssetStatusChanged(assetId, AssetStatus.None, AssetStatus.Submitted, "", msg.sender);
    }

    /// @inheritdoc IEnergyAsset
    function updateAssetSpec(uint256 assetId, AssetSpec calldata spec) external {
        AssetState storage state = _requireAsset(assetId);
        if (state.operator != msg.sender) revert NotAssetOperator(assetId, msg.sender);
        if (state.status != AssetStatus.Submitted && state.status != AssetStatus.Rejected) {
            revert InvalidAssetStatus(assetId, state.status);
        }
        _validateSpec(spec);
        _storage().specs[assetId] = spec;
        emit AssetSpecUpdated(assetId, spec);
        if (state.status == AssetStatus.Rejected) _setStatus(assetId, state, AssetStatus.Submitted, "resubmitted");
    }

    /// @inheritdoc IEnergyAsset
    function startReview(uint256 assetId) external onlyRole(Roles.VERIFIER) {
        _transition(assetId, AssetStatus.Submitted, AssetStatus.UnderReview, "");
    }

    /// @inheritdoc IEnergyAsset
    function verifyAsset(uint256 assetId) external onlyRole(Roles.VERIFIER) {
        _transition(assetId, AssetStatus.UnderReview, AssetStatus.Verified, "");
    }

    /// @inheritdoc IEnergyAsset
    function rejectAsset(uint256 assetId, string calldata reason) external onlyRole(Roles.VERIFIER) {
        AssetState storage state = _requireAsset(assetId);
        if (state.status != AssetStatus.Submitted && state.status != AssetStatus.UnderReview) {
            revert InvalidAssetStatus(assetId, state.status);
        }
        _setStatus(assetId, state, AssetStatus.Rejected, reason);
    }

    /// @inheritdoc IEnergyAsset
    function beginOffering(uint256 assetId) external onlyRole(Roles.ISSUER) {
        _transition(assetId, AssetStatus.Verified, AssetStatus.Offering, "");
    }

    /// @inheritdoc IEnergyAsset
    function concludeOffering(uint256 assetId, bool succeeded) external onlyRole(Roles.ISSUER) {
        if (succeeded) _transition(assetId, AssetStatus.Offering, AssetStatus.Active, "offering succeeded");
        else _transition(assetId, AssetStatus.Offering, AssetStatus.Verified, "offering failed");
    }

    /// @inheritdoc IEnergyAsset
    function suspendAsset(uint256 assetId, string calldata reason) external onlyRole(Roles.VERIFIER) {
        _transition(assetId, AssetStatus.Active, AssetStatus.Suspended, reason);
    }

    /// @inheritdoc IEnergyAsset
    function resumeAsset(uint256 assetId, string calldata reason) external onlyRole(Roles.VERIFIER) {
        _transition(assetId, AssetStatus.Suspended, AssetStatus.Active, reason);
    }

    /// @inheritdoc IEnergyAsset
    function decommissionAsset(uint256 assetId, string calldata reason) external {
        _requireAdminOrGovernance(assetId);
        AssetState storage state = _requireAsset(assetId);
        if (state.status != AssetStatus.Active && state.status != AssetStatus.Suspended) {
            revert InvalidAssetStatus(assetId, state.status);
        }
        _setStatus(assetId, state, AssetStatus.Decommissioned, reason);
    }

    /// @inheritdoc IEnergyAsset
    function setOperator(uint256 assetId, address newOperator) external {
        _requireAdminOrGovernance(assetId);
        if (newOperator == address(0)) revert InvalidWallet(newOperator);
        AssetState storage state = _requireAsset(assetId);
        emit OperatorChanged(assetId, state.operator, newOperator);
        state.operator = newOperator;
    }

    /// @inheritdoc IEnergyAsset
    function setAssetGovernance(uint256 assetId, address governance) external onlyRole(Roles.GOVERNANCE_REGISTRAR) {
        _requireAsset(assetId);
        _storage().governance[assetId] = governance;
        emit AssetGovernanceSet(assetId, governance);
    }

    /// @inheritdoc IEnergyAsset
    function assetGovernance(uint256 assetId) external view returns (address) {
        return _storage().governance[assetId];
    }

    /// @dev The platform admin, or the asset's own governance (its holders' timelock) for that asset.
    function _requireAdminOrGovernance(uint256 assetId) private view {
        if (msg.sender != _storage().governance[assetId]) _checkRole(DEFAULT_ADMIN_ROLE);
    }

    // ---------------------------------------------------------------- emergency and agent controls

    /// @inheritdoc IEnergyAsset
    function setAssetPaused(uint256 assetId, bool paused_) external onlyRole(Roles.PAUSER) {
        _requireAsset(assetId).paused = paused_;
        emit AssetPauseSet(assetId, paused_, msg.sender);
    }

    /// @inheritdoc IEnergyAsset
    function pause() external onlyRole(Roles.PAUSER) {
        _pause();
    }

    /// @inheritdoc IEnergyAsset
    function unpause() external onlyRole(Roles.PAUSER) {
        _unpause();
    }

    /// @inheritdoc IEnergyAsset
    function setAddressFrozen(address wallet, bool frozen, string calldata reason) external onlyRole(Roles.AGENT) {
        if (wallet == address(0)) revert InvalidWallet(wallet);
        _storage().frozen[wallet] = frozen;
        emit AddressFrozen(wallet, frozen, msg.sender, reason);
    }

    /// @inheritdoc IEnergyAsset
    function forcedTransfer(uint256 assetId, address from, address to, uint256 amount, string calldata reason)
        external
        nonReentrant
        onlyRole(Roles.AGENT)
    {
        _requireAsset(assetId);
        if (from == address(0)) revert InvalidWallet(from); // would mint outside the total-shares cap
        if (!_identityRegistry().isVerified(to)) revert ICompliance.RecipientNotVerified(to);
        emit ForcedTransfer(assetId, from, to, amount, reason, msg.sender);
        _agentTransfer(from, to, assetId, amount);
    }

    /// @inheritdoc IEnergyAsset
    function recoverWallet(address lostWallet, address newWallet, uint256[] calldata assetIds, string calldata reason)
        external
        nonReentrant
        onlyRole(Roles.AGENT)
    {
        if (lostWallet == address(0) || newWallet == address(0) || lostWallet == newWallet) {
            revert InvalidWallet(newWallet);
        }
        IIdentityRegistry registry = _identityRegistry();
        uint256 identityId = registry.identityOf(lostWallet);
        if (identityId == 0 || identityId != registry.identityOf(newWallet)) {
            revert RecoveryIdentityMismatch(lostWallet, newWallet);
        }
        // The person keeps ownership, but a revoked or expired identity must be re-verified first.
        if (!registry.isVerified(newWallet)) revert ICompliance.RecipientNotVerified(newWallet);
        EnergyAssetStorage storage $ = _storage();
        $.frozen[lostWallet] = true;
        emit AddressFrozen(lostWallet, true, msg.sender, reason);
        for (uint256 i; i < assetIds.length; ++i) {
            _requireAsset(assetIds[i]);
            uint256 amount = _available(assetIds[i], lostWallet);
            emit WalletRecovered(assetIds[i], lostWallet, newWallet, amount, reason, msg.sender);
            if (amount != 0) _agentTransfer(lostWallet, newWallet, assetIds[i], amount);
        }
    }

    // ---------------------------------------------------------------- order-book escrow and observer

    /// @inheritdoc IEnergyAsset
    function escrowShares(uint256 assetId, address owner, uint256 amount) external onlyRole(Roles.ESCROW) {
        uint256 available = _available(assetId, owner);
        if (amount > available) revert InsufficientAvailableShares(assetId, owner, available, amount);
        _storage().escrowed[assetId][owner] += amount;
        emit SharesEscrowed(assetId, owner, amount, msg.sender);
    }

    /// @inheritdoc IEnergyAsset
    function releaseShares(uint256 assetId, address owner, uint256 amount) external onlyRole(Roles.ESCROW) {
        _takeFromEscrow(assetId, owner, amount);
        emit SharesReleased(assetId, owner, amount, msg.sender);
    }

    /// @inheritdoc IEnergyAsset
    function transferEscrowedShares(uint256 assetId, address from, address to, uint256 amount)
        external
        onlyRole(Roles.ESCROW)
    {
        _takeFromEscrow(assetId, from, amount);
        _safeTransferFrom(from, to, assetId, amount, "");
    }

    /// @inheritdoc IEnergyAsset
    function setShareObserver(IShareObserver observer) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _storage().shareObserver = observer;
        emit ShareObserverSet(address(observer));
    }

    // ---------------------------------------------------------------- issuance

    /// @inheritdoc IEnergyAsset
    function mint(uint256 assetId, address to, uint256 amount) external onlyRole(Roles.ISSUER) {
        uint256 available = _storage().specs[assetId].totalShares - totalSupply(assetId);
        if (amount > available) revert ExceedsTotalShares(assetId, amount, available);
        _mint(to, assetId, amount, "");
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IEnergyAsset
    function tokenRestriction(uint256 assetId, address from, address to, uint256 amount)
        public
        view
        returns (ICompliance.TransferRestriction)
    {
        if (paused()) return ICompliance.TransferRestriction.Paused;
        EnergyAssetStorage storage $ = _storage();
        AssetState memory state = $.assets[assetId];
        if (state.paused) return ICompliance.TransferRestriction.AssetPaused;
        bool transferable = from == address(0)
            ? state.status == AssetStatus.Offering || state.status == AssetStatus.Active
            : state.status == AssetStatus.Active;
        if (!transferable) return ICompliance.TransferRestriction.SharesNotTransferable;
        if (to == address(0)) return ICompliance.TransferRestriction.InvalidRecipient;
        if ($.frozen[from]) return ICompliance.TransferRestriction.SenderFrozen;
        if ($.frozen[to]) return ICompliance.TransferRestriction.RecipientFrozen;
        if (from != address(0) && _available(assetId, from) < amount) {
            return ICompliance.TransferRestriction.InsufficientBalance;
        }
        return ICompliance.TransferRestriction.None;
    }

    /// @inheritdoc IEnergyAsset
    function assetCount() external view returns (uint256) {
        return _storage().assetCount;
    }

    /// @inheritdoc IEnergyAsset
    function asset(uint256 assetId) external view returns (AssetState memory) {
        return _requireAsset(assetId);
    }

    /// @inheritdoc IEnergyAsset
    function assetSpec(uint256 assetId) external view returns (AssetSpec memory) {
        _requireAsset(assetId);
        return _storage().specs[assetId];
    }

    /// @inheritdoc IEnergyAsset
    function holderCount(uint256 assetId) external view returns (uint256) {
        return _storage().holderCount[assetId];
    }

    /// @inheritdoc IEnergyAsset
    function isFrozen(address wallet) external view returns (bool) {
        return _storage().frozen[wallet];
    }

    /// @inheritdoc IEnergyAsset
    function escrowedBalance(uint256 assetId, address owner) external view returns (uint256) {
        return _storage().escrowed[assetId][owner];
    }

    /// @inheritdoc IEnergyAsset
    function shareObserver() external view returns (IShareObserver) {
        return _storage().shareObserver;
    }

    /// @inheritdoc IEnergyAsset
    function compliance() external view returns (ICompliance) {
        return _storage().compliance;
    }

    /// @notice Metadata URI of an asset: its IPFS metadata CID.
    function uri(uint256 assetId) public view override returns (string memory) {
        string memory cid = _storage().specs[assetId].metadataCID;
        return bytes(cid).length == 0 ? super.uri(assetId) : string.concat("ipfs://", cid);
    }

    function totalSupply(uint256 assetId)
        public
        view
        override(IEnergyAsset, ERC1155VotesUpgradeable)
        returns (uint256)
    {
        return super.totalSupply(assetId);
    }

    function balanceOf(address account, uint256 assetId)
        public
        view
        override(IEnergyAsset, ERC1155Upgradeable)
        returns (uint256)
    {
        return super.balanceOf(account, assetId);
    }

    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC1155Upgradeable, AccessControlUpgradeable)
        returns (bool)
    {
        return super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Every movement passes the token checks and the asset's compliance rules, except inside an
    /// agent action; then holder counts, vote checkpoints and the lock-up hook follow the shares.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override
    {
        EnergyAssetStorage storage $ = _storage();
        bool agentAction = AGENT_TRANSFER_SLOT.asBoolean().tload();
        if (!agentAction) {
            for (uint256 i; i < ids.length; ++i) {
                uint256 id = Arrays.unsafeMemoryAccess(ids, i);
                uint256 value = Arrays.unsafeMemoryAccess(values, i);
                for (uint256 j; j < i; ++j) {
                    if (Arrays.unsafeMemoryAccess(ids, j) == id) revert DuplicateAssetId(id);
                }
                ICompliance.TransferRestriction code = tokenRestriction(id, from, to, value);
                if (code == ICompliance.TransferRestriction.None) {
                    code = $.compliance.ruleRestriction(id, from, to, value);
                }
                if (code != ICompliance.TransferRestriction.None) $.compliance.revertFor(code, id, from, to, value);
            }
        }
        super._update(from, to, ids, values);
        if (from == to) return;
        IShareObserver observer = $.shareObserver;
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = Arrays.unsafeMemoryAccess(ids, i);
            uint256 value = Arrays.unsafeMemoryAccess(values, i);
            if (value == 0) continue;
            if (to != address(0) && balanceOf(to, id) == value) ++$.holderCount[id];
            if (from != address(0) && balanceOf(from, id) == 0) --$.holderCount[id];
            if (from == address(0)) $.compliance.created(id, to, value);
            if (address(observer) != address(0)) observer.onSharesMoved(id, from, to, value);
        }
    }

    /// @dev Moves shares outside the rules; the receiver's acceptance check runs after the bypass is
    /// cleared, so a receiver callback cannot use it.
    function _agentTransfer(address from, address to, uint256 assetId, uint256 amount) private {
        uint256 available = _available(assetId, from);
        if (amount > available) revert InsufficientAvailableShares(assetId, from, available, amount);
        AGENT_TRANSFER_SLOT.asBoolean().tstore(true);
        uint256[] memory ids = new uint256[](1);
        uint256[] memory values = new uint256[](1);
        ids[0] = assetId;
        values[0] = amount;
        _update(from, to, ids, values);
        AGENT_TRANSFER_SLOT.asBoolean().tstore(false);
        ERC1155Utils.checkOnERC1155Received(msg.sender, from, to, assetId, amount, "");
    }

    function _available(uint256 assetId, address owner) private view returns (uint256) {
        return balanceOf(owner, assetId) - _storage().escrowed[assetId][owner];
    }

    function _takeFromEscrow(uint256 assetId, address owner, uint256 amount) private {
        mapping(address => uint256) storage escrowed = _storage().escrowed[assetId];
        uint256 held = escrowed[owner];
        if (amount > held) revert InsufficientEscrowedShares(assetId, owner, held, amount);
        escrowed[owner] = held - amount;
    }

    function _transition(uint256 assetId, AssetStatus expected, AssetStatus next, string memory reason) private {
        AssetState storage state = _requireAsset(assetId);
        if (state.status != expected) revert InvalidAssetStatus(assetId, state.status);
        _setStatus(assetId, state, next, reason);
    }

    function _setStatus(uint256 assetId, AssetState storage state, AssetStatus next, string memory reason) private {
        AssetStatus previous = state.status;
        state.status = next;
        emit AssetStatusChanged(assetId, previous, next, reason, msg.sender);
    }

    function _requireAsset(uint256 assetId) private view returns (AssetState storage state) {
        state = _storage().assets[assetId];
        if (state.status == AssetStatus.None) revert UnknownAsset(assetId);
    }

    function _identityRegistry() private view returns (IIdentityRegistry) {
        return IIdentityRegistry(_storage().compliance.identityRegistry());
    }

    function _validateSpec(AssetSpec calldata spec) private pure {
        if (bytes(spec.name).length == 0) revert InvalidAssetSpecification("name");
        if (spec.capacityW == 0) revert InvalidAssetSpecification("capacityW");
        if (spec.country == 0 || spec.country > 999) revert InvalidAssetSpecification("country");
        if (spec.latitudeE6 < -90e6 || spec.latitudeE6 > 90e6) revert InvalidAssetSpecification("latitudeE6");
        if (spec.longitudeE6 < -180e6 || spec.longitudeE6 > 180e6) revert InvalidAssetSpecification("longitudeE6");
        // Production cannot exceed running at nameplate capacity all year.
        if (spec.expectedAnnualKWh == 0 || spec.expectedAnnualKWh > uint256(spec.capacityW) * HOURS_PER_YEAR / 1000) {
            revert InvalidAssetSpecification("expectedAnnualKWh");
        }
        if (spec.emissionFactorGPerKWh > MAX_EMISSION_FACTOR) revert InvalidAssetSpecification("emissionFactorGPerKWh");
        if (spec.totalShares == 0) revert InvalidAssetSpecification("totalShares");
        if (bytes(spec.metadataCID).length == 0) revert InvalidAssetSpecification("metadataCID");
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
