/**
 * Both storage back ends run the same SQL: PGlite (in memory) and the machine's PostgreSQL
 * (postgres://postgres@127.0.0.1:5432/test, or RELAY_TEST_DATABASE_URL; a unique schema per run, dropped
 * afterwards; skipped when unreachable). Per back end: migrations apply once and reopening is a no-op, a
 * failed transaction leaves nothing, and a period summary over the same readings is the same on both and
 * equals values computed here independently (interpolated energy, counts, Merkle root, raw-leaf CID =
 * sha2-256 of the file, relay signature over the protocol digest).
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import pg from "pg";
import { encodeAbiParameters, keccak256, recoverMessageAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { migrations, openStore, type Store, type StoreOptions } from "../src/store.ts";
import { periodFile, summarize, type Summary } from "../src/summary.ts";
import { fastReadingsRoot } from "../src/merkle.ts";
import { createGroupWriter, type BatchWrite } from "../src/writer.ts";

const databaseUrl = process.env.RELAY_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `relay_test_${process.pid}_${Date.now()}`;
const relayKey = privateKeyToAccount("0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");
const chainId = 31337;

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const meterA = `0x${"0a".repeat(32)}` as Hex;
const meterB = `0x${"0b".repeat(32)}` as Hex;
const meterC = `0x${"0c".repeat(32)}` as Hex;
const gateway = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const assetId = 7n;
const start = 1000n;
const end = 1300n;
// Meter A grows 1 Wh/s with readings off the boundaries (interpolated: 1060 at start, 1360 at end → 300 Wh);
// meter B has readings exactly on both boundaries (5000 → 5600 → 600 Wh). The reading at `end` is outside.
// Meter C starts inside the period (its first register counts from there: 0) and ends between 1100 (50) and
// 1400 (200) → 150 Wh; its sequences 9, 10, 11 catch a text instead of numeric ordering ("10" < "9").
const rows: [Hex, bigint, bigint, bigint][] = [
  [meterA, 1n, 940n, 1000n],
  [meterA, 2n, 1060n, 1120n],
  [meterA, 3n, 1240n, 1300n],
  [meterA, 4n, 1360n, 1420n],
  [meterB, 1n, 1000n, 5000n],
  [meterB, 2n, 1150n, 5300n],
  [meterB, 3n, 1300n, 5600n],
  [meterC, 9n, 1010n, 0n],
  [meterC, 10n, 1100n, 50n],
  [meterC, 11n, 1400n, 200n],
];
const inside = rows.filter(([, , ts]) => ts >= start && ts < end);

async function seed(store: Store) {
  await store.transaction(async (tx) => {
    for (const [meterId, sequence, ts, energyWh] of rows) {
      await tx.query(
        "INSERT INTO readings (meter_id, sequence, asset_id, ts, energy_wh, power_w, gateway, batch_sequence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [meterId, sequence.toString(), assetId.toString(), ts.toString(), energyWh.toString(), 1000, gateway, "1"],
      );
    }
  });
}

const summaries: Summary[] = [];
const backends: { name: string; options: () => Promise<StoreOptions | undefined> }[] = [
  { name: "PGlite (in memory)", options: async () => ({}) },
  { name: "PostgreSQL", options: async () => ((await postgresReachable()) ? { databaseUrl, schema } : undefined) },
];

after(async () => {
  if (!(await postgresReachable())) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

for (const backend of backends) {
  describe(`store on ${backend.name}`, async () => {
    const options = await backend.options();
    if (!options) {
      it("PostgreSQL is not reachable: skipped", { skip: `no server at ${databaseUrl}` }, () => {});
      return;
    }
    const store = await openStore(options);
    after(() => store.close());

    it("applies each migration once; reopening the same database is a no-op", async () => {
      const applied = await store.query<{ version: number }>("SELECT version FROM relay_migrations ORDER BY version");
      assert.deepEqual(applied.rows.map((r) => Number(r.version)), migrations.map((_, i) => i + 1));
      if (options.databaseUrl) {
        const again = await openStore(options);
        const reapplied = await again.query<{ n: string }>("SELECT count(*)::text AS n FROM relay_migrations");
        assert.equal(reapplied.rows[0]!.n, String(migrations.length));
        await again.close();
      }
    });

    it("a failed transaction leaves nothing behind", async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.query(
            "INSERT INTO readings (meter_id, sequence, asset_id, ts, energy_wh, power_w, gateway, batch_sequence) VALUES ($1, 1, 1, 1, 1, 1, $2, 1)",
            [`0x${"ff".repeat(32)}`, gateway],
          );
          await tx.query("SELECT no_such_column FROM readings");
        }),
      );
      const left = await store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings WHERE meter_id = $1", [`0x${"ff".repeat(32)}`]);
      assert.equal(left.rows[0]!.n, "0");
    });

    it("the same reading cannot be stored twice (meter, sequence)", async () => {
      await seed(store);
      await assert.rejects(seed(store));
      const count = await store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings");
      assert.equal(count.rows[0]!.n, String(rows.length));
    });

    it("summarizes a period: interpolated energy, counts, sorted root, raw-leaf CID, relay signature", async () => {
      const summary = await summarize(store, { chainId, account: relayKey }, assetId, start, end);
      summaries.push(summary);
      assert.equal(summary.energyWh, "1050");
      assert.equal(summary.readingCount, String(inside.length));
      assert.equal(summary.sourceCount, "3");
      const sorted = inside.map(([meterId, sequence, timestamp, energyWh]) => ({ meterId, sequence, timestamp, energyWh, powerW: 1000 }));
      assert.equal(summary.readingsRoot, fastReadingsRoot(sorted));
      // A file under one chunk imported with raw leaves is a single raw block: codec 0x55, digest = sha2-256(file).
      const file = periodFile(assetId, start, end, sorted);
      assert.equal(summary.cidCodec, String(0x55));
      assert.equal(summary.cidDigest, `0x${createHash("sha256").update(file).digest("hex")}`);
      const digest = keccak256(
        encodeAbiParameters(
          [
            { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" },
            { type: "uint256" }, { type: "uint256" }, { type: "bytes32" }, { type: "uint256" }, { type: "bytes32" },
          ],
          [BigInt(chainId), assetId, start, end, 1050n, BigInt(inside.length), 3n, summary.readingsRoot, 0x55n, summary.cidDigest],
        ),
      );
      assert.equal(await recoverMessageAddress({ message: { raw: digest }, signature: summary.signature }), relayKey.address);
    });

    it("an empty period has zero energy, readings and sources", async () => {
      const summary = await summarize(store, { chainId, account: relayKey }, assetId, 5000n, 5300n);
      assert.equal(summary.energyWh, "0");
      assert.equal(summary.readingCount, "0");
      assert.equal(summary.sourceCount, "0");
    });

    // Group commit (src/writer.ts), on another asset so the summaries above are unaffected.
    const write = (batchSequence: bigint, readings: [Hex, bigint][]): BatchWrite => ({
      gateway,
      batchSequence,
      assetId: 99n,
      readingsRoot: `0x${batchSequence.toString(16).padStart(64, "0")}`,
      signature: `0x${"11".repeat(65)}`,
      readingCount: readings.length,
      statusCode: 200,
      result: { gateway, batchSequence: batchSequence.toString(), accepted: readings.length, rejected: [] },
      accepted: readings.map(([meterId, sequence]) => ({ meterId, sequence, timestamp: 2000n + sequence, energyWh: 10n * sequence, powerW: 5 })),
    });
    const meter99 = (n: number) => `0x${(0x9900 + n).toString(16).padStart(64, "0")}` as Hex;
    const storedBatches = async () =>
      (await store.query<{ batch_sequence: string; result: unknown }>("SELECT batch_sequence::text AS batch_sequence, result FROM batches WHERE asset_id = 99 ORDER BY batch_sequence")).rows;
    const storedReadings = async () => Number((await store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings WHERE asset_id = 99")).rows[0]!.n);

    it("group commit: batches arriving during a write are committed together by the next one, each resolved after it", async () => {
      const groups: number[] = [];
      const writer = createGroupWriter(store, { onCommit: (batches) => groups.push(batches) });
      const written = [1n, 2n, 3n, 4n, 5n].map((b) => writer.write(write(b, [[meter99(Number(b)), 1n], [meter99(Number(b)), 2n]])));
      // The first write is in flight alone; the four queued behind it share one statement.
      await Promise.all(written);
      assert.deepEqual(groups, [1, 4]);
      assert.equal(await storedReadings(), 10);
      const batches = await storedBatches();
      assert.deepEqual(batches.map((b) => b.batch_sequence), ["1", "2", "3", "4", "5"]);
      const result = typeof batches[2]!.result === "string" ? JSON.parse(batches[2]!.result) : batches[2]!.result;
      assert.deepEqual(result, { gateway, batchSequence: "3", accepted: 2, rejected: [] });
    });

    it("group commit: a batch whose write fails fails alone; the others of its group are committed", async () => {
      const writer = createGroupWriter(store);
      const first = writer.write(write(6n, [[meter99(6), 1n]]));
      // Queued together behind the first: the middle one repeats a stored (meter, sequence).
      const group = [write(7n, [[meter99(7), 1n]]), write(8n, [[meter99(1), 1n]]), write(9n, [[meter99(9), 1n]])].map((w) => writer.write(w));
      const outcomes = await Promise.allSettled([first, ...group]);
      assert.deepEqual(outcomes.map((o) => o.status), ["fulfilled", "fulfilled", "rejected", "fulfilled"]);
      assert.equal(((outcomes[2] as PromiseRejectedResult).reason as { code?: string }).code, "23505");
      assert.deepEqual((await storedBatches()).map((b) => b.batch_sequence), ["1", "2", "3", "4", "5", "6", "7", "9"]);
      assert.equal(await storedReadings(), 13);
    });
  });
}

describe("back ends agree", () => {
  it("PGlite and PostgreSQL produce the same summary from the same readings", (t) => {
    if (summaries.length < 2) return t.skip("needs both back ends");
    assert.deepEqual(summaries[0], summaries[1]);
  });
});
