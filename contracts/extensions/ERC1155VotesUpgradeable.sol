// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {ERC1155Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC1155/ERC1155Upgradeable.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IERC1155Votes} from "../interfaces/IERC1155Votes.sol";

/// @title ERC1155VotesUpgradeable
/// @notice {IERC1155Votes} for ERC-1155: OpenZeppelin's Votes logic, keyed by token id. Like ERC20Votes,
/// balances count as votes only once delegated (self-delegation included), so holders who never vote
/// pay nothing for checkpoints.
abstract contract ERC1155VotesUpgradeable is ERC1155Upgradeable, IERC1155Votes {
    using Checkpoints for Checkpoints.Trace208;

    /// @custom:storage-location erc7201:cowatt.storage.ERC1155Votes
    struct ERC1155VotesStorage {
        mapping(uint256 id => mapping(address account => address)) delegatee;
        mapping(uint256 id => mapping(address delegatee => Checkpoints.Trace208)) delegateCheckpoints;
        mapping(uint256 id => Checkpoints.Trace208) totalCheckpoints;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.ERC1155Votes")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xed31aced3964b9baca187f663ed2c38a766d9eeb4c8ad7530b9ddc812ccf7000;

    function _votesStorage() private pure returns (ERC1155VotesStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @notice The votes clock: the block timestamp (EIP-6372).
    function clock() public view virtual returns (uint48) {
        return SafeCast.toUint48(block.timestamp);
    }

    /// @notice Machine-readable description of the clock (EIP-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public view virtual returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc IERC1155Votes
    function getVotes(uint256 id, address account) public view virtual returns (uint256) {
        return _votesStorage().delegateCheckpoints[id][account].latest();
    }

    /// @inheritdoc IERC1155Votes
    function getPastVotes(uint256 id, address account, uint256 timepoint) public view virtual returns (uint256) {
        return _votesStorage().delegateCheckpoints[id][account].upperLookupRecent(_validateTimepoint(timepoint));
    }

    /// @inheritdoc IERC1155Votes
    function getPastTotalSupply(uint256 id, uint256 timepoint) public view virtual returns (uint256) {
        return _votesStorage().totalCheckpoints[id].upperLookupRecent(_validateTimepoint(timepoint));
    }

    /// @notice Current total supply of token `id` (the latest total-supply checkpoint).
    function totalSupply(uint256 id) public view virtual returns (uint256) {
        return _latestTotal(_votesStorage(), id);
    }

    /// @inheritdoc IERC1155Votes
    function delegates(uint256 id, address account) public view virtual returns (address) {
        return _votesStorage().delegatee[id][account];
    }

    /// @inheritdoc IERC1155Votes
    function delegate(uint256 id, address delegatee) public virtual {
        _delegate(id, _msgSender(), delegatee);
    }

    /// @inheritdoc IERC1155Votes
    function numCheckpoints(uint256 id, address account) public view virtual returns (uint32) {
        return SafeCast.toUint32(_votesStorage().delegateCheckpoints[id][account].length());
    }

    /// @inheritdoc IERC1155Votes
    function checkpoints(uint256 id, address account, uint32 pos) public view virtual returns (uint48, uint208) {
        Checkpoints.Checkpoint208 memory checkpoint = _votesStorage().delegateCheckpoints[id][account].at(pos);
        return (checkpoint._key, checkpoint._value);
    }

    function _delegate(uint256 id, address account, address delegatee) internal virtual {
        ERC1155VotesStorage storage $ = _votesStorage();
        address oldDelegate = $.delegatee[id][account];
        $.delegatee[id][account] = delegatee;
        emit DelegateChanged(id, account, oldDelegate, delegatee);
        _moveDelegateVotes(id, oldDelegate, delegatee, balanceOf(account, id));
    }

    /// @dev Moves voting units with the shares; mints and burns also checkpoint the total supply.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        virtual
        override
    {
        super._update(from, to, ids, values);
        ERC1155VotesStorage storage $ = _votesStorage();
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            uint256 value = values[i];
            if (from == address(0)) $.totalCheckpoints[id].push(clock(), uint208(_add(_latestTotal($, id), value)));
            if (to == address(0)) $.totalCheckpoints[id].push(clock(), uint208(_latestTotal($, id) - value));
            _moveDelegateVotes(id, $.delegatee[id][from], $.delegatee[id][to], value);
        }
    }

    function _moveDelegateVotes(uint256 id, address from, address to, uint256 amount) private {
        if (from == to || amount == 0) return;
        ERC1155VotesStorage storage $ = _votesStorage();
        if (from != address(0)) {
            Checkpoints.Trace208 storage trace = $.delegateCheckpoints[id][from];
            (uint256 oldVotes, uint256 newVotes) = trace.push(clock(), uint208(trace.latest() - amount));
            emit DelegateVotesChanged(id, from, oldVotes, newVotes);
        }
        if (to != address(0)) {
            Checkpoints.Trace208 storage trace = $.delegateCheckpoints[id][to];
            (uint256 oldVotes, uint256 newVotes) = trace.push(clock(), _add(trace.latest(), amount));
            emit DelegateVotesChanged(id, to, oldVotes, newVotes);
        }
    }

    function _latestTotal(ERC1155VotesStorage storage $, uint256 id) private view returns (uint256) {
        return $.totalCheckpoints[id].latest();
    }

    function _add(uint256 a, uint256 b) private pure returns (uint208) {
        return SafeCast.toUint208(a + b);
    }

    function _validateTimepoint(uint256 timepoint) private view returns (uint48) {
        uint48 currentTimepoint = clock();
        if (timepoint >= currentTimepoint) revert ERC5805FutureLookup(timepoint, currentTimepoint);
        return SafeCast.toUint48(timepoint);
    }
}
