// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";

/// @title Per-token-id voting power for ERC-1155 (IERC5805 with a token id on every call)
/// @notice OpenZeppelin ships no ERC1155Votes: every id is an independent voting token with its own
/// delegation, vote checkpoints and total-supply checkpoints. The clock is the block timestamp
/// (IERC6372 `mode=timestamp`), so voting periods do not depend on block times.
interface IERC1155Votes is IERC6372 {
    event DelegateChanged(
        uint256 indexed id, address indexed delegator, address indexed fromDelegate, address toDelegate
    );
    event DelegateVotesChanged(uint256 indexed id, address indexed delegate, uint256 previousVotes, uint256 newVotes);

    /// @dev A past lookup asked for a timepoint that is not yet in the past.
    error ERC5805FutureLookup(uint256 timepoint, uint48 clock);

    /// @notice Current votes of `account` for token `id`.
    function getVotes(uint256 id, address account) external view returns (uint256);

    /// @notice Votes of `account` for token `id` at the end of `timepoint` (must be in the past).
    function getPastVotes(uint256 id, address account, uint256 timepoint) external view returns (uint256);

    /// @notice Total supply of token `id` at the end of `timepoint` (must be in the past).
    function getPastTotalSupply(uint256 id, uint256 timepoint) external view returns (uint256);

    /// @notice Who `account` delegates its votes for token `id` to (0 means nobody: no votes).
    function delegates(uint256 id, address account) external view returns (address);

    /// @notice Delegates the caller's votes for token `id` (delegate to yourself to vote).
    function delegate(uint256 id, address delegatee) external;

    /// @notice Number of vote checkpoints of `account` for token `id`.
    function numCheckpoints(uint256 id, address account) external view returns (uint32);

    /// @notice The `pos`-th vote checkpoint of `account` for token `id`: (timepoint, votes).
    function checkpoints(uint256 id, address account, uint32 pos) external view returns (uint48, uint208);
}
