/**
 * Meter simulator: solar and wind meters publishing JSON readings over MQTT (QoS 1), driven by the wall
 * clock (real time) or by simulated time (fast-forward N×, or stepped by hand in tests). Deterministic
 * for a seed: the same seed, start time and step produce the same readings.
 */
import mqtt from "mqtt";
import type { MqttClient } from "mqtt";
import {
  CloudCover,
  clearSkySolarW,
  createRandom,
  DEFAULT_TURBINE,
  gaussian,
  turbinePowerW,
  WindSpeed,
} from "./simulator-profiles.ts";
import type { MeterPayload } from "./types.ts";
import { meterTopic } from "./types.ts";

export interface SimulatedMeter {
  serial: string;
  kind: "solar" | "wind";
  capacityW: number;
  latitudeDeg?: number;
  longitudeDeg?: number;
  meanWindMs?: number;
  /** The meter's own (uncalibrated) error: raw = true × gain + offset; the gateway's calibration undoes it. */
  rawGain?: number;
  rawOffsetWh?: number;
}

export interface SimulatorOptions {
  mqttUrl: string;
  assetId: bigint | string;
  meters: SimulatedMeter[];
  seed?: number;
  /** Seconds of simulated time between readings of a meter. */
  intervalSeconds?: number;
  /**
   * "realtime": one reading per interval of wall time, stamped now; "fast": simulated time from startTime at
   * `speed`× until it reaches the wall clock; "manual": only when step() is called (tests).
   */
  clock?: "realtime" | "fast" | "manual";
  speed?: number;
  /** Simulated start (unix seconds), for fast/manual clocks. */
  startTime?: number;
}

interface MeterState {
  meter: SimulatedMeter;
  sequence: number;
  energyWh: number;
  clouds: CloudCover;
  wind: WindSpeed;
  random: () => number;
}

/** Pure model of one meter: produces successive true readings; no I/O. */
export class MeterModel {
  private readonly state: MeterState;
  constructor(meter: SimulatedMeter, seed: number) {
    const random = createRandom(seed);
    this.state = {
      meter,
      sequence: 0,
      energyWh: 0,
      clouds: new CloudCover(random),
      wind: new WindSpeed(random, meter.meanWindMs ?? 7),
      random,
    };
  }

  /** True (calibrated) power at `time` after `dtSeconds` since the previous sample. */
  powerAt(time: number, dtSeconds: number): number {
    const { meter, random } = this.state;
    if (meter.kind === "solar") {
      const clear = clearSkySolarW(
        { latitudeDeg: meter.latitudeDeg ?? 48.1, longitudeDeg: meter.longitudeDeg ?? 11.6, capacityW: meter.capacityW },
        time,
      );
      const transmitted = this.state.clouds.step(dtSeconds);
      if (clear === 0) return 0;
      // Fast flicker (passing cloud edges) on top of the slow cover.
      return Math.max(0, Math.min(meter.capacityW, clear * transmitted * (1 + 0.03 * gaussian(random))));
    }
    const windMs = this.state.wind.step(dtSeconds);
    return turbinePowerW({ ratedPowerW: meter.capacityW, ...DEFAULT_TURBINE }, windMs);
  }

  /** Next raw payload as the meter would publish it. */
  next(time: number, dtSeconds: number): MeterPayload {
    const powerW = this.powerAt(time, dtSeconds);
    this.state.energyWh += (powerW * dtSeconds) / 3600;
    this.state.sequence += 1;
    const gain = this.state.meter.rawGain ?? 1;
    const offset = this.state.meter.rawOffsetWh ?? 0;
    return {
      sequence: this.state.sequence,
      timestamp: Math.floor(time),
      energyWh: this.state.energyWh * gain + offset,
      powerW: powerW * gain,
    };
  }
}

export interface MeterSimulator {
  /** Produces one reading per meter at the next simulated instant and publishes them (resolves when acked). */
  step(): Promise<MeterPayload[]>;
  /** Current simulated time (unix seconds). */
  readonly now: number;
  /** Number of readings published. */
  readonly published: number;
  stop(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<MeterSimulator> {
  const seed = options.seed ?? 1;
  const interval = options.intervalSeconds ?? 60;
  const clock = options.clock ?? "realtime";
  const speed = options.speed ?? 60;
  const models = options.meters.map((meter, index) => ({ meter, model: new MeterModel(meter, seed * 1000 + index) }));
  const client: MqttClient = await mqtt.connectAsync(options.mqttUrl, {
    clientId: `cowatt-sim-${options.assetId}-${seed}-${process.pid}`,
    reconnectPeriod: 200,
  });
  let now = clock === "realtime" ? Math.floor(Date.now() / 1000) : (options.startTime ?? Math.floor(Date.now() / 1000));
  let published = 0;
  let first = true;

  async function step(): Promise<MeterPayload[]> {
    if (clock === "realtime") now = Math.floor(Date.now() / 1000);
    else if (!first) now += interval;
    first = false;
    const payloads = models.map(({ model }) => model.next(now, interval));
    await Promise.all(
      payloads.map((payload, i) =>
        client.publishAsync(meterTopic(options.assetId, models[i]!.meter.serial), JSON.stringify(payload), { qos: 1 }),
      ),
    );
    published += payloads.length;
    return payloads;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  if (clock !== "manual") {
    const periodMs = clock === "realtime" ? interval * 1000 : (interval * 1000) / speed;
    timer = setInterval(() => {
      // Fast-forward never runs ahead of the wall clock (the gateway would drop future timestamps): it
      // backfills from startTime to now at `speed`×, then keeps pace with real time.
      if (clock === "fast" && !first && now + interval > Date.now() / 1000) return;
      running = running.then(step).catch(() => undefined);
    }, periodMs);
  }

  return {
    step,
    get now() {
      return now;
    },
    get published() {
      return published;
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      await client.endAsync();
    },
  };
}
