import { describe, expect, it } from "vitest";
import {
  DEFAULT_FILTERS, expectedYield, matchesFilters, parseFilters, resultCountLabel, serializeFilters, sortListings, toListing,
  type SubgraphAsset,
} from "./marketplace";
import { queryOutcome } from "./service-status";

const price = { answer: 9_000_000_000n, decimals: 8 }; // €90/MWh

function asset(overrides: Partial<SubgraphAsset>): SubgraphAsset {
  return {
    id: "1", name: "Nordwind Eifel", technology: "Wind", status: "Active", paused: false, capacityW: "2300000", country: 276,
    latitudeE6: 50_335_100, longitudeE6: 6_947_300, expectedAnnualKWh: "5240000", emissionFactorGPerKWh: "380",
    totalShares: "23000", sharesOutstanding: "23000", holderCount: 7, lastPrice: "149000000", minHolding: "0", registeredAt: "100",
    offerings: [{ id: "1", status: "Succeeded", pricePerShare: "150000000", softCapShares: "10000", hardCapShares: "23000", sharesSold: "23000",
      minPurchaseShares: "10", startTime: "0", endTime: "1", investorCount: 7 }],
    ...overrides,
  };
}

const wind = toListing(asset({}), 6, price);
const solar = toListing(asset({
  id: "2", name: "Sol de Castilla", technology: "Solar", status: "Offering", country: 724, lastPrice: null, totalShares: "45000",
  expectedAnnualKWh: "8750000", registeredAt: "200",
  offerings: [{ id: "2", status: "Open", pricePerShare: "100000000", softCapShares: "20000", hardCapShares: "45000", sharesSold: "13500",
    minPurchaseShares: "5", startTime: "0", endTime: "9999999999", investorCount: 3 }],
}), 6, price);

describe("listings", () => {
  it("prices an open offering at its price, an active asset at its last trade", () => {
    expect(solar.pricePerShare).toBe(100_000_000n);
    expect(solar.minimumTicket).toBe(500_000_000n); // 5 shares × €100
    expect(solar.fundingProgress).toBe(0.3);
    expect(wind.pricePerShare).toBe(149_000_000n);
    expect(wind.minimumTicket).toBe(149_000_000n);
    expect(wind.fundingProgress).toBe(1);
  });

  it("computes the gross yield from expected energy, energy price and asset value", () => {
    // 5,240 MWh × €90 = €471,600 a year over 23,000 × €149 = €3,427,000
    expect(wind.expectedYield).toBeCloseTo(471_600 / 3_427_000, 10);
    expect(expectedYield(1n, 1n, null, 6, price)).toBeNull();
    expect(expectedYield(1n, 1n, 1n, 6, null)).toBeNull();
  });
});

describe("filters", () => {
  it("round-trips through the URL and drops malformed values", () => {
    const filters = { ...DEFAULT_FILTERS, search: "eifel", technologies: ["Wind" as const], countries: ["DE"], minYieldPercent: 5, maxTicket: 200, sort: "yield-desc" as const };
    expect(parseFilters(serializeFilters(filters))).toEqual(filters);
    expect(parseFilters(new URLSearchParams("tech=Wind,Coal&country=de,xx1&minYield=abc&sort=bogus&status=Rejected"))).toEqual({
      ...DEFAULT_FILTERS, technologies: ["Wind"], countries: ["DE"],
    });
    expect(serializeFilters(DEFAULT_FILTERS).toString()).toBe("");
  });

  it("filters by search words, technology, country, status, yield and ticket", () => {
    const match = (query: string) => [wind, solar].filter((l) => matchesFilters(l, parseFilters(new URLSearchParams(query)), 6, "en")).map((l) => l.id);
    expect(match("")).toEqual(["1", "2"]);
    expect(match("q=castilla")).toEqual(["2"]);
    expect(match("q=spain solar")).toEqual(["2"]);
    expect(match("tech=Wind")).toEqual(["1"]);
    expect(match("country=ES")).toEqual(["2"]);
    expect(match("status=Offering")).toEqual(["2"]);
    expect(match("minYield=15")).toEqual(["2"]); // solar 17.5 %, wind 13.8 %
    expect(match("minYield=13")).toEqual(["1", "2"]);
    expect(match("maxTicket=150")).toEqual(["1"]);
    expect(match("maxTicket=1000")).toEqual(["1", "2"]);
  });

  it("sorts with unknown values last", () => {
    expect(sortListings([wind, solar], "featured").map((l) => l.id)).toEqual(["2", "1"]);
    expect(sortListings([solar, wind], "price-desc").map((l) => l.id)).toEqual(["1", "2"]);
    expect(sortListings([wind, solar], "newest").map((l) => l.id)).toEqual(["2", "1"]);
    const unpriced = { ...solar, id: "3", pricePerShare: null };
    expect(sortListings([unpriced, wind], "price-asc").map((l) => l.id)).toEqual(["1", "3"]);
    expect(sortListings([unpriced, wind], "price-desc").map((l) => l.id)).toEqual(["1", "3"]);
  });
});

describe("resultCountLabel", () => {
  it("counts only a list that loaded: a failed query is unavailable, not 0 of 0 assets", () => {
    expect(resultCountLabel(queryOutcome({ data: undefined, error: null }), 0, 0)).toBe("Loading assets…");
    expect(resultCountLabel(queryOutcome({ data: undefined, error: new Error("down") }), 0, 0)).toBe("Assets unavailable");
    expect(resultCountLabel(queryOutcome({ data: { assets: [] }, error: null }), 0, 0)).toBe("0 of 0 assets");
    expect(resultCountLabel(queryOutcome({ data: { assets: [] }, error: null }), 1, 1)).toBe("1 of 1 asset");
    expect(resultCountLabel(queryOutcome({ data: { assets: [] }, error: new Error("down") }), 2, 3)).toBe("2 of 3 assets");
  });
});
