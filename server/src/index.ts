// Composition root: read configuration, open the database and the bus, build the app, listen.
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createApp, type WebHandler } from "./app";
import { loadConfig } from "./config";
import { describeError } from "./errors-to-api";
import { seedFirstRun } from "./domain/workspaces/seed-first-run";
import { openDatabase } from "./open-database";
import { currentStage } from "./stage";
import { memoryBus, redisBus } from "./realtime/bus";
import { createRateLimits, DEFAULT_RATE_LIMITS } from "./rate-limits";
import { fileMailer, logMailer } from "./mail/mailer";

const config = loadConfig(process.env);
// Every logged `err` goes through describeError: a failed query's parameters (what visitors wrote) never reach the log.
const logger = pino({ level: config.logLevel, base: { pid: process.pid, port: config.port }, serializers: { err: describeError } });

process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));

const database = await openDatabase(config);
if (database.kind === "pglite") {
  // The embedded default migrates itself; a real deployment migrates in its release phase (npm run db:migrate).
  await database.migrate();
}
const seed = await seedFirstRun(database.db, { adminEmail: config.adminEmail, adminPassword: config.adminPassword });
if (seed.seeded) {
  logger.info({ email: seed.adminEmail, siteKey: seed.siteKey }, "first run: demo workspace, site and admin created");
  if (seed.generatedPassword) {
    // Printed once, on the run that created the account; set ADMIN_PASSWORD to choose it instead.
    console.log(`\n  Admin sign-in: ${seed.adminEmail} / ${seed.generatedPassword}\n  (shown only this once)\n`);
  }
}

const bus = config.redisUrl ? redisBus(config.redisUrl, logger) : memoryBus();

let web: WebHandler | undefined;
if (config.serveWeb) {
  const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web");
  const nextModule = await import("next");
  const createNext = (nextModule.default ?? nextModule) as unknown as typeof import("next").default;
  const nextApp = createNext({ dev: config.dev, dir: webDir, hostname: "localhost", port: config.port });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();
  web = {
    handle: (req, res) => handle(req, res),
    upgrade: config.dev ? (nextApp.getUpgradeHandler() as WebHandler["upgrade"]) : undefined,
  };
}

const app = createApp({
  db: database.db,
  bus,
  logger,
  web,
  config: { describeDatabase: database.describe },
  // No mail service is wired yet: mails (invitation and reset links) go to the log, and to MAIL_LOG_FILE when set.
  mailer: process.env.MAIL_LOG_FILE
    ? fileMailer(logger, process.env.MAIL_LOG_FILE)
    : logMailer(logger, { withText: currentStage().stage === "development" }),
  publicUrl: config.publicUrl,
  rateLimits: createRateLimits(bus.commands, { ...DEFAULT_RATE_LIMITS, messages: config.messageRateLimit, newVisitorsPerAddress: config.newVisitorRateLimit }),
  outboxWorker: config.outboxWorker,
  trustProxy: config.trustProxy,
});
if (!config.publicUrl && !["development", "test"].includes(currentStage().stage)) {
  logger.warn("PUBLIC_URL is not set: links in mails use the request's Host header; set it to the app's address");
}
const port = await app.listen(config.port, config.host);
logger.info({ database: database.describe, adapter: bus.describe, web: config.serveWeb, stage: currentStage().stage, release: currentStage().release }, "listening");
console.log(`  Kaiwa is running: http://localhost:${port}  (console)   http://localhost:${port}/demo  (widget demo)`);
console.log(`  database: ${database.describe}   realtime: ${bus.describe}`);

// Heroku sends SIGTERM on every restart and deploy, then SIGKILL 30 s later: finish well inside that.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  logger.info({ signal, inflight: app.inflight }, "shutting down: draining requests, then moving clients to other nodes");
  const force = setTimeout(() => {
    logger.error("shutdown took too long; exiting anyway");
    process.exit(1);
  }, 25_000);
  force.unref();
  let code = 0;
  try {
    const { drained } = await app.close({ drainMs: 10_000 });
    if (!drained) logger.warn("some requests were still running after 10 s; their clients will retry");
    await bus.close(3000); // after the last broadcasts were queued
    await database.close();
  } catch (err) {
    logger.error({ err }, "shutdown failed");
    code = 1;
  } finally {
    logger.info({ ms: Date.now() - started }, "stopped");
    process.exit(code);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
