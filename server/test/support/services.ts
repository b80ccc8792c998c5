// Which real services the suites can use. Missing ones are skipped loudly on a laptop and fail under CI=true.
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";

// Heroku CI provides in-dyno services as DATABASE_URL and REDIS_URL.
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const isCI = process.env.CI === "true" || process.env.CI === "1";

async function canConnectPostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function canConnectRedis(): Promise<string | null> {
  const url = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    socket.setTimeout(2000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (d) => {
      socket.destroy();
      resolve(d.toString().startsWith("+PONG") ? null : `unexpected reply ${d.toString().trim()}`);
    });
    socket.once("timeout", () => (socket.destroy(), resolve("timeout")));
    socket.once("error", (err) => resolve(err.message));
  });
}

/**
 * True when the service answers. Otherwise: under CI a thrown error (a missing service is a failure),
 * elsewhere a loud warning and false so the suite skips.
 */
async function require(name: string, problem: string | null, hint: string): Promise<boolean> {
  if (!problem) return true;
  const message = `${name} is not reachable (${problem}). ${hint}`;
  if (isCI) throw new Error(`CI=true and ${message}`);
  console.warn(`\n!!! SKIPPING: ${message}\n`);
  return false;
}

export const havePostgres = async () =>
  require("PostgreSQL", await canConnectPostgres(), `Set TEST_POSTGRES_URL or start Postgres on ${POSTGRES_ADMIN_URL}.`);
export const haveRedis = async () =>
  require("Redis", await canConnectRedis(), `Set TEST_REDIS_URL or start Redis on ${REDIS_URL}.`);

/**
 * Create a fresh database for one suite, on the shared server or on `adminUrl` (a test's private instance);
 * `drop()` removes it, and is quiet when that instance is already gone with its databases.
 */
export async function createTestDatabase(
  adminUrl = POSTGRES_ADMIN_URL,
  prefix = "kaiwa_test",
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
      try {
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
      } catch (err) {
        if (adminUrl === POSTGRES_ADMIN_URL) throw err;
      } finally {
        await c.end().catch(() => {});
      }
    },
  };
}
