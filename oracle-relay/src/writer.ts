/**
 * Group commit of accepted batches. Each verified batch (its valid readings and its answer) is handed to the
 * writer, which resolves only once the batch is committed, so "accepted" still means durable. Batches that
 * arrive while a write is in flight are written together by the next one: one statement (readings and answers
 * through unnest arrays, auto-committed, so one round trip and one WAL flush) for many batches under load, and
 * no added wait when idle. If a group's statement fails, its batches are retried one by one, so one bad batch
 * fails alone.
 */
import type { Queryable } from "./store.ts";
import type { Reading } from "./batch.ts";

export interface BatchWrite {
  gateway: string;
  batchSequence: bigint;
  assetId: bigint;
  readingsRoot: string;
  signature: string;
  readingCount: number;
  statusCode: number;
  /** The answer as sent to the gateway (stored for replays). */
  result: unknown;
  accepted: readonly Reading[];
}

export interface GroupWriterOptions {
  /** Writes in flight at once (each on its own connection). Default 1. */
  maxInFlight?: number;
  /** Batches per statement at most. Default 16. */
  maxGroup?: number;
  /** Called after each committed group (batches, readings). */
  onCommit?: (batches: number, readings: number) => void;
}

// Readings point at their batch by its 1-based position in the batch arrays.
const WRITE_SQL = `
WITH batch AS (
  SELECT * FROM unnest($7::text[], $8::numeric[], $9::numeric[], $10::text[], $11::text[], $12::int[], $13::int[], $14::int[], $15::jsonb[])
    WITH ORDINALITY AS b(gateway, batch_sequence, asset_id, readings_root, signature, reading_count, accepted_count, status_code, result, position)
), stored_readings AS (
  INSERT INTO readings (meter_id, sequence, asset_id, ts, energy_wh, power_w, gateway, batch_sequence)
  SELECT r.meter_id, r.sequence, batch.asset_id, r.ts, r.energy_wh, r.power_w, batch.gateway, batch.batch_sequence
    FROM unnest($1::int[], $2::text[], $3::numeric[], $4::bigint[], $5::numeric[], $6::bigint[]) AS r(position, meter_id, sequence, ts, energy_wh, power_w)
    JOIN batch ON batch.position = r.position
)
INSERT INTO batches (gateway, batch_sequence, asset_id, readings_root, signature, reading_count, accepted_count, status_code, result)
SELECT gateway, batch_sequence, asset_id, readings_root, signature, reading_count, accepted_count, status_code, result FROM batch`;

function parameters(group: readonly BatchWrite[]): unknown[] {
  const readingCount = group.reduce((n, w) => n + w.accepted.length, 0);
  const position = new Array<number>(readingCount);
  const meterId = new Array<string>(readingCount);
  const sequence = new Array<string>(readingCount);
  const ts = new Array<string>(readingCount);
  const energyWh = new Array<string>(readingCount);
  const powerW = new Array<number>(readingCount);
  let k = 0;
  group.forEach((write, index) => {
    for (const r of write.accepted) {
      position[k] = index + 1;
      meterId[k] = r.meterId.toLowerCase();
      sequence[k] = r.sequence.toString();
      ts[k] = r.timestamp.toString();
      energyWh[k] = r.energyWh.toString();
      powerW[k] = r.powerW;
      k++;
    }
  });
  return [
    position, meterId, sequence, ts, energyWh, powerW,
    group.map((w) => w.gateway),
    group.map((w) => w.batchSequence.toString()),
    group.map((w) => w.assetId.toString()),
    group.map((w) => w.readingsRoot.toLowerCase()),
    group.map((w) => w.signature),
    group.map((w) => w.readingCount),
    group.map((w) => w.accepted.length),
    group.map((w) => w.statusCode),
    group.map((w) => JSON.stringify(w.result)),
  ];
}

interface Pending {
  write: BatchWrite;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createGroupWriter(db: Queryable, options: GroupWriterOptions = {}) {
  const maxInFlight = options.maxInFlight ?? 1;
  const maxGroup = options.maxGroup ?? 16;
  let queue: Pending[] = [];
  let inFlight = 0;

  const writeGroup = (group: readonly BatchWrite[]) => db.query(WRITE_SQL, parameters(group));

  async function flush(group: Pending[]) {
    try {
      await writeGroup(group.map((p) => p.write));
      options.onCommit?.(group.length, group.reduce((n, p) => n + p.write.accepted.length, 0));
      for (const p of group) p.resolve();
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      // Nothing of the group was written (one statement); each batch on its own, so only a bad one fails.
      for (const p of group) {
        try {
          await writeGroup([p.write]);
          options.onCommit?.(1, p.write.accepted.length);
          p.resolve();
        } catch (single) {
          p.reject(single);
        }
      }
    }
  }

  function pump() {
    while (inFlight < maxInFlight && queue.length > 0) {
      const group = queue.slice(0, maxGroup);
      queue = queue.slice(maxGroup);
      inFlight++;
      void flush(group).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    /** Resolves once the batch's readings and answer are committed. */
    write(write: BatchWrite): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ write, resolve, reject });
        pump();
      });
    },
  };
}
