// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title CoWatt identity registry
/// @notice KYC/AML status per person. A person (identity) may link several wallets; every wallet of an
/// identity shares its verification, country and investor class. KYC agents (the integration point for
/// a KYC vendor) are the only writers.
interface IIdentityRegistry {
    /// @notice Investor classification used by per-asset compliance rules (bit `1 << class` in masks).
    enum InvestorClass {
        Retail,
        Professional,
        Institutional
    }

    /// @param country ISO 3166-1 numeric country code (e.g. 724 Spain, 276 Germany)
    /// @param investorClass an {InvestorClass}
    /// @param expiresAt verification expiry (unix seconds); periodic re-verification extends it
    /// @param revoked set when KYC/AML is withdrawn; cleared by a later update (re-verification)
    struct Identity {
        uint16 country;
        InvestorClass investorClass;
        uint64 expiresAt;
        bool revoked;
    }

    event IdentityRegistered(
        uint256 indexed identityId,
        address indexed wallet,
        uint16 country,
        InvestorClass investorClass,
        uint64 expiresAt,
        address indexed agent
    );
    event IdentityUpdated(
        uint256 indexed identityId, uint16 country, InvestorClass investorClass, uint64 expiresAt, address indexed agent
    );
    event IdentityRevoked(uint256 indexed identityId, string reason, address indexed agent);
    event WalletLinked(uint256 indexed identityId, address indexed wallet, address indexed agent);
    event WalletUnlinked(uint256 indexed identityId, address indexed wallet, address indexed agent);

    /// @dev No identity has this id.
    error IdentityNotFound(uint256 identityId);
    /// @dev The wallet already belongs to an identity (unlink it first).
    error WalletAlreadyLinked(address wallet, uint256 identityId);
    /// @dev The wallet belongs to no identity.
    error WalletNotLinked(address wallet);
    /// @dev Not an ISO 3166-1 numeric code (1..999).
    error InvalidCountry(uint16 country);
    /// @dev The expiry is not in the future.
    error InvalidExpiry(uint64 expiresAt);
    /// @dev The zero address cannot hold an identity.
    error InvalidWallet(address wallet);

    /// @notice Creates an identity for a person and links their first wallet. KYC agent only.
    /// @return identityId the new identity's id (ids start at 1)
    function registerIdentity(address wallet, uint16 country, InvestorClass investorClass, uint64 expiresAt)
        external
        returns (uint256 identityId);

    /// @notice Re-verifies an identity: new country, class and expiry; clears a revocation. KYC agent only.
    function updateIdentity(uint256 identityId, uint16 country, InvestorClass investorClass, uint64 expiresAt) external;

    /// @notice Withdraws an identity's verification; none of its wallets can receive shares after this.
    function revokeIdentity(uint256 identityId, string calldata reason) external;

    /// @notice Links another wallet of the same person. KYC agent only.
    function linkWallet(uint256 identityId, address wallet) external;

    /// @notice Unlinks a wallet from its identity. KYC agent only.
    function unlinkWallet(address wallet) external;

    /// @notice The identity a wallet belongs to, or 0.
    function identityOf(address wallet) external view returns (uint256 identityId);

    /// @notice An identity's record. Reverts with {IdentityNotFound} for an unknown id.
    function identity(uint256 identityId) external view returns (Identity memory);

    /// @notice Number of wallets currently linked to an identity.
    function walletCount(uint256 identityId) external view returns (uint256);

    /// @notice Number of identities ever registered.
    function identityCount() external view returns (uint256);

    /// @notice True when the wallet's identity exists, is not revoked and has not expired.
    function isVerified(address wallet) external view returns (bool);

    /// @notice Everything compliance needs about a wallet, in one call.
    function investorOf(address wallet)
        external
        view
        returns (uint256 identityId, bool verified, uint16 country, InvestorClass investorClass);
}
