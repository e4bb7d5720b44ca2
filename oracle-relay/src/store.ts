/**
 * Storage of batches and readings: PGlite (embedded PostgreSQL, in memory or in a data directory) by default,
 * PostgreSQL when a connection string is given. Same SQL on both; ordered migrations; every write of a batch is
 * one transaction, committed before the relay answers 2xx.
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Store extends Queryable {
  readonly kind: "pglite" | "postgres";
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; PGlite when absent. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created when missing); default public. */
  schema?: string;
  /** PGlite data directory; in memory when absent. */
  dataDir?: string;
}

/** Ordered migrations; each runs once, in its own transaction, recorded in relay_migrations. */
export const migrations: readonly string[] = [
  `CREATE TABLE batches (
     gateway TEXT NOT NULL,
     batch_sequence NUMERIC(20) NOT NULL,
     asset_id NUMERIC(78) NOT NULL,
     readings_root TEXT NOT NULL,
     signature TEXT NOT NULL,
     reading_count INTEGER NOT NULL,
     accepted_count INTEGER NOT NULL,
     status_code INTEGER NOT NULL,
     result JSONB NOT NULL,
     received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
     PRIMARY KEY (gateway, batch_sequence)
   );
   CREATE TABLE readings (
     meter_id TEXT NOT NULL,
     sequence NUMERIC(20) NOT NULL,
     asset_id NUMERIC(78) NOT NULL,
     ts BIGINT NOT NULL,
     energy_wh NUMERIC(39) NOT NULL,
     power_w BIGINT NOT NULL,
     gateway TEXT NOT NULL,
     batch_sequence NUMERIC(20) NOT NULL,
     PRIMARY KEY (meter_id, sequence)
   );
   CREATE INDEX readings_asset_ts ON readings (asset_id, ts);`,
];

const validSchema = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options.databaseUrl, options.schema) : await openPglite(options.dataDir);
  await migrate(store);
  return store;
}

async function openPglite(dataDir?: string): Promise<Store> {
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  return {
    kind: "pglite",
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await db.query<T>(sql, params)).rows }),
    transaction: (work) =>
      db.transaction((tx) => work({ query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await tx.query<T>(sql, params)).rows }) })),
    close: () => db.close(),
  };
}

async function openPostgres(connectionString: string, schema?: string): Promise<Store> {
  if (schema !== undefined && !validSchema.test(schema)) throw new Error(`invalid schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).finally(() => admin.end());
  }
  const pool = new pg.Pool({ connectionString, max: 8, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const query = async <T>(sql: string, params?: unknown[]) => ({ rows: (await pool.query(sql, params)).rows as T[] });
  return {
    kind: "postgres",
    query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work({ query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }) });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function migrate(store: Store) {
  await store.query("CREATE TABLE IF NOT EXISTS relay_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  const applied = new Set((await store.query<{ version: number }>("SELECT version FROM relay_migrations")).rows.map((r) => Number(r.version)));
  for (const [index, sql] of migrations.entries()) {
    const version = index + 1;
    if (applied.has(version)) continue;
    await store.transaction(async (tx) => {
      for (const statement of sql.split(";").map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query("INSERT INTO relay_migrations (version) VALUES ($1)", [version]);
    });
  }
}
