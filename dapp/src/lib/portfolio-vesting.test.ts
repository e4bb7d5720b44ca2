import { describe, expect, it } from "vitest";
import { vestedFraction } from "./portfolio-vesting";

const team = { start: "1000", cliffEnd: "2000", durationSeconds: "4000" };

describe("vesting wallets", () => {
  it("vests nothing before the cliff, linearly from the start after it, everything at the end", () => {
    expect(vestedFraction(team, 500)).toBe(0);
    expect(vestedFraction(team, 1_999)).toBe(0);
    expect(vestedFraction(team, 2_000)).toBe(0.25);
    expect(vestedFraction(team, 3_000)).toBe(0.5);
    expect(vestedFraction(team, 9_000)).toBe(1);
    expect(vestedFraction({ ...team, durationSeconds: "0", cliffEnd: "1000" }, 1_000)).toBe(1);
  });
});
