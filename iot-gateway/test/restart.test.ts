/**
 * Kill -9 the gateway process while meters publish, start it again on the same outbox: every reading
 * reaches the relay exactly once (embedded aedes on a fixed port, and Mosquitto with a persistent session).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startSimulator } from "../src/simulator.ts";
import { startTestRelay } from "./helpers/receiver.ts";
import {
  domain,
  expectedSequences,
  freePort,
  MOSQUITTO_URL,
  newGatewayKey,
  reachable,
  sequencesByMeter,
  tempDir,
  uniqueAssetId,
  waitFor,
} from "./helpers/setup.ts";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const meters = [
  { serial: "pv-a", maxPowerW: 10_000 },
  { serial: "wind-a", maxPowerW: 10_000 },
];

async function startChild(env: Record<string, string>, httpPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", main], {
    env: { ...process.env, ...env, HTTP_PORT: String(httpPort), LOG_LEVEL: "silent" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("gateway did not become healthy");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

for (const broker of [
  { name: "embedded aedes", external: false },
  { name: "Mosquitto", external: true },
]) {
  describe(`gateway restart (${broker.name})`, async () => {
    const skip = broker.external && !(await reachable(MOSQUITTO_URL)) && `no broker at ${MOSQUITTO_URL}`;
    it("SIGKILL while producing, restart: nothing lost, nothing duplicated", { skip, timeout: 90_000 }, async () => {
      const key = newGatewayKey();
      const dir = tempDir();
      writeFileSync(join(dir, "gateway.key"), key.privateKey);
      const relay = await startTestRelay(domain, key.address);
      const assetId = uniqueAssetId();
      const mqttPort = await freePort();
      const mqttUrl = broker.external ? MOSQUITTO_URL : `mqtt://127.0.0.1:${mqttPort}`;
      const env: Record<string, string> = {
        GATEWAY_KEY_FILE: join(dir, "gateway.key"),
        CHAIN_ID: String(domain.chainId),
        DEVICE_REGISTRY_ADDRESS: domain.registry,
        ASSET_ID: String(assetId),
        RELAY_URL: relay.url,
        METERS: JSON.stringify(meters),
        OUTBOX_PATH: join(dir, "outbox.sqlite"),
        BATCH_MAX_READINGS: "10",
        BATCH_INTERVAL_MS: "50",
        RETRY_BASE_MS: "20",
        RETRY_MAX_MS: "200",
        ...(broker.external ? { MQTT_URL: MOSQUITTO_URL } : { MQTT_EMBEDDED_PORT: String(mqttPort) }),
      };
      const httpPort = await freePort();
      let child = await startChild(env, httpPort);
      const simulator = await startSimulator({
        mqttUrl,
        assetId,
        seed: 9,
        clock: "manual",
        startTime: Math.floor(Date.now() / 1000) - 86_400,
        intervalSeconds: 60,
        meters: [
          { serial: "pv-a", kind: "solar", capacityW: 9000 },
          { serial: "wind-a", kind: "wind", capacityW: 9000 },
        ],
      });
      try {
        for (let i = 0; i < 40; i++) await simulator.step();
        await kill(child);
        const beforeRestart = relay.readings.length;
        // Meters keep publishing while the gateway is down (the embedded broker is down with it: the
        // meters' MQTT client queues QoS 1 messages until it reconnects; Mosquitto keeps the session's queue).
        const published: Promise<unknown>[] = [];
        for (let i = 0; i < 40; i++) published.push(simulator.step());
        await new Promise((r) => setTimeout(r, 300));
        child = await startChild(env, httpPort);
        await Promise.all(published);
        await waitFor(() => relay.readings.length >= 160, 30_000, `160 readings at the relay (have ${relay.readings.length})`);
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(beforeRestart < 160, "the kill happened before everything was delivered");
        assert.deepEqual(sequencesByMeter(relay.readings), expectedSequences(["pv-a", "wind-a"], 80));
        const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
        assert.match(metrics, /gateway_outbox_undelivered_batches 0/);
        assert.match(metrics, /gateway_outbox_pending_readings 0/);
      } finally {
        await kill(child).catch(() => undefined);
        await simulator.stop();
        await relay.stop();
      }
    });
  });
}
