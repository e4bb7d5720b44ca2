/**
 * Gateway throughput: readings/s from MQTT publish to the outbox commit (one fsynced transaction per
 * reading), and end to end to an HTTP relay that verifies each batch's root and signature.
 * Run: npm run bench -w iot-gateway [-- <readings>]
 */
import { join } from "node:path";
import mqtt from "mqtt";
import { startGateway } from "../src/gateway.ts";
import { meterTopic } from "../src/types.ts";
import { startTestRelay } from "../test/helpers/receiver.ts";
import { domain, MOSQUITTO_URL, newGatewayKey, quietLogger, reachable, tempDir, uniqueAssetId, waitFor } from "../test/helpers/setup.ts";

const total = Number(process.argv[2] ?? 5000);
const meterCount = 50;
const meters = Array.from({ length: meterCount }, (_, i) => ({ serial: `bench-${i}`, maxPowerW: 1_000_000 }));

async function run(brokerName: string, mqttUrl: string | undefined) {
  const key = newGatewayKey();
  const relay = await startTestRelay(domain, key.address);
  const assetId = uniqueAssetId();
  const gateway = await startGateway({
    ...key, chainId: domain.chainId, deviceRegistry: domain.registry, assetId, meters, relayUrl: relay.url, mqttUrl,
    outboxPath: join(tempDir(), "outbox.sqlite"), batchIntervalMs: 200, logger: quietLogger,
  });
  const client = await mqtt.connectAsync(gateway.mqttUrl);
  const start = Math.floor(Date.now() / 1000) - total;
  const began = performance.now();
  const perMeter = total / meterCount;
  const inflight: Promise<unknown>[] = [];
  for (let s = 1; s <= perMeter; s++) {
    for (const m of meters) {
      inflight.push(client.publishAsync(meterTopic(assetId, m.serial), JSON.stringify({ sequence: s, timestamp: start + s, energyWh: s * 10, powerW: 1000 }), { qos: 1 }));
    }
    if (inflight.length >= 500) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
  await waitFor(() => gateway.outbox.pendingReadingCount() + relay.readings.length >= total || false, 120_000, "all accepted");
  const acceptedMs = performance.now() - began;
  await gateway.drained(120_000);
  const deliveredMs = performance.now() - began;
  console.log(
    `${brokerName.padEnd(15)} ${total} readings: accepted ${(total / (acceptedMs / 1000)).toFixed(0)}/s, delivered end to end ${(total / (deliveredMs / 1000)).toFixed(0)}/s (${relay.batches.size} batches)`,
  );
  await client.endAsync();
  await gateway.stop();
  await relay.stop();
}

await run("embedded aedes", undefined);
if (await reachable(MOSQUITTO_URL)) await run("Mosquitto", MOSQUITTO_URL);
