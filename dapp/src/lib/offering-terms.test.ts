import { describe, expect, it } from "vitest";
import { emptyOfferingForm, offeringReadiness, offeringSummary, parseAmount, toOfferingTerms, validateOfferingForm, type OfferingFormValues } from "./offering-terms";

const TREASURY = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const NOW = BigInt(Math.floor(new Date("2026-12-01T12:00").getTime() / 1000));
const context = { stablecoinDecimals: 6, now: NOW, unissuedShares: 12_000n };
const valid: OfferingFormValues = {
  ...emptyOfferingForm(TREASURY),
  pricePerShare: "100.50", hardCapShares: "10000", softCapShares: "4000", minPurchaseShares: "5", maxSharesPerInvestor: "2000",
  startNow: false, start: "2026-12-02T09:00", end: "2027-01-15T18:00",
};

describe("validateOfferingForm", () => {
  it("accepts consistent terms and builds IOffering.OfferingTerms from them", () => {
    expect(validateOfferingForm(valid, context)).toEqual({});
    const terms = toOfferingTerms(7n, valid, context);
    expect(terms).toEqual({
      assetId: 7n, pricePerShare: 100_500_000n, softCapShares: 4_000n, hardCapShares: 10_000n, minPurchaseShares: 5n, maxSharesPerInvestor: 2_000n,
      startTime: BigInt(new Date("2026-12-02T09:00").getTime() / 1000), endTime: BigInt(new Date("2027-01-15T18:00").getTime() / 1000), treasury: TREASURY,
    });
  });

  it("opens at the chain's time when opening at once, and an empty maximum means no limit", () => {
    const terms = toOfferingTerms(1n, { ...valid, startNow: true, start: "", maxSharesPerInvestor: "" }, context);
    expect(terms.startTime).toBe(NOW);
    expect(terms.maxSharesPerInvestor).toBe(0n);
  });

  it("explains each price and cap rule", () => {
    expect(validateOfferingForm({ ...valid, pricePerShare: "0" }, context).pricePerShare).toMatch(/more than 0/);
    expect(validateOfferingForm({ ...valid, pricePerShare: "1.1234567" }, context).pricePerShare).toMatch(/at most 6 decimals/);
    expect(validateOfferingForm({ ...valid, hardCapShares: "12001" }, context).hardCapShares).toBe("Only 12000 shares of this asset are not issued yet; offer at most that many.");
    expect(validateOfferingForm({ ...valid, hardCapShares: "1.5" }, context).hardCapShares).toMatch(/whole number/);
    expect(validateOfferingForm({ ...valid, softCapShares: "10001" }, context).softCapShares).toBe("The soft cap cannot exceed the shares offered.");
    expect(validateOfferingForm({ ...valid, softCapShares: "0" }, context).softCapShares).toMatch(/every investor is refunded/);
    expect(validateOfferingForm({ ...valid, minPurchaseShares: "10001" }, context).minPurchaseShares).toBe("The minimum ticket cannot exceed the shares offered.");
    expect(validateOfferingForm({ ...valid, maxSharesPerInvestor: "4" }, context).maxSharesPerInvestor).toBe("The maximum per investor cannot be below the minimum ticket.");
    expect(validateOfferingForm({ ...valid, treasury: "0x0000000000000000000000000000000000000000" }, context).treasury).toMatch(/zero address/);
    expect(validateOfferingForm({ ...valid, treasury: "me" }, context).treasury).toMatch(/0x/);
  });

  it("explains each window rule against the chain's time", () => {
    expect(validateOfferingForm({ ...valid, start: "2026-12-01T11:00" }, context).start).toMatch(/opening lies in the past/);
    expect(validateOfferingForm({ ...valid, start: "" }, context).start).toMatch(/Choose when the offering opens/);
    expect(validateOfferingForm({ ...valid, end: "2026-12-02T08:00" }, context).end).toBe("The offering must close after it opens.");
    expect(validateOfferingForm({ ...valid, end: "2026-12-01T11:00", startNow: true }, context).end).toMatch(/closing lies in the past/);
    expect(validateOfferingForm({ ...valid, end: "2026-12-02T09:30" }, context).end).toMatch(/at least an hour/);
    expect(validateOfferingForm({ ...valid, end: "2028-01-01T00:00" }, context).end).toMatch(/at most a year/);
    expect(validateOfferingForm({ ...valid, end: "" }, context).end).toMatch(/Choose when the offering closes/);
  });

  it("refuses to build terms from invalid values", () => {
    expect(() => toOfferingTerms(1n, { ...valid, pricePerShare: "" }, context)).toThrow(/pricePerShare/);
  });
});

describe("parseAmount and offeringSummary", () => {
  it("parses amounts exactly and refuses excess precision", () => {
    expect(parseAmount("0.000001", 6)).toBe(1n);
    expect(parseAmount("1,5", 6)).toBeNull();
    expect(parseAmount("1.0000001", 6)).toBeNull();
  });
  it("says what the terms mean in money", () => {
    expect(offeringSummary({ pricePerShare: 100_000_000n, softCapShares: 20n, hardCapShares: 50n, minPurchaseShares: 2n }, 150)).toEqual({
      minimumRaise: 2_000_000_000n, maximumRaise: 5_000_000_000n, minimumTicket: 200_000_000n, feeAtMaximum: 75_000_000n, netAtMaximum: 4_925_000_000n,
    });
  });
});

describe("offeringReadiness", () => {
  const operator = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" as const;
  const base = { operator, account: operator, isOfferingManager: false, unissuedShares: 100n };
  it("lets the operator offer a verified asset with unissued shares", () => {
    expect(offeringReadiness({ ...base, status: "Verified" })).toEqual({ ready: true });
  });
  it("lets an offering manager act for another operator", () => {
    expect(offeringReadiness({ ...base, account: TREASURY, isOfferingManager: true, status: "Verified" })).toEqual({ ready: true });
    expect(offeringReadiness({ ...base, account: TREASURY, status: "Verified" })).toMatchObject({ ready: false, reason: expect.stringMatching(/operator or an offering manager/) });
  });
  it("says why each other state cannot be offered", () => {
    expect(offeringReadiness({ ...base, status: "UnderReview" })).toMatchObject({ reason: expect.stringMatching(/still being reviewed/) });
    expect(offeringReadiness({ ...base, status: "Rejected" })).toMatchObject({ reason: expect.stringMatching(/resubmit/) });
    expect(offeringReadiness({ ...base, status: "Offering" })).toMatchObject({ reason: expect.stringMatching(/already open/) });
    expect(offeringReadiness({ ...base, status: "Active" })).toMatchObject({ reason: expect.stringMatching(/order book/) });
    expect(offeringReadiness({ ...base, status: "Verified", unissuedShares: 0n })).toMatchObject({ reason: expect.stringMatching(/already issued/) });
  });
});
