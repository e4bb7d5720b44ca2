// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

/// @title FlashLoanVoter — TEST ONLY
/// @notice Borrows votes and tries to use them within one transaction: takes `amount` WATT from a lender
/// that approved it, delegates to itself, votes, and returns the tokens.
contract FlashLoanVoter {
    function borrowVoteReturn(IERC20 token, address lender, uint256 amount, IGovernor governor, uint256 proposalId)
        external
    {
        token.transferFrom(lender, address(this), amount);
        IVotes(address(token)).delegate(address(this));
        governor.castVote(proposalId, 1);
        token.transfer(lender, amount);
    }
}
