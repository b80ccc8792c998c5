// Two real nodes (A and B) of the built app on one test database and the shared Redis.
import os from "node:os";
import { Redis } from "ioredis";
import path from "node:path";
import { openPostgres, schema } from "../../server/src/db/client";
import { startNode, type NodeProcess } from "../../server/test/support/node-process";
import { createTestDatabase, havePostgres, haveRedis, REDIS_URL } from "../../server/test/support/services";

export const ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password" };

export default async function globalSetup() {
  if (!((await havePostgres()) && (await haveRedis()))) {
    process.env.E2E_SKIP = "Postgres or Redis is not reachable (see the warning above)";
    return;
  }
  // Every spec runs from 127.0.0.1 against the shared Redis: counts an earlier run left (sign-in attempts, mailed
  // links, new visitors) would refuse this run's; start from none.
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const counted = await redis.keys("kaiwa:rl:*");
  if (counted.length > 0) await redis.del(...counted);
  redis.disconnect();
  const test = await createTestDatabase();
  const database = await openPostgres({ url: test.url });
  await database.migrate();
  const mailLog = path.join(os.tmpdir(), `kaiwa-e2e-mail-${process.pid}.jsonl`);
  process.env.E2E_MAIL_LOG = mailLog;
  const env = {
    DATABASE_URL: test.url,
    REDIS_URL,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    NODE_ENV: "production",
    APP_STAGE: "test",
    // Invitation and password-reset mails land here as JSON lines (accounts.spec.ts follows their links).
    MAIL_LOG_FILE: mailLog,
  };
  let nodes: NodeProcess[] = [];
  try {
    nodes = await Promise.all([startNode(env, { timeoutMs: 120_000 }), startNode(env, { timeoutMs: 120_000 })]);
  } catch (err) {
    await database.close();
    await test.drop();
    throw err;
  }
  const [site] = await database.db.select().from(schema.sites);
  await database.close();
  process.env.NODE_A_URL = nodes[0]!.url;
  process.env.NODE_B_URL = nodes[1]!.url;
  process.env.E2E_SITE_KEY = site!.publicKey;
  process.env.E2E_DATABASE_URL = test.url; // specs that seed their own workspaces (feedback.spec.ts)
  // Specs that need sites with particular settings create them in this database.
  process.env.E2E_DATABASE_URL = test.url;
  process.env.E2E_ADMIN_EMAIL = ADMIN.email;
  process.env.E2E_ADMIN_PASSWORD = ADMIN.password;
  return async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await test.drop();
  };
}
