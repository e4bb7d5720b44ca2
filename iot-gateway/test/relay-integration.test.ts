/**
 * The gateway against the real oracle relay (oracle-relay/src/server.ts) and the real DeviceRegistry on
 * Hardhat's in-process network: simulated meters → gateway → relay, with the relay stopped while the meters
 * keep producing and started again on the same database. Every reading is stored exactly once.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import hre from "hardhat";
import { startRelay } from "../../oracle-relay/src/server.ts";
import type { Relay } from "../../oracle-relay/src/server.ts";
import { registerDevices } from "../../scripts/lib/devices.ts";
import { deployFixture, verifiedAsset } from "../../test/helpers/fixture.ts";
import { startGateway } from "../src/gateway.ts";
import { startSimulator } from "../src/simulator.ts";
import { meterIdOf } from "../src/validation.ts";
import { freePort, newGatewayKey, quietLogger, tempDir, waitFor } from "./helpers/setup.ts";

const meters = [
  { serial: "SN-PV-1", maxPowerW: 10_000 },
  { serial: "SN-PV-2", maxPowerW: 10_000 },
  { serial: "SN-WIND-1", maxPowerW: 10_000 },
];
const STEPS_BEFORE = 30;
const STEPS_DURING_OUTAGE = 30;

describe("gateway → real oracle relay → DeviceRegistry", () => {
  it("relay stopped while the gateway produces, restarted: every reading stored exactly once", { timeout: 120_000 }, async () => {
    const connection = await hre.network.connect();
    const f = await deployFixture(connection);
    const assetId = await verifiedAsset(f);
    const key = newGatewayKey();
    await registerDevices(f, f.publicClient, { operator: f.wallets.operator.account.address, verifier: f.wallets.ops.account.address }, assetId, key.address, meters);
    const chainId = await f.publicClient.getChainId();
    const relayPort = await freePort();
    const dataDir = join(tempDir(), "relay-db");
    const relayOptions = {
      publicClient: f.publicClient,
      registry: f.deviceRegistry.address,
      chainId,
      port: relayPort,
      dataDir,
      logger: false as const,
      registryPollMs: 200,
    };
    let relay: Relay = await startRelay(relayOptions);
    const gateway = await startGateway({
      ...key,
      chainId: BigInt(chainId),
      deviceRegistry: f.deviceRegistry.address,
      assetId,
      meters,
      relayUrl: relay.url,
      outboxPath: join(tempDir(), "outbox.sqlite"),
      batchMaxReadings: 20,
      batchIntervalMs: 100,
      retryBaseMs: 20,
      retryMaxMs: 300,
      logger: quietLogger,
    });
    const simulator = await startSimulator({
      mqttUrl: gateway.mqttUrl,
      assetId,
      seed: 3,
      clock: "manual",
      startTime: Math.floor(Date.now() / 1000) - 3 * 3600,
      intervalSeconds: 60,
      meters: [
        { serial: "SN-PV-1", kind: "solar", capacityW: 9000 },
        { serial: "SN-PV-2", kind: "solar", capacityW: 9000, rawGain: 1.01 },
        { serial: "SN-WIND-1", kind: "wind", capacityW: 9000 },
      ],
    });
    const storedReadings = async () =>
      Number((await relay.store.query<{ n: string }>("SELECT COUNT(*) AS n FROM readings WHERE asset_id = $1", [assetId.toString()])).rows[0]!.n);
    try {
      for (let i = 0; i < STEPS_BEFORE; i++) await simulator.step();
      await gateway.flush();
      await waitFor(() => gateway.outbox.undeliveredCount() === 0 && gateway.outbox.pendingReadingCount() === 0, 20_000, "first readings delivered");
      assert.equal(await storedReadings(), STEPS_BEFORE * meters.length);

      await relay.close();
      for (let i = 0; i < STEPS_DURING_OUTAGE; i++) await simulator.step();
      await gateway.flush();
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(gateway.outbox.undeliveredCount() > 0, "batches wait while the relay is down");

      relay = await startRelay(relayOptions);
      await gateway.drained(30_000);
      const total = (STEPS_BEFORE + STEPS_DURING_OUTAGE) * meters.length;
      assert.equal(await storedReadings(), total);
      const rows = (
        await relay.store.query<{ meter_id: string; n: string; lo: string; hi: string }>(
          "SELECT meter_id, COUNT(*) AS n, MIN(sequence) AS lo, MAX(sequence) AS hi FROM readings WHERE asset_id = $1 GROUP BY meter_id ORDER BY meter_id",
          [assetId.toString()],
        )
      ).rows;
      assert.deepEqual(
        rows.map((r) => [r.meter_id.toLowerCase(), Number(r.n), Number(r.lo), Number(r.hi)]),
        meters.map((m) => [meterIdOf(m.serial).toLowerCase(), STEPS_BEFORE + STEPS_DURING_OUTAGE, 1, STEPS_BEFORE + STEPS_DURING_OUTAGE]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      // No reading travelled in two batches: the accepted batches add up to exactly the readings sent.
      const batches = (await relay.store.query<{ n: string; readings: string }>("SELECT COUNT(*) AS n, SUM(accepted_count) AS readings FROM batches WHERE lower(gateway) = lower($1)", [key.address])).rows[0]!;
      assert.equal(Number(batches.readings), total);
      assert.equal(Number(batches.n), gateway.outbox.batchStatusCounts().delivered);
      assert.equal(gateway.outbox.batchStatusCounts().rejected ?? 0, 0);
    } finally {
      await simulator.stop();
      await gateway.stop();
      await relay.close();
      await connection.close();
    }
  });
});
