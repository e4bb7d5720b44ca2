// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IEnergyAsset} from "./IEnergyAsset.sol";

/// @title Metering devices of energy assets
/// @notice Gateways (signing keys) and meters (independent production sources) per asset, each with the status
/// machine Pending -> Active <-> Suspended -> Retired (Retired is final; any non-retired state may retire).
/// The asset's operator registers and retires its devices; a platform verifier approves, suspends and resumes
/// them and sets meters' power limits. A gateway signs EIP-712 `ReadingBatch` structs (domain "CoWatt
/// DeviceRegistry", version "1", this contract), see docs/metering-protocol.md; only an Active gateway's
/// signature over its own asset's batch is valid. Every change emits an event (off-chain caches follow them).
interface IDeviceRegistry {
    enum DeviceStatus {
        None,
        Pending,
        Active,
        Suspended,
        Retired
    }

    /// @param assetId the asset the gateway reports for
    /// @param status lifecycle state
    struct Gateway {
        uint256 assetId;
        DeviceStatus status;
    }

    /// @param assetId the asset whose production the meter measures
    /// @param gateway the gateway that signs the meter's readings
    /// @param maxPowerW the meter's power limit, in watts (readings above it are invalid)
    /// @param status lifecycle state
    struct Meter {
        uint256 assetId;
        address gateway;
        uint32 maxPowerW;
        DeviceStatus status;
    }

    event GatewayRegistered(address indexed gateway, uint256 indexed assetId, address indexed operator);
    event GatewayStatusChanged(
        address indexed gateway,
        uint256 indexed assetId,
        DeviceStatus previous,
        DeviceStatus next,
        string reason,
        address indexed actor
    );
    event MeterRegistered(
        bytes32 indexed meterId, uint256 indexed assetId, address indexed gateway, uint32 maxPowerW, address operator
    );
    event MeterStatusChanged(
        bytes32 indexed meterId,
        uint256 indexed assetId,
        DeviceStatus previous,
        DeviceStatus next,
        string reason,
        address indexed actor
    );
    event MeterLimitChanged(bytes32 indexed meterId, uint256 indexed assetId, uint32 maxPowerW, address indexed actor);

    /// @dev A zero address where a gateway's signing address is required.
    error InvalidGateway(address gateway);
    /// @dev A zero meter id or a zero power limit.
    error InvalidMeter(bytes32 meterId);
    /// @dev The gateway is already registered (gateways are never re-registered, even after retirement).
    error GatewayAlreadyRegistered(address gateway);
    /// @dev The meter is already registered.
    error MeterAlreadyRegistered(bytes32 meterId);
    /// @dev No gateway is registered at this address.
    error UnknownGateway(address gateway);
    /// @dev No meter has this id.
    error UnknownMeter(bytes32 meterId);
    /// @dev The gateway belongs to another asset than the meter, or is retired.
    error GatewayNotUsable(address gateway, uint256 assetId);
    /// @dev The transition is not allowed from the device's current status.
    error InvalidDeviceStatus(DeviceStatus current);
    /// @dev Only the asset's operator (or, to retire, a verifier) may do this.
    error NotAssetOperator(uint256 assetId, address account);

    /// @notice Registers a gateway's signing address for an asset, Pending. Asset operator only.
    function registerGateway(uint256 assetId, address gateway) external;

    /// @notice Registers a meter of an asset behind one of the asset's non-retired gateways, Pending.
    /// Asset operator only.
    function registerMeter(uint256 assetId, bytes32 meterId, address gateway, uint32 maxPowerW) external;

    /// @notice Pending -> Active. Verifier only.
    function approveGateway(address gateway) external;

    /// @notice Active -> Suspended: its signatures stop being accepted. Verifier only.
    function suspendGateway(address gateway, string calldata reason) external;

    /// @notice Suspended -> Active. Verifier only.
    function resumeGateway(address gateway, string calldata reason) external;

    /// @notice Any non-retired state -> Retired (final). Asset operator or verifier.
    function retireGateway(address gateway, string calldata reason) external;

    /// @notice Pending -> Active. Verifier only.
    function approveMeter(bytes32 meterId) external;

    /// @notice Active -> Suspended. Verifier only.
    function suspendMeter(bytes32 meterId, string calldata reason) external;

    /// @notice Suspended -> Active. Verifier only.
    function resumeMeter(bytes32 meterId, string calldata reason) external;

    /// @notice Any non-retired state -> Retired (final). Asset operator or verifier.
    function retireMeter(bytes32 meterId, string calldata reason) external;

    /// @notice Sets a non-retired meter's power limit. Verifier only.
    function setMeterLimit(bytes32 meterId, uint32 maxPowerW) external;

    /// @notice A gateway's asset and status; status None when unknown.
    function gateway(address gateway) external view returns (Gateway memory);

    /// @notice A meter's asset, gateway, limit and status; status None when unknown.
    function meter(bytes32 meterId) external view returns (Meter memory);

    /// @notice keccak256("ReadingBatch(address gateway,uint256 assetId,uint64 batchSequence,uint32 readingCount,bytes32 readingsRoot)")
    // solhint-disable-next-line func-name-mixedcase
    function READING_BATCH_TYPEHASH() external view returns (bytes32);

    /// @notice The EIP-712 digest a gateway signs for a batch.
    function batchDigest(
        address gateway,
        uint256 assetId,
        uint64 batchSequence,
        uint32 readingCount,
        bytes32 readingsRoot
    ) external view returns (bytes32);

    /// @notice Whether `signature` is the gateway's signature over the batch and the gateway is Active and
    /// registered for `assetId` (for disputes: a reading proven against `readingsRoot` was signed).
    function verifyBatch(
        address gateway,
        uint256 assetId,
        uint64 batchSequence,
        uint32 readingCount,
        bytes32 readingsRoot,
        bytes calldata signature
    ) external view returns (bool);

    /// @notice The EnergyAsset contract whose operators manage devices.
    function shareToken() external view returns (IEnergyAsset);
}
