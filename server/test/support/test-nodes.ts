// Real server processes on a fresh database: created, migrated as the release phase does, then the nodes.
import { asc } from "drizzle-orm";
import { openPostgres, schema, type Database } from "../../src/db/client";
import { startNode, type NodeProcess } from "./node-process";
import { createTestDatabase, REDIS_URL } from "./services";

export interface TestNodes {
  nodes: NodeProcess[];
  /** The test database, open for assertions and seeding; closed by `stop`. */
  database: Database;
  databaseUrl: string;
  /** The first-run seeded site's public key. */
  siteKey: string;
  stop(): Promise<void>;
}

/**
 * Start one node per entry of `envs` (each merged over `env`) on one new database and the shared Redis,
 * without the web pages. The nodes start together, as dynos do, so the first-run seed races as in production.
 */
export async function startTestNodes(env: Record<string, string>, envs: Record<string, string>[] = [{}, {}]): Promise<TestNodes> {
  const test = await createTestDatabase();
  const database = await openPostgres({ url: test.url });
  await database.migrate(); // the release phase
  const common = { DATABASE_URL: test.url, REDIS_URL, SERVE_WEB: "false", ...env };
  const nodes = await Promise.all(envs.map((e) => startNode({ ...common, ...e })));
  const [site] = await database.db.select().from(schema.sites).orderBy(asc(schema.sites.createdAt)).limit(1);
  return {
    nodes,
    database,
    databaseUrl: test.url,
    siteKey: site?.publicKey ?? "",
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      await database.close();
      await test.drop();
    },
  };
}
