/**
 * Accepting a gateway batch: authenticity first (gateway registered and Active for the asset, EIP-712
 * signature of this chain and registry, root of the listed readings), then each reading on its own. Valid
 * readings and the batch's answer are committed in one transaction; a resubmitted (gateway, batchSequence)
 * gets the stored answer back.
 */
import { getAddress, type Address } from "viem";
import type { Metrics } from "./metrics.ts";
import { DeviceStatus, type RegistryCache } from "./registry.ts";
import type { Store } from "./store.ts";
import { batchDigest, readingsRoot, recoverSigner, type Reading, type SignedBatch } from "./batch.ts";

export type ReadingRejection =
  | "unknown_meter"
  | "meter_not_active"
  | "meter_of_other_gateway"
  | "duplicate_sequence"
  | "timestamp_in_future"
  | "timestamp_too_old"
  | "energy_decreasing"
  | "power_over_limit";

export interface BatchAnswer {
  statusCode: number;
  body: {
    gateway: Address;
    batchSequence: string;
    accepted: number;
    rejected: { index: number; meterId: string; sequence: string; reason: ReadingRejection }[];
    replay?: boolean;
  };
}

export class BatchRejected extends Error {
  readonly statusCode: number;
  readonly reason: string;
  constructor(statusCode: number, reason: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.reason = reason;
  }
}

export interface IngestOptions {
  chainId: number;
  registry: RegistryCache;
  store: Store;
  metrics: Metrics;
  /** Largest accepted clock skew into the future, seconds. */
  maxFutureSkewSeconds: number;
  /** Oldest accepted reading age, seconds. */
  maxReadingAgeSeconds: number;
  now?: () => number;
}

export function createIngest(options: IngestOptions) {
  const { chainId, registry, store, metrics } = options;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  // One batch per gateway at a time: its meters' last readings are read and extended inside the transaction.
  const gatewayQueues = new Map<Address, Promise<unknown>>();

  async function stored(gateway: Address, batchSequence: bigint, root: string): Promise<BatchAnswer | undefined> {
    const { rows } = await store.query<{ readings_root: string; status_code: number; result: BatchAnswer["body"] }>(
      "SELECT readings_root, status_code, result FROM batches WHERE gateway = $1 AND batch_sequence = $2",
      [gateway, batchSequence.toString()],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.readings_root !== root.toLowerCase()) {
      throw new BatchRejected(409, "batch_sequence_conflict", `batch ${batchSequence} of ${gateway} was already received with another root`);
    }
    const result = typeof row.result === "string" ? (JSON.parse(row.result) as BatchAnswer["body"]) : row.result;
    return { statusCode: Number(row.status_code), body: { ...result, replay: true } };
  }

  async function authenticate(batch: SignedBatch) {
    const gateway = await registry.gateway(batch.gateway);
    if (gateway.status === DeviceStatus.None) throw new BatchRejected(403, "unknown_gateway", `gateway ${batch.gateway} is not registered`);
    if (gateway.status !== DeviceStatus.Active) throw new BatchRejected(403, "gateway_not_active", `gateway ${batch.gateway} is not active`);
    if (gateway.assetId !== batch.assetId) throw new BatchRejected(403, "wrong_asset", `gateway ${batch.gateway} reports for asset ${gateway.assetId}`);
    const root = readingsRoot(batch.readings);
    if (root !== batch.readingsRoot.toLowerCase()) throw new BatchRejected(400, "root_mismatch", `readingsRoot is not the root of the readings (${root})`);
    const digest = batchDigest(chainId, registry.address, { ...batch, readingCount: batch.readings.length });
    const signer = await recoverSigner(digest, batch.signature);
    if (signer !== getAddress(batch.gateway)) {
      throw new BatchRejected(401, "bad_signature", "the signature is not the gateway's over this batch, chain and registry");
    }
  }

  async function accept(batch: SignedBatch): Promise<BatchAnswer> {
    const replay = await stored(batch.gateway, batch.batchSequence, batch.readingsRoot);
    if (replay) return replay;
    await authenticate(batch);

    const meterIds = [...new Set(batch.readings.map((r) => r.meterId.toLowerCase()))];
    const meters = new Map(await Promise.all(meterIds.map(async (id) => [id, await registry.meter(id as `0x${string}`)] as const)));
    return store.transaction(async (tx) => {
      const { rows } = await tx.query<{ meter_id: string; sequence: string; energy_wh: string }>(
        `SELECT DISTINCT ON (meter_id) meter_id, sequence::text AS sequence, energy_wh::text AS energy_wh
           FROM readings WHERE meter_id = ANY($1) ORDER BY readings.meter_id, readings.sequence DESC`,
        [meterIds],
      );
      const last = new Map(rows.map((r) => [r.meter_id, { sequence: BigInt(r.sequence), energyWh: BigInt(r.energy_wh) }]));
      const t = BigInt(now());
      const accepted: Reading[] = [];
      const rejected: BatchAnswer["body"]["rejected"] = [];
      batch.readings.forEach((reading, index) => {
        const id = reading.meterId.toLowerCase();
        const meter = meters.get(id)!;
        const previous = last.get(id);
        let reason: ReadingRejection | undefined;
        if (meter.status === DeviceStatus.None) reason = "unknown_meter";
        else if (meter.assetId !== batch.assetId || meter.gateway !== getAddress(batch.gateway)) reason = "meter_of_other_gateway";
        else if (meter.status !== DeviceStatus.Active) reason = "meter_not_active";
        else if (previous && reading.sequence <= previous.sequence) reason = "duplicate_sequence";
        else if (reading.timestamp > t + BigInt(options.maxFutureSkewSeconds)) reason = "timestamp_in_future";
        else if (reading.timestamp < t - BigInt(options.maxReadingAgeSeconds)) reason = "timestamp_too_old";
        else if (previous && reading.energyWh < previous.energyWh) reason = "energy_decreasing";
        else if (reading.powerW > meter.maxPowerW) reason = "power_over_limit";
        if (reason) {
          rejected.push({ index, meterId: reading.meterId, sequence: reading.sequence.toString(), reason });
          return;
        }
        accepted.push(reading);
        last.set(id, { sequence: reading.sequence, energyWh: reading.energyWh });
      });
      if (accepted.length > 0) {
        await tx.query(
          `INSERT INTO readings (meter_id, sequence, asset_id, ts, energy_wh, power_w, gateway, batch_sequence)
           SELECT m, s, $3, t, e, p, $4, $5 FROM unnest($1::text[], $2::numeric[], $6::bigint[], $7::numeric[], $8::bigint[]) AS u(m, s, t, e, p)`,
          [
            accepted.map((r) => r.meterId.toLowerCase()),
            accepted.map((r) => r.sequence.toString()),
            batch.assetId.toString(),
            getAddress(batch.gateway),
            batch.batchSequence.toString(),
            accepted.map((r) => r.timestamp.toString()),
            accepted.map((r) => r.energyWh.toString()),
            accepted.map((r) => r.powerW),
          ],
        );
      }
      const statusCode = rejected.length === 0 ? 200 : accepted.length === 0 ? 422 : 207;
      const body = { gateway: getAddress(batch.gateway), batchSequence: batch.batchSequence.toString(), accepted: accepted.length, rejected };
      await tx.query(
        `INSERT INTO batches (gateway, batch_sequence, asset_id, readings_root, signature, reading_count, accepted_count, status_code, result)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [getAddress(batch.gateway), batch.batchSequence.toString(), batch.assetId.toString(), batch.readingsRoot.toLowerCase(), batch.signature, batch.readings.length, accepted.length, statusCode, JSON.stringify(body)],
      );
      metrics.readingsAccepted.inc(accepted.length);
      for (const r of rejected) metrics.readingRejections.inc({ reason: r.reason });
      return { statusCode, body };
    });
  }

  return async function ingest(batch: SignedBatch): Promise<BatchAnswer> {
    const gateway = getAddress(batch.gateway);
    const previous = gatewayQueues.get(gateway) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => accept(batch));
    gatewayQueues.set(gateway, run);
    try {
      return await run;
    } finally {
      if (gatewayQueues.get(gateway) === run) gatewayQueues.delete(gateway);
    }
  };
}
