// Probes for a load balancer or an uptime check: `/healthz` says the process answers, `/readyz` that it can serve
// (Postgres, and Redis when this node uses it). Each check has a deadline, so a hung backend fails the probe
// instead of hanging it.
import { sql } from "drizzle-orm";
import express from "express";
import type { Logger } from "pino";
import type { Db } from "../db/client";

export interface HealthDeps {
  db: Db;
  /** The bus's command client (`bus.commands`); undefined on a single node without Redis. */
  redis?: { ping(): Promise<unknown> };
  logger?: Logger;
  /** Deadline of each readiness check. */
  timeoutMs?: number;
}

/** What one readiness check found: `ok`, `failed` (it threw) or `timeout`; `skipped` when not configured. */
export type CheckResult = "ok" | "failed" | "timeout" | "skipped";

const DEFAULT_TIMEOUT_MS = 2000;

class CheckTimeout extends Error {}

/** Run `check` with a deadline; the answer never waits longer than `timeoutMs`. */
async function runCheck(check: () => Promise<unknown>, timeoutMs: number): Promise<{ result: CheckResult; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), deadline]);
    return { result: "ok" };
  } catch (error) {
    return { result: error instanceof CheckTimeout ? "timeout" : "failed", error };
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /healthz` (liveness) and `GET /readyz` (Postgres and Redis reachable), both uncached. */
export function createHealthRouter(deps: HealthDeps) {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const router = express.Router();

  router.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ status: "ok" });
  });

  router.get("/readyz", async (_req, res) => {
    const redis = deps.redis;
    const [postgres, redisCheck] = await Promise.all([
      runCheck(() => deps.db.execute(sql`select 1`), timeoutMs),
      redis ? runCheck(() => redis.ping(), timeoutMs) : Promise.resolve({ result: "skipped" as const, error: undefined }),
    ]);
    const checks = { postgres: postgres.result, redis: redisCheck.result };
    const failed = Object.entries(checks)
      .filter(([, result]) => result === "failed" || result === "timeout")
      .map(([name]) => name);
    res.setHeader("Cache-Control", "no-store");
    if (failed.length === 0) {
      res.json({ status: "ok", checks });
      return;
    }
    // The reason goes to the log only: the probe is public, and driver errors name internal hosts.
    const errors = { postgres: postgres.error, redis: redisCheck.error };
    for (const name of failed) {
      const err = errors[name as keyof typeof errors];
      deps.logger?.warn({ check: name, err: err instanceof Error ? err.message : String(err) }, "readiness check failed");
    }
    res.status(503).json({ status: "unavailable", failed, checks });
  });

  return router;
}
