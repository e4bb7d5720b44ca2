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

export function meterTopic(assetId: bigint | string, serial: string): string {
  return `cowatt/${assetId}/meters/${serial}/reading`;
}
