import { describe, expect, it } from "vitest";
import { co2AvoidedGrams, formatCo2, productionBuckets } from "./asset-production";
import { orderBookDepth } from "./asset-market";

const DAY = 86_400;
const day0 = Date.parse("2026-08-01T00:00:00Z") / 1000;

describe("production buckets", () => {
  it("spreads each period evenly over the days it covers, keeping empty days", () => {
    const buckets = productionBuckets(
      [
        { start: day0, end: day0 + 2 * DAY, energyWh: 2_000n }, // two days, 1,000 Wh each
        { start: day0 + 3 * DAY + 12 * 3600, end: day0 + 4 * DAY + 12 * 3600, energyWh: 600n }, // half in day 3, half in day 4
      ],
      "day",
      5,
    );
    expect(buckets.map((b) => b.start)).toEqual([0, 1, 2, 3, 4].map((i) => day0 + i * DAY));
    expect(buckets.map((b) => Math.round(b.energyWh))).toEqual([1_000, 1_000, 0, 300, 300]);
  });

  it("keeps only the last buckets, in hours, ending at the time given", () => {
    const buckets = productionBuckets([{ start: day0, end: day0 + DAY, energyWh: 24_000n }], "hour", 3, day0 + DAY);
    expect(buckets).toEqual([
      { start: day0 + 21 * 3600, energyWh: 1_000 },
      { start: day0 + 22 * 3600, energyWh: 1_000 },
      { start: day0 + 23 * 3600, energyWh: 1_000 },
    ]);
    expect(productionBuckets([], "day", 30)).toEqual([]);
  });

  it("converts energy to CO2 avoided at the emission factor", () => {
    expect(co2AvoidedGrams(1_397_950_000_000n, 380n)).toBe(531_221_000_000n);
    expect(formatCo2(531_221_000_000n, "en-GB")).toBe("531,221 t");
    expect(formatCo2(1_500n, "en-GB")).toBe("1.5 kg");
    expect(formatCo2(12n, "en-GB")).toBe("12 g");
  });
});

describe("order book depth", () => {
  it("groups open orders into price levels, best first, with cumulative depth and the spread", () => {
    const depth = orderBookDepth([
      { side: "Sell", price: "158", remaining: "200" },
      { side: "Sell", price: "155", remaining: "40" },
      { side: "Sell", price: "155", remaining: "0" },
      { side: "Buy", price: "149", remaining: "80" },
      { side: "Buy", price: "147", remaining: "120" },
      { side: "Buy", price: "149", remaining: "20" },
    ]);
    expect(depth.asks).toEqual([
      { price: 155n, shares: 40n, orders: 1, cumulative: 40n },
      { price: 158n, shares: 200n, orders: 1, cumulative: 240n },
    ]);
    expect(depth.bids).toEqual([
      { price: 149n, shares: 100n, orders: 2, cumulative: 100n },
      { price: 147n, shares: 120n, orders: 1, cumulative: 220n },
    ]);
    expect(depth.spread).toBe(6n);
    expect(orderBookDepth([{ side: "Buy", price: "1", remaining: "1" }]).spread).toBeNull();
  });
});
