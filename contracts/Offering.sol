// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IOffering} from "./interfaces/IOffering.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";
import {ICompliance} from "./interfaces/ICompliance.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title Offering
/// @notice See {IOffering}. Holds ISSUER_ROLE on EnergyAsset. Fees are fixed per offering at creation.
contract Offering is IOffering, AccessControlUpgradeable, ReentrancyGuardTransient, UUPSUpgradeable {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    struct OfferingRecord {
        OfferingTerms terms;
        OfferingState state;
    }

    /// @custom:storage-location erc7201:cowatt.storage.Offering
    struct OfferingStorage {
        IEnergyAsset shares;
        IERC20 paymentToken;
        address platformTreasury;
        uint16 platformFeeBps;
        uint256 offeringCount;
        uint256 receiptCount;
        uint256 escrowBalance;
        mapping(uint256 offeringId => OfferingRecord) offerings;
        mapping(uint256 offeringId => mapping(address investor => Contribution)) contributions;
        mapping(uint256 assetId => uint256 offeringId) latestOfferingOf;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.Offering")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xa4b5df4abf4478f19393bde81c40325e818db42cf06b0ea8b8d6febdaa5d5a00;
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint16 private constant BPS = 10_000;

    function _storage() private pure returns (OfferingStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(
        address admin,
        IEnergyAsset shares,
        IERC20 paymentToken_,
        address platformTreasury_,
        uint16 platformFeeBps_
    ) external initializer {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        OfferingStorage storage $ = _storage();
        $.shares = shares;
        $.paymentToken = paymentToken_;
        _setPlatformTreasury($, platformTreasury_);
        _setPlatformFee($, platformFeeBps_);
    }

    /// @inheritdoc IOffering
    function createOffering(OfferingTerms calldata offeringTerms) external nonReentrant returns (uint256 offeringId) {
        OfferingStorage storage $ = _storage();
        uint256 assetId = offeringTerms.assetId;
        IEnergyAsset.AssetState memory assetState = $.shares.asset(assetId);
        if (assetState.operator != msg.sender && !hasRole(Roles.OFFERING_MANAGER, msg.sender)) {
            revert NotAssetOperator(assetId, msg.sender);
        }
        _validateTerms($, offeringTerms);

        offeringId = ++$.offeringCount;
        OfferingRecord storage record = $.offerings[offeringId];
        record.terms = offeringTerms;
        record.state.status = OfferingStatus.Open;
        record.state.feeBps = $.platformFeeBps;
        $.latestOfferingOf[assetId] = offeringId;
        emit OfferingCreated(offeringId, assetId, offeringTerms, $.platformFeeBps);
        $.shares.beginOffering(assetId); // reverts unless the asset is Verified
    }

    /// @inheritdoc IOffering
    function purchase(uint256 offeringId, uint256 shareCount) external nonReentrant returns (uint256) {
        return _purchase(offeringId, shareCount, msg.sender);
    }

    /// @inheritdoc IOffering
    function purchaseFor(uint256 offeringId, uint256 shareCount, address investor)
        external
        nonReentrant
        returns (uint256)
    {
        if (investor == address(0)) revert InvalidAddress(investor);
        return _purchase(offeringId, shareCount, investor);
    }

    /// @inheritdoc IOffering
    function purchaseWithPermit(
        uint256 offeringId,
        uint256 shareCount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256) {
        OfferingStorage storage $ = _storage();
        uint256 cost = shareCount * _requireOffering($, offeringId).terms.pricePerShare;
        // A permit front-run by someone else still leaves the allowance in place: ignore its failure.
        try IERC20Permit(address($.paymentToken)).permit(msg.sender, address(this), cost, deadline, v, r, s) {} catch {}
        return _purchase(offeringId, shareCount, msg.sender);
    }

    /// @inheritdoc IOffering
    function finalizeOffering(uint256 offeringId) external nonReentrant {
        OfferingStorage storage $ = _storage();
        OfferingRecord storage record = _requireOffering($, offeringId);
        OfferingState memory current = record.state;
        if (current.status != OfferingStatus.Open) revert InvalidOfferingStatus(offeringId, current.status);
        if (block.timestamp <= record.terms.endTime && current.sharesSold < record.terms.hardCapShares) {
            revert OfferingStillOpen(offeringId, record.terms.endTime);
        }

        bool succeeded = current.sharesSold >= record.terms.softCapShares;
        uint256 fee;
        if (succeeded) {
            record.state.status = OfferingStatus.Succeeded;
            fee = uint256(current.raised) * current.feeBps / BPS;
            $.escrowBalance -= current.raised;
        } else {
            record.state.status = OfferingStatus.Failed;
        }
        emit OfferingFinalized(offeringId, record.state.status, current.sharesSold, current.raised, fee);

        $.shares.concludeOffering(record.terms.assetId, succeeded);
        if (succeeded) {
            if (fee != 0) $.paymentToken.safeTransfer($.platformTreasury, fee);
            $.paymentToken.safeTransfer(record.terms.treasury, current.raised - fee);
        }
    }

    /// @inheritdoc IOffering
    function cancelOffering(uint256 offeringId, string calldata reason) external nonReentrant {
        OfferingStorage storage $ = _storage();
        OfferingRecord storage record = _requireOffering($, offeringId);
        uint256 assetId = record.terms.assetId;
        if ($.shares.asset(assetId).operator != msg.sender && !hasRole(Roles.OFFERING_MANAGER, msg.sender)) {
            revert NotAssetOperator(assetId, msg.sender);
        }
        if (record.state.status != OfferingStatus.Open) revert InvalidOfferingStatus(offeringId, record.state.status);
        record.state.status = OfferingStatus.Cancelled;
        emit OfferingCancelled(offeringId, reason, msg.sender);
        $.shares.concludeOffering(assetId, false);
    }

    /// @inheritdoc IOffering
    function deliverShares(uint256 offeringId, address[] calldata investors) external nonReentrant {
        OfferingStorage storage $ = _storage();
        OfferingRecord storage record = _requireOffering($, offeringId);
        if (record.state.status != OfferingStatus.Succeeded) {
            revert InvalidOfferingStatus(offeringId, record.state.status);
        }
        uint256 assetId = record.terms.assetId;
        for (uint256 i; i < investors.length; ++i) {
            address investor = investors[i];
            uint256 shareCount = _settle($, offeringId, investor);
            emit SharesDelivered(offeringId, investor, shareCount);
            $.shares.mint(assetId, investor, shareCount);
        }
    }

    /// @inheritdoc IOffering
    function refund(uint256 offeringId, address[] calldata investors) external nonReentrant {
        OfferingStorage storage $ = _storage();
        OfferingStatus status = _requireOffering($, offeringId).state.status;
        if (status != OfferingStatus.Failed && status != OfferingStatus.Cancelled) {
            revert InvalidOfferingStatus(offeringId, status);
        }
        for (uint256 i; i < investors.length; ++i) {
            address investor = investors[i];
            uint256 amount = $.contributions[offeringId][investor].paid;
            _settle($, offeringId, investor);
            $.escrowBalance -= amount;
            emit Refunded(offeringId, investor, amount);
            $.paymentToken.safeTransfer(investor, amount);
        }
    }

    /// @inheritdoc IOffering
    function setPlatformFee(uint16 feeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPlatformFee(_storage(), feeBps);
    }

    /// @inheritdoc IOffering
    function setPlatformTreasury(address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPlatformTreasury(_storage(), treasury);
    }

    /// @inheritdoc IOffering
    function offeringCount() external view returns (uint256) {
        return _storage().offeringCount;
    }

    /// @inheritdoc IOffering
    function terms(uint256 offeringId) external view returns (OfferingTerms memory) {
        return _requireOffering(_storage(), offeringId).terms;
    }

    /// @inheritdoc IOffering
    function state(uint256 offeringId) external view returns (OfferingState memory) {
        return _requireOffering(_storage(), offeringId).state;
    }

    /// @inheritdoc IOffering
    function contribution(uint256 offeringId, address investor) external view returns (Contribution memory) {
        return _storage().contributions[offeringId][investor];
    }

    /// @inheritdoc IOffering
    function receiptCount() external view returns (uint256) {
        return _storage().receiptCount;
    }

    /// @inheritdoc IOffering
    function latestOfferingOf(uint256 assetId) external view returns (uint256) {
        return _storage().latestOfferingOf[assetId];
    }

    /// @inheritdoc IOffering
    function platformFeeBps() external view returns (uint16) {
        return _storage().platformFeeBps;
    }

    /// @inheritdoc IOffering
    function platformTreasury() external view returns (address) {
        return _storage().platformTreasury;
    }

    /// @inheritdoc IOffering
    function paymentToken() external view returns (address) {
        return address(_storage().paymentToken);
    }

    /// @inheritdoc IOffering
    function escrowBalance() external view returns (uint256) {
        return _storage().escrowBalance;
    }

    /// @dev `investor` receives the shares (or the refund); the caller pays.
    function _purchase(uint256 offeringId, uint256 shareCount, address investor) private returns (uint256 receiptId) {
        OfferingStorage storage $ = _storage();
        OfferingRecord storage record = _requireOffering($, offeringId);
        uint256 assetId = record.terms.assetId;
        Contribution storage contributed = $.contributions[offeringId][investor];
        uint256 investorTotal = _checkPurchase($, record, offeringId, investor, contributed.shares, shareCount);

        uint256 cost = shareCount * record.terms.pricePerShare;
        if (contributed.shares == 0) ++record.state.investorCount;
        contributed.shares = investorTotal.toUint64();
        contributed.paid += cost.toUint128();
        record.state.sharesSold += shareCount.toUint64();
        record.state.raised += cost.toUint128();
        $.escrowBalance += cost;
        receiptId = ++$.receiptCount;
        emit SharesPurchased(offeringId, assetId, investor, receiptId, shareCount, cost);

        $.paymentToken.safeTransferFrom(msg.sender, address(this), cost);
    }

    /// @dev Window, caps, per-investor limits and the buyer's compliance for everything it will hold.
    /// @return investorTotal shares the buyer will have bought in this offering
    function _checkPurchase(
        OfferingStorage storage $,
        OfferingRecord storage record,
        uint256 offeringId,
        address investor,
        uint256 alreadyBought,
        uint256 shareCount
    ) private view returns (uint256 investorTotal) {
        OfferingTerms memory t = record.terms;
        if (record.state.status != OfferingStatus.Open || block.timestamp > t.endTime) {
            revert OfferingClosed(offeringId);
        }
        if (block.timestamp < t.startTime) revert OfferingNotStarted(offeringId, t.startTime);
        if (shareCount == 0 || shareCount < t.minPurchaseShares) {
            revert PurchaseBelowMinimum(offeringId, shareCount, t.minPurchaseShares);
        }
        uint256 remaining = t.hardCapShares - record.state.sharesSold;
        if (shareCount > remaining) revert HardCapReached(offeringId, remaining);
        investorTotal = alreadyBought + shareCount;
        uint256 investorMax = t.maxSharesPerInvestor == 0 ? t.hardCapShares : t.maxSharesPerInvestor;
        if (investorTotal > investorMax) revert InvestorLimitExceeded(offeringId, investorTotal, investorMax);

        ICompliance compliance = $.shares.compliance();
        ICompliance.TransferRestriction restriction =
            compliance.canTransfer(t.assetId, address(0), investor, investorTotal);
        // Shares reach holders only at delivery, so count this offering's investors as holders too: past the
        // maximum, an investor would pay and never receive its shares (nor a refund, the offering succeeding).
        if (
            restriction == ICompliance.TransferRestriction.None && alreadyBought == 0
                && $.shares.balanceOf(investor, t.assetId) == 0
        ) {
            uint32 maxHolders = compliance.rules(t.assetId).maxHolders;
            if (maxHolders != 0 && $.shares.holderCount(t.assetId) + record.state.investorCount >= maxHolders) {
                restriction = ICompliance.TransferRestriction.MaxHoldersReached;
            }
        }
        if (restriction != ICompliance.TransferRestriction.None) {
            compliance.revertFor(restriction, t.assetId, address(0), investor, investorTotal);
        }
    }

    /// @dev Marks an investor's contribution settled and returns its shares; reverts when there is none.
    function _settle(OfferingStorage storage $, uint256 offeringId, address investor) private returns (uint256) {
        Contribution storage contributed = $.contributions[offeringId][investor];
        if (contributed.shares == 0 || contributed.settled) revert NothingToSettle(offeringId, investor);
        contributed.settled = true;
        return contributed.shares;
    }

    function _validateTerms(OfferingStorage storage $, OfferingTerms calldata t) private view {
        if (t.pricePerShare == 0) revert InvalidOfferingTerms("pricePerShare");
        // A zero soft cap would let an offering that sold nothing "succeed" and activate an unowned asset.
        if (t.softCapShares == 0 || t.softCapShares > t.hardCapShares) revert InvalidOfferingTerms("caps");
        uint256 available = $.shares.assetSpec(t.assetId).totalShares - $.shares.totalSupply(t.assetId);
        if (t.hardCapShares > available) revert InvalidOfferingTerms("hardCapShares exceeds unissued shares");
        if (t.minPurchaseShares > t.hardCapShares) revert InvalidOfferingTerms("minPurchaseShares");
        if (t.maxSharesPerInvestor != 0 && t.maxSharesPerInvestor < t.minPurchaseShares) {
            revert InvalidOfferingTerms("maxSharesPerInvestor");
        }
        if (t.endTime <= t.startTime || t.endTime <= block.timestamp) revert InvalidOfferingTerms("window");
        if (t.treasury == address(0)) revert InvalidOfferingTerms("treasury");
    }

    function _requireOffering(OfferingStorage storage $, uint256 offeringId)
        private
        view
        returns (OfferingRecord storage record)
    {
        record = $.offerings[offeringId];
        if (record.state.status == OfferingStatus.None) revert OfferingNotFound(offeringId);
    }

    function _setPlatformFee(OfferingStorage storage $, uint16 feeBps) private {
        if (feeBps > MAX_FEE_BPS) revert FeeTooHigh(feeBps, MAX_FEE_BPS);
        emit PlatformFeeUpdated($.platformFeeBps, feeBps);
        $.platformFeeBps = feeBps;
    }

    function _setPlatformTreasury(OfferingStorage storage $, address treasury) private {
        if (treasury == address(0)) revert InvalidAddress(treasury);
        emit PlatformTreasuryUpdated($.platformTreasury, treasury);
        $.platformTreasury = treasury;
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
