import path from "node:path";
import { z } from "zod";

const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["true", "1", "yes"].includes(v)));

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.url().optional(),
  /** TLS to Postgres without certificate checks (Heroku). Defaults to on for non-local hosts. */
  DATABASE_SSL: boolish,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.url().optional(),
  /** Folder for the embedded database when DATABASE_URL is not set. */
  DATA_DIR: z.string().default(".data"),
  ADMIN_EMAIL: z.email().default("admin@example.com"),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Serve the Next.js console and widget pages from this process (off in some tests). */
  SERVE_WEB: boolish,
  NODE_ENV: z.string().default("development"),
  /** The address people reach this app at; links in mails (invitations, password resets) are built from it. */
  PUBLIC_URL: z.url().optional(),
  /** Messages one author may send per 10 seconds. */
  MESSAGE_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  /** New anonymous visitors one client address may create in 10 minutes (a site: ten times as many a minute). */
  NEW_VISITOR_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * How many proxies in front of the app to believe about the client's address and protocol (X-Forwarded-*):
   * Heroku's router is one. Unset: 1 on a Heroku dyno, else none, so a forged X-Forwarded-For changes nothing.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).optional(),
  /** `off`: this node writes domain events but leaves their durable consumers to the other nodes. */
  OUTBOX_WORKER: z.enum(["on", "off"]).default("on"),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databaseSsl: boolean;
  databasePoolMax: number;
  redisUrl: string | undefined;
  dataDir: string;
  adminEmail: string;
  adminPassword: string | undefined;
  serveWeb: boolean;
  dev: boolean;
  logLevel: string;
  messageRateLimit: number;
  newVisitorRateLimit: number;
  /** Proxy hops whose X-Forwarded-* headers are believed (0: none). */
  trustProxy: number;
  /** Whether this node handles outbox deliveries (automatic assignment drains; later webhooks, automation). */
  outboxWorker: boolean;
  /** Undefined on a developer's machine, where links use the request's own host. */
  publicUrl: string | undefined;
}

/** Read configuration from the environment; throws a readable error naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const isLocal = (url: string) => ["localhost", "127.0.0.1", "::1", "[::1]"].includes(new URL(url).hostname);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseSsl: e.DATABASE_SSL ?? (e.DATABASE_URL ? !isLocal(e.DATABASE_URL) : false),
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL,
    dataDir: path.resolve(e.DATA_DIR),
    adminEmail: e.ADMIN_EMAIL.toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD,
    serveWeb: e.SERVE_WEB ?? true,
    dev: e.NODE_ENV === "development" && process.argv.includes("--dev"),
    logLevel: e.LOG_LEVEL,
    messageRateLimit: e.MESSAGE_RATE_LIMIT,
    newVisitorRateLimit: e.NEW_VISITOR_RATE_LIMIT,
    outboxWorker: e.OUTBOX_WORKER === "on",
    trustProxy: e.TRUST_PROXY ?? (env.DYNO ? 1 : 0),
    // Never the request's Host header on a real deployment: a forged Host would send reset links elsewhere.
    publicUrl: e.PUBLIC_URL ?? (env.HEROKU_APP_NAME ? `https://${env.HEROKU_APP_NAME}.herokuapp.com` : undefined),
  };
}
