/**
 * Durable outbox on node:sqlite (built into Node 22, no native addon to build offline), in WAL mode with
 * synchronous=FULL so every commit is fsynced before it returns.
 *
 * - An accepted reading and its meter's new validation state are written in one transaction, before the
 *   MQTT QoS 1 acknowledgement leaves (a crash after it never loses a reading; a redelivery before it is
 *   then dropped as a duplicate).
 * - Sealing takes pending readings, assigns the next batchSequence, and stores the signed body in the
 *   same transaction that deletes those pending readings, so a sequence is never reused and a reading is in
 *   exactly one batch. A body is sent only after it is committed and every retry resends it byte for byte:
 *   the relay deduplicates by (gateway, batchSequence), so each reading reaches it exactly once.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { MeterState } from "./validation.ts";
import type { ReadingBatchBody as BatchBody, Reading } from "@cowatt/deployments/metering";
import type { Hex } from "viem";

export interface StoredBatch {
  batchSequence: bigint;
  body: string;
  readingCount: number;
  attempts: number;
}

export class Outbox {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meter_state (
        meter_id TEXT PRIMARY KEY, sequence TEXT NOT NULL, timestamp TEXT NOT NULL, energy_wh TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS pending_readings (
        id INTEGER PRIMARY KEY AUTOINCREMENT, meter_id TEXT NOT NULL, sequence TEXT NOT NULL,
        timestamp TEXT NOT NULL, energy_wh TEXT NOT NULL, power_w INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS batches (
        batch_sequence INTEGER PRIMARY KEY, gateway TEXT NOT NULL, body TEXT NOT NULL,
        reading_count INTEGER NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'pending', last_error TEXT, settled_at INTEGER);
      CREATE INDEX IF NOT EXISTS batches_status ON batches (status, batch_sequence);
    `);
  }

  meterState(meterId: Hex): MeterState | undefined {
    const row = this.db.prepare("SELECT sequence, timestamp, energy_wh FROM meter_state WHERE meter_id = ?").get(meterId) as
      | { sequence: string; timestamp: string; energy_wh: string }
      | undefined;
    if (!row) return undefined;
    return { sequence: BigInt(row.sequence), timestamp: BigInt(row.timestamp), energyWh: BigInt(row.energy_wh) };
  }

  /** Stores an accepted reading and advances its meter's state atomically. */
  accept(reading: Reading): void {
    this.transaction(() => {
      this.db
        .prepare("INSERT INTO pending_readings (meter_id, sequence, timestamp, energy_wh, power_w) VALUES (?, ?, ?, ?, ?)")
        .run(reading.meterId, reading.sequence.toString(), reading.timestamp.toString(), reading.energyWh.toString(), reading.powerW);
      this.db
        .prepare(
          `INSERT INTO meter_state (meter_id, sequence, timestamp, energy_wh) VALUES (?, ?, ?, ?)
           ON CONFLICT (meter_id) DO UPDATE SET sequence = excluded.sequence, timestamp = excluded.timestamp, energy_wh = excluded.energy_wh`,
        )
        .run(reading.meterId, reading.sequence.toString(), reading.timestamp.toString(), reading.energyWh.toString());
    });
  }

  pendingReadingCount(): number {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM pending_readings").get() as { n: number }).n);
  }

  oldestPendingReadingId(): number | undefined {
    const row = this.db.prepare("SELECT MIN(id) AS id FROM pending_readings").get() as { id: number | null };
    return row.id ?? undefined;
  }

  /** The oldest pending readings, up to `limit`, in arrival order. */
  takePending(limit: number): { ids: number[]; readings: Reading[] } {
    const rows = this.db
      .prepare("SELECT id, meter_id, sequence, timestamp, energy_wh, power_w FROM pending_readings ORDER BY id LIMIT ?")
      .all(limit) as { id: number; meter_id: Hex; sequence: string; timestamp: string; energy_wh: string; power_w: number }[];
    return {
      ids: rows.map((r) => r.id),
      readings: rows.map((r) => ({
        meterId: r.meter_id,
        sequence: BigInt(r.sequence),
        timestamp: BigInt(r.timestamp),
        energyWh: BigInt(r.energy_wh),
        powerW: Number(r.power_w),
      })),
    };
  }

  /** The sequence the next batch gets: one past the highest ever stored (never reused, even after delivery). */
  nextBatchSequence(): bigint {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'next_batch_sequence'").get() as { value: string } | undefined;
    return row ? BigInt(row.value) : 1n;
  }

  /** Commits a signed batch and removes its readings from the pending set, in one transaction. */
  seal(body: BatchBody, pendingIds: number[]): void {
    const sequence = BigInt(body.batchSequence);
    this.transaction(() => {
      if (sequence !== this.nextBatchSequence()) throw new Error(`batch sequence ${sequence} is not the next one`);
      this.db
        .prepare("INSERT INTO batches (batch_sequence, gateway, body, reading_count, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(Number(sequence), body.gateway, JSON.stringify(body), body.readings.length, Date.now());
      const remove = this.db.prepare("DELETE FROM pending_readings WHERE id = ?");
      for (const id of pendingIds) remove.run(id);
      this.db
        .prepare("INSERT INTO meta (key, value) VALUES ('next_batch_sequence', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .run((sequence + 1n).toString());
    });
  }

  /** Undelivered batches in sequence order. */
  undelivered(limit = 16): StoredBatch[] {
    const rows = this.db
      .prepare("SELECT batch_sequence, body, reading_count, attempts FROM batches WHERE status = 'pending' ORDER BY batch_sequence LIMIT ?")
      .all(limit) as { batch_sequence: number; body: string; reading_count: number; attempts: number }[];
    return rows.map((r) => ({
      batchSequence: BigInt(r.batch_sequence),
      body: r.body,
      readingCount: Number(r.reading_count),
      attempts: Number(r.attempts),
    }));
  }

  undeliveredCount(): number {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM batches WHERE status = 'pending'").get() as { n: number }).n);
  }

  recordAttempt(sequence: bigint, error: string | null): void {
    this.db.prepare("UPDATE batches SET attempts = attempts + 1, last_error = ? WHERE batch_sequence = ?").run(error, Number(sequence));
  }

  /** Final outcome: delivered (relay accepted it) or rejected (relay refused it for good; kept for inspection). */
  settle(sequence: bigint, status: "delivered" | "rejected", error: string | null = null): void {
    this.db
      .prepare("UPDATE batches SET status = ?, last_error = ?, settled_at = ? WHERE batch_sequence = ?")
      .run(status, error, Date.now(), Number(sequence));
  }

  batchStatusCounts(): Record<string, number> {
    const rows = this.db.prepare("SELECT status, COUNT(*) AS n FROM batches GROUP BY status").all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  close(): void {
    this.db.close();
  }

  private transaction(work: () => void): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      work();
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }
}
