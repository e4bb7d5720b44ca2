// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title PlatformTimelock
/// @notice OpenZeppelin's TimelockController, unchanged: the PlatformGovernor proposes and cancels, anyone
/// executes ready operations. In production it holds every admin and upgrader role of every contract.
contract PlatformTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
