import path from "node:path";
import type { Config } from "./config";
import { openPglite, openPostgres, type Database } from "./db/client";

/** Postgres when DATABASE_URL is set, else embedded PGlite in DATA_DIR. */
export function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    return openPostgres({ url: config.databaseUrl, ssl: config.databaseSsl, max: config.databasePoolMax });
  }
  return openPglite(path.join(config.dataDir, "pglite"));
}
