/**
 * Relay ingestion end to end, on each store back end in one run: pre-signed 1,000-reading batches POSTed over
 * HTTP (from a client thread, bench/client.ts) to a relay that checks each against the real DeviceRegistry
 * (Hardhat in-process network), recomputes the Merkle root, recovers the signer and commits the readings before
 * answering. Per back end: accepted readings/s sustained over the whole run, p50/p99 batch latency and loss
 * (every reading answered 200 must be in the store); then the per-stage ceilings (bench/primitives.ts: signer
 * recovery, digest, Merkle roots) in the same run, and a summary.
 *
 *   npm run bench -w oracle-relay                  60 s on PGlite (temporary data directory), then 60 s on
 *                                                  PostgreSQL if BENCH_DATABASE_URL is set
 *   BENCH_SECONDS=20 BENCH_CONCURRENCY=8 BENCH_GATEWAYS=8 BENCH_BACKENDS=postgres BENCH_DATABASE_URL=postgres://… npm run bench -w oracle-relay
 *   BENCH_CPU_PROFILE=dir                          writes a .cpuprofile of the relay's thread per measured phase
 *   BENCH_VERIFY_THREADS=n                         the relay's root worker threads (default 1; 0 inline)
 *
 * "Sustained" is checked per 10-second window: the slowest window is printed beside the average.
 *
 * Batches are signed before the clock starts (the gateways' work, not the relay's); client, relay and
 * PostgreSQL share this machine's cores, as they would in a single-box deployment.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "node:inspector/promises";
import { Worker } from "node:worker_threads";
import { network } from "hardhat";
import pg from "pg";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { readingBatchDomain, readingBatchTypes } from "@cowatt/deployments";
import { readingToJson, type Reading } from "@cowatt/deployments/metering";
import { activeAssetFixture } from "../../test/helpers/fixture.ts";
import { registerDevices, meterIdOf } from "../../scripts/lib/devices.ts";
import { startRelay, type RelayOptions } from "../src/server.ts";
import { fastReadingsRoot } from "../src/merkle.ts";
import { runPrimitives } from "./primitives.ts";
import type { ClientJob, ClientResult } from "./client.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const gatewayCount = Number(process.env.BENCH_GATEWAYS ?? 8);
const metersPerGateway = Number(process.env.BENCH_METERS_PER_GATEWAY ?? 20);
const targetRate = Number(process.env.BENCH_TARGET_RATE ?? 16_700);
// Prepared batches cover this multiple of the target over the whole run (the relay may run faster).
const headroom = Number(process.env.BENCH_HEADROOM ?? 3);
const databaseUrl = process.env.BENCH_DATABASE_URL;
const backends = (process.env.BENCH_BACKENDS ?? (databaseUrl ? "pglite,postgres" : "pglite")).split(",").map((b) => b.trim());
const profileDir = process.env.BENCH_CPU_PROFILE;
const verifyThreads = process.env.BENCH_VERIFY_THREADS === undefined ? undefined : Number(process.env.BENCH_VERIFY_THREADS);
const WINDOW_SECONDS = 10;
const BATCH = 1000;
for (const [name, value] of Object.entries({ seconds, concurrency, gatewayCount, metersPerGateway })) {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`bench: ${name} must be a positive integer, got ${value}`);
}
// Each client sends its own gateways' batches in order (a gateway waits for an answer before its next batch).
if (concurrency > gatewayCount) throw new Error(`bench: BENCH_CONCURRENCY (${concurrency}) must not exceed BENCH_GATEWAYS (${gatewayCount})`);
for (const backend of backends) {
  if (backend !== "pglite" && backend !== "postgres") throw new Error(`bench: unknown back end ${backend} (pglite, postgres)`);
  if (backend === "postgres" && !databaseUrl) throw new Error("bench: BENCH_DATABASE_URL is needed for the postgres back end");
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

// Signed batches for `headroom` × the target rate over the whole run, round robin over gateways. Every back end
// starts from an empty store, so the same batches serve each.
const now = Math.floor(Date.now() / 1000);
const batchCount = Math.ceil((targetRate * seconds * headroom) / BATCH);
console.log(`preparing ${batchCount} signed batches of ${BATCH} readings (${gatewayCount} gateways × ${metersPerGateway} meters)…`);
const encoded: Buffer[] = [];
for (let b = 0; b < batchCount; b++) {
  const site = sites[b % gatewayCount]!;
  const readings: Reading[] = Array.from({ length: BATCH }, (_, i) => {
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
  const body = { gateway: site.account.address, assetId: f.assetId.toString(), batchSequence: batchSequence.toString(), readingsRoot, signature, readings: readings.map(readingToJson) };
  encoded.push(Buffer.from(JSON.stringify(body)));
}
const offsets = [0];
for (const body of encoded) offsets.push(offsets.at(-1)! + body.length);
const bodies = new SharedArrayBuffer(offsets.at(-1)!);
encoded.forEach((body, i) => new Uint8Array(bodies).set(body, offsets[i]));
encoded.length = 0;

interface Outcome {
  backend: string;
  rate: number;
  p50: number;
  p99: number;
  loss: number;
  seconds: number;
  slowestWindow: number;
}

async function measure(backend: "pglite" | "postgres"): Promise<Outcome> {
  const schema = `relay_bench_${process.pid}`;
  const dataDir = backend === "pglite" ? mkdtempSync(join(tmpdir(), "relay-bench-")) : undefined;
  const storeOptions: Partial<RelayOptions> = backend === "postgres" ? { databaseUrl, schema } : { dataDir };
  const relay = await startRelay({ publicClient: f.publicClient, registry: f.deviceRegistry.address, port: 0, logger: false, verifyThreads, ...storeOptions });
  const session = profileDir ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const job: ClientJob = { url: relay.url, concurrency, gateways: gatewayCount, seconds, bodies, offsets };
  const result = await new Promise<ClientResult>((resolve, reject) => {
    const worker = new Worker(new URL("./client.ts", import.meta.url), { workerData: job });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  if (session) {
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(profileDir!, { recursive: true });
    const path = join(profileDir!, `relay-${backend}-${process.pid}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
    console.log(`cpu profile of the relay thread: ${path}`);
  }
  const stored = Number((await relay.store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings")).rows[0]!.n);
  await relay.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (backend === "postgres") {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }

  const latencies = result.latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const rate = result.acceptedReadings / result.elapsedSeconds;
  const loss = result.acceptedReadings - stored;
  // Accepted readings/s in each whole 10-second window of the run.
  const windows = Array.from({ length: Math.max(1, Math.floor(result.elapsedSeconds / WINDOW_SECONDS)) }, () => 0);
  for (const [at, readings] of result.completions) {
    const w = Math.floor(at / WINDOW_SECONDS);
    if (w < windows.length) windows[w]! += readings;
  }
  const windowRates = windows.map((readings) => readings / WINDOW_SECONDS);
  const slowestWindow = Math.min(...windowRates);
  console.log(`\n${backend}: CPUs ${cpus().length}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${concurrency} concurrent clients`);
  console.log(`batches sent ${latencies.length} in ${result.elapsedSeconds.toFixed(1)} s; statuses ${JSON.stringify(result.statuses)}`);
  console.log(`accepted ${result.acceptedReadings.toLocaleString("en")} readings → ${Math.round(rate).toLocaleString("en")} readings/s (target ${targetRate.toLocaleString("en")}: ${rate >= targetRate ? "met" : "NOT met"})`);
  console.log(`per ${WINDOW_SECONDS} s window: ${windowRates.map((r) => Math.round(r).toLocaleString("en")).join(", ")} readings/s (slowest ${Math.round(slowestWindow).toLocaleString("en")})`);
  console.log(`batch latency p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
  console.log(`stored ${stored.toLocaleString("en")} readings; loss ${loss}${loss === 0 ? " (none)" : " — LOST READINGS"}`);
  if (result.exhausted) console.log(`note: ran out of prepared batches after ${result.elapsedSeconds.toFixed(1)} s (raise BENCH_HEADROOM); the rate is over that time`);
  return { backend, rate, p50: pct(50), p99: pct(99), loss, seconds: result.elapsedSeconds, slowestWindow };
}

const outcomes: Outcome[] = [];
for (const backend of backends) outcomes.push(await measure(backend as "pglite" | "postgres"));

console.log("\nper-stage ceilings, same run:");
const ceilings = await runPrimitives(Number(process.env.BENCH_STAGE_SECONDS ?? 3));

console.log(`\nrelay: ${verifyThreads ?? 1} root worker thread(s); CPUs ${cpus().length}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`summary (target ${targetRate.toLocaleString("en")} readings/s sustained ${seconds} s, zero loss):`);
for (const o of outcomes) {
  console.log(
    `  ${o.backend.padEnd(9)} ${Math.round(o.rate).toLocaleString("en").padStart(7)} readings/s over ${o.seconds.toFixed(1)} s (slowest ${WINDOW_SECONDS} s window ${Math.round(o.slowestWindow).toLocaleString("en")}), p50 ${o.p50.toFixed(0)} ms, p99 ${o.p99.toFixed(0)} ms, loss ${o.loss} — ${o.rate >= targetRate && o.loss === 0 && o.seconds >= seconds ? "met" : "NOT met"}`,
  );
}
console.log(`  signature recovery ceiling (native libsecp256k1): ${Math.round(ceilings.nativeRecoveriesPerSecond).toLocaleString("en")} batches/s = ${Math.round(ceilings.nativeRecoveriesPerSecond * BATCH).toLocaleString("en")} readings/s on one core`);
process.exit(outcomes.every((o) => o.loss === 0) ? 0 : 1);
