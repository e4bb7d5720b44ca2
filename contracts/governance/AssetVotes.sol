// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IERC1155Votes} from "../interfaces/IERC1155Votes.sol";
import {IAssetVotes} from "../interfaces/IGovernance.sol";

/// @title AssetVotes
/// @notice IERC5805 adapter over one EnergyAsset token id, so an OpenZeppelin Governor votes with that
/// asset's delegated shares: every read is EnergyAsset's per-asset checkpoint (timestamp clock). One small
/// contract per asset with both as immutables (not a clone: a clone's extra delegatecall would be paid on
/// every vote); delegation stays on EnergyAsset.
contract AssetVotes is IERC5805, IAssetVotes {
    IERC1155Votes private immutable _shares;
    uint256 private immutable _assetId;

    constructor(IERC1155Votes shares, uint256 assetId_) {
        _shares = shares;
        _assetId = assetId_;
    }

    function getVotes(address account) external view returns (uint256) {
        (IERC1155Votes shares, uint256 id) = _args();
        return shares.getVotes(id, account);
    }

    function getPastVotes(address account, uint256 timepoint) external view returns (uint256) {
        (IERC1155Votes shares, uint256 id) = _args();
        return shares.getPastVotes(id, account, timepoint);
    }

    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        (IERC1155Votes shares, uint256 id) = _args();
        return shares.getPastTotalSupply(id, timepoint);
    }

    function delegates(address account) external view returns (address) {
        (IERC1155Votes shares, uint256 id) = _args();
        return shares.delegates(id, account);
    }

    function clock() external view returns (uint48) {
        (IERC1155Votes shares,) = _args();
        return shares.clock();
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external view returns (string memory) {
        (IERC1155Votes shares,) = _args();
        return shares.CLOCK_MODE();
    }

    /// @notice Not here: delegate with `EnergyAsset.delegate(assetId, delegatee)`.
    function delegate(address) external view {
        (IERC1155Votes shares, uint256 id) = _args();
        revert AssetVotesDelegateOnEnergyAsset(address(shares), id);
    }

    /// @notice Not here: delegate with `EnergyAsset.delegate(assetId, delegatee)`.
    function delegateBySig(address, uint256, uint256, uint8, bytes32, bytes32) external view {
        (IERC1155Votes shares, uint256 id) = _args();
        revert AssetVotesDelegateOnEnergyAsset(address(shares), id);
    }

    function energyAsset() external view returns (address) {
        (IERC1155Votes shares,) = _args();
        return address(shares);
    }

    function assetId() external view returns (uint256) {
        (, uint256 id) = _args();
        return id;
    }

    function _args() private view returns (IERC1155Votes shares, uint256 id) {
        return (_shares, _assetId);
    }
}
