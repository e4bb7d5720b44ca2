import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calibrate, meterIdOf, ReadingValidator } from "../src/validation.ts";
import type { MeterState, ValidationResult } from "../src/validation.ts";

const NOW = 1_780_000_000;
const meters = [
  { serial: "pv-1", maxPowerW: 5000 },
  { serial: "pv-2", maxPowerW: 5000, gain: 1.02, offsetWh: 150 },
];
const validator = new ReadingValidator(meters, { now: () => NOW, maxFutureSkewSeconds: 60, maxGapSeconds: 600 });
const payload = (p: Partial<{ sequence: number; timestamp: number; energyWh: number; powerW: number }>) =>
  JSON.stringify({ sequence: 2, timestamp: NOW - 60, energyWh: 1050, powerW: 1000, ...p });
const last: MeterState = { sequence: 1n, timestamp: BigInt(NOW - 120), energyWh: 1000n };

function dropReason(result: ValidationResult): string {
  assert.equal(result.ok, false, "expected the reading to be dropped");
  return result.ok ? "" : result.reason;
}

describe("calibration", () => {
  it("applies gain and offset per meter and rounds to whole Wh and W", () => {
    assert.deepEqual(calibrate(meters[1]!, { sequence: 1, timestamp: 0, energyWh: 1000, powerW: 500.4 }), { energyWh: 1170, powerW: 510 });
    assert.deepEqual(calibrate(meters[0]!, { sequence: 1, timestamp: 0, energyWh: 99.5, powerW: 3.2 }), { energyWh: 100, powerW: 3 });
    const result = validator.validate("pv-2", payload({ energyWh: 1000, powerW: 500 }), undefined);
    assert.ok(result.ok);
    assert.equal(result.reading.energyWh, 1170n);
    assert.equal(result.reading.powerW, 510);
    assert.equal(result.reading.meterId, meterIdOf("pv-2"));
  });
});

describe("validation", () => {
  it("accepts a good reading and reports no gap", () => {
    const result = validator.validate("pv-1", payload({}), last);
    assert.ok(result.ok);
    assert.deepEqual(result.gaps, []);
    assert.equal(result.reading.sequence, 2n);
  });

  it("drops malformed payloads", () => {
    for (const raw of ["not json", "null", "[]", JSON.stringify({ sequence: 1 }), payload({ sequence: 0 }), payload({ sequence: 1.5 }), JSON.stringify({ sequence: 1, timestamp: 1, energyWh: "5", powerW: 1 })]) {
      assert.equal(dropReason(validator.validate("pv-1", raw, undefined)), "malformed", raw);
    }
  });

  it("drops readings of unknown meters", () => {
    assert.equal(dropReason(validator.validate("pv-9", payload({}), undefined)), "unknown_meter");
  });

  it("drops power below zero or above the meter's maxPowerW", () => {
    assert.equal(dropReason(validator.validate("pv-1", payload({ powerW: -5 }), last)), "power_out_of_range");
    assert.equal(dropReason(validator.validate("pv-1", payload({ powerW: 5001 }), last)), "power_out_of_range");
    assert.ok(validator.validate("pv-1", payload({ powerW: 5000 }), last).ok);
    assert.ok(validator.validate("pv-1", payload({ powerW: 0 }), last).ok);
  });

  it("drops a negative register", () => {
    assert.equal(dropReason(validator.validate("pv-1", payload({ energyWh: -1 }), undefined)), "energy_out_of_range");
  });

  it("drops timestamps in the future beyond the allowed skew", () => {
    assert.equal(dropReason(validator.validate("pv-1", payload({ timestamp: NOW + 61 }), last)), "timestamp_in_future");
    assert.ok(validator.validate("pv-1", payload({ timestamp: NOW + 60 }), last).ok);
  });

  it("drops duplicates and out-of-order readings", () => {
    assert.equal(dropReason(validator.validate("pv-1", payload({ sequence: 1 }), last)), "duplicate");
    assert.equal(dropReason(validator.validate("pv-1", payload({ sequence: 1 }), { ...last, sequence: 5n })), "out_of_order");
    assert.equal(dropReason(validator.validate("pv-1", payload({ timestamp: NOW - 120 }), last)), "out_of_order");
  });

  it("keeps the cumulative register monotonic and physically possible", () => {
    assert.equal(dropReason(validator.validate("pv-1", payload({ energyWh: 999 }), last)), "energy_decreasing");
    assert.ok(validator.validate("pv-1", payload({ energyWh: 1000 }), last).ok);
    // 60 s at 5 kW at most adds 83 Wh (+2 Wh rounding slack).
    assert.ok(validator.validate("pv-1", payload({ energyWh: 1085 }), last).ok);
    assert.equal(dropReason(validator.validate("pv-1", payload({ energyWh: 1086 }), last)), "energy_jump");
  });

  it("reports sequence and time gaps but keeps the reading", () => {
    const result = validator.validate("pv-1", payload({ sequence: 5, timestamp: NOW, energyWh: 1100 }), { ...last, timestamp: BigInt(NOW - 3600) });
    assert.ok(result.ok);
    assert.deepEqual(result.gaps, [
      { kind: "sequence", size: 3 },
      { kind: "time", size: 3600 },
    ]);
  });
});
