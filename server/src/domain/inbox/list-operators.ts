import type { OperatorSummary } from "@kaiwa/shared";
import { and, asc, eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";

/** The workspace's active operators, by name (for assignment and transfer pickers). */
export async function listOperators(db: Db, workspaceId: string): Promise<OperatorSummary[]> {
  const o = schema.operators;
  return db
    .select({ id: o.id, name: o.name, role: o.role })
    .from(o)
    .where(and(eq(o.workspaceId, workspaceId), eq(o.active, true)))
    .orderBy(asc(o.name));
}
