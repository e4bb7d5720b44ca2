// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {FunctionsClient} from "@chainlink/contracts/src/v0.8/functions/v1_0_0/FunctionsClient.sol";
import {FunctionsRequest} from "@chainlink/contracts/src/v0.8/functions/v1_0_0/libraries/FunctionsRequest.sol";
import {IProductionOracle} from "./interfaces/IProductionOracle.sol";
import {IVerifiedProduction} from "./interfaces/IVerifiedProduction.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title ProductionOracle
/// @notice See {IProductionOracle}: a Chainlink Functions consumer whose fulfilments become production periods.
/// @dev Upgradeable (UUPS, ERC-7201) because settlement and certificates depend on its periods for the life of
/// the assets. FunctionsClient keeps the router in an immutable: an immutable lives in the implementation's
/// bytecode, not in the proxy's storage, so each implementation is deployed with the router as constructor
/// argument and a router migration is an upgrade (same admin decision as any other). Nothing else is immutable
/// and the constructor only disables initializers. A fulfilment never reverts on bad data (the router would
/// just record a callback error and the period would stay stuck): it marks the period Failed with a reason.
contract ProductionOracle is IProductionOracle, FunctionsClient, AccessControlUpgradeable, UUPSUpgradeable {
    using FunctionsRequest for FunctionsRequest.Request;

    /// @dev The DON's answer, docs/metering-protocol.md.
    struct Result {
        uint256 energyWh;
        uint256 readingCount;
        uint256 sourceCount;
        bytes32 readingsRoot;
        uint256 cidCodec;
        bytes32 cidDigest;
    }

    struct RequestRef {
        uint192 assetId;
        uint64 periodId;
    }

    /// @custom:storage-location erc7201:cowatt.storage.ProductionOracle
    struct ProductionOracleStorage {
        IEnergyAsset shares;
        Config config;
        string source;
        mapping(uint256 assetId => uint256) periodCount;
        mapping(uint256 assetId => mapping(uint256 periodId => PeriodRecord)) periods;
        mapping(bytes32 requestId => RequestRef) requests;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.ProductionOracle")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xaa8336188daa4b4901dd9f2f49e7c57f58ade74d0bb96ff5c920e44f5a4e5b00;
    uint256 private constant SECONDS_PER_HOUR = 3_600;
    /// @notice Size of the DON's answer: abi.encode of six 32-byte words.
    uint256 public constant RESPONSE_LENGTH = 192;

    function _storage() private pure returns (ProductionOracleStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @param functionsRouter the Chainlink Functions router (immutable in this implementation)
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(address functionsRouter) FunctionsClient(functionsRouter) {
        _disableInitializers();
    }

    function initialize(address admin, IEnergyAsset shares, Config calldata config_, string calldata source_)
        external
        initializer
    {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _storage().shares = shares;
        _setConfig(config_);
        _setSource(source_);
    }

    // ---------------------------------------------------------------- requests

    /// @inheritdoc IProductionOracle
    function requestProduction(uint256 assetId, uint64 start, uint64 end) external returns (uint256 periodId) {
        if (!hasRole(Roles.PRODUCTION_REQUESTER, msg.sender)) revert NotRequester(msg.sender);
        ProductionOracleStorage storage $ = _storage();
        IEnergyAsset.AssetStatus status = $.shares.asset(assetId).status; // reverts UnknownAsset
        if (status != IEnergyAsset.AssetStatus.Active && status != IEnergyAsset.AssetStatus.Suspended) {
            revert AssetNotProducing(assetId);
        }
        uint256 previous = $.periodCount[assetId];
        if (end <= start || end > block.timestamp || (previous != 0 && start != $.periods[assetId][previous].end)) {
            revert InvalidPeriod(assetId, start, end);
        }
        periodId = previous + 1;
        $.periodCount[assetId] = periodId;
        PeriodRecord storage period = $.periods[assetId][periodId];
        period.start = start;
        period.end = end;
        _send(assetId, periodId, period);
    }

    /// @inheritdoc IProductionOracle
    function rerequestProduction(uint256 assetId, uint256 periodId) external returns (bytes32 requestId) {
        if (!hasRole(Roles.PRODUCTION_REQUESTER, msg.sender) && !hasRole(Roles.VERIFIER, msg.sender)) {
            revert NotRequester(msg.sender);
        }
        ProductionOracleStorage storage $ = _storage();
        PeriodRecord storage period = _period(assetId, periodId);
        PeriodStatus status = period.status;
        bool timedOut = status == PeriodStatus.Requested
            && block.timestamp >= uint256(period.disputeDeadline) + $.config.requestTimeout;
        if (status != PeriodStatus.Failed && status != PeriodStatus.Challenged && !timedOut) {
            revert InvalidPeriodStatus(assetId, periodId, status);
        }
        // The boundaries stay; the previous result is cleared so nothing unverified can be read as final.
        (uint64 start, uint64 end) = (period.start, period.end);
        delete $.periods[assetId][periodId];
        period.start = start;
        period.end = end;
        requestId = _send(assetId, periodId, period);
    }

    function _send(uint256 assetId, uint256 periodId, PeriodRecord storage period) private returns (bytes32 requestId) {
        ProductionOracleStorage storage $ = _storage();
        Config storage cfg = $.config;
        string[] memory args = new string[](6);
        args[0] = cfg.relayUrl;
        args[1] = Strings.toHexString(cfg.relay);
        args[2] = Strings.toString(block.chainid);
        args[3] = Strings.toString(assetId);
        args[4] = Strings.toString(period.start);
        args[5] = Strings.toString(period.end);
        FunctionsRequest.Request memory request;
        request.initializeRequestForInlineJavaScript($.source);
        request.setArgs(args);
        // The router is Chainlink's trusted contract and calls back only in a later transaction.
        requestId = _sendRequest(request.encodeCBOR(), cfg.subscriptionId, cfg.callbackGasLimit, cfg.donId);
        period.status = PeriodStatus.Requested;
        period.disputeDeadline = uint64(block.timestamp); // request time, for the timeout
        period.requestId = requestId;
        $.requests[requestId] = RequestRef(uint192(assetId), uint64(periodId));
        emit ProductionRequested(assetId, periodId, requestId, period.start, period.end, msg.sender);
    }

    // ---------------------------------------------------------------- fulfilment

    /// @dev Called by FunctionsClient.handleOracleFulfillment, i.e. only by the router.
    function fulfillRequest(bytes32 requestId, bytes memory response, bytes memory err) internal override {
        ProductionOracleStorage storage $ = _storage();
        RequestRef memory ref = $.requests[requestId];
        if (ref.periodId == 0) revert UnknownRequest(requestId);
        (uint256 assetId, uint256 periodId) = (ref.assetId, ref.periodId);
        PeriodRecord storage period = $.periods[assetId][periodId];
        if (period.requestId != requestId || period.status != PeriodStatus.Requested) {
            emit StaleFulfillment(requestId, assetId, periodId);
            return;
        }
        (bool valid, Rejection reason) = _validate(assetId, period, response, err);
        if (!valid) {
            period.status = PeriodStatus.Failed;
            emit ProductionRejected(assetId, periodId, requestId, reason, err.length != 0 ? err : response);
            return;
        }
        Result memory result = abi.decode(response, (Result));
        uint64 deadline = uint64(block.timestamp) + $.config.disputeWindow;
        period.energyWh = uint128(result.energyWh);
        period.readingCount = uint64(result.readingCount);
        period.sourceCount = uint32(result.sourceCount);
        period.cidCodec = uint32(result.cidCodec);
        period.status = PeriodStatus.Proposed;
        period.disputeDeadline = deadline;
        period.readingsRoot = result.readingsRoot;
        period.cidDigest = result.cidDigest;
        emit ProductionProposed(
            assetId,
            periodId,
            requestId,
            uint128(result.energyWh),
            uint64(result.readingCount),
            uint32(result.sourceCount),
            result.readingsRoot,
            uint32(result.cidCodec),
            result.cidDigest,
            deadline
        );
    }

    /// @dev The checks of a fulfilment, in order: DON error, shape, ranges, sources, readings, capacity.
    function _validate(uint256 assetId, PeriodRecord storage period, bytes memory response, bytes memory err)
        private
        view
        returns (bool, Rejection)
    {
        if (err.length != 0) return (false, Rejection.DonError);
        if (response.length != RESPONSE_LENGTH) return (false, Rejection.MalformedResponse);
        Result memory result = abi.decode(response, (Result));
        if (
            result.energyWh > type(uint128).max || result.readingCount > type(uint64).max
                || result.sourceCount > type(uint32).max || result.cidCodec > type(uint32).max
                || result.cidDigest == bytes32(0)
        ) return (false, Rejection.MalformedResponse);
        ProductionOracleStorage storage $ = _storage();
        if (result.sourceCount < $.config.minSources) return (false, Rejection.TooFewSources);
        if (result.readingCount < result.sourceCount) return (false, Rejection.TooFewReadings);
        uint256 maxEnergyWh =
            uint256($.shares.assetSpec(assetId).capacityW) * (period.end - period.start) / SECONDS_PER_HOUR;
        if (result.energyWh > maxEnergyWh) return (false, Rejection.EnergyAboveCapacity);
        return (true, Rejection.DonError);
    }

    // ---------------------------------------------------------------- disputes

    /// @inheritdoc IProductionOracle
    function challenge(uint256 assetId, uint256 periodId, string calldata reason) external onlyRole(Roles.VERIFIER) {
        if (bytes(reason).length == 0) revert MissingReason();
        PeriodRecord storage period = _period(assetId, periodId);
        if (period.status != PeriodStatus.Proposed) revert InvalidPeriodStatus(assetId, periodId, period.status);
        if (block.timestamp >= period.disputeDeadline) revert DisputeWindow(assetId, periodId, period.disputeDeadline);
        period.status = PeriodStatus.Challenged;
        emit ProductionChallenged(assetId, periodId, reason, msg.sender);
    }

    /// @inheritdoc IProductionOracle
    function resolveChallenge(uint256 assetId, uint256 periodId, string calldata resolution)
        external
        onlyRole(Roles.VERIFIER)
    {
        if (bytes(resolution).length == 0) revert MissingReason();
        PeriodRecord storage period = _period(assetId, periodId);
        if (period.status != PeriodStatus.Challenged) revert InvalidPeriodStatus(assetId, periodId, period.status);
        period.status = PeriodStatus.Final;
        emit ChallengeResolved(assetId, periodId, resolution, msg.sender);
        emit ProductionFinalized(assetId, periodId, period.energyWh);
    }

    /// @inheritdoc IProductionOracle
    function finalizePeriod(uint256 assetId, uint256 periodId) external {
        PeriodRecord storage period = _period(assetId, periodId);
        if (period.status != PeriodStatus.Proposed) revert InvalidPeriodStatus(assetId, periodId, period.status);
        if (block.timestamp < period.disputeDeadline) revert DisputeWindow(assetId, periodId, period.disputeDeadline);
        period.status = PeriodStatus.Final;
        emit ProductionFinalized(assetId, periodId, period.energyWh);
    }

    // ---------------------------------------------------------------- configuration

    /// @inheritdoc IProductionOracle
    function setSource(string calldata source_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSource(source_);
    }

    /// @inheritdoc IProductionOracle
    function setConfig(Config calldata config_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setConfig(config_);
    }

    function _setSource(string calldata source_) private {
        if (bytes(source_).length == 0) revert MissingSource();
        _storage().source = source_;
        emit SourceSet(keccak256(bytes(source_)), bytes(source_).length);
    }

    function _setConfig(Config calldata config_) private {
        if (config_.subscriptionId == 0) revert InvalidConfig("subscriptionId");
        if (config_.donId == bytes32(0)) revert InvalidConfig("donId");
        if (config_.callbackGasLimit == 0) revert InvalidConfig("callbackGasLimit");
        if (config_.disputeWindow == 0) revert InvalidConfig("disputeWindow");
        if (config_.requestTimeout == 0) revert InvalidConfig("requestTimeout");
        if (config_.minSources == 0) revert InvalidConfig("minSources");
        if (config_.relay == address(0)) revert InvalidConfig("relay");
        if (bytes(config_.relayUrl).length == 0) revert InvalidConfig("relayUrl");
        _storage().config = config_;
        emit ConfigSet(config_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IVerifiedProduction
    function production(uint256 assetId, uint256 periodId) external view returns (ProductionPeriod memory) {
        PeriodRecord storage period = _period(assetId, periodId);
        PeriodStatus status = period.status;
        bool isFinal = status == PeriodStatus.Final
            || (status == PeriodStatus.Proposed && block.timestamp >= period.disputeDeadline);
        return ProductionPeriod(period.start, period.end, period.energyWh, isFinal);
    }

    /// @inheritdoc IVerifiedProduction
    function periodCount(uint256 assetId) external view returns (uint256) {
        return _storage().periodCount[assetId];
    }

    /// @inheritdoc IProductionOracle
    function periodRecord(uint256 assetId, uint256 periodId) external view returns (PeriodRecord memory) {
        return _period(assetId, periodId);
    }

    /// @inheritdoc IProductionOracle
    function requestOf(bytes32 requestId) external view returns (uint256 assetId, uint256 periodId) {
        RequestRef memory ref = _storage().requests[requestId];
        return (ref.assetId, ref.periodId);
    }

    /// @inheritdoc IProductionOracle
    function lastPeriodEnd(uint256 assetId) external view returns (uint64) {
        ProductionOracleStorage storage $ = _storage();
        return $.periods[assetId][$.periodCount[assetId]].end;
    }

    /// @inheritdoc IProductionOracle
    function source() external view returns (string memory) {
        return _storage().source;
    }

    /// @inheritdoc IProductionOracle
    function config() external view returns (Config memory) {
        return _storage().config;
    }

    /// @inheritdoc IProductionOracle
    function router() external view returns (address) {
        return address(i_router);
    }

    /// @inheritdoc IProductionOracle
    function shareToken() external view returns (address) {
        return address(_storage().shares);
    }

    function _period(uint256 assetId, uint256 periodId) private view returns (PeriodRecord storage period) {
        ProductionOracleStorage storage $ = _storage();
        if (periodId == 0 || periodId > $.periodCount[assetId]) revert UnknownPeriod(assetId, periodId);
        return $.periods[assetId][periodId];
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
