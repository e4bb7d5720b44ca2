// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/// @title VotingVestingWallet
/// @notice OpenZeppelin's VestingWalletCliff (linear release after a cliff) whose beneficiary may delegate
/// the votes of the still-vesting tokens. Without it, allocations locked for years would count in the
/// supply (and so in the quorum) while nobody could vote with them.
contract VotingVestingWallet is VestingWalletCliff {
    event VotesDelegated(address indexed token, address indexed delegatee);

    constructor(address beneficiary, uint64 startTimestamp, uint64 durationSeconds, uint64 cliffSeconds)
        VestingWallet(beneficiary, startTimestamp, durationSeconds)
        VestingWalletCliff(cliffSeconds)
    {}

    /// @notice Delegates the votes of the wallet's `token` balance. Beneficiary (owner) only.
    function delegate(IVotes token, address delegatee) external onlyOwner {
        token.delegate(delegatee);
        emit VotesDelegated(address(token), delegatee);
    }
}
