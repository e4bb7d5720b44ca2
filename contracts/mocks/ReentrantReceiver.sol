// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ReentrantReceiver — TEST ONLY
/// @notice An ERC-1155 receiver (a smart-contract wallet) that, when it receives shares, makes one
/// configured call, typically back into EnergyAsset (move the shares again, force a transfer, recover a
/// wallet). With `bubble` set, a failing call makes the receipt revert with the call's own revert data;
/// otherwise the outcome is recorded for the test to inspect and the receipt is accepted.
contract ReentrantReceiver is IERC1155Receiver {
    address public target;
    bytes public action;
    bool public bubble;

    /// @notice Whether the configured call was attempted (once per configuration), and its outcome.
    bool public attempted;
    bool public lastSuccess;
    bytes public lastReturnData;
    /// @notice Number of receipt callbacks seen.
    uint256 public receipts;

    /// @notice Sets the call to make on the next receipt.
    function setAction(address target_, bytes calldata action_, bool bubble_) external {
        target = target_;
        action = action_;
        bubble = bubble_;
        attempted = false;
        lastSuccess = false;
        delete lastReturnData;
    }

    /// @notice Makes a call as this wallet outside any callback (e.g. to move its shares or delegate).
    function execute(address target_, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        (ok, result) = target_.call(data);
        if (!ok) _revertWith(result);
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external returns (bytes4) {
        _react();
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        returns (bytes4)
    {
        _react();
        return this.onERC1155BatchReceived.selector;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC1155Receiver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    function _react() private {
        ++receipts;
        // One attempt per configuration: a nested receipt (the action sending shares back here) does nothing.
        if (target == address(0) || attempted) return;
        attempted = true;
        (bool ok, bytes memory result) = target.call(action);
        if (!ok && bubble) _revertWith(result);
        lastSuccess = ok;
        lastReturnData = result;
    }

    function _revertWith(bytes memory data) private pure {
        assembly {
            revert(add(data, 32), mload(data))
        }
    }
}
