import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { decodeAbiParameters, encodeAbiParameters, keccak256, recoverMessageAddress, getAddress, type Hex } from "viem";
import { productionResponseParameters, readingLeafEncoding } from "@cowatt/deployments";
import { registerDevices, meterIdOf } from "../../scripts/lib/devices.ts";
import { meteringFixture, donFor, requestPeriod, PERIOD_STATUS, type MeteringFixture } from "../../test/helpers/metering.ts";
import { executeRequest } from "../don-simulator/execute.ts";
import { startRelay, type Relay } from "../src/server.ts";
import { summaryParameters, localCid, periodFile } from "../src/summary.ts";
import {
  counterValue,
  freePort,
  functionsSource,
  newGateway,
  nowSeconds,
  post,
  relayAccount,
  signedBody,
  type ReadingInput,
} from "./helpers.ts";

const PERIOD = 600;
const MAX_POWER_W = 10_000;

describe("oracle relay against the on-chain DeviceRegistry", async () => {
  const connection = await network.create();
  let m: MeteringFixture;
  let relay: Relay;
  let port: number;
  let chainId: number;
  const gateway = newGateway();
  const otherGateway = newGateway(); // same asset, its own meter
  const meters = ["relay-meter-a", "relay-meter-b"].map(meterIdOf) as [Hex, Hex];
  const [meterA, meterB] = meters;
  const otherMeter = meterIdOf("relay-meter-other");
  const suspendedMeter = meterIdOf("relay-meter-suspended");
  // A period an hour ago, with readings every minute from one minute before to one minute after it.
  const periodStart = Math.floor((nowSeconds() - 3_600) / PERIOD) * PERIOD;
  const periodEnd = periodStart + PERIOD;
  const minuteReadings = (meterId: Hex, firstSequence: bigint, from: number, count: number, energyAtFrom: bigint): ReadingInput[] =>
    Array.from({ length: count }, (_, i) => ({
      meterId,
      sequence: firstSequence + BigInt(i),
      timestamp: from + 60 * i,
      energyWh: energyAtFrom + 100n * BigInt(i),
      powerW: 6_000,
    }));
  let domain: { chainId: number; registry: `0x${string}` };

  before(async () => {
    port = await freePort();
    m = await meteringFixture(connection, {
      source: functionsSource,
      relay: relayAccount.address,
      relayUrl: `http://127.0.0.1:${port}`,
    });
    chainId = await m.publicClient.getChainId();
    domain = { chainId, registry: m.deviceRegistry.address };
    const roles = { operator: m.wallets.operator.account.address, verifier: m.wallets.ops.account.address };
    await registerDevices(m, m.publicClient, roles, m.assetId, gateway.address, [
      { serial: "relay-meter-a", maxPowerW: MAX_POWER_W },
      { serial: "relay-meter-b", maxPowerW: MAX_POWER_W },
      { serial: "relay-meter-suspended", maxPowerW: MAX_POWER_W },
    ]);
    await registerDevices(m, m.publicClient, roles, m.assetId, otherGateway.address, [{ serial: "relay-meter-other", maxPowerW: MAX_POWER_W }]);
    await m.deviceRegistry.write.suspendMeter([suspendedMeter, "test"], { account: m.wallets.ops.account });
    relay = await startRelay({ publicClient: m.publicClient, registry: m.deviceRegistry.address, port, logger: false, registryPollMs: 60_000 });
  });
  after(async () => relay?.close());

  const url = () => relay.url;
  const storedCount = async () => Number((await relay.store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings")).rows[0]!.n);

  it("accepts a signed batch and stores every reading durably before 200", async () => {
    const readings = [...minuteReadings(meterA, 1n, periodStart - 60, 13, 10_000n), ...minuteReadings(meterB, 1n, periodStart - 60, 13, 50_000n)];
    const body = await signedBody(gateway, domain, m.assetId, 1n, readings);
    const answer = await post(url(), body);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, 26);
    assert.deepEqual(answer.body.rejected, []);
    assert.equal(await storedCount(), 26);
    assert.equal(await counterValue(relay.metrics.readingsAccepted), 26);
  });

  it("answers a replayed (gateway, batchSequence) with the original result and stores nothing twice", async () => {
    const readings = [...minuteReadings(meterA, 1n, periodStart - 60, 13, 10_000n), ...minuteReadings(meterB, 1n, periodStart - 60, 13, 50_000n)];
    const body = await signedBody(gateway, domain, m.assetId, 1n, readings);
    const answer = await post(url(), body);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.accepted, 26);
    assert.equal(answer.body.replay, true);
    assert.equal(await storedCount(), 26);
    const conflicting = await signedBody(gateway, domain, m.assetId, 1n, readings.slice(1));
    const conflict = await post(url(), conflicting);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error, "batch_sequence_conflict");
  });

  it("rejects malformed JSON, wrong types, missing fields and oversized batches with 4xx and metrics", async () => {
    const metric = (reason: string) => counterValue(relay.metrics.batchRejections, { reason });
    const body = await signedBody(gateway, domain, m.assetId, 2n, minuteReadings(meterA, 14n, periodEnd + 60, 1, 11_300n));
    assert.equal((await post(url(), "{ not json", true)).status, 400);
    assert.equal(await metric("malformed_json"), 1);
    const wrongTypes = [
      { ...body, assetId: 1 },
      { ...body, readings: [{ ...body.readings[0], timestamp: "yesterday" }] },
      { ...body, readings: [{ ...body.readings[0], energyWh: "-5" }] },
      { ...body, signature: "0x1234" },
      { ...body, readings: undefined },
      { ...body, readings: [] },
      { ...body, extra: true },
    ];
    for (const bad of wrongTypes) {
      const answer = await post(url(), bad);
      assert.equal(answer.status, 400, JSON.stringify(bad).slice(0, 200));
      assert.equal(answer.body.error, "invalid_body");
    }
    assert.equal(await metric("invalid_body"), wrongTypes.length);
    // uint64 overflow passes the pattern and is caught against the Solidity type
    const overflow = await post(url(), { ...body, batchSequence: "18446744073709551616" });
    assert.equal(overflow.status, 400);
    const tooMany = { ...body, readings: Array.from({ length: 1_001 }, () => body.readings[0]) };
    assert.equal((await post(url(), tooMany)).status, 400);
    const huge = { ...body, readings: Array.from({ length: 5_000 }, () => body.readings[0]) };
    const tooLarge = await post(url(), huge);
    assert.equal(tooLarge.status, 413);
    assert.equal(await metric("body_too_large"), 1);
    assert.equal(await storedCount(), 26);
  });

  it("rejects unknown and suspended gateways, bad signatures, other chains and registries, wrong roots", async () => {
    const metric = (reason: string) => counterValue(relay.metrics.batchRejections, { reason });
    const readings = minuteReadings(meterA, 14n, periodEnd + 60, 2, 11_300n);
    const stranger = newGateway();
    const unknown = await post(url(), await signedBody(stranger, domain, m.assetId, 1n, readings));
    assert.equal(unknown.status, 403);
    assert.equal(unknown.body.error, "unknown_gateway");
    const forged = await post(url(), await signedBody(gateway, domain, m.assetId, 2n, readings, stranger));
    assert.equal(forged.status, 401);
    const otherChain = await post(url(), await signedBody(gateway, { ...domain, chainId: 1 }, m.assetId, 2n, readings));
    assert.equal(otherChain.status, 401);
    const otherRegistry = await post(url(), await signedBody(gateway, { ...domain, registry: m.energyAsset.address }, m.assetId, 2n, readings));
    assert.equal(otherRegistry.status, 401);
    assert.equal(await metric("bad_signature"), 3);
    const wrongAsset = await post(url(), await signedBody(gateway, domain, m.assetId + 1n, 2n, readings));
    assert.equal(wrongAsset.status, 403);
    assert.equal(wrongAsset.body.error, "wrong_asset");
    const body = await signedBody(gateway, domain, m.assetId, 2n, readings);
    const tampered = await post(url(), { ...body, readings: [{ ...body.readings[0], energyWh: "99999999" }, body.readings[1]] });
    assert.equal(tampered.status, 400);
    assert.equal(tampered.body.error, "root_mismatch");

    await m.deviceRegistry.write.suspendGateway([otherGateway.address, "tamper alarm"], { account: m.wallets.ops.account });
    await relay.registry.refresh(); // the relay follows registry events; the test does not wait for the poll
    const suspended = await post(url(), await signedBody(otherGateway, domain, m.assetId, 1n, minuteReadings(otherMeter, 1n, periodStart, 2, 0n)));
    assert.equal(suspended.status, 403);
    assert.equal(suspended.body.error, "gateway_not_active");
    await m.deviceRegistry.write.resumeGateway([otherGateway.address, "checked"], { account: m.wallets.ops.account });
    await relay.registry.refresh();
    assert.equal(await storedCount(), 26);
  });

  it("rejects invalid readings with a reason each and stores the valid ones of the same batch (207)", async () => {
    const t = periodEnd + 60; // after batch 1's last readings (periodEnd + 660 is in the past too)
    const valid = (seq: bigint, energy: bigint, offset: number): ReadingInput => ({ meterId: meterA, sequence: seq, timestamp: periodEnd + 720 + offset, energyWh: energy, powerW: 6_000 });
    const readings: ReadingInput[] = [
      valid(14n, 11_400n, 0), // valid
      { meterId: meterA, sequence: 14n, timestamp: t + 700, energyWh: 11_500n, powerW: 6_000 }, // sequence reused
      { meterId: meterA, sequence: 15n, timestamp: nowSeconds() + 3_600, energyWh: 11_500n, powerW: 6_000 }, // future
      { meterId: meterA, sequence: 16n, timestamp: nowSeconds() - 30 * 24 * 3600, energyWh: 11_500n, powerW: 6_000 }, // far past
      { meterId: meterA, sequence: 17n, timestamp: periodEnd + 780, energyWh: 11_000n, powerW: 6_000 }, // energy decreasing
      { meterId: meterA, sequence: 18n, timestamp: periodEnd + 780, energyWh: 11_500n, powerW: MAX_POWER_W + 1 }, // over the limit
      { meterId: meterIdOf("never-registered"), sequence: 1n, timestamp: t, energyWh: 1n, powerW: 1 },
      { meterId: suspendedMeter, sequence: 1n, timestamp: t, energyWh: 1n, powerW: 1 },
      { meterId: otherMeter, sequence: 1n, timestamp: t, energyWh: 1n, powerW: 1 }, // another gateway's meter
      { meterId: meterB, sequence: 5n, timestamp: t, energyWh: 60_000n, powerW: 1 }, // sequence already stored
      valid(19n, 11_600n, 120), // valid after the rejected ones
    ];
    const before = await storedCount();
    const answer = await post(url(), await signedBody(gateway, domain, m.assetId, 2n, readings));
    assert.equal(answer.status, 207, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, 2);
    const reasons = (answer.body.rejected as { index: number; reason: string }[]).map((r) => [r.index, r.reason]);
    assert.deepEqual(reasons, [
      [1, "duplicate_sequence"],
      [2, "timestamp_in_future"],
      [3, "timestamp_too_old"],
      [4, "energy_decreasing"],
      [5, "power_over_limit"],
      [6, "unknown_meter"],
      [7, "meter_not_active"],
      [8, "meter_of_other_gateway"],
      [9, "duplicate_sequence"],
    ]);
    assert.equal(await storedCount(), before + 2);
    for (const reason of ["timestamp_in_future", "timestamp_too_old", "energy_decreasing", "power_over_limit", "unknown_meter", "meter_not_active", "meter_of_other_gateway"]) {
      assert.equal(await counterValue(relay.metrics.readingRejections, { reason }), 1, reason);
    }
    assert.equal(await counterValue(relay.metrics.readingRejections, { reason: "duplicate_sequence" }), 2);
    // a batch of only invalid readings: 422, recorded (its replay answers the same)
    const allBad = await signedBody(gateway, domain, m.assetId, 3n, [readings[4]!]);
    assert.equal((await post(url(), allBad)).status, 422);
    const again = await post(url(), allBad);
    assert.equal(again.status, 422);
    assert.equal(again.body.replay, true);
  });

  it("limits batches per gateway (429, counted)", async () => {
    const limited = await startRelay({ publicClient: m.publicClient, registry: m.deviceRegistry.address, port: 0, logger: false, rateLimitPerMinute: 2, store: relay.store });
    try {
      const body = await signedBody(gateway, domain, m.assetId, 1n, minuteReadings(meterA, 1n, periodStart, 1, 0n));
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(limited.url, { ...body, readings: [] })).status);
      assert.deepEqual(statuses, [400, 400, 429]);
      assert.equal(await counterValue(limited.metrics.batchRejections, { reason: "rate_limited" }), 1);
    } finally {
      await limited.close();
    }
  });

  it("serves a relay-signed summary: interpolated energy, counts, sorted Merkle root, local CID", async () => {
    const response = await fetch(`${url()}/v1/summaries/${m.assetId}/${periodStart}/${periodEnd}`);
    assert.equal(response.status, 200);
    const s = (await response.json()) as Record<string, string>;
    assert.equal(s.energyWh, "2000"); // 2 meters × 10 minutes × 100 Wh
    assert.equal(s.readingCount, "20");
    assert.equal(s.sourceCount, "2");
    const inside = [...minuteReadings(meterA, 2n, periodStart, 10, 10_100n), ...minuteReadings(meterB, 2n, periodStart, 10, 50_100n)]
      .map((r) => ({ ...r, meterId: r.meterId.toLowerCase() as Hex }))
      .sort((a, b) => (a.meterId < b.meterId ? -1 : a.meterId > b.meterId ? 1 : Number(a.sequence - b.sequence)));
    const tree = StandardMerkleTree.of(inside.map((r) => [r.meterId, r.sequence, r.timestamp, r.energyWh, r.powerW]), [...readingLeafEncoding], { sortLeaves: false });
    assert.equal(s.readingsRoot, tree.root);
    const cid = await localCid(periodFile(m.assetId, BigInt(periodStart), BigInt(periodEnd), inside.map((r) => ({ ...r, timestamp: BigInt(r.timestamp) }))));
    assert.equal(s.cid, cid.toString());
    assert.equal(s.cidCodec, "85"); // 0x55 raw: one chunk
    const digest = keccak256(encodeAbiParameters(summaryParameters, [BigInt(chainId), m.assetId, BigInt(periodStart), BigInt(periodEnd), 2000n, 20n, 2n, s.readingsRoot as Hex, 0x55n, s.cidDigest as Hex]));
    assert.equal(s.digest, digest);
    assert.equal(await recoverMessageAddress({ message: { raw: digest }, signature: s.signature as Hex }), getAddress(relayAccount.address));

    // Half a period: the register is interpolated between the readings around each boundary.
    const half = (await (await fetch(`${url()}/v1/summaries/${m.assetId}/${periodStart + 30}/${periodStart + 330}`)).json()) as Record<string, string>;
    assert.equal(half.energyWh, "1000");
    const empty = (await (await fetch(`${url()}/v1/summaries/${m.assetId}/1000/2000`)).json()) as Record<string, string>;
    assert.equal(empty.readingCount, "0");
    assert.equal((await fetch(`${url()}/v1/summaries/${m.assetId}/20/10`)).status, 400);
    assert.equal((await fetch(`${url()}/v1/summaries/x/1/2`)).status, 400);
  });

  it("the Functions source (Deno, simulateScript) checks the relay's signature and returns the 192-byte result", async () => {
    const args = (relayAddress: string, chain = chainId, start = periodStart) => [url(), relayAddress, String(chain), m.assetId.toString(), String(start), String(periodEnd)];
    const ok = await executeRequest({ source: functionsSource, args: args(relayAccount.address.toLowerCase()) }, { executions: 1, maxExecutionTimeMs: 20_000 });
    assert.equal(ok.error, undefined, ok.error);
    assert.equal((ok.response!.length - 2) / 2, 192);
    const [energyWh, readingCount, sourceCount] = decodeAbiParameters(productionResponseParameters, ok.response!);
    assert.deepEqual([energyWh, readingCount, sourceCount], [2000n, 20n, 2n]);
    const wrongRelay = await executeRequest({ source: functionsSource, args: args(newGateway().address.toLowerCase()) }, { executions: 1, maxExecutionTimeMs: 20_000 });
    assert.match(wrongRelay.error ?? "", /not the relay/);
  });

  it("end to end: ProductionOracle requests, the DON simulator runs the source against the relay, the period is Proposed", async () => {
    // the oracle's first period may start anywhere; it must end in the chain's past
    const request = await requestPeriod(m, BigInt(periodStart), BigInt(periodEnd));
    const outcomes = await donFor(m).poll();
    const outcome = outcomes.find((o) => o.requestId === request.requestId);
    assert.equal(outcome?.result, "FULFILLED", JSON.stringify(outcome, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
    const record = await m.productionOracle.read.periodRecord([m.assetId, 1n]);
    assert.equal(record.status, PERIOD_STATUS.Proposed);
    assert.equal(record.energyWh, 2000n);
    assert.equal(record.readingCount, 20n);
    assert.equal(record.sourceCount, 2);
  });
});

describe("relay restart (PGlite data directory)", async () => {
  it("keeps every accepted reading and batch result across a restart", async () => {
    const connection = await network.create();
    const m = await meteringFixture(connection);
    const gateway = newGateway();
    const roles = { operator: m.wallets.operator.account.address, verifier: m.wallets.ops.account.address };
    const [meterId] = await registerDevices(m, m.publicClient, roles, m.assetId, gateway.address, [{ serial: "restart-meter", maxPowerW: 1_000 }]);
    const dataDir = mkdtempSync(join(tmpdir(), "relay-pglite-"));
    const domain = { chainId: await m.publicClient.getChainId(), registry: m.deviceRegistry.address };
    try {
      const t = nowSeconds() - 600;
      const readings = Array.from({ length: 5 }, (_, i) => ({ meterId: meterId!, sequence: BigInt(i + 1), timestamp: t + 60 * i, energyWh: BigInt(100 * i), powerW: 500 }));
      const body = await signedBody(gateway, domain, m.assetId, 1n, readings);
      const first = await startRelay({ publicClient: m.publicClient, registry: m.deviceRegistry.address, port: 0, logger: false, dataDir });
      assert.equal((await post(first.url, body)).status, 200);
      const summaryBefore = await (await fetch(`${first.url}/v1/summaries/${m.assetId}/${t}/${t + 600}`)).json();
      await first.close();
      const second = await startRelay({ publicClient: m.publicClient, registry: m.deviceRegistry.address, port: 0, logger: false, dataDir });
      try {
        const replay = await post(second.url, body);
        assert.equal(replay.status, 200);
        assert.equal(replay.body.replay, true);
        const { rows } = await second.store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings");
        assert.equal(rows[0]!.n, "5");
        assert.deepEqual(await (await fetch(`${second.url}/v1/summaries/${m.assetId}/${t}/${t + 600}`)).json(), summaryBefore);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
