// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title DeviceRegistry
/// @notice See {IDeviceRegistry}. One slot per gateway and two per meter. The asset operator is read live
/// from EnergyAsset, so an operator change moves device management with it.
/// EIP-712 domain and ERC-5267 `eip712Domain()` from EIP712Upgradeable. UUPS, upgrades by DEFAULT_ADMIN_ROLE.
contract DeviceRegistry is IDeviceRegistry, AccessControlUpgradeable, EIP712Upgradeable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:cowatt.storage.DeviceRegistry
    struct DeviceRegistryStorage {
        IEnergyAsset shares;
        mapping(address gateway => Gateway) gateways;
        mapping(bytes32 meterId => Meter) meters;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.DeviceRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xabf3eabbd02198647db3ca604877b89917009e2004604c6bfb66c145c635b300;

    /// @inheritdoc IDeviceRegistry
    bytes32 public constant READING_BATCH_TYPEHASH = keccak256(
        "ReadingBatch(address gateway,uint256 assetId,uint64 batchSequence,uint32 readingCount,bytes32 readingsRoot)"
    );

    function _storage() private pure returns (DeviceRegistryStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address admin, IEnergyAsset shares) external initializer {
        __AccessControl_init();
        __EIP712_init("CoWatt DeviceRegistry", "1");
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _storage().shares = shares;
    }

    // ---------------------------------------------------------------- gateways

    /// @inheritdoc IDeviceRegistry
    function registerGateway(uint256 assetId, address gatewayAddress) external {
        _checkOperator(assetId);
        if (gatewayAddress == address(0)) revert InvalidGateway(gatewayAddress);
        Gateway storage g = _storage().gateways[gatewayAddress];
        if (g.status != DeviceStatus.None) revert GatewayAlreadyRegistered(gatewayAddress);
        g.assetId = assetId;
        g.status = DeviceStatus.Pending;
        emit GatewayRegistered(gatewayAddress, assetId, msg.sender);
        emit GatewayStatusChanged(gatewayAddress, assetId, DeviceStatus.None, DeviceStatus.Pending, "", msg.sender);
    }

    /// @inheritdoc IDeviceRegistry
    function approveGateway(address gatewayAddress) external onlyRole(Roles.VERIFIER) {
        _moveGateway(gatewayAddress, DeviceStatus.Pending, DeviceStatus.Active, "");
    }

    /// @inheritdoc IDeviceRegistry
    function suspendGateway(address gatewayAddress, string calldata reason) external onlyRole(Roles.VERIFIER) {
        _moveGateway(gatewayAddress, DeviceStatus.Active, DeviceStatus.Suspended, reason);
    }

    /// @inheritdoc IDeviceRegistry
    function resumeGateway(address gatewayAddress, string calldata reason) external onlyRole(Roles.VERIFIER) {
        _moveGateway(gatewayAddress, DeviceStatus.Suspended, DeviceStatus.Active, reason);
    }

    /// @inheritdoc IDeviceRegistry
    function retireGateway(address gatewayAddress, string calldata reason) external {
        Gateway storage g = _existingGateway(gatewayAddress);
        _checkOperatorOrVerifier(g.assetId);
        DeviceStatus previous = g.status;
        if (previous == DeviceStatus.Retired) revert InvalidDeviceStatus(previous);
        g.status = DeviceStatus.Retired;
        emit GatewayStatusChanged(gatewayAddress, g.assetId, previous, DeviceStatus.Retired, reason, msg.sender);
    }

    // ---------------------------------------------------------------- meters

    /// @inheritdoc IDeviceRegistry
    function registerMeter(uint256 assetId, bytes32 meterId, address gatewayAddress, uint32 maxPowerW) external {
        _checkOperator(assetId);
        if (meterId == bytes32(0) || maxPowerW == 0) revert InvalidMeter(meterId);
        DeviceRegistryStorage storage $ = _storage();
        Gateway storage g = $.gateways[gatewayAddress];
        if (g.status == DeviceStatus.None) revert UnknownGateway(gatewayAddress);
        if (g.assetId != assetId || g.status == DeviceStatus.Retired) revert GatewayNotUsable(gatewayAddress, assetId);
        Meter storage m = $.meters[meterId];
        if (m.status != DeviceStatus.None) revert MeterAlreadyRegistered(meterId);
        $.meters[meterId] = Meter(assetId, gatewayAddress, maxPowerW, DeviceStatus.Pending);
        emit MeterRegistered(meterId, assetId, gatewayAddress, maxPowerW, msg.sender);
        emit MeterStatusChanged(meterId, assetId, DeviceStatus.None, DeviceStatus.Pending, "", msg.sender);
    }

    /// @inheritdoc IDeviceRegistry
    function approveMeter(bytes32 meterId) external onlyRole(Roles.VERIFIER) {
        _moveMeter(meterId, DeviceStatus.Pending, DeviceStatus.Active, "");
    }

    /// @inheritdoc IDeviceRegistry
    function suspendMeter(bytes32 meterId, string calldata reason) external onlyRole(Roles.VERIFIER) {
        _moveMeter(meterId, DeviceStatus.Active, DeviceStatus.Suspended, reason);
    }

    /// @inheritdoc IDeviceRegistry
    function resumeMeter(bytes32 meterId, string calldata reason) external onlyRole(Roles.VERIFIER) {
        _moveMeter(meterId, DeviceStatus.Suspended, DeviceStatus.Active, reason);
    }

    /// @inheritdoc IDeviceRegistry
    function retireMeter(bytes32 meterId, string calldata reason) external {
        Meter storage m = _existingMeter(meterId);
        _checkOperatorOrVerifier(m.assetId);
        DeviceStatus previous = m.status;
        if (previous == DeviceStatus.Retired) revert InvalidDeviceStatus(previous);
        m.status = DeviceStatus.Retired;
        emit MeterStatusChanged(meterId, m.assetId, previous, DeviceStatus.Retired, reason, msg.sender);
    }

    /// @inheritdoc IDeviceRegistry
    function setMeterLimit(bytes32 meterId, uint32 maxPowerW) external onlyRole(Roles.VERIFIER) {
        Meter storage m = _existingMeter(meterId);
        if (maxPowerW == 0) revert InvalidMeter(meterId);
        if (m.status == DeviceStatus.Retired) revert InvalidDeviceStatus(m.status);
        m.maxPowerW = maxPowerW;
        emit MeterLimitChanged(meterId, m.assetId, maxPowerW, msg.sender);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IDeviceRegistry
    function gateway(address gatewayAddress) external view returns (Gateway memory) {
        return _storage().gateways[gatewayAddress];
    }

    /// @inheritdoc IDeviceRegistry
    function meter(bytes32 meterId) external view returns (Meter memory) {
        return _storage().meters[meterId];
    }

    /// @inheritdoc IDeviceRegistry
    function batchDigest(
        address gatewayAddress,
        uint256 assetId,
        uint64 batchSequence,
        uint32 readingCount,
        bytes32 readingsRoot
    ) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(READING_BATCH_TYPEHASH, gatewayAddress, assetId, batchSequence, readingCount, readingsRoot)
            )
        );
    }

    /// @inheritdoc IDeviceRegistry
    function verifyBatch(
        address gatewayAddress,
        uint256 assetId,
        uint64 batchSequence,
        uint32 readingCount,
        bytes32 readingsRoot,
        bytes calldata signature
    ) external view returns (bool) {
        Gateway storage g = _storage().gateways[gatewayAddress];
        if (g.status != DeviceStatus.Active || g.assetId != assetId) return false;
        bytes32 digest = batchDigest(gatewayAddress, assetId, batchSequence, readingCount, readingsRoot);
        (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecover(digest, signature);
        return error == ECDSA.RecoverError.NoError && signer == gatewayAddress;
    }

    /// @inheritdoc IDeviceRegistry
    function shareToken() external view returns (IEnergyAsset) {
        return _storage().shares;
    }

    // ---------------------------------------------------------------- internals

    function _moveGateway(address gatewayAddress, DeviceStatus from, DeviceStatus to, string memory reason) private {
        Gateway storage g = _existingGateway(gatewayAddress);
        if (g.status != from) revert InvalidDeviceStatus(g.status);
        g.status = to;
        emit GatewayStatusChanged(gatewayAddress, g.assetId, from, to, reason, msg.sender);
    }

    function _moveMeter(bytes32 meterId, DeviceStatus from, DeviceStatus to, string memory reason) private {
        Meter storage m = _existingMeter(meterId);
        if (m.status != from) revert InvalidDeviceStatus(m.status);
        m.status = to;
        emit MeterStatusChanged(meterId, m.assetId, from, to, reason, msg.sender);
    }

    function _existingGateway(address gatewayAddress) private view returns (Gateway storage g) {
        g = _storage().gateways[gatewayAddress];
        if (g.status == DeviceStatus.None) revert UnknownGateway(gatewayAddress);
    }

    function _existingMeter(bytes32 meterId) private view returns (Meter storage m) {
        m = _storage().meters[meterId];
        if (m.status == DeviceStatus.None) revert UnknownMeter(meterId);
    }

    /// @dev Reverts UnknownAsset (from EnergyAsset) for an unknown asset.
    function _checkOperator(uint256 assetId) private view {
        if (_storage().shares.asset(assetId).operator != msg.sender) revert NotAssetOperator(assetId, msg.sender);
    }

    function _checkOperatorOrVerifier(uint256 assetId) private view {
        if (hasRole(Roles.VERIFIER, msg.sender)) return;
        _checkOperator(assetId);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
