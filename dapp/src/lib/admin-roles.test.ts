import { describe, expect, it } from "vitest";
import { keccak256, toHex } from "viem";
import { ROLES, validateKycInput } from "./admin-roles";

describe("roles", () => {
  it("derives role ids as Roles.sol does", () => {
    expect(ROLES.KYC_AGENT).toBe(keccak256(toHex("KYC_AGENT_ROLE")));
    expect(ROLES.DEFAULT_ADMIN).toBe(`0x${"00".repeat(32)}`);
  });
});

describe("KYC submission", () => {
  const ok = { fullName: " Mira Kovač ", country: 705, investorClass: "Retail", dateOfBirth: "1991-02-01" };

  it("accepts a complete adult submission", () => {
    expect(validateKycInput(ok, [705])).toEqual({ ok: true, value: { ...ok, fullName: "Mira Kovač" } });
  });

  it("names each problem", () => {
    const check = validateKycInput({ fullName: "M", country: 999, investorClass: "Whale", dateOfBirth: "01/02/1991" }, [705]);
    expect(check.ok ? [] : Object.keys(check.errors).sort()).toEqual(["country", "dateOfBirth", "fullName", "investorClass"]);
    const minor = validateKycInput({ ...ok, dateOfBirth: new Date(Date.now() - 17 * 365 * 86_400_000).toISOString().slice(0, 10) }, [705]);
    expect(minor.ok ? "" : minor.errors.dateOfBirth).toBe("Investors must be at least 18 years old.");
    expect(validateKycInput(null, [705]).ok).toBe(false);
  });
});
