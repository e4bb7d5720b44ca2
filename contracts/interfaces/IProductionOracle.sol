// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IVerifiedProduction} from "./IVerifiedProduction.sol";

/// @title Production verified by a Chainlink Functions DON
/// @notice For an asset and period the oracle sends the relay-fetching JavaScript source (stored here) to the
/// Chainlink Functions router; the DON runs it, the source fetches the relay's signed period summary, checks the
/// relay's signature and returns `abi.encode(energyWh, readingCount, sourceCount, readingsRoot, cidCodec,
/// cidDigest)` (192 bytes, docs/metering-protocol.md). The source receives the string arguments
/// `[relayUrl, relayAddress, chainId, assetId, start, end]` (decimal numbers, 0x-address).
///
/// Period lifecycle (periods numbered from 1 per asset, contiguous, never overlapping; boundaries fixed at
/// the first request): Requested -> Proposed (result recorded, within the dispute window) -> Final once the
/// window has passed (lazily; {finalizePeriod} records it with an event). A DON error or a result failing a
/// check (malformed, energy above nameplate capacity x period length, too few sources) -> Failed. A verifier
/// may challenge a Proposed period inside the window -> Challenged, then either re-request it (-> Requested)
/// or resolve the challenge (-> Final with the proposed result). Failed periods, and Requested ones the DON
/// has not answered within the request timeout, may be re-requested.
interface IProductionOracle is IVerifiedProduction {
    enum PeriodStatus {
        None,
        Requested,
        Proposed,
        Challenged,
        Failed,
        Final
    }

    /// @notice Why a fulfilment was not recorded.
    enum Rejection {
        DonError,
        MalformedResponse,
        EnergyAboveCapacity,
        TooFewSources,
        TooFewReadings
    }

    /// @param start period start (unix seconds, inclusive)
    /// @param end period end (unix seconds, exclusive)
    /// @param energyWh energy produced in the period (Wh), 0 until proposed
    /// @param readingCount number of meter readings behind the result
    /// @param sourceCount number of distinct meters (independent sources)
    /// @param cidCodec multicodec of the batch file's CIDv1 (0x55 raw, 0x70 dag-pb)
    /// @param status lifecycle state (Proposed past its deadline reads as final through {production})
    /// @param disputeDeadline end of the dispute window (Proposed), or request time (Requested)
    /// @param readingsRoot StandardMerkleTree root over the period's reading leaves
    /// @param cidDigest sha2-256 digest of the batch file's CID
    /// @param requestId the period's current Functions request
    struct PeriodRecord {
        uint64 start;
        uint64 end;
        uint128 energyWh;
        uint64 readingCount;
        uint32 sourceCount;
        uint32 cidCodec;
        PeriodStatus status;
        uint64 disputeDeadline;
        bytes32 readingsRoot;
        bytes32 cidDigest;
        bytes32 requestId;
    }

    /// @param subscriptionId Chainlink Functions subscription paying for requests
    /// @param donId the DON that runs the source
    /// @param callbackGasLimit gas for {fulfillRequest}
    /// @param disputeWindow seconds a proposed period stays challengeable
    /// @param requestTimeout seconds after which an unanswered request may be re-sent
    /// @param minSources fewest independent meters a result must aggregate
    /// @param relay address whose signature the source checks on the relay's summary
    /// @param relayUrl base URL of the relay the source fetches
    struct Config {
        uint64 subscriptionId;
        bytes32 donId;
        uint32 callbackGasLimit;
        uint32 disputeWindow;
        uint32 requestTimeout;
        uint16 minSources;
        address relay;
        string relayUrl;
    }

    event ProductionRequested(
        uint256 indexed assetId, uint256 indexed periodId, bytes32 indexed requestId, uint64 start, uint64 end, address requester
    );
    event ProductionProposed(
        uint256 indexed assetId,
        uint256 indexed periodId,
        bytes32 indexed requestId,
        uint128 energyWh,
        uint64 readingCount,
        uint32 sourceCount,
        bytes32 readingsRoot,
        uint32 cidCodec,
        bytes32 cidDigest,
        uint64 disputeDeadline
    );
    /// @param detail the DON's error bytes, or the response that failed a check
    event ProductionRejected(
        uint256 indexed assetId, uint256 indexed periodId, bytes32 indexed requestId, Rejection reason, bytes detail
    );
    /// @notice A fulfilment for a request that is no longer its period's current one (re-requested meanwhile).
    event StaleFulfillment(bytes32 indexed requestId, uint256 indexed assetId, uint256 indexed periodId);
    event ProductionChallenged(uint256 indexed assetId, uint256 indexed periodId, string reason, address indexed verifier);
    event ChallengeResolved(uint256 indexed assetId, uint256 indexed periodId, string resolution, address indexed verifier);
    event ProductionFinalized(uint256 indexed assetId, uint256 indexed periodId, uint128 energyWh);
    event ConfigSet(Config config);
    event SourceSet(bytes32 indexed sourceHash, uint256 length);

    /// @dev The period does not start where the asset's last one ended, ends before it starts, or ends in the future.
    error InvalidPeriod(uint256 assetId, uint64 start, uint64 end);
    /// @dev Production is requested only for Active or Suspended assets.
    error AssetNotProducing(uint256 assetId);
    /// @dev No such period.
    error UnknownPeriod(uint256 assetId, uint256 periodId);
    /// @dev The router called back with a request id this oracle never sent.
    error UnknownRequest(bytes32 requestId);
    /// @dev The action is not allowed in the period's current state (e.g. re-requesting a request still in flight).
    error InvalidPeriodStatus(uint256 assetId, uint256 periodId, PeriodStatus current);
    /// @dev The dispute window has closed (challenge) or has not (finalize).
    error DisputeWindow(uint256 assetId, uint256 periodId, uint64 deadline);
    /// @dev Challenges and resolutions carry a reason.
    error MissingReason();
    /// @dev No source is set.
    error MissingSource();
    /// @dev A configuration value is zero or out of range; `field` names it.
    error InvalidConfig(string field);
    /// @dev Only a production requester or a verifier may (re-)request.
    error NotRequester(address account);

    /// @notice Sends the request for the asset's next period `[start, end)`. Requester role.
    /// @return periodId the new period's id
    function requestProduction(uint256 assetId, uint64 start, uint64 end) external returns (uint256 periodId);

    /// @notice Sends a new request for a Failed or Challenged period, or a Requested one past the request timeout.
    /// Requester or verifier.
    function rerequestProduction(uint256 assetId, uint256 periodId) external returns (bytes32 requestId);

    /// @notice Proposed and inside the dispute window -> Challenged. Verifier only.
    function challenge(uint256 assetId, uint256 periodId, string calldata reason) external;

    /// @notice Challenged -> Final with the proposed result (the challenge was unfounded). Verifier only.
    function resolveChallenge(uint256 assetId, uint256 periodId, string calldata resolution) external;

    /// @notice Records a Proposed period as Final once its dispute window has passed. Anyone.
    function finalizePeriod(uint256 assetId, uint256 periodId) external;

    /// @notice Replaces the Functions source the DON runs. Admin only.
    function setSource(string calldata source) external;

    /// @notice Replaces the request configuration. Admin only.
    function setConfig(Config calldata config) external;

    function periodRecord(uint256 assetId, uint256 periodId) external view returns (PeriodRecord memory);
    /// @notice The (asset, period) a request was sent for; periodId 0 when unknown.
    function requestOf(bytes32 requestId) external view returns (uint256 assetId, uint256 periodId);
    /// @notice End of the asset's last period, where the next one must start; 0 before the first request.
    function lastPeriodEnd(uint256 assetId) external view returns (uint64);
    function source() external view returns (string memory);
    function config() external view returns (Config memory);
    function router() external view returns (address);
    function shareToken() external view returns (address);
}
