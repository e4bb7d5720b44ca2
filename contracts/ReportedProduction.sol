// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IReportedProduction} from "./interfaces/IReportedProduction.sol";
import {IVerifiedProduction} from "./interfaces/IVerifiedProduction.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title ReportedProduction
/// @notice See {IReportedProduction}. One storage slot per period (start, end, energy); the evidence CID and
/// reporter live in the {ProductionReported} event. Every period is final as soon as it is reported.
/// UUPS, upgrades authorised by DEFAULT_ADMIN_ROLE.
contract ReportedProduction is IReportedProduction, AccessControlUpgradeable, UUPSUpgradeable {
    struct Period {
        uint64 start;
        uint64 end;
        uint128 energyWh;
    }

    /// @custom:storage-location erc7201:cowatt.storage.ReportedProduction
    struct ReportedProductionStorage {
        IEnergyAsset shares;
        mapping(uint256 assetId => uint256) periodCount;
        mapping(uint256 assetId => mapping(uint256 periodId => Period)) periods;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.ReportedProduction")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x3d529662e3a617461f983782236f1fc1b8b760cf4063e4e10876b70a5aa99d00;
    uint256 private constant SECONDS_PER_HOUR = 3_600;

    function _storage() private pure returns (ReportedProductionStorage storage $) {
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
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _storage().shares = shares;
    }

    /// @inheritdoc IReportedProduction
    function reportProduction(uint256 assetId, uint64 start, uint64 end, uint128 energyWh, string calldata evidenceCID)
        external
        onlyRole(Roles.REPORTER)
        returns (uint256 periodId)
    {
        if (bytes(evidenceCID).length == 0) revert MissingEvidence();
        ReportedProductionStorage storage $ = _storage();
        IEnergyAsset.AssetStatus status = $.shares.asset(assetId).status; // reverts UnknownAsset
        if (status != IEnergyAsset.AssetStatus.Active && status != IEnergyAsset.AssetStatus.Suspended) {
            revert AssetNotProducing(assetId);
        }
        uint256 previous = $.periodCount[assetId];
        if (
            end <= start || end > block.timestamp
                || (previous != 0 && start != $.periods[assetId][previous].end)
        ) revert InvalidPeriod(assetId, start, end);
        uint256 maxEnergyWh = uint256($.shares.assetSpec(assetId).capacityW) * (end - start) / SECONDS_PER_HOUR;
        if (energyWh > maxEnergyWh) revert EnergyAboveCapacity(assetId, energyWh, maxEnergyWh);

        periodId = previous + 1;
        $.periodCount[assetId] = periodId;
        $.periods[assetId][periodId] = Period(start, end, energyWh);
        emit ProductionReported(assetId, periodId, start, end, energyWh, evidenceCID, msg.sender);
    }

    /// @inheritdoc IVerifiedProduction
    function production(uint256 assetId, uint256 periodId) external view returns (ProductionPeriod memory) {
        ReportedProductionStorage storage $ = _storage();
        if (periodId == 0 || periodId > $.periodCount[assetId]) revert UnknownPeriod(assetId, periodId);
        Period memory period = $.periods[assetId][periodId];
        return ProductionPeriod(period.start, period.end, period.energyWh, true);
    }

    /// @inheritdoc IVerifiedProduction
    function periodCount(uint256 assetId) external view returns (uint256) {
        return _storage().periodCount[assetId];
    }

    /// @inheritdoc IReportedProduction
    function lastPeriodEnd(uint256 assetId) external view returns (uint64) {
        ReportedProductionStorage storage $ = _storage();
        return $.periods[assetId][$.periodCount[assetId]].end;
    }

    /// @inheritdoc IReportedProduction
    function shareToken() external view returns (address) {
        return address(_storage().shares);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
