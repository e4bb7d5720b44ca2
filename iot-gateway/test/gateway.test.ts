/**
 * The gateway end to end against a real HTTP relay (test/helpers/receiver.ts): simulated meters over MQTT
 * (embedded aedes and the machine's Mosquitto) → validation → outbox → signed batches, with a relay
 * outage in the middle. Every reading must arrive exactly once.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import mqtt from "mqtt";
import { startGateway } from "../src/gateway.ts";
import { startSimulator } from "../src/simulator.ts";
import type { SimulatedMeter } from "../src/simulator.ts";
import { meterTopic } from "../src/types.ts";
import { startTestRelay } from "./helpers/receiver.ts";
import {
  domain,
  expectedSequences,
  MOSQUITTO_URL,
  newGatewayKey,
  quietLogger,
  reachable,
  sequencesByMeter,
  tempDir,
  uniqueAssetId,
  waitFor,
} from "./helpers/setup.ts";

const simulated: SimulatedMeter[] = [
  { serial: "pv-1", kind: "solar", capacityW: 8000, rawGain: 0.98, rawOffsetWh: -20 },
  { serial: "pv-2", kind: "solar", capacityW: 8000, latitudeDeg: 40.4, longitudeDeg: -3.7 },
  { serial: "wind-1", kind: "wind", capacityW: 9000 },
];
// The gateway's calibration undoes the simulated meters' raw error (raw = true × gain + offset).
const meters = [
  { serial: "pv-1", maxPowerW: 10_000, gain: 1 / 0.98, offsetWh: 20 / 0.98 },
  { serial: "pv-2", maxPowerW: 10_000 },
  { serial: "wind-1", maxPowerW: 10_000 },
];
const serials = meters.map((m) => m.serial);
const START = Math.floor(Date.parse("2026-06-21T00:00:00Z") / 1000);

const brokers = [
  { name: "embedded aedes", url: undefined as string | undefined, available: async () => true },
  { name: "Mosquitto", url: MOSQUITTO_URL, available: () => reachable(MOSQUITTO_URL) },
];

for (const broker of brokers) {
  describe(`gateway over ${broker.name}`, async () => {
    const skip = !(await broker.available()) && `no broker at ${broker.url}`;

    it("delivers every simulated reading once, signed, with calibration applied; a relay outage loses nothing", { skip, timeout: 60_000 }, async () => {
      const key = newGatewayKey();
      const assetId = uniqueAssetId();
      const relay = await startTestRelay(domain, key.address);
      const gateway = await startGateway({
        ...key,
        chainId: domain.chainId,
        deviceRegistry: domain.registry,
        assetId,
        meters,
        relayUrl: relay.url,
        mqttUrl: broker.url,
        outboxPath: join(tempDir(), "outbox.sqlite"),
        batchMaxReadings: 25,
        batchIntervalMs: 100,
        retryBaseMs: 20,
        retryMaxMs: 200,
        logger: quietLogger,
        // Simulated summer day in the past: allow it relative to the wall clock.
        maxFutureSkewSeconds: 10 * 365 * 86400,
      });
      const simulator = await startSimulator({ mqttUrl: gateway.mqttUrl, assetId, meters: simulated, seed: 5, clock: "manual", startTime: START, intervalSeconds: 300 });
      try {
        for (let i = 0; i < 60; i++) await simulator.step();
        await waitFor(() => relay.readings.length >= 60 * 3 * 0.5, 20_000, "half of the readings at the relay");

        // Relay outage while the meters keep producing.
        await relay.stop();
        for (let i = 0; i < 90; i++) await simulator.step();
        await gateway.flush();
        await new Promise((r) => setTimeout(r, 300));
        const health = (await (await fetch(`${gateway.httpUrl}/healthz`)).json()) as { outbox: { undeliveredBatches: number }; relay: { lastError: string | null } };
        assert.ok(health.outbox.undeliveredBatches > 0, "batches wait in the outbox during the outage");
        assert.ok(health.relay.lastError, "the outage is visible in /healthz");

        await relay.start();
        await gateway.drained(30_000);
        assert.deepEqual(sequencesByMeter(relay.readings), expectedSequences(serials, 150));
        assert.equal(relay.batches.size, Math.max(...[...relay.batches.keys()].map((k) => Number(k.split(":")[1]))), "batch sequences 1..n, none skipped");

        // Solar meters read zero before sunrise and their register never decreases; calibration restored pv-1.
        const pv1 = relay.readings.filter((r) => r.meterId === [...expectedSequences(["pv-1"], 0).keys()][0]);
        assert.equal(pv1[0]!.powerW, 0);
        assert.ok(Number(pv1.at(-1)!.energyWh) > 1000, "pv-1 produced during the day");
        assert.ok(Number(pv1[0]!.energyWh) >= 0 && Number(pv1[0]!.energyWh) <= 1, "offset removed by calibration");

        const metrics = await (await fetch(`${gateway.httpUrl}/metrics`)).text();
        assert.match(metrics, /gateway_readings_accepted_total 450/);
        assert.match(metrics, /gateway_readings_delivered_total 450/);
        assert.match(metrics, /gateway_delivery_attempts_total\{result="network_error"\} [1-9]/);
      } finally {
        await simulator.stop();
        await gateway.stop();
        await relay.stop();
      }
    });

    it("drops invalid readings with a reason, counted in metrics, and keeps the valid ones", { skip, timeout: 30_000 }, async () => {
      const key = newGatewayKey();
      const assetId = uniqueAssetId();
      const relay = await startTestRelay(domain, key.address);
      const gateway = await startGateway({
        ...key, chainId: domain.chainId, deviceRegistry: domain.registry, assetId, meters, relayUrl: relay.url, mqttUrl: broker.url,
        outboxPath: join(tempDir(), "outbox.sqlite"), batchIntervalMs: 50, logger: quietLogger,
      });
      const client = await mqtt.connectAsync(gateway.mqttUrl);
      const now = Math.floor(Date.now() / 1000) - 600;
      const send = (serial: string, payload: unknown) =>
        client.publishAsync(meterTopic(assetId, serial), typeof payload === "string" ? payload : JSON.stringify(payload), { qos: 1 });
      try {
        await send("pv-2", { sequence: 1, timestamp: now, energyWh: 1000, powerW: 100 });
        await send("pv-2", { sequence: 1, timestamp: now, energyWh: 1000, powerW: 100 }); // duplicate
        await send("pv-2", "{oops"); // malformed
        await send("pv-9", { sequence: 1, timestamp: now, energyWh: 1, powerW: 1 }); // unknown meter
        await send("pv-2", { sequence: 2, timestamp: now + 60, energyWh: 900, powerW: 100 }); // decreasing
        await send("pv-2", { sequence: 3, timestamp: now + 60, energyWh: 1001, powerW: 20_000 }); // over maxPowerW
        await send("pv-2", { sequence: 5, timestamp: now + 120, energyWh: 1010, powerW: 100 }); // gap of 3 sequences, kept
        await send("pv-2", { sequence: 4, timestamp: now + 100, energyWh: 1005, powerW: 100 }); // out of order
        await send("pv-2", { sequence: 6, timestamp: now + 3600 * 24, energyWh: 1020, powerW: 100 }); // future
        await waitFor(() => relay.readings.length === 2, 10_000, "the two valid readings");
        await gateway.drained();
        assert.deepEqual(relay.readings.map((r) => r.sequence), ["1", "5"]);
        const metrics = await (await fetch(`${gateway.httpUrl}/metrics`)).text();
        for (const reason of ["duplicate", "malformed", "unknown_meter", "energy_decreasing", "power_out_of_range", "out_of_order", "timestamp_in_future"]) {
          assert.match(metrics, new RegExp(`gateway_readings_dropped_total\\{reason="${reason}"\\} 1`), reason);
        }
        assert.match(metrics, /gateway_reading_gaps_total\{kind="sequence"\} 1/);
        assert.match(metrics, /gateway_readings_received_total 9/);
      } finally {
        await client.endAsync();
        await gateway.stop();
        await relay.stop();
      }
    });
  });
}
