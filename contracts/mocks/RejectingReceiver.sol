// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title RejectingReceiver — TEST ONLY
/// @notice A contract wallet that acts through {execute} (place orders, approve tokens) and, depending on its
/// mode, accepts ERC-1155 shares, answers the receipt callback with a wrong value, or reverts with
/// {SharesRefused}.
contract RejectingReceiver {
    enum Mode {
        Accept,
        WrongAnswer,
        Revert
    }

    Mode public mode;

    error SharesRefused();

    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice Makes a call as this wallet; a failure reverts with the call's own revert data.
    function execute(address target, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external view returns (bytes4) {
        return _answer(this.onERC1155Received.selector);
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        view
        returns (bytes4)
    {
        return _answer(this.onERC1155BatchReceived.selector);
    }

    function _answer(bytes4 selector) private view returns (bytes4) {
        if (mode == Mode.Revert) revert SharesRefused();
        return mode == Mode.Accept ? selector : bytes4(0xdeadbeef);
    }
}
