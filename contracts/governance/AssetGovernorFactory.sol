// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IEnergyAsset} from "../interfaces/IEnergyAsset.sol";
import {IAssetGovernorFactory} from "../interfaces/IGovernance.sol";
import {AssetGovernor} from "./AssetGovernor.sol";
import {AssetTimelock} from "./AssetTimelock.sol";
import {AssetVotes} from "./AssetVotes.sol";
import {IERC1155Votes} from "../interfaces/IERC1155Votes.sol";

/// @title AssetGovernorFactory
/// @notice See {IAssetGovernorFactory}. The governor and the timelock are OpenZeppelin Clones (the
/// governor with its votes adapter as an immutable argument); the adapter is a small contract of its own.
/// Every asset gets the same settings (fixed here); the proposal
/// threshold is a share of the asset's supply when its governance is created (its offering is complete).
/// Holds EnergyAsset's GOVERNANCE_REGISTRAR role to register each asset's timelock there.
contract AssetGovernorFactory is IAssetGovernorFactory {
    IEnergyAsset public immutable energyAsset;
    IERC20 public immutable reserveToken;
    address public immutable governorImplementation;
    address public immutable timelockImplementation;

    GovernanceSettings private _settings;
    mapping(uint256 assetId => AssetGovernance) private _governance;
    mapping(address governor => bool) public isAssetGovernor;

    constructor(
        IEnergyAsset energyAsset_,
        IERC20 reserveToken_,
        address governorImplementation_,
        address timelockImplementation_,
        GovernanceSettings memory settings_
    ) {
        if (
            settings_.votingPeriod == 0 || settings_.quorumPercent == 0 || settings_.quorumPercent > 100
                || settings_.proposalThresholdBps > 10_000
        ) revert InvalidGovernanceSettings();
        energyAsset = energyAsset_;
        reserveToken = reserveToken_;
        governorImplementation = governorImplementation_;
        timelockImplementation = timelockImplementation_;
        _settings = settings_;
    }

    /// @inheritdoc IAssetGovernorFactory
    function createAssetGovernance(uint256 assetId) external returns (AssetGovernance memory created) {
        AssetGovernance storage existing = _governance[assetId];
        if (existing.governor != address(0)) revert AssetGovernanceExists(assetId, existing.governor);
        if (energyAsset.asset(assetId).status != IEnergyAsset.AssetStatus.Active) revert AssetNotActive(assetId);
        GovernanceSettings memory s = _settings;

        created.votes = address(new AssetVotes(IERC1155Votes(address(energyAsset)), assetId));
        created.timelock = Clones.clone(timelockImplementation);
        created.governor = Clones.cloneWithImmutableArgs(governorImplementation, abi.encode(created.votes));
        _governance[assetId] = created;
        isAssetGovernor[created.governor] = true;

        uint256 threshold = energyAsset.totalSupply(assetId) * s.proposalThresholdBps / 10_000;
        AssetGovernor(payable(created.governor)).initialize(
            string.concat("CoWatt Asset ", Strings.toString(assetId), " Governor"),
            IVotes(created.votes),
            AssetTimelock(payable(created.timelock)),
            s.votingDelay,
            s.votingPeriod,
            threshold,
            s.quorumPercent
        );
        AssetTimelock(payable(created.timelock)).initialize(s.timelockDelay, created.governor, reserveToken, assetId);
        emit AssetGovernanceCreated(assetId, created.governor, created.timelock, created.votes);
        energyAsset.setAssetGovernance(assetId, created.timelock);
    }

    /// @inheritdoc IAssetGovernorFactory
    function governanceOf(uint256 assetId) external view returns (AssetGovernance memory) {
        return _governance[assetId];
    }

    /// @inheritdoc IAssetGovernorFactory
    function settings() external view returns (GovernanceSettings memory) {
        return _settings;
    }
}
