// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC1155Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC1155/ERC1155Upgradeable.sol";
import {ERC1155SupplyUpgradeable} from
    "@openzeppelin/contracts-upgradeable/token/ERC1155/extensions/ERC1155SupplyUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEnergyCertificate} from "./interfaces/IEnergyCertificate.sol";
import {IVerifiedProduction} from "./interfaces/IVerifiedProduction.sol";
import {IEnergyAsset} from "./interfaces/IEnergyAsset.sol";

/// @title EnergyCertificate
/// @notice See {IEnergyCertificate}. The production source is fixed at initialisation: switching it would
/// reuse period ids and could count a period twice. Beneficiary and purpose of a retirement live in its event.
/// UUPS, upgrades authorised by DEFAULT_ADMIN_ROLE.
contract EnergyCertificate is
    IEnergyCertificate,
    ERC1155SupplyUpgradeable,
    AccessControlUpgradeable,
    ReentrancyGuardTransient,
    UUPSUpgradeable
{
    /// @custom:storage-location erc7201:cowatt.storage.EnergyCertificate
    struct EnergyCertificateStorage {
        IEnergyAsset shares;
        IVerifiedProduction production;
        uint256 retirementCount;
        mapping(uint256 assetId => uint16) carriedWh;
        mapping(uint256 id => Certificate) certificates;
        mapping(address account => mapping(uint256 id => uint256)) retired;
        mapping(address account => uint256) co2AvoidedGrams;
    }

    // keccak256(abi.encode(uint256(keccak256("cowatt.storage.EnergyCertificate")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xb5e99e8d5bf05048b683f816c87aadf5a95987f60489ba928ac0163b04dd0300;
    uint256 private constant WH_PER_UNIT = 1_000;

    function _storage() private pure returns (EnergyCertificateStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address admin, IEnergyAsset shares, IVerifiedProduction production, string calldata uri_)
        external
        initializer
    {
        __ERC1155_init(uri_);
        __ERC1155Supply_init();
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        EnergyCertificateStorage storage $ = _storage();
        $.shares = shares;
        $.production = production;
    }

    /// @inheritdoc IEnergyCertificate
    function issue(uint256 assetId, uint256 periodId) external nonReentrant returns (uint256 id, uint128 units) {
        id = certificateId(assetId, periodId);
        EnergyCertificateStorage storage $ = _storage();
        Certificate storage cert = $.certificates[id];
        if (cert.issued) revert AlreadyIssued(assetId, periodId);
        IVerifiedProduction.ProductionPeriod memory period = $.production.production(assetId, periodId); // reverts UnknownPeriod
        if (!period.isFinal) revert PeriodNotFinal(assetId, periodId);

        uint256 available = uint256($.carriedWh[assetId]) + period.energyWh;
        units = uint128(available / WH_PER_UNIT);
        uint16 carried = uint16(available % WH_PER_UNIT);
        $.carriedWh[assetId] = carried;
        uint32 emissionFactor = $.shares.assetSpec(assetId).emissionFactorGPerKWh;
        $.certificates[id] = Certificate(period.start, period.end, period.energyWh, units, emissionFactor, true);
        address recipient = $.shares.asset(assetId).operator;
        emit CertificatesIssued(id, assetId, periodId, recipient, units, period.energyWh, carried);
        // Last: a contract recipient's onERC1155Received runs after every effect (and under the guard).
        if (units != 0) _mint(recipient, id, units, "");
    }

    /// @inheritdoc IEnergyCertificate
    function retire(address from, uint256 id, uint256 amount, string calldata beneficiary, string calldata purpose)
        external
        nonReentrant
        returns (uint256 retirementId)
    {
        if (amount == 0) revert ZeroAmount();
        if (bytes(beneficiary).length == 0) revert MissingBeneficiary();
        if (from != msg.sender && !isApprovedForAll(from, msg.sender)) {
            revert ERC1155MissingApprovalForAll(msg.sender, from);
        }
        EnergyCertificateStorage storage $ = _storage();
        Certificate storage cert = $.certificates[id];
        if (!cert.issued) revert UnknownCertificate(id);
        _burn(from, id, amount); // reverts ERC1155InsufficientBalance; a burn calls no receiver
        uint256 co2 = amount * cert.emissionFactorGPerKWh;
        $.retired[from][id] += amount;
        $.co2AvoidedGrams[from] += co2;
        retirementId = ++$.retirementCount;
        emit CertificatesRetired(retirementId, from, id, amount, beneficiary, purpose, co2, msg.sender);
    }

    /// @inheritdoc IEnergyCertificate
    function setURI(string calldata newUri) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setURI(newUri);
        emit URISet(newUri);
    }

    /// @inheritdoc IEnergyCertificate
    function certificateId(uint256 assetId, uint256 periodId) public pure returns (uint256) {
        if (assetId > type(uint192).max || periodId > type(uint64).max) revert IdOutOfRange(assetId, periodId);
        return assetId << 64 | periodId;
    }

    /// @inheritdoc IEnergyCertificate
    function certificate(uint256 id) external view returns (Certificate memory) {
        return _storage().certificates[id];
    }

    /// @inheritdoc IEnergyCertificate
    function retiredBalanceOf(address account, uint256 id) external view returns (uint256) {
        return _storage().retired[account][id];
    }

    /// @inheritdoc IEnergyCertificate
    /// @dev Retirement is the only burn, so what is not circulating any more was retired.
    function totalRetired(uint256 id) external view returns (uint256) {
        return _storage().certificates[id].units - totalSupply(id);
    }

    /// @inheritdoc IEnergyCertificate
    function co2AvoidedGrams(address account) external view returns (uint256) {
        return _storage().co2AvoidedGrams[account];
    }

    /// @inheritdoc IEnergyCertificate
    function carriedWh(uint256 assetId) external view returns (uint16) {
        return _storage().carriedWh[assetId];
    }

    /// @inheritdoc IEnergyCertificate
    function retirementCount() external view returns (uint256) {
        return _storage().retirementCount;
    }

    /// @inheritdoc IEnergyCertificate
    function productionSource() external view returns (IVerifiedProduction) {
        return _storage().production;
    }

    /// @inheritdoc IEnergyCertificate
    function shareToken() external view returns (IEnergyAsset) {
        return _storage().shares;
    }

    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC1155Upgradeable, AccessControlUpgradeable)
        returns (bool)
    {
        return interfaceId == type(IEnergyCertificate).interfaceId || super.supportsInterface(interfaceId);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
