// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {GovernorCountingSimpleUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorCountingSimpleUpgradeable.sol";
import {GovernorSettingsUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorSettingsUpgradeable.sol";
import {GovernorTimelockControlUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorTimelockControlUpgradeable.sol";
import {GovernorVotesUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesUpgradeable.sol";
import {GovernorVotesQuorumFractionUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesQuorumFractionUpgradeable.sol";
import {TimelockControllerUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IGovernance} from "../interfaces/IGovernance.sol";
import {ProposalDescription} from "./ProposalDescription.sol";

/// @title AssetGovernor
/// @notice One asset's holders decide on it: OpenZeppelin Governor (settings, simple counting, votes,
/// quorum fraction, timelock control) cloned per asset by the AssetGovernorFactory. Voting power is the
/// holder's delegated shares of that asset at the proposal snapshot, read from EnergyAsset's per-asset
/// checkpoints through the asset's {AssetVotes} adapter; decisions execute through the asset's timelock.
/// Each clone carries its adapter's address as an immutable clone argument ({token}), and the clock is
/// the block timestamp, as EnergyAsset's per-asset votes define it: a vote costs no storage read of either.
contract AssetGovernor is
    IGovernance,
    GovernorUpgradeable,
    GovernorSettingsUpgradeable,
    GovernorCountingSimpleUpgradeable,
    GovernorVotesUpgradeable,
    GovernorVotesQuorumFractionUpgradeable,
    GovernorTimelockControlUpgradeable
{
    /// @notice How long after its deadline a succeeded proposal can still be queued.
    uint256 public constant QUEUE_GRACE_PERIOD = 14 days;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(
        string calldata name_,
        IVotes votes,
        TimelockControllerUpgradeable timelock,
        uint48 votingDelaySeconds,
        uint32 votingPeriodSeconds,
        uint256 proposalThresholdShares,
        uint256 quorumPercent
    ) external initializer {
        __Governor_init(name_);
        __GovernorSettings_init(votingDelaySeconds, votingPeriodSeconds, proposalThresholdShares);
        __GovernorVotes_init(votes);
        __GovernorVotesQuorumFraction_init(quorumPercent);
        __GovernorTimelockControl_init(timelock);
    }

    /// @notice Creates a proposal; `description` must be an `ipfs://` reference to its document.
    function propose(address[] memory targets, uint256[] memory values, bytes[] memory calldatas, string memory description)
        public
        override
        returns (uint256)
    {
        ProposalDescription.requireIpfs(description);
        return super.propose(targets, values, calldatas, description);
    }

    /// @dev Refuses votes without weight at the snapshot (shares bought after it, flash loans).
    function _countVote(uint256 proposalId, address account, uint8 support, uint256 totalWeight, bytes memory params)
        internal
        override(GovernorUpgradeable, GovernorCountingSimpleUpgradeable)
        returns (uint256)
    {
        if (totalWeight == 0) revert GovernorNoVotingPower(account, proposalId, proposalSnapshot(proposalId));
        return super._countVote(proposalId, account, support, totalWeight, params);
    }

    /// @notice The asset's IERC5805 votes adapter (this clone's immutable argument).
    function token() public view override returns (IERC5805) {
        return IERC5805(abi.decode(Clones.fetchCloneArgs(address(this)), (address)));
    }

    /// @notice IERC6372: timestamps, the clock of EnergyAsset's per-asset votes.
    function clock() public view override(GovernorUpgradeable, GovernorVotesUpgradeable) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice IERC6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(GovernorUpgradeable, GovernorVotesUpgradeable) returns (string memory) {
        return "mode=timestamp";
    }

    function votingDelay() public view override(GovernorUpgradeable, GovernorSettingsUpgradeable) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(GovernorUpgradeable, GovernorSettingsUpgradeable) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold()
        public
        view
        override(GovernorUpgradeable, GovernorSettingsUpgradeable)
        returns (uint256)
    {
        return super.proposalThreshold();
    }

    function quorum(uint256 timepoint)
        public
        view
        override(GovernorUpgradeable, GovernorVotesQuorumFractionUpgradeable)
        returns (uint256)
    {
        return super.quorum(timepoint);
    }

    /// @notice A proposal that succeeded but was not queued within {QUEUE_GRACE_PERIOD} of its deadline expires.
    function state(uint256 proposalId)
        public
        view
        override(GovernorUpgradeable, GovernorTimelockControlUpgradeable)
        returns (ProposalState)
    {
        ProposalState current = super.state(proposalId);
        if (current == ProposalState.Succeeded && clock() > proposalDeadline(proposalId) + QUEUE_GRACE_PERIOD) {
            return ProposalState.Expired;
        }
        return current;
    }

    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(GovernorUpgradeable, GovernorTimelockControlUpgradeable)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(address[] memory targets, uint256[] memory values, bytes[] memory calldatas, bytes32 descriptionHash)
        internal
        override(GovernorUpgradeable, GovernorTimelockControlUpgradeable)
        returns (uint256)
    {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor()
        internal
        view
        override(GovernorUpgradeable, GovernorTimelockControlUpgradeable)
        returns (address)
    {
        return super._executor();
    }
}
