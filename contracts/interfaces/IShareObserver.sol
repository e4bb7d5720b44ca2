// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title Observer of share movements
/// @notice EnergyAsset calls its observer (the RevenueDistributor) after every movement of shares — mints,
/// transfers, order-book fills and agent actions — so that per-holder accounting follows the shares.
interface IShareObserver {
    /// @notice `amount` shares of `assetId` moved from `from` (0 for a mint) to `to` (0 for a burn).
    function onSharesMoved(uint256 assetId, address from, address to, uint256 amount) external;
}
