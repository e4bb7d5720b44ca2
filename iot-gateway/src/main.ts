/**
 * `npm start`: runs the gateway from the environment (src/config.ts). With SIMULATE=1 it also runs the
 * meter simulator for its meters (SIM_CLOCK realtime|fast, SIM_SPEED, SIM_SEED, SIM_INTERVAL_S, SIM_LAT,
 * SIM_LON, SIM_START; solar meters, or wind for serials containing "wind").
 */
import { ConfigError, gatewayOptionsFromEnv } from "./config.ts";
import { startGateway } from "./gateway.ts";
import { startSimulator } from "./simulator.ts";
import type { MeterSimulator } from "./simulator.ts";

let options;
try {
  options = gatewayOptionsFromEnv();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`iot-gateway configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const gateway = await startGateway(options);
let simulator: MeterSimulator | undefined;
if (process.env.SIMULATE === "1") {
  const clock = (process.env.SIM_CLOCK ?? "realtime") as "realtime" | "fast";
  if (clock !== "realtime" && clock !== "fast") throw new Error(`SIM_CLOCK must be realtime or fast, got ${clock}`);
  simulator = await startSimulator({
    mqttUrl: gateway.mqttUrl,
    assetId: options.assetId,
    seed: Number(process.env.SIM_SEED ?? 1),
    clock,
    speed: Number(process.env.SIM_SPEED ?? 60),
    intervalSeconds: Number(process.env.SIM_INTERVAL_S ?? 60),
    // Fast-forward backfills from SIM_START (unix seconds; default one day ago) up to now.
    startTime: Number(process.env.SIM_START ?? Math.floor(Date.now() / 1000) - 86_400),
    meters: options.meters.map((m) => ({
      serial: m.serial,
      kind: m.serial.toLowerCase().includes("wind") ? "wind" : "solar",
      capacityW: m.maxPowerW * 0.9,
      latitudeDeg: Number(process.env.SIM_LAT ?? 48.1),
      longitudeDeg: Number(process.env.SIM_LON ?? 11.6),
    })),
  });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await simulator?.stop();
    await gateway.stop();
    process.exit(0);
  });
}
