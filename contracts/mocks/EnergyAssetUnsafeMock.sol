// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnergyAsset} from "../EnergyAsset.sol";

/// @title EnergyAssetUnsafeMock — TEST ONLY
/// @notice An upgrade candidate the upgrades plugin must refuse: a plain state variable with an initial
/// value (set in a constructor the proxy never runs).
contract EnergyAssetUnsafeMock is EnergyAsset {
    uint256 public unsafeCounter = 1;
}
