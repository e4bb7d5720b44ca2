/**
 * Accepting a gateway batch: authenticity first (gateway registered and Active for the asset, EIP-712
 * signature of this chain and registry, root of the listed readings), then each reading on its own. Valid
 * readings and the batch's answer are committed in one statement (src/writer.ts groups concurrent batches into
 * one commit) before the answer is sent; a resubmitted (gateway, batchSequence) gets the stored answer back.
 * Round trips per batch: one read (replay check and the meters' last readings, overlapped with the Merkle root
 * and signature check) and one share of a group write.
 */
import { getAddress, type Address } from "viem";
import type { Metrics } from "./metrics.ts";
import { DeviceStatus, type RegistryCache } from "./registry.ts";
import type { Store } from "./store.ts";
import { batchDigest, recoverSigner, type Reading, type SignedBatch } from "./batch.ts";
import type { RootPool } from "./roots.ts";
import { createGroupWriter } from "./writer.ts";

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
  /** Computes batch roots (worker threads or inline). */
  roots: RootPool;
  /** Largest accepted clock skew into the future, seconds. */
  maxFutureSkewSeconds: number;
  /** Oldest accepted reading age, seconds. */
  maxReadingAgeSeconds: number;
  now?: () => number;
  /** Group writes in flight at once (default 1 on PGlite, 2 on PostgreSQL). */
  writesInFlight?: number;
}

export function createIngest(options: IngestOptions) {
  const { chainId, registry, store, metrics } = options;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const writer = createGroupWriter(store, { maxInFlight: options.writesInFlight ?? (store.kind === "postgres" ? 2 : 1) });
  // One batch per gateway at a time: its meters' last readings are read, then extended by its write.
  const gatewayQueues = new Map<Address, Promise<unknown>>();

  interface StoredAnswer {
    root: string;
    statusCode: number;
    result: BatchAnswer["body"];
  }
  interface BatchState {
    replay: StoredAnswer | null;
    last: Map<string, { sequence: bigint; energyWh: bigint }>;
  }

  /**
   * One round trip: the stored answer of (gateway, batchSequence) if any, and the last stored reading of each
   * meter (its newest by sequence through the primary key: O(meters), however many readings are stored).
   */
  async function batchState(gateway: Address, batchSequence: bigint, meterIds: string[]): Promise<BatchState> {
    const { rows } = await store.query<{ replay: StoredAnswer | string | null; last: [string, string, string][] | string }>(
      `SELECT
         (SELECT json_build_object('root', readings_root, 'statusCode', status_code, 'result', result)
            FROM batches WHERE gateway = $1 AND batch_sequence = $2) AS replay,
         (SELECT coalesce(json_agg(json_build_array(m.id, l.sequence::text, l.energy_wh::text)), '[]'::json)
            FROM unnest($3::text[]) AS m(id)
            CROSS JOIN LATERAL (SELECT sequence, energy_wh FROM readings WHERE meter_id = m.id ORDER BY sequence DESC LIMIT 1) AS l) AS last`,
      [gateway, batchSequence.toString(), meterIds],
    );
    const row = rows[0]!;
    const parse = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);
    const replay = row.replay === null ? null : parse<StoredAnswer>(row.replay);
    const last = new Map(parse(row.last).map(([id, sequence, energyWh]) => [id, { sequence: BigInt(sequence), energyWh: BigInt(energyWh) }]));
    return { replay, last };
  }

  function replayAnswer(batch: SignedBatch, stored: StoredAnswer): BatchAnswer {
    if (stored.root !== batch.readingsRoot.toLowerCase()) {
      throw new BatchRejected(409, "batch_sequence_conflict", `batch ${batch.batchSequence} of ${batch.gateway} was already received with another root`);
    }
    const result = typeof stored.result === "string" ? (JSON.parse(stored.result) as BatchAnswer["body"]) : stored.result;
    return { statusCode: Number(stored.statusCode), body: { ...result, replay: true } };
  }

  async function authenticate(batch: SignedBatch) {
    const gateway = await registry.gateway(batch.gateway);
    if (gateway.status === DeviceStatus.None) throw new BatchRejected(403, "unknown_gateway", `gateway ${batch.gateway} is not registered`);
    if (gateway.status !== DeviceStatus.Active) throw new BatchRejected(403, "gateway_not_active", `gateway ${batch.gateway} is not active`);
    if (gateway.assetId !== batch.assetId) throw new BatchRejected(403, "wrong_asset", `gateway ${batch.gateway} reports for asset ${gateway.assetId}`);
    const root = await options.roots.readingsRoot(batch.readings);
    if (root !== batch.readingsRoot.toLowerCase()) throw new BatchRejected(400, "root_mismatch", `readingsRoot is not the root of the readings (${root})`);
    const digest = batchDigest(chainId, registry.address, { ...batch, readingCount: batch.readings.length });
    const signer = await recoverSigner(digest, batch.signature);
    if (signer !== getAddress(batch.gateway)) {
      throw new BatchRejected(401, "bad_signature", "the signature is not the gateway's over this batch, chain and registry");
    }
  }

  async function accept(batch: SignedBatch): Promise<BatchAnswer> {
    const gatewayAddress = getAddress(batch.gateway);
    const meterIds = [...new Set(batch.readings.map((r) => r.meterId.toLowerCase()))];
    // The read runs on the database while this thread checks the root and the signature; a stored answer
    // (replay) wins over the check, as the batch was authenticated when it was first received.
    const [{ replay, last }, authError] = await Promise.all([
      batchState(gatewayAddress, batch.batchSequence, meterIds),
      authenticate(batch).then(() => undefined, (error: unknown) => error),
    ]);
    if (replay) return replayAnswer(batch, replay);
    if (authError) throw authError;
    const meters = new Map(await Promise.all(meterIds.map(async (id) => [id, await registry.meter(id as `0x${string}`)] as const)));

    const t = BigInt(now());
    const newest = t + BigInt(options.maxFutureSkewSeconds);
    const oldest = t - BigInt(options.maxReadingAgeSeconds);
    const accepted: Reading[] = [];
    const rejected: BatchAnswer["body"]["rejected"] = [];
    batch.readings.forEach((reading, index) => {
      const id = reading.meterId.toLowerCase();
      const meter = meters.get(id)!;
      const previous = last.get(id);
      let reason: ReadingRejection | undefined;
      if (meter.status === DeviceStatus.None) reason = "unknown_meter";
      else if (meter.assetId !== batch.assetId || meter.gateway !== gatewayAddress) reason = "meter_of_other_gateway";
      else if (meter.status !== DeviceStatus.Active) reason = "meter_not_active";
      else if (previous && reading.sequence <= previous.sequence) reason = "duplicate_sequence";
      else if (reading.timestamp > newest) reason = "timestamp_in_future";
      else if (reading.timestamp < oldest) reason = "timestamp_too_old";
      else if (previous && reading.energyWh < previous.energyWh) reason = "energy_decreasing";
      else if (reading.powerW > meter.maxPowerW) reason = "power_over_limit";
      if (reason) {
        rejected.push({ index, meterId: reading.meterId, sequence: reading.sequence.toString(), reason });
        return;
      }
      accepted.push(reading);
      last.set(id, { sequence: reading.sequence, energyWh: reading.energyWh });
    });
    const statusCode = rejected.length === 0 ? 200 : accepted.length === 0 ? 422 : 207;
    const body = { gateway: gatewayAddress, batchSequence: batch.batchSequence.toString(), accepted: accepted.length, rejected };
    try {
      await writer.write({
        gateway: gatewayAddress,
        batchSequence: batch.batchSequence,
        assetId: batch.assetId,
        readingsRoot: batch.readingsRoot,
        signature: batch.signature,
        readingCount: batch.readings.length,
        statusCode,
        result: body,
        accepted,
      });
    } catch (error) {
      // Another relay on the same database committed this batch first: answer as a replay.
      if ((error as { code?: string }).code === "23505") {
        const stored = (await batchState(gatewayAddress, batch.batchSequence, [])).replay;
        if (stored) return replayAnswer(batch, stored);
      }
      throw error;
    }
    metrics.readingsAccepted.inc(accepted.length);
    for (const r of rejected) metrics.readingRejections.inc({ reason: r.reason });
    return { statusCode, body };
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
