// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IIdentityRegistry} from "./interfaces/IIdentityRegistry.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title IdentityRegistry
/// @notice See {IIdentityRegistry}. Upgrades are authorised by DEFAULT_ADMIN_ROLE (the platform timelock
/// in production).
contract IdentityRegistry is IIdentityRegistry, AccessControlUpgradeable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:cowatt.storage.IdentityRegistry
    struct IdentityRegistryStorage {
        uint256 identityCount;
        mapping(uint256 identityId => Identity) identities;
        mapping(uint256 identityId => uint256) walletCounts;
        mapping(address wallet => uint256 identityId) identityOf;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.IdentityRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x7d8413d67fb9278ace6762eeeef415d29aca850885090f6a9a6f741f5af6a500;

    function _storage() private pure returns (IdentityRegistryStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address admin) external initializer {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IIdentityRegistry
    function registerIdentity(address wallet, uint16 country, InvestorClass investorClass, uint64 expiresAt)
        external
        onlyRole(Roles.KYC_AGENT)
        returns (uint256 identityId)
    {
        _checkRecord(country, expiresAt);
        IdentityRegistryStorage storage $ = _storage();
        identityId = ++$.identityCount;
        $.identities[identityId] = Identity(country, investorClass, expiresAt, false);
        emit IdentityRegistered(identityId, wallet, country, investorClass, expiresAt, msg.sender);
        _link($, identityId, wallet);
    }

    /// @inheritdoc IIdentityRegistry
    function updateIdentity(uint256 identityId, uint16 country, InvestorClass investorClass, uint64 expiresAt)
        external
        onlyRole(Roles.KYC_AGENT)
    {
        _checkRecord(country, expiresAt);
        IdentityRegistryStorage storage $ = _storage();
        _requireIdentity($, identityId);
        $.identities[identityId] = Identity(country, investorClass, expiresAt, false);
        emit IdentityUpdated(identityId, country, investorClass, expiresAt, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function revokeIdentity(uint256 identityId, string calldata reason) external onlyRole(Roles.KYC_AGENT) {
        IdentityRegistryStorage storage $ = _storage();
        _requireIdentity($, identityId);
        $.identities[identityId].revoked = true;
        emit IdentityRevoked(identityId, reason, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function linkWallet(uint256 identityId, address wallet) external onlyRole(Roles.KYC_AGENT) {
        IdentityRegistryStorage storage $ = _storage();
        _requireIdentity($, identityId);
        _link($, identityId, wallet);
    }

    /// @inheritdoc IIdentityRegistry
    function unlinkWallet(address wallet) external onlyRole(Roles.KYC_AGENT) {
        IdentityRegistryStorage storage $ = _storage();
        uint256 identityId = $.identityOf[wallet];
        if (identityId == 0) revert WalletNotLinked(wallet);
        delete $.identityOf[wallet];
        --$.walletCounts[identityId];
        emit WalletUnlinked(identityId, wallet, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function identityOf(address wallet) external view returns (uint256) {
        return _storage().identityOf[wallet];
    }

    /// @inheritdoc IIdentityRegistry
    function identity(uint256 identityId) external view returns (Identity memory) {
        IdentityRegistryStorage storage $ = _storage();
        _requireIdentity($, identityId);
        return $.identities[identityId];
    }

    /// @inheritdoc IIdentityRegistry
    function walletCount(uint256 identityId) external view returns (uint256) {
        return _storage().walletCounts[identityId];
    }

    /// @inheritdoc IIdentityRegistry
    function identityCount() external view returns (uint256) {
        return _storage().identityCount;
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address wallet) external view returns (bool verified) {
        (, verified,,) = investorOf(wallet);
    }

    /// @inheritdoc IIdentityRegistry
    function investorOf(address wallet)
        public
        view
        returns (uint256 identityId, bool verified, uint16 country, InvestorClass investorClass)
    {
        IdentityRegistryStorage storage $ = _storage();
        identityId = $.identityOf[wallet];
        if (identityId == 0) return (0, false, 0, InvestorClass.Retail);
        Identity storage record = $.identities[identityId];
        verified = !record.revoked && record.expiresAt > block.timestamp;
        return (identityId, verified, record.country, record.investorClass);
    }

    function _link(IdentityRegistryStorage storage $, uint256 identityId, address wallet) private {
        if (wallet == address(0)) revert InvalidWallet(wallet);
        uint256 current = $.identityOf[wallet];
        if (current != 0) revert WalletAlreadyLinked(wallet, current);
        $.identityOf[wallet] = identityId;
        ++$.walletCounts[identityId];
        emit WalletLinked(identityId, wallet, msg.sender);
    }

    function _checkRecord(uint16 country, uint64 expiresAt) private view {
        if (country == 0 || country > 999) revert InvalidCountry(country);
        if (expiresAt <= block.timestamp) revert InvalidExpiry(expiresAt);
    }

    function _requireIdentity(IdentityRegistryStorage storage $, uint256 identityId) private view {
        if (identityId == 0 || identityId > $.identityCount) revert IdentityNotFound(identityId);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
