// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title DevStablecoin — DEVELOPMENT ONLY
/// @notice A euro stablecoin stand-in for local chains and testnets: 6 decimals like EURC/USDC, EIP-2612
/// permit, and an open faucet capped per call. Never deploy to a production network.
contract DevStablecoin is ERC20, ERC20Permit {
    uint256 public constant FAUCET_LIMIT = 1_000_000e6;

    error FaucetLimitExceeded(uint256 requested, uint256 limit);

    constructor() ERC20("CoWatt Dev Euro", "dEUR") ERC20Permit("CoWatt Dev Euro") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints up to {FAUCET_LIMIT} to `to`; anyone may call.
    function faucet(address to, uint256 amount) external {
        if (amount > FAUCET_LIMIT) revert FaucetLimitExceeded(amount, FAUCET_LIMIT);
        _mint(to, amount);
    }
}
