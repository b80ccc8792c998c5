import { ErrorCodes, type SiteSettings, type TVisitorSessionBody, type VisitorSummary } from "@kaiwa/shared";
import { and, desc, eq, ne } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { hashToken, randomToken } from "../auth/tokens";
import { DomainError } from "../errors";

export interface VisitorSession {
  /** Secret the widget keeps and presents on every connection. New when the old one was missing or unknown. */
  token: string;
  visitor: VisitorSummary;
  site: SiteSettings;
  /** The visitor's unresolved conversation, if there is one. */
  conversationId: string | null;
}

/** Find a site by its public widget key or refuse with UNKNOWN_SITE. */
export async function findSiteByKey(db: Db, siteKey: string) {
  const [site] = await db.select().from(schema.sites).where(eq(schema.sites.publicKey, siteKey)).limit(1);
  if (!site) throw new DomainError(ErrorCodes.UNKNOWN_SITE, "no site has this key");
  return site;
}

/** The public settings of a site, for a widget that has not started a session yet. */
export async function getSiteSettings(db: Db, siteKey: string): Promise<SiteSettings> {
  return toSiteSettings(await findSiteByKey(db, siteKey));
}

function toSiteSettings(site: typeof schema.sites.$inferSelect): SiteSettings {
  return { siteKey: site.publicKey, name: site.name, color: site.color, greeting: site.greeting, locale: site.locale };
}

/**
 * First contact of a widget: resume the visitor its token names, or create a new anonymous visitor.
 * An unknown token is not an error (the visitor may come from a wiped test install): it gets a new identity.
 */
export async function openVisitorSession(db: Db, input: TVisitorSessionBody): Promise<VisitorSession> {
  const site = await findSiteByKey(db, input.siteKey);
  let token = input.token;
  let visitor = token ? await findVisitor(db, site.id, token) : undefined;
  if (!visitor) {
    token = randomToken();
    [visitor] = await db
      .insert(schema.visitors)
      .values({ workspaceId: site.workspaceId, siteId: site.id, tokenHash: hashToken(token) })
      .returning();
  } else {
    await db.update(schema.visitors).set({ lastSeenAt: new Date() }).where(eq(schema.visitors.id, visitor.id));
  }
  if (!visitor || !token) throw new Error("visitor insert returned nothing");
  const [open] = await db
    .select({ id: schema.conversations.id })
    .from(schema.conversations)
    .where(and(eq(schema.conversations.visitorId, visitor.id), ne(schema.conversations.status, "resolved")))
    .orderBy(desc(schema.conversations.createdAt))
    .limit(1);
  return {
    token,
    visitor: { id: visitor.id, name: visitor.name, email: visitor.email },
    site: toSiteSettings(site),
    conversationId: open?.id ?? null,
  };
}

/** The actor behind a widget connection, or UNKNOWN_SITE / UNAUTHENTICATED. */
export async function authenticateVisitor(db: Db, siteKey: string, token: string): Promise<Actor> {
  const site = await findSiteByKey(db, siteKey);
  const visitor = await findVisitor(db, site.id, token);
  if (!visitor) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "unknown visitor token; open a new session");
  return { kind: "visitor", workspaceId: site.workspaceId, siteId: site.id, visitorId: visitor.id };
}

async function findVisitor(db: Db, siteId: string, token: string) {
  const [row] = await db
    .select()
    .from(schema.visitors)
    .where(and(eq(schema.visitors.tokenHash, hashToken(token)), eq(schema.visitors.siteId, siteId)))
    .limit(1);
  return row;
}
