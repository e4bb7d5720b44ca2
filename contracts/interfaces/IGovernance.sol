// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title Errors and events shared by CoWatt's governors, asset timelocks and the asset-governance factory
/// @notice Proposal descriptions are IPFS references: `ipfs://<CID>` of a document with the title, the
/// rationale and any attachments. Votes are counted at the proposal snapshot only (timestamp clock), so
/// tokens or shares acquired after it, including a flash-loan style borrow-vote-return, carry no weight:
/// a vote with no weight is refused rather than recorded.
interface IGovernance {
    /// @dev The account had no votes at the proposal snapshot.
    error GovernorNoVotingPower(address account, uint256 proposalId, uint256 snapshot);
    /// @dev The description is not an `ipfs://` reference.
    error GovernorDescriptionNotIpfs();
}

/// @title IERC5805 view of one EnergyAsset token id
/// @notice Votes live in EnergyAsset (per-asset delegation and checkpoints); delegate there with
/// `EnergyAsset.delegate(assetId, delegatee)`.
interface IAssetVotes {
    /// @dev Delegation happens on EnergyAsset, per asset id.
    error AssetVotesDelegateOnEnergyAsset(address energyAsset, uint256 assetId);

    function energyAsset() external view returns (address);
    function assetId() external view returns (uint256);
}

/// @title An asset's timelock: executes its holders' decisions and holds its reserve
interface IAssetTimelock {
    /// @param minimumReserve reserve (stablecoin) a maintenance spend must leave in place
    /// @param maxMaintenanceSpend most one maintenance spend may pay (0: no limit)
    struct ReservePolicy {
        uint256 minimumReserve;
        uint256 maxMaintenanceSpend;
    }

    event MaintenanceSpent(address indexed to, uint256 amount, string invoiceCID);
    event ReservePolicyChanged(ReservePolicy policy);

    /// @dev Only the timelock itself (an executed proposal) may do this.
    error AssetTimelockOnlySelf(address caller);
    /// @dev The spend would break the reserve policy.
    error ReservePolicyViolated(uint256 reserve, uint256 amount, ReservePolicy policy);

    /// @notice Pays a maintenance invoice from the reserve, within the reserve policy. Holders' proposal only.
    function spendMaintenance(address to, uint256 amount, string calldata invoiceCID) external;

    /// @notice Replaces the reserve policy. Holders' proposal only.
    function setReservePolicy(ReservePolicy calldata policy) external;

    function reservePolicy() external view returns (ReservePolicy memory);
    function reserveToken() external view returns (address);
    function reserveBalance() external view returns (uint256);
    function assetId() external view returns (uint256);
}

/// @title Clones a Governor and a timelock per asset, with an IERC5805 votes adapter
interface IAssetGovernorFactory {
    /// @param votingDelay seconds between proposal and snapshot/voting start
    /// @param votingPeriod seconds of voting
    /// @param proposalThresholdBps share of the asset's supply a proposer needs, basis points
    /// @param quorumPercent share of the supply at the snapshot that must vote for or abstain, percent
    /// @param timelockDelay seconds between queueing and execution
    struct GovernanceSettings {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint16 proposalThresholdBps;
        uint8 quorumPercent;
        uint32 timelockDelay;
    }

    struct AssetGovernance {
        address governor;
        address timelock;
        address votes;
    }

    event AssetGovernanceCreated(uint256 indexed assetId, address governor, address timelock, address votes);

    /// @dev The asset already has its governance.
    error AssetGovernanceExists(uint256 assetId, address governor);
    /// @dev Governance starts once the asset is Active (its shares are distributed).
    error AssetNotActive(uint256 assetId);
    /// @dev Settings out of range.
    error InvalidGovernanceSettings();

    /// @notice Creates the asset's governor, timelock and votes adapter (clones) and registers the timelock
    /// with EnergyAsset as the asset's governance. Anyone may call, once per Active asset.
    function createAssetGovernance(uint256 assetId) external returns (AssetGovernance memory);

    function governanceOf(uint256 assetId) external view returns (AssetGovernance memory);
    function isAssetGovernor(address governor) external view returns (bool);
    function settings() external view returns (GovernanceSettings memory);
}
