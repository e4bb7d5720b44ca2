import { describe, expect, it } from "vitest";
import { maxPurchasable, offeringTermsProblem, parseShareCount, restrictionName, restrictionSentence, TRANSFER_RESTRICTIONS, type OfferingWindow } from "./invest-compliance";

const context = { assetName: "Sol de Castilla 5 MW", sharesAfter: 5_200n, maxBalance: 5_000n, minHolding: 5n, maxHolders: 2_000, locale: "en-GB" };
const offering: OfferingWindow = {
  status: "Open", startTime: 1_000n, endTime: 2_000n, minPurchaseShares: 5n, maxSharesPerInvestor: 5_000n, hardCapShares: 45_000n, sharesSold: 13_520n,
};

describe("invest pre-check", () => {
  it("names every ICompliance.TransferRestriction in order", () => {
    expect(TRANSFER_RESTRICTIONS).toHaveLength(15);
    expect(restrictionName(7)).toBe("RecipientNotVerified");
    expect(restrictionName(10)).toBe("MaxBalanceExceeded");
  });

  it("gives a sentence for every code but None", () => {
    expect(restrictionSentence(0, context)).toBeNull();
    for (let code = 1; code < TRANSFER_RESTRICTIONS.length; code++) expect(restrictionSentence(code, context)).toMatch(/\w+.*\./);
    expect(restrictionSentence(10, context)).toBe("You would hold 5,200 shares, above the limit of 5,000 shares per wallet for Sol de Castilla 5 MW. Buy fewer shares.");
    expect(restrictionSentence(8, context)).toMatch(/not offered to investors from your country/);
  });

  it("tells an unverified wallet to complete KYC and an expired one to renew", () => {
    expect(restrictionSentence(7, context)).toMatch(/no verified identity yet/);
    expect(restrictionSentence(7, { ...context, kycExpiresAt: 1_800_000_000n })).toBe(
      "Your identity verification expired on 15 Jan 2027; renew your KYC in your profile to invest.",
    );
  });

  it("checks the offering's window, minimum, hard cap and per-investor cap in the contract's order", () => {
    expect(offeringTermsProblem(offering, 10n, 0n, 1_500n)).toBeNull();
    expect(offeringTermsProblem(offering, 10n, 0n, 2_001n)).toBe("This offering is closed.");
    expect(offeringTermsProblem({ ...offering, status: "Failed" }, 10n, 0n, 1_500n)).toBe("This offering is closed.");
    expect(offeringTermsProblem(offering, 10n, 0n, 999n, "en-GB")).toMatch(/^This offering opens on/);
    expect(offeringTermsProblem(offering, 4n, 0n, 1_500n, "en-GB")).toBe("The smallest purchase is 5 shares.");
    expect(offeringTermsProblem({ ...offering, sharesSold: 44_990n }, 20n, 0n, 1_500n, "en-GB")).toBe("Only 10 shares are left in this offering.");
    expect(offeringTermsProblem(offering, 5_001n, 0n, 1_500n, "en-GB")).toBe("One investor may buy at most 5,000 shares in this offering.");
    expect(offeringTermsProblem(offering, 1_000n, 4_500n, 1_500n, "en-GB")).toMatch(/already bought 4,500 shares.*500 more at most/);
  });

  it("computes the most this investor may still buy", () => {
    expect(maxPurchasable(offering, 0n)).toBe(5_000n);
    expect(maxPurchasable(offering, 4_800n)).toBe(200n);
    expect(maxPurchasable({ ...offering, sharesSold: 44_900n }, 0n)).toBe(100n);
    expect(maxPurchasable({ ...offering, maxSharesPerInvestor: 0n, sharesSold: 0n }, 0n)).toBe(45_000n);
  });

  it("parses share counts typed with the locale's separators and rejects decimals and junk", () => {
    expect(parseShareCount(" 1,200 ", "en-GB")).toEqual({ shares: 1_200n });
    expect(parseShareCount("1.200", "de-DE")).toEqual({ shares: 1_200n });
    expect(parseShareCount("12.5", "en-GB")).toEqual({ error: "Shares are whole numbers; enter digits only." });
    expect(parseShareCount("", "en-GB")).toEqual({ error: "Enter how many shares to buy." });
    expect(parseShareCount("0", "en-GB")).toEqual({ error: "Enter at least one share." });
    expect(parseShareCount("-3", "en-GB")).toEqual({ error: "Shares are whole numbers; enter digits only." });
  });
});
