import type { Hex } from "viem";

/** A meter the gateway serves: identity, limit and calibration. */
export interface MeterConfig {
  /** Serial number string; meterId = keccak256(serial) as in DeviceRegistry. */
  serial: string;
  /** Maximum instantaneous power; readings above it are dropped. */
  maxPowerW: number;
  /** Calibration: calibrated = raw × gain + offset (per meter, from its test certificate). */
  gain?: number;
  offsetWh?: number;
}

/** JSON payload a meter publishes on `cowatt/<assetId>/meters/<serial>/reading`. */
export interface MeterPayload {
  sequence: number;
  /** Unix seconds at the site clock. */
  timestamp: number;
  /** Raw cumulative export register (before calibration). */
  energyWh: number;
  /** Raw instantaneous power. */
  powerW: number;
}

/** A validated, calibrated reading as the protocol defines it. */
export interface Reading {
  meterId: Hex;
  sequence: bigint;
  timestamp: bigint;
  energyWh: bigint;
  powerW: number;
}

/** JSON form of a reading in POST /v1/batches (big numbers as decimal strings). */
export interface ReadingJson {
  meterId: Hex;
  sequence: string;
  timestamp: number;
  energyWh: string;
  powerW: number;
}

/** Body of POST /v1/batches (docs/metering-protocol.md). */
export interface BatchBody {
  gateway: Hex;
  assetId: string;
  batchSequence: string;
  readingsRoot: Hex;
  signature: Hex;
  readings: ReadingJson[];
}

export function meterTopic(assetId: bigint | string, serial: string): string {
  return `cowatt/${assetId}/meters/${serial}/reading`;
}
