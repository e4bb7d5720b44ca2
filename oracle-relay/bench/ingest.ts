/**
 * Relay ingestion end to end: signed 1,000-reading batches POSTed over HTTP to a relay that checks each
 * against the real DeviceRegistry (Hardhat in-process network), recomputes the Merkle root, recovers the
 * signer and commits the readings before answering. Reports accepted readings/s, p50/p99 batch latency and
 * loss (every reading sent and answered 200 must be in the store), then the per-stage ceilings
 * (bench/primitives.ts: viem vs native signer recovery, Merkle roots) in the same run.
 *
 *   npm run bench -w oracle-relay                  60 s, PGlite in a temporary data directory
 *   BENCH_SECONDS=20 BENCH_CONCURRENCY=8 BENCH_GATEWAYS=8 BENCH_DATABASE_URL=postgres://… npm run bench -w oracle-relay
 *
 * Batches are signed before the clock starts (the gateways' work, not the relay's); client and relay share
 * this machine's cores, as they would in a single-box deployment.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import pg from "pg";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { readingBatchDomain, readingBatchTypes } from "@cowatt/deployments";
import { activeAssetFixture } from "../../test/helpers/fixture.ts";
import { registerDevices, meterIdOf } from "../../scripts/lib/devices.ts";
import { startRelay } from "../src/server.ts";
import { fastReadingsRoot } from "../src/merkle.ts";
import { runPrimitives } from "./primitives.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const gatewayCount = Number(process.env.BENCH_GATEWAYS ?? 8);
const metersPerGateway = Number(process.env.BENCH_METERS_PER_GATEWAY ?? 20);
const targetRate = Number(process.env.BENCH_TARGET_RATE ?? 16_700);
const BATCH = 1000;
for (const [name, value] of Object.entries({ seconds, concurrency, gatewayCount, metersPerGateway })) {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`bench: ${name} must be a positive integer, got ${value}`);
}

const connection = await network.create();
const f = await activeAssetFixture(connection);
const chainId = await f.publicClient.getChainId();
const domain = readingBatchDomain(chainId, f.deviceRegistry.address);
const roles = { operator: f.wallets.operator.account.address, verifier: f.wallets.ops.account.address };

interface Site {
  account: PrivateKeyAccount;
  meters: Hex[];
  batchSequence: bigint;
  readingSequence: bigint;
}
const sites: Site[] = [];
for (let g = 0; g < gatewayCount; g++) {
  const account = privateKeyToAccount(generatePrivateKey());
  const serials = Array.from({ length: metersPerGateway }, (_, i) => `bench-${g}-${i}-${account.address}`);
  await registerDevices(f, f.publicClient, roles, f.assetId, account.address, serials.map((serial) => ({ serial, maxPowerW: 1_000_000 })));
  sites.push({ account, meters: serials.map(meterIdOf) as Hex[], batchSequence: 1n, readingSequence: 1n });
}

// Enough signed batches for the target rate over the whole run (plus slack), round robin over gateways.
const now = Math.floor(Date.now() / 1000);
const batchCount = Math.ceil((targetRate * seconds * 1.5) / BATCH);
console.log(`preparing ${batchCount} signed batches of ${BATCH} readings (${gatewayCount} gateways × ${metersPerGateway} meters)…`);
const bodies: { gateway: number; json: string }[] = [];
for (let b = 0; b < batchCount; b++) {
  const site = sites[b % gatewayCount]!;
  const readings = Array.from({ length: BATCH }, (_, i) => {
    const meterId = site.meters[i % metersPerGateway]!;
    const sequence = site.readingSequence + BigInt(Math.floor(i / metersPerGateway));
    return { meterId, sequence, timestamp: BigInt(now - 60), energyWh: sequence * 10n, powerW: 5_000 };
  });
  site.readingSequence += BigInt(BATCH / metersPerGateway);
  const readingsRoot = fastReadingsRoot(readings);
  const batchSequence = site.batchSequence++;
  const signature = await site.account.signTypedData({
    domain,
    types: readingBatchTypes,
    primaryType: "ReadingBatch",
    message: { gateway: site.account.address, assetId: f.assetId, batchSequence, readingCount: BATCH, readingsRoot },
  });
  bodies.push({
    gateway: b % gatewayCount,
    json: JSON.stringify({
      gateway: site.account.address,
      assetId: f.assetId.toString(),
      batchSequence: batchSequence.toString(),
      readingsRoot,
      signature,
      readings: readings.map((r) => ({ meterId: r.meterId, sequence: r.sequence.toString(), timestamp: Number(r.timestamp), energyWh: r.energyWh.toString(), powerW: r.powerW })),
    }),
  });
}

const schema = `relay_bench_${process.pid}`;
const dataDir = process.env.BENCH_DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), "relay-bench-"));
const relay = await startRelay({
  publicClient: f.publicClient,
  registry: f.deviceRegistry.address,
  port: 0,
  logger: false,
  ...(process.env.BENCH_DATABASE_URL ? { databaseUrl: process.env.BENCH_DATABASE_URL, schema } : { dataDir }),
});

const latencies: number[] = [];
const statuses = new Map<number, number>();
let next = 0;
let acceptedReadings = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
async function client() {
  while (performance.now() < deadline && next < bodies.length) {
    const body = bodies[next++]!;
    const sent = performance.now();
    const response = await fetch(`${relay.url}/v1/batches`, { method: "POST", headers: { "content-type": "application/json" }, body: body.json });
    const answer = (await response.json()) as { accepted?: number };
    latencies.push(performance.now() - sent);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (response.status === 200) acceptedReadings += answer.accepted ?? 0;
  }
}
await Promise.all(Array.from({ length: concurrency }, client));
const elapsed = (performance.now() - started) / 1000;
const stored = Number((await relay.store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings")).rows[0]!.n);

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
const rate = acceptedReadings / elapsed;
console.log(`\nCPUs ${cpus().length}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; store ${relay.store.kind}; ${concurrency} concurrent clients`);
console.log(`batches sent ${latencies.length} in ${elapsed.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
console.log(`accepted ${acceptedReadings.toLocaleString("en")} readings → ${Math.round(rate).toLocaleString("en")} readings/s (target ${targetRate.toLocaleString("en")}: ${rate >= targetRate ? "met" : "NOT met"})`);
console.log(`batch latency p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
console.log(`stored ${stored.toLocaleString("en")} readings; loss ${acceptedReadings - stored}${stored === acceptedReadings ? " (none)" : " — LOST READINGS"}`);
if (next >= bodies.length && performance.now() < deadline) console.log("note: ran out of prepared batches before the deadline (the relay was faster than the preparation budget)");

await relay.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
if (process.env.BENCH_DATABASE_URL) {
  const admin = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
console.log("\nper-stage ceilings, same run:");
await runPrimitives(Number(process.env.BENCH_STAGE_SECONDS ?? 3));
process.exit(stored === acceptedReadings ? 0 : 1);
