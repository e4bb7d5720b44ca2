// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IVerifiedProduction} from "../interfaces/IVerifiedProduction.sol";

/// @title MockProductionSource — TEST ONLY
/// @notice A production source whose periods tests set directly, including periods that are not final yet
/// (as the ProductionOracle's are during their dispute window).
contract MockProductionSource is IVerifiedProduction {
    error UnknownPeriod(uint256 assetId, uint256 periodId);

    mapping(uint256 assetId => mapping(uint256 periodId => ProductionPeriod)) private _periods;
    mapping(uint256 assetId => uint256) public periodCount;

    /// @notice Sets (or replaces) a period; periods up to `periodId` then count as recorded.
    function setPeriod(uint256 assetId, uint256 periodId, ProductionPeriod calldata period) external {
        _periods[assetId][periodId] = period;
        if (periodId > periodCount[assetId]) periodCount[assetId] = periodId;
    }

    function production(uint256 assetId, uint256 periodId) external view returns (ProductionPeriod memory) {
        if (periodId == 0 || periodId > periodCount[assetId]) revert UnknownPeriod(assetId, periodId);
        return _periods[assetId][periodId];
    }
}
