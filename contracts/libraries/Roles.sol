// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

/// @title Role identifiers shared by CoWatt contracts
/// @notice DEFAULT_ADMIN_ROLE (0x00) administers every role and authorises upgrades; in production the
/// platform timelock holds it and the deployer renounces it.
library Roles {
    /// @notice Verifies investors' KYC/AML and links their wallets.
    bytes32 internal constant KYC_AGENT = keccak256("KYC_AGENT_ROLE");
    /// @notice Sets per-asset transfer rules.
    bytes32 internal constant COMPLIANCE_OFFICER = keccak256("COMPLIANCE_OFFICER_ROLE");
    /// @notice Registers energy assets (asset providers / operators).
    bytes32 internal constant ASSET_PROVIDER = keccak256("ASSET_PROVIDER_ROLE");
    /// @notice Reviews, verifies, rejects, suspends and resumes assets.
    bytes32 internal constant VERIFIER = keccak256("VERIFIER_ROLE");
    /// @notice Freezes wallets, forces transfers and recovers lost wallets (ERC-3643 agent).
    bytes32 internal constant AGENT = keccak256("AGENT_ROLE");
    /// @notice Pauses share movements, globally or per asset, in an emergency.
    bytes32 internal constant PAUSER = keccak256("PAUSER_ROLE");
    /// @notice Mints shares (held by the Offering contract) and moves assets through their offering.
    bytes32 internal constant ISSUER = keccak256("ISSUER_ROLE");
    /// @notice Escrows shares in their owner's wallet for open sell orders and settles fills (the OrderBook).
    bytes32 internal constant ESCROW = keccak256("ESCROW_ROLE");
    /// @notice Creates offerings for any asset and sets the platform fee and treasury.
    bytes32 internal constant OFFERING_MANAGER = keccak256("OFFERING_MANAGER_ROLE");
    /// @notice Reports each period's verified production of an asset (interim source, before the oracle).
    bytes32 internal constant REPORTER = keccak256("REPORTER_ROLE");
    /// @notice Requests each period's production from the Chainlink Functions oracle (the relay's scheduler).
    bytes32 internal constant PRODUCTION_REQUESTER = keccak256("PRODUCTION_REQUESTER_ROLE");
    /// @notice Registers each asset's governance (its holders' timelock) in EnergyAsset (the AssetGovernorFactory).
    bytes32 internal constant GOVERNANCE_REGISTRAR = keccak256("GOVERNANCE_REGISTRAR_ROLE");
}
