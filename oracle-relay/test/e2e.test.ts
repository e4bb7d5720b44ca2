/**
 * Issue 4 end to end on one in-process Hardhat network: signed meter readings → the real relay → ProductionOracle
 * request → the DON simulator running the real Functions source (Deno) → Proposed → dispute window passes →
 * the production keeper finalizes, issues certificates and settles as the operator → revenue deposited.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { network } from "hardhat";
import { parseEventLogs, type Hex } from "viem";
import { revenueDistributorAbi } from "@cowatt/deployments";
import { registerDevices, meterIdOf } from "../../scripts/lib/devices.ts";
import { meteringFixture, donFor, requestPeriod, PERIOD_STATUS, DISPUTE_WINDOW, type MeteringFixture } from "../../test/helpers/metering.ts";
import { startRelay, type Relay } from "../src/server.ts";
import { createKeeper } from "../src/keeper.ts";
import { join } from "node:path";
import { startGateway } from "../../iot-gateway/src/gateway.ts";
import { startSimulator } from "../../iot-gateway/src/simulator.ts";
import { calibrate } from "../../iot-gateway/src/validation.ts";
import { newGatewayKey, quietLogger, tempDir } from "../../iot-gateway/test/helpers/setup.ts";
import { freePort, functionsSource, keeperOptions, newGateway, nowSeconds, post, relayAccount, signedBody } from "./helpers.ts";

const PERIOD = 600;
const WH_PER_MINUTE = 157n; // 1,570 Wh in the period: 1 certificate (kWh) and 570 Wh carried

describe("metering end to end: meter → relay → oracle → DON → keeper → certificates and revenue", async () => {
  const connection = await network.create();
  let m: MeteringFixture;
  let relay: Relay;
  const gateway = newGateway();
  const meterId = meterIdOf("e2e-meter") as Hex;
  const periodStart = Math.floor((nowSeconds() - 3_600) / PERIOD) * PERIOD;
  const periodEnd = periodStart + PERIOD;

  before(async () => {
    const port = await freePort();
    m = await meteringFixture(connection, { source: functionsSource, relay: relayAccount.address, relayUrl: `http://127.0.0.1:${port}` });
    const roles = { operator: m.wallets.operator.account.address, verifier: m.wallets.ops.account.address };
    await registerDevices(m, m.publicClient, roles, m.assetId, gateway.address, [{ serial: "e2e-meter", maxPowerW: 20_000 }]);
    relay = await startRelay({ publicClient: m.publicClient, registry: m.deviceRegistry.address, port, logger: false, registryPollMs: 60_000 });
  });
  after(async () => relay?.close());

  it("a complete period becomes Final with the meter's energy, certified and settled to holders", async () => {
    // One reading a minute from a minute before to a minute after the period: the register grows 157 Wh a minute.
    const readings = Array.from({ length: 13 }, (_, i) => ({
      meterId,
      sequence: BigInt(i + 1),
      timestamp: periodStart - 60 + 60 * i,
      energyWh: 5_000n + WH_PER_MINUTE * BigInt(i),
      powerW: 9_420,
    }));
    const domain = { chainId: await m.publicClient.getChainId(), registry: m.deviceRegistry.address };
    const accepted = await post(relay.url, await signedBody(gateway, domain, m.assetId, 1n, readings));
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const registerGrowth = WH_PER_MINUTE * BigInt(PERIOD / 60);
    const summary = (await (await fetch(`${relay.url}/v1/summaries/${m.assetId}/${periodStart}/${periodEnd}`)).json()) as Record<string, string>;
    assert.equal(BigInt(summary.energyWh!), registerGrowth);

    const request = await requestPeriod(m, BigInt(periodStart), BigInt(periodEnd));
    const outcomes = await donFor(m).poll();
    assert.equal(outcomes.find((o) => o.requestId === request.requestId)?.result, "FULFILLED");
    assert.equal((await m.productionOracle.read.periodRecord([m.assetId, 1n])).status, PERIOD_STATUS.Proposed);

    const keeper = createKeeper(keeperOptions(m, true));
    // Inside the dispute window the keeper does nothing.
    assert.deepEqual(await keeper.tick(), []);

    await connection.networkHelpers.time.increase(DISPUTE_WINDOW);
    await m.stablecoin.write.faucet([m.wallets.operator.account.address, 1_000_000n * 10n ** 6n]);
    const fromBlock = await m.publicClient.getBlockNumber();
    const steps = await keeper.tick();
    assert.deepEqual(steps.map((s) => [s.action, s.ok, s.error]), [["finalize", true, undefined], ["issue", true, undefined], ["settle", true, undefined]]);

    const record = await m.productionOracle.read.periodRecord([m.assetId, 1n]);
    assert.equal(record.status, PERIOD_STATUS.Final);
    assert.equal(record.energyWh, registerGrowth);
    const certId = await m.energyCertificate.read.certificateId([m.assetId, 1n]);
    const certificate = await m.energyCertificate.read.certificate([certId]);
    assert.equal(certificate.units, registerGrowth / 1_000n);
    assert.equal(BigInt(await m.energyCertificate.read.carriedWh([m.assetId])), registerGrowth % 1_000n);
    assert.equal(await m.energyCertificate.read.balanceOf([m.wallets.operator.account.address, certId]), registerGrowth / 1_000n);
    assert.equal(await m.oracleRevenueSettlement.read.isSettled([m.assetId, 1n]), true);

    const logs = await m.publicClient.getLogs({ address: m.revenueDistributor.address, fromBlock });
    const deposits = parseEventLogs({ abi: revenueDistributorAbi, logs, eventName: "RevenueDeposited" });
    assert.equal(deposits.length, 1);
    assert.equal(deposits[0]!.args.assetId, m.assetId);
    assert.ok(deposits[0]!.args.amount > 0n);

    // Idempotent: a second pass (or a restarted keeper) finds nothing left to do.
    assert.deepEqual(await keeper.tick(), []);
  });

  it("the real gateway with a simulated meter feeds the next period; the keeper makes it Final, certified and settled (refreshing a stale dev price)", { timeout: 60_000 }, async () => {
    const key = newGatewayKey();
    const serial = "e2e-wind";
    const meterConfig = { serial, maxPowerW: 10_000 };
    await registerDevices(m, m.publicClient, { operator: m.wallets.operator.account.address, verifier: m.wallets.ops.account.address }, m.assetId, key.address, [{ serial, maxPowerW: 10_000 }]);
    const gateway = await startGateway({
      ...key,
      chainId: BigInt(await m.publicClient.getChainId()),
      deviceRegistry: m.deviceRegistry.address,
      assetId: m.assetId,
      meters: [meterConfig],
      relayUrl: relay.url,
      outboxPath: join(tempDir(), "outbox.sqlite"),
      batchMaxReadings: 20,
      batchIntervalMs: 100,
      logger: quietLogger,
    });
    // The period after the first one; readings every minute from a minute before it to a minute after.
    const start = periodEnd;
    const end = start + PERIOD;
    const simulator = await startSimulator({ mqttUrl: gateway.mqttUrl, assetId: m.assetId, seed: 7, clock: "manual", startTime: start - 60, intervalSeconds: 60, meters: [{ serial, kind: "wind", capacityW: 9_000 }] });
    try {
      const register = new Map<number, number>();
      for (let i = 0; i <= PERIOD / 60 + 1; i++) for (const payload of await simulator.step()) register.set(payload.timestamp, calibrate(meterConfig, payload).energyWh);
      await gateway.flush();
      await gateway.drained(20_000);
      const simulated = BigInt(register.get(end)! - register.get(start)!);
      assert.ok(simulated > 0n, "the simulated turbine produced");
      // The asset's energy: the simulated turbine's register growth plus the first test's meter, whose last
      // reading (a minute into this period) adds one minute of its 157 Wh/min.
      const growth = simulated + WH_PER_MINUTE;
      const summary = (await (await fetch(`${relay.url}/v1/summaries/${m.assetId}/${start}/${end}`)).json()) as Record<string, string>;
      assert.equal(BigInt(summary.energyWh!), growth);

      const request = await requestPeriod(m, BigInt(start), BigInt(end));
      const outcomes = await donFor(m).poll();
      assert.equal(outcomes.find((o) => o.requestId === request.requestId)?.result, "FULFILLED");
      // Past the dispute window and the price feed's age limit (2 days): the keeper refreshes the dev feed first.
      await connection.networkHelpers.time.increase(DISPUTE_WINDOW + 2 * 24 * 3600);
      const carriedBefore = BigInt(await m.energyCertificate.read.carriedWh([m.assetId]));
      const keeper = createKeeper(keeperOptions(m, true));
      const roundBefore = await m.priceFeed.read.latestRound();
      const steps = await keeper.tick();
      assert.deepEqual(steps.map((s) => [s.periodId, s.action, s.ok]), [[2n, "finalize", true], [2n, "issue", true], [2n, "settle", true]]);
      assert.equal(await m.priceFeed.read.latestRound(), roundBefore + 1n);
      const record = await m.productionOracle.read.periodRecord([m.assetId, 2n]);
      assert.equal(record.status, PERIOD_STATUS.Final);
      assert.equal(record.energyWh, growth);
      const certificate = await m.energyCertificate.read.certificate([await m.energyCertificate.read.certificateId([m.assetId, 2n])]);
      assert.equal(certificate.units, (carriedBefore + growth) / 1_000n);
      assert.equal(BigInt(await m.energyCertificate.read.carriedWh([m.assetId])), (carriedBefore + growth) % 1_000n);
    } finally {
      await simulator.stop();
      await gateway.stop();
    }
  });
});
