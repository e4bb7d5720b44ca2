// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnergyAsset} from "../EnergyAsset.sol";

/// @title EnergyAssetV2Mock — TEST ONLY
/// @notice A second version of EnergyAsset that adds state in its own ERC-7201 namespace, used to prove
/// upgrades keep balances, votes and assets.
/// @custom:oz-upgrades-from contracts/EnergyAsset.sol:EnergyAsset
contract EnergyAssetV2Mock is EnergyAsset {
    /// @custom:storage-location erc7201:cowatt.storage.EnergyAssetV2Mock
    struct V2Storage {
        string releaseNote;
        mapping(uint256 assetId => uint256) auditCount;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.EnergyAssetV2Mock")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant V2_STORAGE_LOCATION = 0x568b22ea9a69f0f8afc7c25faa59e87ecd4467f705736cd91b0f864212b24200;

    function _v2Storage() private pure returns (V2Storage storage $) {
        assembly {
            $.slot := V2_STORAGE_LOCATION
        }
    }

    /// @notice Runs once, in the upgrade transaction; V1's initializers already ran at deployment.
    function initializeV2(string calldata releaseNote_) external reinitializer(2) {
        _v2Storage().releaseNote = releaseNote_;
    }

    function releaseNote() external view returns (string memory) {
        return _v2Storage().releaseNote;
    }

    function recordAudit(uint256 assetId) external {
        ++_v2Storage().auditCount[assetId];
    }

    function auditCount(uint256 assetId) external view returns (uint256) {
        return _v2Storage().auditCount[assetId];
    }
}
