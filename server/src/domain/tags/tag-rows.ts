// What the tag functions share: the caller's type, the name normaliser, the per-workspace lock and the summaries.
import { ErrorCodes, ZTagName, parsePayload, type WorkspaceTag } from "@kaiwa/shared";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { DomainError } from "../errors";

export type OperatorActor = Extract<Actor, { kind: "operator" }>;

// Second key of pg_advisory_xact_lock(key, hashtext(workspace)): one admin change of tags at a time per workspace.
const TAGS_LOCK = 0x7467;

/** A tag name as conversations store it (trimmed, lower-cased, 1..40 characters: the same ZTag as `conversation:setTags`). */
export function tagName(raw: string): string {
  const parsed = parsePayload(ZTagName, raw);
  if (!parsed.ok) throw new DomainError(ErrorCodes.VALIDATION, `name: ${parsed.error.message}`);
  return parsed.value;
}

/** Serialise admin changes of the workspace's tags (renames and deletes touch many rows). */
export async function lockWorkspaceTags(tx: Db, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${TAGS_LOCK}, hashtext(${workspaceId}))`);
}

/**
 * The workspace's tags (defined ones and those only typed on conversations), by name, each with the number of
 * unresolved conversations carrying it; only `names` when given.
 */
export async function summarizeTags(db: Db, workspaceId: string, names?: string[]): Promise<WorkspaceTag[]> {
  if (names && names.length === 0) return [];
  const w = schema.workspaceTags;
  const t = schema.conversationTags;
  const c = schema.conversations;
  const [defined, used] = await Promise.all([
    db
      .select()
      .from(w)
      .where(and(eq(w.workspaceId, workspaceId), names ? inArray(w.name, names) : undefined)),
    db
      .select({ tag: t.tag, open: sql<number>`(count(*) filter (where ${c.status} <> 'resolved'))::int` })
      .from(t)
      .innerJoin(c, and(eq(c.id, t.conversationId), eq(c.workspaceId, workspaceId)))
      .where(and(eq(t.workspaceId, workspaceId), names ? inArray(t.tag, names) : undefined))
      .groupBy(t.tag),
  ]);
  const byName = new Map<string, WorkspaceTag>();
  for (const d of defined) {
    byName.set(d.name, {
      name: d.name,
      defined: true,
      color: d.color,
      description: d.description,
      openConversations: 0,
      createdAt: d.createdAt.toISOString(),
    });
  }
  for (const u of used) {
    const tag = byName.get(u.tag);
    if (tag) tag.openConversations = Number(u.open);
    else byName.set(u.tag, { name: u.tag, defined: false, color: null, description: null, openConversations: Number(u.open), createdAt: null });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The tags of some conversations of the workspace (every id listed, with [] when it has none). */
export async function tagsOfConversations(db: Db, workspaceId: string, conversationIds: string[]): Promise<{ conversationId: string; tags: string[] }[]> {
  const t = schema.conversationTags;
  const tags = new Map<string, string[]>(conversationIds.map((id) => [id, []]));
  // In chunks: a tag may sit on thousands of conversations, and a statement takes at most 65535 parameters.
  for (let i = 0; i < conversationIds.length; i += 1000) {
    const rows = await db
      .select({ conversationId: t.conversationId, tag: t.tag })
      .from(t)
      .where(and(eq(t.workspaceId, workspaceId), inArray(t.conversationId, conversationIds.slice(i, i + 1000))))
      .orderBy(asc(t.tag));
    for (const r of rows) tags.get(r.conversationId)?.push(r.tag);
  }
  return [...tags].map(([conversationId, list]) => ({ conversationId, tags: list }));
}
