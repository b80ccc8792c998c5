// A real node for the hostile-input suites: PGlite in memory, the in-process adapter, and a logger whose lines the
// test can read (to prove what is never logged). Rate limits can be lifted so a fuzzer reaches the database with
// every case instead of being refused after the first thirty.
import pino from "pino";
import { createApp, type App } from "../../src/app";
import { openPglite, type Database } from "../../src/db/client";
import type { RateLimits } from "../../src/rate-limits";
import { memoryBus } from "../../src/realtime/bus";

export interface HostileApp {
  database: Database;
  app: App;
  base: string;
  /** Every log line written so far, as JSON text. */
  logs: string[];
  track<T extends { disconnect(): unknown }>(socket: T): T;
  close(): Promise<void>;
}

/** Rate limits that never refuse: every limiter method resolves (with true, for the ones asking "allowed?"). */
export const noRateLimits = new Proxy({}, { get: () => async () => true }) as RateLimits;

/** Start a node on a migrated in-memory database; `seed` runs before it listens. */
export async function startHostileApp(seed?: (database: Database) => Promise<void>, opts: { rateLimits?: RateLimits } = {}): Promise<HostileApp> {
  const database = await openPglite();
  await database.migrate();
  await seed?.(database);
  const logs: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(line) });
  const app = createApp({ db: database.db, bus: memoryBus(), logger, config: { describeDatabase: "pglite:memory" }, rateLimits: opts.rateLimits });
  const base = `http://127.0.0.1:${await app.listen(0, "127.0.0.1")}`;
  const sockets: { disconnect(): unknown }[] = [];
  return {
    database,
    app,
    base,
    logs,
    track: (s) => (sockets.push(s), s),
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await database.close();
    },
  };
}
