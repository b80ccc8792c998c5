// Two admins demoting (or deactivating) each other at the same moment on a real Postgres: one succeeds, the other
// is refused, and the workspace always keeps an active admin. Never a deadlock, never a 500.
import { ErrorCodes } from "@kaiwa/shared";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, schema, type Database } from "../../src/db/client";
import { DomainError } from "../../src/domain/errors";
import { updateOperator } from "../../src/domain/operators/manage-operators";
import { createWorkspace } from "../../src/domain/workspaces/create-workspace";
import { PASSWORD } from "../support/fixtures";
import { createTestDatabase, havePostgres } from "../support/services";

const ready = await havePostgres();

describe.skipIf(!ready)("the last admin", () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const test = await createTestDatabase();
    drop = test.drop;
    database = await openPostgres({ url: test.url });
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it("survives two admins demoting or deactivating each other at once, twenty times over", async () => {
    const { db } = database;
    for (let round = 0; round < 20; round++) {
      const { workspace, operators } = await createWorkspace(db, {
        name: `Race ${round}`,
        site: { name: "Site" },
        operators: [
          { email: `a-${round}-${crypto.randomUUID()}@example.com`, name: "A", password: PASSWORD, role: "admin" },
          { email: `b-${round}-${crypto.randomUUID()}@example.com`, name: "B", password: PASSWORD, role: "admin" },
        ],
      });
      const [a, b] = operators as [(typeof operators)[0], (typeof operators)[0]];
      const actor = (o: typeof a) => ({ kind: "operator" as const, workspaceId: workspace.id, operatorId: o.id, name: o.name, role: "admin" as const });
      const patch = round % 2 === 0 ? ({ role: "operator" } as const) : ({ active: false } as const);
      const results = await Promise.allSettled([updateOperator(db, actor(a), b.id, patch), updateOperator(db, actor(b), a.id, patch)]);
      const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(DomainError);
      expect((refused[0] as DomainError).code).toBe(ErrorCodes.LAST_ADMIN);
      const admins = await db
        .select({ id: schema.operators.id })
        .from(schema.operators)
        .where(and(eq(schema.operators.workspaceId, workspace.id), eq(schema.operators.role, "admin"), eq(schema.operators.active, true)));
      expect(admins).toHaveLength(1);
    }
  });
});
