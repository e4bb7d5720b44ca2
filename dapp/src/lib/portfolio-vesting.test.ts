import { describe, expect, it } from "vitest";
import { readVestingWallets, vestedFraction } from "./portfolio-vesting";

const team = {
  name: "team", address: "0x00000000000000000000000000000000000000aa", beneficiary: "0x00000000000000000000000000000000000000bb",
  allocation: "150000000000000000000000000", start: 1_000, durationSeconds: 4_000, cliffSeconds: 1_000, startBlock: 3,
};

describe("vesting wallets", () => {
  it("reads the record's vestingWallets and tolerates records without them", () => {
    expect(readVestingWallets({ vestingWallets: [team] })).toEqual([
      { name: "team", address: team.address, beneficiary: team.beneficiary, allocation: team.allocation, start: 1_000, durationSeconds: 4_000, cliffSeconds: 1_000 },
    ]);
    expect(readVestingWallets({ contracts: {} })).toEqual([]);
    expect(readVestingWallets(null)).toEqual([]);
    expect(readVestingWallets({ vestingWallets: [{ ...team, address: "nope" }, "junk", { ...team, allocation: -1 }] })).toHaveLength(1);
  });

  it("vests nothing before the cliff, linearly after it, everything at the end", () => {
    expect(vestedFraction(team, 1_999)).toBe(0);
    expect(vestedFraction(team, 2_000)).toBe(0.25);
    expect(vestedFraction(team, 3_000)).toBe(0.5);
    expect(vestedFraction(team, 9_000)).toBe(1);
  });
});
