// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title Verified production per asset and period
/// @notice What revenue settlement and certificate issuance read. Implemented by {ReportedProduction}
/// (an authorised reporter) until the Chainlink Functions ProductionOracle replaces it behind this same
/// interface. Periods of an asset are numbered from 1, contiguous and never overlapping.
interface IVerifiedProduction {
    /// @param start period start (unix seconds, inclusive)
    /// @param end period end (unix seconds, exclusive)
    /// @param energyWh energy produced in the period, in watt-hours
    /// @param isFinal no longer disputable: settlement and certificates may use it
    struct ProductionPeriod {
        uint64 start;
        uint64 end;
        uint128 energyWh;
        bool isFinal;
    }

    /// @notice A period's production; reverts for an unknown period.
    function production(uint256 assetId, uint256 periodId) external view returns (ProductionPeriod memory);

    /// @notice Number of periods recorded for an asset (the last period's id).
    function periodCount(uint256 assetId) external view returns (uint256);
}
