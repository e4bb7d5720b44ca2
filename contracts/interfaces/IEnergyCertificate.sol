// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IVerifiedProduction} from "./IVerifiedProduction.sol";
import {IEnergyAsset} from "./IEnergyAsset.sol";

/// @title Energy attribute certificates (ERC-1155)
/// @notice One token id per asset and production period: `id = assetId << 64 | periodId`.
/// Unit: 1 certificate = 1 kWh of final production. A period's energy in Wh is added to the asset's carried
/// remainder; whole kWh are issued and the remainder (< 1,000 Wh) carries to the asset's next issuance, so over
/// an asset's life `issued kWh × 1,000 + carried Wh = Σ final production (Wh)` exactly.
/// Issuance rule: certificates go to the asset's operator (the producer, as with EU guarantees of origin),
/// in one O(1) mint per period, callable by anyone once the period is final. Holders' economic share of the
/// asset is paid through revenue (the operator may sell the certificates and book the proceeds as revenue);
/// a pro-rata split to thousands of holders would need per-holder balance checkpoints at the period end.
/// Certificates are freely transferable. Retiring burns them into the retiring account's claimed
/// (retired) balance, naming a beneficiary and purpose, and records the CO2 avoided from the asset's grid
/// emission factor fixed at issuance (grams = kWh × emissionFactorGPerKWh).
interface IEnergyCertificate {
    /// @param start period start (unix seconds)
    /// @param end period end (unix seconds)
    /// @param energyWh the period's final production
    /// @param units certificates issued for the period (kWh)
    /// @param emissionFactorGPerKWh the asset's emission factor at issuance
    /// @param issued whether the period has been issued (possibly 0 units)
    struct Certificate {
        uint64 start;
        uint64 end;
        uint128 energyWh;
        uint128 units;
        uint32 emissionFactorGPerKWh;
        bool issued;
    }

    event CertificatesIssued(
        uint256 indexed id,
        uint256 indexed assetId,
        uint256 indexed periodId,
        address recipient,
        uint128 units,
        uint128 energyWh,
        uint16 carriedWh
    );
    event CertificatesRetired(
        uint256 indexed retirementId,
        address indexed account,
        uint256 indexed id,
        uint256 amount,
        string beneficiary,
        string purpose,
        uint256 co2AvoidedGrams,
        address retiredBy
    );

    event URISet(string uri);

    /// @dev The production period is not final yet.
    error PeriodNotFinal(uint256 assetId, uint256 periodId);
    /// @dev The period's certificates were already issued.
    error AlreadyIssued(uint256 assetId, uint256 periodId);
    /// @dev No certificate with this id has been issued.
    error UnknownCertificate(uint256 id);
    /// @dev Retiring zero certificates.
    error ZeroAmount();
    /// @dev A retirement names its beneficiary.
    error MissingBeneficiary();
    /// @dev A period or asset id too large for the token-id layout.
    error IdOutOfRange(uint256 assetId, uint256 periodId);

    /// @notice Issues a final period's certificates to the asset's operator. Anyone; once per period.
    /// @return id the period's token id
    /// @return units certificates minted
    function issue(uint256 assetId, uint256 periodId) external returns (uint256 id, uint128 units);

    /// @notice Burns `amount` of `from`'s certificates `id` into `from`'s retired balance. `from` or an
    /// operator approved for all of `from`'s tokens.
    /// @return retirementId sequence number of the retirement
    function retire(address from, uint256 id, uint256 amount, string calldata beneficiary, string calldata purpose)
        external
        returns (uint256 retirementId);

    /// @notice Sets the metadata URI template. Admin only.
    function setURI(string calldata newUri) external;

    function certificateId(uint256 assetId, uint256 periodId) external pure returns (uint256);
    function certificate(uint256 id) external view returns (Certificate memory);
    /// @notice Certificates `account` has retired from `id` (its claimed balance).
    function retiredBalanceOf(address account, uint256 id) external view returns (uint256);
    /// @notice All certificates of `id` ever retired.
    function totalRetired(uint256 id) external view returns (uint256);
    /// @notice CO2 avoided by `account`'s retirements, in grams.
    function co2AvoidedGrams(address account) external view returns (uint256);
    /// @notice Wh of the asset's production not yet issued as a whole kWh (< 1,000).
    function carriedWh(uint256 assetId) external view returns (uint16);
    function retirementCount() external view returns (uint256);
    function productionSource() external view returns (IVerifiedProduction);
    function shareToken() external view returns (IEnergyAsset);
}
