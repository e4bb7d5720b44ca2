// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {TimelockControllerUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAssetTimelock} from "../interfaces/IGovernance.sol";

/// @title AssetTimelock
/// @notice One asset's TimelockController (a clone): its governor is the only proposer and canceller, anyone
/// executes a ready operation, and it administers itself. It holds the asset's reserve (stablecoin) and, as
/// the asset's governance registered in EnergyAsset, can replace the asset's operator and decommission it.
/// Maintenance spends go through {spendMaintenance}, bounded by the reserve policy the holders set.
contract AssetTimelock is TimelockControllerUpgradeable, IAssetTimelock {
    using SafeERC20 for IERC20;

    IERC20 private _reserveToken;
    uint256 private _assetId;
    ReservePolicy private _policy;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(uint256 minDelay, address governor, IERC20 reserveToken_, uint256 assetId_)
        external
        initializer
    {
        address[] memory proposers = new address[](1);
        proposers[0] = governor;
        address[] memory executors = new address[](1); // address(0): anyone executes ready operations
        __TimelockController_init(minDelay, proposers, executors, address(0));
        _reserveToken = reserveToken_;
        _assetId = assetId_;
    }

    /// @inheritdoc IAssetTimelock
    function spendMaintenance(address to, uint256 amount, string calldata invoiceCID) external onlySelf {
        uint256 reserve = _reserveToken.balanceOf(address(this));
        ReservePolicy memory policy = _policy;
        if (
            amount > reserve || reserve - amount < policy.minimumReserve
                || (policy.maxMaintenanceSpend != 0 && amount > policy.maxMaintenanceSpend)
        ) revert ReservePolicyViolated(reserve, amount, policy);
        emit MaintenanceSpent(to, amount, invoiceCID);
        _reserveToken.safeTransfer(to, amount);
    }

    /// @inheritdoc IAssetTimelock
    function setReservePolicy(ReservePolicy calldata policy) external onlySelf {
        _policy = policy;
        emit ReservePolicyChanged(policy);
    }

    /// @inheritdoc IAssetTimelock
    function reservePolicy() external view returns (ReservePolicy memory) {
        return _policy;
    }

    /// @inheritdoc IAssetTimelock
    function reserveToken() external view returns (address) {
        return address(_reserveToken);
    }

    /// @inheritdoc IAssetTimelock
    function reserveBalance() external view returns (uint256) {
        return _reserveToken.balanceOf(address(this));
    }

    /// @inheritdoc IAssetTimelock
    function assetId() external view returns (uint256) {
        return _assetId;
    }

    modifier onlySelf() {
        if (msg.sender != address(this)) revert AssetTimelockOnlySelf(msg.sender);
        _;
    }
}
