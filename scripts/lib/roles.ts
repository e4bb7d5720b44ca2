import { keccak256, toHex, type Hex } from "viem";

/** Role ids, mirroring contracts/libraries/Roles.sol (checked by test/deploy.test.ts). */
export const roles = {
  DEFAULT_ADMIN: `0x${"00".repeat(32)}` as Hex,
  KYC_AGENT: keccak256(toHex("KYC_AGENT_ROLE")),
  COMPLIANCE_OFFICER: keccak256(toHex("COMPLIANCE_OFFICER_ROLE")),
  ASSET_PROVIDER: keccak256(toHex("ASSET_PROVIDER_ROLE")),
  VERIFIER: keccak256(toHex("VERIFIER_ROLE")),
  AGENT: keccak256(toHex("AGENT_ROLE")),
  PAUSER: keccak256(toHex("PAUSER_ROLE")),
  ISSUER: keccak256(toHex("ISSUER_ROLE")),
  OFFERING_MANAGER: keccak256(toHex("OFFERING_MANAGER_ROLE")),
  ESCROW: keccak256(toHex("ESCROW_ROLE")),
  REPORTER: keccak256(toHex("REPORTER_ROLE")),
  PRODUCTION_REQUESTER: keccak256(toHex("PRODUCTION_REQUESTER_ROLE")),
  GOVERNANCE_REGISTRAR: keccak256(toHex("GOVERNANCE_REGISTRAR_ROLE")),
} as const;
