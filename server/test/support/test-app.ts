// One real node for integration tests: express + Socket.IO on a free port, PGlite in memory, in-process adapter.
import pino from "pino";
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
export async function startTestApp(seed?: (database: Database) => Promise<void>, opts: { mailer?: Mailer } = {}): Promise<TestApp> {
  const database = await openPglite();
  await database.migrate();
  await seed?.(database);
  const app = createApp({ db: database.db, bus: memoryBus(), logger: pino({ level: "silent" }), config: { describeDatabase: "pglite:memory" }, mailer: opts.mailer });
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
