import { describe, expect, it } from "vitest";
import { holdingsOf, impactSummary, retirementOf, type ImpactData, type SubgraphCertificate } from "./impact-certificates";

const asset = (id: string, name: string, energyReportedWh: string, factor: string, totalShares: string) => ({
  id, name, technology: "Wind", status: "Active", emissionFactorGPerKWh: factor, energyReportedWh, totalShares,
  certificatesIssued: "0", certificatesRetired: "0", co2AvoidedGrams: "0",
});
const certificate = (assetId: string, periodId: string, factor = "400"): SubgraphCertificate => ({
  id: String((BigInt(assetId) << 64n) | BigInt(periodId)), tokenId: String((BigInt(assetId) << 64n) | BigInt(periodId)), periodId,
  start: "1000", end: "4600", units: "1234", emissionFactorGPerKWh: factor, asset: { id: assetId, name: `Asset ${assetId}` },
});

const data: ImpactData = {
  assets: [
    { ...asset("1", "Nordwind", "10000000", "400", "1000"), certificatesIssued: "1234", certificatesRetired: "120", co2AvoidedGrams: "48000" },
    asset("2", "Sonnenfeld", "2000000", "300", "500"),
  ],
  positions: [{ balance: "250", asset: { id: "1" } }, { balance: "10", asset: { id: "9" } }],
  account: {
    certificatesRetired: "120",
    co2AvoidedGrams: "48000",
    certificateBalances: [
      { id: "a", balance: "380", retired: "120", certificate: certificate("1", "1") },
      { id: "b", balance: "0", retired: "0", certificate: certificate("1", "2") },
      { id: "c", balance: "5", retired: "0", certificate: certificate("1", "3") },
      { id: "d", balance: "0", retired: "7", certificate: certificate("2", "1", "300") },
    ],
    certificateRetirements: [],
  },
};

describe("impactSummary", () => {
  it("adds CO2 from reported production, the wallet's share by shares held, certificates held and CO2 claimed", () => {
    const summary = impactSummary(data);
    // 10,000 kWh × 400 g + 2,000 kWh × 300 g
    expect(summary.platformCo2Grams).toBe(4_000_000n + 600_000n);
    // 250 of 1,000 Nordwind shares; a position in an unknown asset counts nothing
    expect(summary.yourShareCo2Grams).toBe(1_000_000n);
    expect(summary.certificatesHeld).toBe(385n);
    expect(summary.retiredCo2Grams).toBe(48_000n);
    expect(summary.rows[0]).toMatchObject({ certificatesIssued: 1234n, certificatesRetired: 120n, retiredCo2Grams: 48_000n });
  });

  it("has zeros for a wallet the subgraph does not know", () => {
    const summary = impactSummary({ ...data, positions: [], account: null });
    expect(summary.yourShareCo2Grams).toBe(0n);
    expect(summary.certificatesHeld).toBe(0n);
    expect(summary.retiredCo2Grams).toBe(0n);
  });
});

describe("holdingsOf", () => {
  it("keeps certificates held or retired, by asset then newest period", () => {
    const holdings = holdingsOf(data.account);
    expect(holdings.map((h) => [h.assetId, h.periodId, h.balance, h.retiredByAccount])).toEqual([
      [1n, 3n, 5n, 0n],
      [1n, 1n, 380n, 120n],
      [2n, 1n, 0n, 7n],
    ]);
    expect(holdings[1]).toMatchObject({ id: (1n << 64n) | 1n, assetName: "Asset 1", start: 1000n, end: 4600n, emissionFactorGPerKWh: 400 });
    expect(holdingsOf(null)).toEqual([]);
  });
});

describe("retirementOf", () => {
  it("turns the indexed retirement into page values", () => {
    const retirement = retirementOf({
      id: "3", retirementId: "3", amount: "120", beneficiary: "Becker Bäckerei GmbH", purpose: "", co2AvoidedGrams: "48000",
      retiredBy: "0x00000000000000000000000000000000000000aa", timestamp: "1700000000", transactionHash: "0x01",
      account: { id: "0x00000000000000000000000000000000000000bb" }, certificate: { ...certificate("1", "1"), start: null, end: null },
    });
    expect(retirement).toMatchObject({ retirementId: 3n, amount: 120n, co2AvoidedGrams: 48_000n, timestamp: 1_700_000_000n });
    expect(retirement.certificate).toMatchObject({ assetId: 1n, periodId: 1n, start: null, end: null });
  });
});
