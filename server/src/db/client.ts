import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export { schema };

/** The one database type the domain sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A database handle plus what the composition root needs to manage it. */
export interface Database {
  db: Db;
  /** `postgres` (a real server through pg) or `pglite` (embedded, in a data folder or in memory). */
  kind: "postgres" | "pglite";
  /** Human-readable location for the start-up log, without credentials. */
  describe: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../drizzle");

/** Arbitrary constant: serialises migrations when several nodes start at once. */
const MIGRATION_LOCK_ID = 7_242_001;

export interface PostgresOptions {
  url: string;
  /** TLS without certificate verification, as Heroku Postgres requires. */
  ssl?: boolean;
  max?: number;
}

/** Connect to a real Postgres server through a pg Pool. */
export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  const { Pool } = (await import("pg")).default;
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({
    connectionString: opts.url,
    ssl: opts.ssl ? { rejectUnauthorized: false } : undefined,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  // A client losing its server (a Postgres restart) must not crash the process: idle clients report to the pool,
  // and a checked-out client between queries reports to itself (the pool stops listening while it is lent out).
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = drizzle(pool, { schema });
  const url = new URL(opts.url);
  return {
    db: db as unknown as Db,
    kind: "postgres",
    describe: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`,
    async migrate() {
      const lockClient = await pool.connect();
      try {
        await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
        await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
        lockClient.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Open embedded Postgres (PGlite) in `dataDir`, or in memory when dataDir is undefined. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    kind: "pglite",
    describe: dataDir ? `pglite:${dataDir}` : "pglite:memory",
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}
