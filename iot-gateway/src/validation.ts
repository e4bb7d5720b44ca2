/**
 * Per-meter calibration and validation. A reading is dropped with a reason (and counted) when it is
 * malformed, from an unknown meter, out of range, a duplicate, out of order, or breaks the monotonic
 * cumulative register; gaps (missing sequence numbers, long silences) are reported but the reading is kept.
 */
import { keccak256, toHex } from "viem";
import type { Hex } from "viem";
import type { Reading } from "@cowatt/deployments/metering";
import type { MeterConfig, MeterPayload } from "./types.ts";

export type DropReason =
  | "malformed"
  | "unknown_meter"
  | "power_out_of_range"
  | "energy_out_of_range"
  | "timestamp_in_future"
  | "duplicate"
  | "out_of_order"
  | "energy_decreasing"
  | "energy_jump";

export type GapKind = "sequence" | "time";

/** What the gateway last accepted from a meter (persisted with the outbox, so restarts keep it). */
export interface MeterState {
  sequence: bigint;
  timestamp: bigint;
  energyWh: bigint;
}

export type ValidationResult =
  | { ok: true; reading: Reading; gaps: { kind: GapKind; size: number }[] }
  | { ok: false; reason: DropReason; detail: string };

export interface ValidatorOptions {
  /** Accept timestamps at most this far ahead of the gateway clock. */
  maxFutureSkewSeconds?: number;
  /** A silence longer than this between consecutive readings is reported as a time gap. */
  maxGapSeconds?: number;
  now?: () => number;
}

export function meterIdOf(serial: string): Hex {
  return keccak256(toHex(serial));
}

/** calibrated = raw × gain + offset, rounded to whole Wh / W as the protocol carries integers. */
export function calibrate(meter: MeterConfig, payload: MeterPayload): { energyWh: number; powerW: number } {
  const gain = meter.gain ?? 1;
  const offsetWh = meter.offsetWh ?? 0;
  return { energyWh: Math.round(payload.energyWh * gain + offsetWh), powerW: Math.round(payload.powerW * gain) };
}

/** Parses an MQTT payload; null when it is not a well-formed reading. */
export function parsePayload(raw: Buffer | string): MeterPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { sequence, timestamp, energyWh, powerW } = value as Record<string, unknown>;
  const isFiniteNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  if (!Number.isSafeInteger(sequence) || (sequence as number) < 1) return null;
  if (!Number.isSafeInteger(timestamp) || (timestamp as number) < 0) return null;
  if (!isFiniteNumber(energyWh) || !isFiniteNumber(powerW)) return null;
  return { sequence: sequence as number, timestamp: timestamp as number, energyWh, powerW };
}

export class ReadingValidator {
  private readonly meters = new Map<string, MeterConfig & { meterId: Hex }>();
  private readonly maxFutureSkewSeconds: number;
  private readonly maxGapSeconds: number;
  private readonly now: () => number;

  constructor(meters: MeterConfig[], options: ValidatorOptions = {}) {
    for (const meter of meters) this.meters.set(meter.serial, { ...meter, meterId: meterIdOf(meter.serial) });
    this.maxFutureSkewSeconds = options.maxFutureSkewSeconds ?? 300;
    this.maxGapSeconds = options.maxGapSeconds ?? 600;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  meter(serial: string): (MeterConfig & { meterId: Hex }) | undefined {
    return this.meters.get(serial);
  }

  /** Validates a raw payload of `serial` against the meter's last accepted state (undefined: first reading). */
  validate(serial: string, raw: Buffer | string, last: MeterState | undefined): ValidationResult {
    const meter = this.meters.get(serial);
    if (!meter) return { ok: false, reason: "unknown_meter", detail: `no meter with serial ${serial}` };
    const payload = parsePayload(raw);
    if (!payload) return { ok: false, reason: "malformed", detail: "expected {sequence, timestamp, energyWh, powerW}" };
    const { energyWh, powerW } = calibrate(meter, payload);
    if (powerW < 0 || powerW > meter.maxPowerW) {
      return { ok: false, reason: "power_out_of_range", detail: `powerW ${powerW} outside [0, ${meter.maxPowerW}]` };
    }
    if (energyWh < 0 || !Number.isSafeInteger(energyWh)) {
      return { ok: false, reason: "energy_out_of_range", detail: `energyWh ${energyWh}` };
    }
    if (payload.timestamp > this.now() + this.maxFutureSkewSeconds) {
      return { ok: false, reason: "timestamp_in_future", detail: `timestamp ${payload.timestamp}` };
    }
    const sequence = BigInt(payload.sequence);
    const timestamp = BigInt(payload.timestamp);
    const energy = BigInt(energyWh);
    const gaps: { kind: GapKind; size: number }[] = [];
    if (last) {
      if (sequence === last.sequence) return { ok: false, reason: "duplicate", detail: `sequence ${sequence} already accepted` };
      if (sequence < last.sequence) {
        return { ok: false, reason: "out_of_order", detail: `sequence ${sequence} after ${last.sequence}` };
      }
      if (timestamp <= last.timestamp) {
        return { ok: false, reason: "out_of_order", detail: `timestamp ${timestamp} not after ${last.timestamp}` };
      }
      if (energy < last.energyWh) {
        return { ok: false, reason: "energy_decreasing", detail: `energyWh ${energy} below ${last.energyWh}` };
      }
      // The register cannot grow faster than the meter's limit allows (1 Wh rounding slack per reading).
      const maxGrowth = (BigInt(meter.maxPowerW) * (timestamp - last.timestamp)) / 3600n + 2n;
      if (energy - last.energyWh > maxGrowth) {
        return { ok: false, reason: "energy_jump", detail: `energyWh grew ${energy - last.energyWh} > ${maxGrowth}` };
      }
      if (sequence > last.sequence + 1n) gaps.push({ kind: "sequence", size: Number(sequence - last.sequence - 1n) });
      if (timestamp - last.timestamp > BigInt(this.maxGapSeconds)) {
        gaps.push({ kind: "time", size: Number(timestamp - last.timestamp) });
      }
    }
    return { ok: true, reading: { meterId: meter.meterId, sequence, timestamp, energyWh: energy, powerW }, gaps };
  }
}
