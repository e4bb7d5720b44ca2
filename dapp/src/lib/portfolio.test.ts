import { describe, expect, it } from "vitest";
import { PORTFOLIO_QUERY, portfolioTotals, positionRows, type PortfolioPosition } from "./portfolio";
import type { SubgraphAsset } from "./marketplace";

const asset = (id: string, name: string, extra: Partial<SubgraphAsset> = {}): SubgraphAsset => ({
  id, name, technology: "Wind", status: "Active", paused: false, capacityW: "2300000", country: 276, latitudeE6: 0, longitudeE6: 0,
  expectedAnnualKWh: "5000000", emissionFactorGPerKWh: "380", totalShares: "23000", sharesOutstanding: "23000", holderCount: 8,
  lastPrice: "152000000", minHolding: "0", registeredAt: "1", offerings: [], ...extra,
});
const position = (a: SubgraphAsset, extra: Partial<PortfolioPosition> = {}): PortfolioPosition => ({
  id: `${a.id}-0xabc`, balance: "0", escrowed: "0", pendingShares: "0", costBasis: "0", sharesBought: "0", sharesSold: "0", saleProceeds: "0",
  realizedTradingPnl: "0", revenueClaimed: "0", revenueReinvested: "0", lockedUntil: null, asset: a, ...extra,
});

describe("portfolio positions", () => {
  it("selects every asset field the marketplace listing needs", () => {
    for (const field of ["technology", "totalShares", "lastPrice", "minHolding", "expectedAnnualKWh"]) expect(PORTFOLIO_QUERY).toContain(field);
  });

  it("values shares at the marketplace price, adds claimable revenue to what was earned, and drops empty positions", () => {
    const wind = asset("1", "Wind");
    const solar = asset("2", "Solar", {
      lastPrice: null, status: "Offering",
      offerings: [{ id: "2", status: "Open", pricePerShare: "100000000", softCapShares: "1", hardCapShares: "45000", sharesSold: "1", minPurchaseShares: "5", startTime: "0", endTime: "9", investorCount: 1 }],
    });
    const rows = positionRows(
      [
        position(wind, { balance: "2500", escrowed: "80", costBasis: "375000000000", revenueClaimed: "1000000", revenueReinvested: "2000000" }),
        position(solar, { pendingShares: "1200", costBasis: "120000000000" }),
        position(asset("3", "Sold out"), { balance: "0" }),
      ],
      new Map([["1", 9_000_000n]]),
      6,
    );
    expect(rows.map((r) => r.assetId)).toEqual(["1", "2"]);
    const [w, s] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect(w.value).toBe(2500n * 152_000_000n);
    expect(w.unrealized).toBe(2500n * 152_000_000n - 375_000_000_000n);
    expect(w.revenueEarned).toBe(12_000_000n);
    expect(w.claimable).toBe(9_000_000n);
    expect(s.shares).toBe(1200n);
    expect(s.value).toBe(1200n * 100_000_000n);
    expect(portfolioTotals(rows)).toEqual({
      value: 2500n * 152_000_000n + 120_000_000_000n, costBasis: 495_000_000_000n, revenueEarned: 12_000_000n, claimable: 9_000_000n,
    });
  });

  it("keeps a sold-out position while revenue is still claimable on it", () => {
    const rows = positionRows([position(asset("1", "Wind"))], new Map([["1", 5n]]), 6);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toBe(0n);
  });
});
