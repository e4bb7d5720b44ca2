// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title MockEnergyPriceFeed — DEVELOPMENT ONLY
/// @notice A Chainlink AggregatorV3 stand-in for a wholesale electricity price in EUR/MWh with 8 decimals
/// (e.g. 72.35 EUR/MWh is 7_235_000_000). Its deployer pushes answers; each push is a new round at the
/// block's timestamp, and past rounds stay readable, as on a real aggregator. Never deploy to production:
/// settlement there reads a real feed.
contract MockEnergyPriceFeed is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint64 updatedAt;
    }

    /// @notice AggregatorInterface's events, so indexers and the dApp can follow prices the usual way.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    error NotUpdater(address account);
    /// @dev No round has this id.
    error NoDataPresent(uint80 roundId);

    uint8 public constant decimals = 8;
    uint256 public constant version = 1;
    address public immutable updater;
    uint80 public latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    constructor(int256 initialAnswer) {
        updater = msg.sender;
        _push(initialAnswer);
    }

    /// @notice Publishes a new answer as a new round at the current block time. Deployer only. Any value is
    /// accepted (zero and negative too), so consumers' checks can be exercised.
    function pushAnswer(int256 answer) external returns (uint80 roundId) {
        if (msg.sender != updater) revert NotUpdater(msg.sender);
        return _push(answer);
    }

    function description() external pure returns (string memory) {
        return "EUR / MWh (development)";
    }

    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        if (roundId == 0 || roundId > latestRound) revert NoDataPresent(roundId);
        return _round(roundId);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return _round(latestRound);
    }

    function _push(int256 answer) private returns (uint80 roundId) {
        roundId = ++latestRound;
        _rounds[roundId] = Round(answer, uint64(block.timestamp));
        emit NewRound(roundId, msg.sender, block.timestamp);
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }

    function _round(uint80 roundId) private view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory round = _rounds[roundId];
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }
}
