import type { InboxCounts } from "@kaiwa/shared";
import { and, eq, ne, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";

/** Counts of every inbox view of a workspace: two index-friendly aggregates led by workspace_id. */
export async function countInbox(db: Db, workspaceId: string): Promise<InboxCounts> {
  const c = schema.conversations;
  const [groups, [resolved]] = await Promise.all([
    db
      .select({ status: c.status, assigneeId: c.assigneeId, n: sql<number>`count(*)::int` })
      .from(c)
      .where(and(eq(c.workspaceId, workspaceId), ne(c.status, "resolved")))
      .groupBy(c.status, c.assigneeId),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(c)
      .where(and(eq(c.workspaceId, workspaceId), eq(c.status, "resolved"))),
  ]);
  const counts: InboxCounts = { unassigned: 0, open: 0, pending: 0, resolved: resolved?.n ?? 0, byAssignee: {} };
  for (const g of groups) {
    const n = Number(g.n);
    counts.open += n;
    if (g.status === "pending") counts.pending += n;
    if (g.assigneeId === null) counts.unassigned += n;
    else counts.byAssignee[g.assigneeId] = (counts.byAssignee[g.assigneeId] ?? 0) + n;
  }
  return counts;
}
