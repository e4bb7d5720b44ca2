import { describe, expect, it } from "vitest";
import { dailyStakingReward } from "./portfolio-watt";
import { checkStakeAmount, cooldownState, formatDuration, formatWatt, parseTokenAmount, planUnstake, tokenAmountInput } from "./watt-staking";

const WEI = 10n ** 18n;

describe("parseTokenAmount", () => {
  it("reads amounts with the locale's separators", () => {
    expect(parseTokenAmount("1,250.5", 18, "en-GB")).toEqual({ ok: true, amount: 1250n * WEI + WEI / 2n });
    expect(parseTokenAmount("1.250,5", 18, "de-DE")).toEqual({ ok: true, amount: 1250n * WEI + WEI / 2n });
    expect(parseTokenAmount("1 250,5", 18, "fr-FR")).toEqual({ ok: true, amount: 1250n * WEI + WEI / 2n });
    expect(parseTokenAmount(" 40 ", 18, "en-GB")).toEqual({ ok: true, amount: 40n * WEI });
    expect(parseTokenAmount(".25", 18, "en-GB")).toEqual({ ok: true, amount: WEI / 4n });
  });

  it("refuses a decimal point typed the other locale's way instead of misreading it", () => {
    const refused = parseTokenAmount("1.5", 18, "de-DE");
    expect(refused).toEqual({ ok: false, error: "Enter the amount as a number, for example 1.250,5." });
    expect(parseTokenAmount("1,5", 18, "en-GB")).toEqual({ ok: false, error: "Enter the amount as a number, for example 1,250.5." });
  });

  it("says what is wrong with empty, zero, text and too precise amounts", () => {
    expect(parseTokenAmount("", 18, "en-GB")).toEqual({ ok: false, error: "Enter an amount." });
    expect(parseTokenAmount("0.000", 18, "en-GB")).toEqual({ ok: false, error: "Enter an amount above zero." });
    expect(parseTokenAmount("ten", 18, "en-GB")).toMatchObject({ ok: false });
    expect(parseTokenAmount("-5", 18, "en-GB")).toMatchObject({ ok: false });
    expect(parseTokenAmount("1.2.3", 18, "en-GB")).toMatchObject({ ok: false });
    expect(parseTokenAmount("0.1234567", 6, "en-GB")).toEqual({ ok: false, error: "Use at most 6 decimals." });
  });

  it("round-trips the max button's value in every locale", () => {
    const amount = 1234n * WEI + 5n;
    for (const locale of ["en-GB", "de-DE", "fr-FR"]) {
      expect(parseTokenAmount(tokenAmountInput(amount, 18, locale), 18, locale)).toEqual({ ok: true, amount });
    }
    expect(tokenAmountInput(150n * WEI, 18, "de-DE")).toBe("150");
    expect(tokenAmountInput(WEI / 2n, 18, "de-DE")).toBe("0,5");
  });
});

describe("checkStakeAmount", () => {
  it("refuses more than is available with the caller's sentence", () => {
    const options = { available: 10n * WEI, decimals: 18, locale: "en-GB", describeAvailable: () => "You have 10 WATT in your wallet." };
    expect(checkStakeAmount("10.0001", options)).toEqual({ ok: false, error: "You have 10 WATT in your wallet." });
    expect(checkStakeAmount("10", options)).toEqual({ ok: true, amount: 10n * WEI });
  });
});

describe("formatDuration", () => {
  it("uses the largest unit that reads well", () => {
    expect(formatDuration(7 * 86_400, "en-GB")).toBe("7 days");
    expect(formatDuration(36 * 3_600, "en-GB")).toBe("36 hours");
    expect(formatDuration(90 * 60, "en-GB")).toBe("90 minutes");
    expect(formatDuration(45n, "en-GB")).toBe("45 seconds");
    expect(formatDuration(7 * 86_400, "de-DE")).toBe("7 Tage");
  });
});

describe("cooldown", () => {
  const position = { staked: 100n, coolingDown: 0n, unlocksAt: 0n };

  it("tells cooling down from ready to withdraw", () => {
    expect(cooldownState(position, 1_000n)).toEqual({ kind: "none" });
    expect(cooldownState({ ...position, coolingDown: 5n, unlocksAt: 1_600n }, 1_000n)).toEqual({ kind: "cooling", amount: 5n, unlocksAt: 1_600n, remainingSeconds: 600n });
    expect(cooldownState({ ...position, coolingDown: 5n, unlocksAt: 1_000n }, 1_000n)).toEqual({ kind: "ready", amount: 5n });
  });

  it("restarts the wait for WATT already cooling down, as WattStaking does", () => {
    expect(planUnstake(position, 40n, 604_800n, 1_000n)).toEqual({ immediate: false, unlocksAt: 605_800n, coolingDown: 40n, restarts: 0n });
    expect(planUnstake({ ...position, coolingDown: 10n, unlocksAt: 2_000n }, 40n, 604_800n, 1_000n)).toEqual({ immediate: false, unlocksAt: 605_800n, coolingDown: 50n, restarts: 10n });
    expect(planUnstake(position, 40n, 0n, 1_000n)).toMatchObject({ immediate: true });
  });
});

describe("dailyStakingReward", () => {
  it("shares the pool's rate pro rata and stops when the pool is empty", () => {
    const rate = WEI / 10n; // 0.1 WATT per second
    expect(dailyStakingReward({ staked: 150n * WEI, totalStaked: 450n * WEI, rewardRate: rate, unallocated: WEI })).toBe(2_880n * WEI);
    expect(dailyStakingReward({ staked: 150n * WEI, totalStaked: 450n * WEI, rewardRate: rate, unallocated: 0n })).toBe(0n);
    expect(dailyStakingReward({ staked: 0n, totalStaked: 0n, rewardRate: rate, unallocated: WEI })).toBe(0n);
  });
});

describe("formatWatt", () => {
  it("prints wei as WATT by locale with at most two decimals", () => {
    expect(formatWatt(1_250n * WEI + WEI / 2n, "en-GB")).toBe("1,250.5 WATT");
    expect(formatWatt(1_250n * WEI + WEI / 2n, "de-DE")).toBe("1.250,5 WATT");
    expect(formatWatt(123_456_789_012n * WEI + 1n, "en-GB")).toBe("123,456,789,012 WATT");
    expect(formatWatt(undefined)).toBe("—");
  });
});
