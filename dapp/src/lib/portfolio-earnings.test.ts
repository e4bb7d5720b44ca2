import { describe, expect, it } from "vitest";
import { csvField, earningsCsv, monthlyEarnings, toEarningEvents, type EarningEvent } from "./portfolio-earnings";

const t = (iso: string) => Date.parse(iso) / 1000;
const event = (iso: string, kind: EarningEvent["kind"], amount: bigint, extra: Partial<EarningEvent> = {}): EarningEvent => ({
  timestamp: t(iso),
  assetId: "1",
  assetName: "Nordwind Eifel WEA 2.3 MW",
  kind,
  amount,
  transactionHash: `0x${"ab".repeat(32)}`,
  detail: "paid to 0x1234",
  ...extra,
});

describe("earnings history", () => {
  it("merges claims and reinvestments newest first with their details", () => {
    const events = toEarningEvents(
      [{ id: "c", amount: "1500000", to: "0xaa", timestamp: String(t("2026-09-01T00:00:00Z")), transactionHash: "0x01", asset: { id: "1", name: "Wind" } }],
      [{ id: "r", amount: "2000000", venueKind: "Offering", venueId: "7", timestamp: String(t("2026-10-01T00:00:00Z")), transactionHash: "0x02", sourceAsset: { id: "1", name: "Wind" } }],
    );
    expect(events.map((e) => [e.kind, e.amount, e.detail])).toEqual([
      ["Reinvested", 2_000_000n, "offering receipt #7"],
      ["Claimed", 1_500_000n, "paid to 0xaa"],
    ]);
  });

  it("totals per UTC month, filling empty months, with a running total", () => {
    const months = monthlyEarnings([
      event("2026-07-31T23:59:59Z", "Claimed", 100n),
      event("2026-08-01T00:00:00Z", "Claimed", 10n),
      event("2026-08-15T12:00:00Z", "Reinvested", 5n),
      event("2026-10-02T00:00:00Z", "Claimed", 1n),
    ]);
    expect(months).toEqual([
      { month: "2026-07", claimed: 100n, reinvested: 0n, cumulative: 100n },
      { month: "2026-08", claimed: 10n, reinvested: 5n, cumulative: 115n },
      { month: "2026-09", claimed: 0n, reinvested: 0n, cumulative: 115n },
      { month: "2026-10", claimed: 1n, reinvested: 0n, cumulative: 116n },
    ]);
    expect(monthlyEarnings([])).toEqual([]);
    expect(monthlyEarnings([event("2026-12-01T00:00:00Z", "Claimed", 1n), event("2027-01-01T00:00:00Z", "Claimed", 1n)]).map((m) => m.month)).toEqual([
      "2026-12",
      "2027-01",
    ]);
  });

  it("quotes CSV fields as RFC 4180 requires", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
  });

  it("exports exact decimal amounts, ISO dates, CRLF lines and neutralises formulas", () => {
    const csv = earningsCsv(
      [
        event("2026-08-01T10:00:00Z", "Claimed", 1_234_567_890_123n),
        event("2026-08-02T10:00:00Z", "Reinvested", 1n, { assetName: "=HYPERLINK(\"x\")", detail: "offering receipt #3" }),
      ],
      6,
      "EUR",
    );
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("date_utc,asset_id,asset,kind,amount,currency,detail,transaction");
    expect(lines[1]).toBe(`2026-08-01T10:00:00.000Z,1,Nordwind Eifel WEA 2.3 MW,Claimed,1234567.890123,EUR,paid to 0x1234,0x${"ab".repeat(32)}`);
    expect(lines[2]).toBe(`2026-08-02T10:00:00.000Z,1,"'=HYPERLINK(""x"")",Reinvested,0.000001,EUR,offering receipt #3,0x${"ab".repeat(32)}`);
    expect(lines[3]).toBe("");
    expect(lines).toHaveLength(4);
  });
});
