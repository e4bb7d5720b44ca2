// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ICompliance} from "./interfaces/ICompliance.sol";
import {IIdentityRegistry} from "./interfaces/IIdentityRegistry.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title Compliance
/// @notice See {ICompliance}. Senders are not KYC-checked (a holder whose KYC lapsed can still sell to a
/// verified buyer); recipients always are. Maximum balance applies per wallet.
contract Compliance is ICompliance, AccessControlUpgradeable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:cowatt.storage.Compliance
    struct ComplianceStorage {
        IIdentityRegistry identityRegistry;
        IEnergyAsset token;
        mapping(uint256 assetId => AssetRules) rules;
        mapping(uint256 assetId => mapping(uint16 country => bool)) allowedCountries;
        mapping(uint256 assetId => mapping(address holder => uint64)) lockedUntil;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.Compliance")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xac85e4e8bd6b67039571ed066bece3bde370d7feb7bbba2787f90aad5373e000;
    uint8 private constant ALL_CLASSES_MASK = 0x07;

    function _storage() private pure returns (ComplianceStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address admin, IIdentityRegistry registry) external initializer {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _storage().identityRegistry = registry;
    }

    /// @inheritdoc ICompliance
    function bindToken(address token_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        ComplianceStorage storage $ = _storage();
        if (address($.token) != address(0) || token_ == address(0)) revert TokenAlreadyBound(address($.token));
        $.token = IEnergyAsset(token_);
        emit TokenBound(token_);
    }

    /// @inheritdoc ICompliance
    function setRules(uint256 assetId, AssetRules calldata newRules) external onlyRole(Roles.COMPLIANCE_OFFICER) {
        if (newRules.allowedClassesMask & ~ALL_CLASSES_MASK != 0) revert InvalidRules();
        if (newRules.maxBalance != 0 && newRules.minHolding > newRules.maxBalance) revert InvalidRules();
        _storage().rules[assetId] = newRules;
        emit RulesUpdated(assetId, newRules, msg.sender);
    }

    /// @inheritdoc ICompliance
    function setCountriesAllowed(uint256 assetId, uint16[] calldata countries, bool allowed)
        external
        onlyRole(Roles.COMPLIANCE_OFFICER)
    {
        mapping(uint16 => bool) storage allowedCountries = _storage().allowedCountries[assetId];
        for (uint256 i; i < countries.length; ++i) {
            allowedCountries[countries[i]] = allowed;
            emit CountryAllowanceSet(assetId, countries[i], allowed);
        }
    }

    /// @inheritdoc ICompliance
    function created(uint256 assetId, address to, uint256) external {
        ComplianceStorage storage $ = _storage();
        if (msg.sender != address($.token)) revert UnauthorizedToken(msg.sender);
        uint32 period = $.rules[assetId].lockUpPeriod;
        if (period == 0) return;
        uint64 until = uint64(block.timestamp) + period;
        $.lockedUntil[assetId][to] = until;
        emit LockUpStarted(assetId, to, until);
    }

    /// @inheritdoc ICompliance
    function canTransfer(uint256 assetId, address from, address to, uint256 amount)
        external
        view
        returns (TransferRestriction restriction)
    {
        restriction = _storage().token.tokenRestriction(assetId, from, to, amount);
        if (restriction == TransferRestriction.None) restriction = ruleRestriction(assetId, from, to, amount);
    }

    /// @inheritdoc ICompliance
    function ruleRestriction(uint256 assetId, address from, address to, uint256 amount)
        public
        view
        returns (TransferRestriction)
    {
        ComplianceStorage storage $ = _storage();
        if (from != address(0) && $.lockedUntil[assetId][from] > block.timestamp) return TransferRestriction.LockedUp;
        if (to == address(0)) return TransferRestriction.None; // burns only need the sender side
        AssetRules memory assetRules = $.rules[assetId];
        TransferRestriction restriction = _recipientRestriction($, assetRules, assetId, to);
        if (restriction != TransferRestriction.None || from == to) return restriction;
        return _balanceRestriction($.token, assetRules, assetId, from, to, amount);
    }

    /// @dev KYC, country and investor class of the recipient.
    function _recipientRestriction(
        ComplianceStorage storage $,
        AssetRules memory assetRules,
        uint256 assetId,
        address to
    ) private view returns (TransferRestriction) {
        (, bool verified, uint16 country, IIdentityRegistry.InvestorClass investorClass) =
            $.identityRegistry.investorOf(to);
        if (!verified) return TransferRestriction.RecipientNotVerified;
        if (assetRules.restrictCountries && !$.allowedCountries[assetId][country]) {
            return TransferRestriction.CountryNotAllowed;
        }
        if (assetRules.allowedClassesMask != 0 && (assetRules.allowedClassesMask >> uint8(investorClass)) & 1 == 0) {
            return TransferRestriction.InvestorClassNotAllowed;
        }
        return TransferRestriction.None;
    }

    /// @dev Maximum balance, minimum holding and maximum holders after the movement.
    function _balanceRestriction(
        IEnergyAsset token_,
        AssetRules memory assetRules,
        uint256 assetId,
        address from,
        address to,
        uint256 amount
    ) private view returns (TransferRestriction) {
        uint256 toBalance = token_.balanceOf(to, assetId);
        if (assetRules.maxBalance != 0 && toBalance + amount > assetRules.maxBalance) {
            return TransferRestriction.MaxBalanceExceeded;
        }
        if (assetRules.minHolding == 0 && assetRules.maxHolders == 0) return TransferRestriction.None;
        uint256 fromBalance = from == address(0) ? 0 : token_.balanceOf(from, assetId);
        if (from != address(0) && fromBalance < amount) return TransferRestriction.InsufficientBalance;
        if (assetRules.minHolding != 0) {
            if (toBalance + amount < assetRules.minHolding) return TransferRestriction.BelowMinimumHolding;
            if (from != address(0)) {
                uint256 fromBalanceAfter = fromBalance - amount;
                if (fromBalanceAfter != 0 && fromBalanceAfter < assetRules.minHolding) {
                    return TransferRestriction.BelowMinimumHolding;
                }
            }
        }
        if (assetRules.maxHolders != 0 && toBalance == 0 && amount != 0) {
            // A sender moving its whole balance frees its place.
            bool senderLeaves = from != address(0) && fromBalance == amount;
            if (!senderLeaves && token_.holderCount(assetId) >= assetRules.maxHolders) {
                return TransferRestriction.MaxHoldersReached;
            }
        }
        return TransferRestriction.None;
    }

    /// @inheritdoc ICompliance
    function revertFor(TransferRestriction code, uint256 assetId, address from, address to, uint256 amount)
        external
        view
    {
        if (code == TransferRestriction.None) return;
        ComplianceStorage storage $ = _storage();
        IEnergyAsset shares = $.token;
        if (code == TransferRestriction.Paused) revert PausableUpgradeable.EnforcedPause();
        if (code == TransferRestriction.AssetPaused) revert EnforcedAssetPause(assetId);
        if (code == TransferRestriction.SharesNotTransferable) {
            revert SharesNotTransferable(assetId, uint8(shares.asset(assetId).status));
        }
        if (code == TransferRestriction.SenderFrozen) revert FrozenWallet(from);
        if (code == TransferRestriction.RecipientFrozen) revert FrozenWallet(to);
        if (code == TransferRestriction.InsufficientBalance) {
            // Escrowed shares (open sell orders) are part of the balance but cannot move.
            uint256 available = shares.balanceOf(from, assetId) - shares.escrowedBalance(assetId, from);
            revert IERC1155Errors.ERC1155InsufficientBalance(from, available, amount, assetId);
        }
        if (code == TransferRestriction.InvalidRecipient) revert IERC1155Errors.ERC1155InvalidReceiver(to);
        if (code == TransferRestriction.RecipientNotVerified) revert RecipientNotVerified(to);
        if (code == TransferRestriction.LockedUp) {
            revert SharesLockedUp(assetId, from, $.lockedUntil[assetId][from]);
        }
        AssetRules memory assetRules = $.rules[assetId];
        if (code == TransferRestriction.MaxHoldersReached) {
            revert MaxHoldersReached(assetId, assetRules.maxHolders);
        }
        uint256 toBalanceAfter = shares.balanceOf(to, assetId) + amount;
        if (code == TransferRestriction.MaxBalanceExceeded) {
            revert MaxBalanceExceeded(assetId, to, toBalanceAfter, assetRules.maxBalance);
        }
        if (code == TransferRestriction.BelowMinimumHolding) {
            if (toBalanceAfter < assetRules.minHolding) {
                revert BelowMinimumHolding(assetId, to, toBalanceAfter, assetRules.minHolding);
            }
            revert BelowMinimumHolding(
                assetId, from, shares.balanceOf(from, assetId) - amount, assetRules.minHolding
            );
        }
        (,, uint16 country, IIdentityRegistry.InvestorClass investorClass) =
            $.identityRegistry.investorOf(to);
        if (code == TransferRestriction.CountryNotAllowed) {
            revert CountryNotAllowed(assetId, to, country);
        }
        revert InvestorClassNotAllowed(assetId, to, uint8(investorClass));
    }

    /// @inheritdoc ICompliance
    function rules(uint256 assetId) external view returns (AssetRules memory) {
        return _storage().rules[assetId];
    }

    /// @inheritdoc ICompliance
    function isCountryAllowed(uint256 assetId, uint16 country) external view returns (bool) {
        ComplianceStorage storage $ = _storage();
        return !$.rules[assetId].restrictCountries || $.allowedCountries[assetId][country];
    }

    /// @inheritdoc ICompliance
    function lockedUntil(uint256 assetId, address holder) external view returns (uint64) {
        return _storage().lockedUntil[assetId][holder];
    }

    /// @inheritdoc ICompliance
    function token() external view returns (address) {
        return address(_storage().token);
    }

    /// @inheritdoc ICompliance
    function identityRegistry() external view returns (address) {
        return address(_storage().identityRegistry);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
