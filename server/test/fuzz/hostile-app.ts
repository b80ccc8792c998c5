// A real node for the hostile-input suites: PGlite in memory, the in-process adapter, and a logger whose lines the
// test can read (to prove what is never logged). Rate limits can be lifted so a fuzzer reaches the database with
// every case instead of being refused after the first thirty.
import pino from "pino";
import type { Database } from "../../src/db/client";
import type { RateLimits } from "../../src/rate-limits";
import { startTestApp, type TestApp } from "../support/test-app";

export interface HostileApp extends TestApp {
  /** Every log line written so far, as JSON text. */
  logs: string[];
}

/** Rate limits that never refuse: every limiter method resolves (with true, for the ones asking "allowed?"). */
export const noRateLimits = new Proxy({}, { get: () => async () => true }) as RateLimits;

/** Start a node on a migrated in-memory database; `seed` runs before it listens. */
export async function startHostileApp(seed?: (database: Database) => Promise<void>, opts: { rateLimits?: RateLimits } = {}): Promise<HostileApp> {
  const logs: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(line) });
  return { ...(await startTestApp(seed, { logger, rateLimits: opts.rateLimits })), logs };
}
