// One real node for integration tests: express + Socket.IO on a free port, PGlite in memory, in-process adapter.
import pino, { type Logger } from "pino";
import type { RateLimits } from "../../src/rate-limits";
import { createApp, type App } from "../../src/app";
import { openPglite, type Database } from "../../src/db/client";
import { memoryBus } from "../../src/realtime/bus";
import type { Mailer } from "../../src/mail/mailer";

export interface TestApp {
  database: Database;
  app: App;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Sockets to disconnect on close. */
  track<T extends { disconnect(): unknown }>(socket: T): T;
  close(): Promise<void>;
}

/** Start a node on a migrated in-memory database; `seed` runs before it listens. */
export async function startTestApp(
  seed?: (database: Database) => Promise<void>,
  opts: { mailer?: Mailer; logger?: Logger; rateLimits?: RateLimits } = {},
): Promise<TestApp> {
  const database = await openPglite();
  await database.migrate();
  await seed?.(database);
  const logger = opts.logger ?? pino({ level: "silent" });
  const app = createApp({ db: database.db, bus: memoryBus(), logger, config: { describeDatabase: "pglite:memory" }, mailer: opts.mailer, rateLimits: opts.rateLimits });
  const base = `http://127.0.0.1:${await app.listen(0, "127.0.0.1")}`;
  const sockets: { disconnect(): unknown }[] = [];
  return {
    database,
    app,
    base,
    track: (s) => (sockets.push(s), s),
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await database.close();
    },
  };
}
