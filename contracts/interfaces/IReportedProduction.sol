// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IVerifiedProduction} from "./IVerifiedProduction.sol";

/// @title Production reported by an authorised reporter
/// @notice The interim source of verified production: a reporter (e.g. the grid operator's metering
/// service) records each period's energy with the evidence's IPFS CID. Reports are final at once.
interface IReportedProduction is IVerifiedProduction {
    event ProductionReported(
        uint256 indexed assetId,
        uint256 indexed periodId,
        uint64 start,
        uint64 end,
        uint128 energyWh,
        string evidenceCID,
        address indexed reporter
    );

    /// @dev The period does not start where the previous one ended, ends before it starts, or ends in the future.
    error InvalidPeriod(uint256 assetId, uint64 start, uint64 end);
    /// @dev More energy than the nameplate capacity can produce in the period.
    error EnergyAboveCapacity(uint256 assetId, uint128 energyWh, uint256 maxEnergyWh);
    /// @dev Production is recorded only for Active or Suspended assets.
    error AssetNotProducing(uint256 assetId);
    /// @dev No such period.
    error UnknownPeriod(uint256 assetId, uint256 periodId);
    /// @dev The evidence CID is empty.
    error MissingEvidence();

    /// @notice Records the next period of an asset: it must start where the previous one ended (the first may
    /// start anywhere), end after it starts and not in the future, and its energy must not exceed the
    /// nameplate capacity running for the whole period. Active or Suspended assets only. Reporter only.
    /// @return periodId the new period's id
    function reportProduction(uint256 assetId, uint64 start, uint64 end, uint128 energyWh, string calldata evidenceCID)
        external
        returns (uint256 periodId);

    /// @notice End of the asset's last period, where the next one must start; 0 before the first report.
    function lastPeriodEnd(uint256 assetId) external view returns (uint64);

    /// @notice The EnergyAsset contract whose assets' production is reported.
    function shareToken() external view returns (address);
}
