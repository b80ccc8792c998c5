import { createHmac, timingSafeEqual } from "node:crypto";
import {
  ErrorCodes,
  type SiteSettings,
  type TVisitorSessionBody,
  type VisitorProfile,
} from "@kaiwa/shared";
import { and, desc, eq, ne } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { hashToken, randomToken } from "../auth/tokens";
import { DomainError } from "../errors";

export interface VisitorSession {
  /** Secret the widget keeps and presents on every connection. New when the old one was missing or unknown. */
  token: string;
  visitor: VisitorProfile;
  site: SiteSettings;
  /** The visitor's unresolved conversation, if there is one. */
  conversationId: string | null;
}

type SiteRow = typeof schema.sites.$inferSelect;
type WidgetRow = typeof schema.siteWidgetSettings.$inferSelect;
type VisitorRow = typeof schema.visitors.$inferSelect;

const DEFAULT_WIDGET: Omit<WidgetRow, "siteId"> = {
  position: "right",
  timeZone: "UTC",
  openingHours: null,
  askEmail: false,
  preChatForm: false,
  maxUploadBytes: 5 * 1024 * 1024,
  identitySecret: null,
};

/** A site with its widget settings (defaults when the site never saved any). */
export interface WidgetSite {
  site: SiteRow;
  widget: Omit<WidgetRow, "siteId">;
}

/** Find a site by its public widget key or refuse with UNKNOWN_SITE. */
export async function findSiteByKey(db: Db, siteKey: string): Promise<WidgetSite> {
  const [row] = await db
    .select({ site: schema.sites, widget: schema.siteWidgetSettings })
    .from(schema.sites)
    .leftJoin(schema.siteWidgetSettings, eq(schema.siteWidgetSettings.siteId, schema.sites.id))
    .where(eq(schema.sites.publicKey, siteKey))
    .limit(1);
  if (!row) throw new DomainError(ErrorCodes.UNKNOWN_SITE, "no site has this key");
  return { site: row.site, widget: row.widget ?? DEFAULT_WIDGET };
}

/** The public settings of a site, for a widget that has not started a session yet. */
export async function getSiteSettings(db: Db, siteKey: string): Promise<SiteSettings> {
  return toSiteSettings(await findSiteByKey(db, siteKey));
}

/** Never includes the identity secret, only whether there is one. */
export function toSiteSettings({ site, widget }: WidgetSite): SiteSettings {
  return {
    siteKey: site.publicKey,
    name: site.name,
    color: site.color,
    greeting: site.greeting,
    locale: site.locale,
    position: widget.position,
    identityVerification: widget.identitySecret !== null,
    askEmail: widget.askEmail,
    preChatForm: widget.preChatForm,
    maxUploadBytes: widget.maxUploadBytes,
  };
}

/** The hash a host page must send with `identify()`: HMAC-SHA256(secret, userId), hex. */
export function identityHash(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId, "utf8").digest("hex");
}

function hashMatches(secret: string, userId: string, hash: string | undefined): boolean {
  if (!hash) return false;
  const expected = Buffer.from(identityHash(secret, userId), "hex");
  const given = Buffer.from(hash.toLowerCase(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * First contact of a widget: resume the visitor its token names, or create a new anonymous visitor.
 * An unknown token is not an error (the visitor may come from a wiped test install): it gets a new identity.
 * With `identity` on a site that verifies identities, a right hash makes this device that user's visitor
 * (the same conversations on every device) and a wrong or missing one is refused with IDENTITY_INVALID.
 * On a site that does not verify, `identity` only names the visitor: an unverified user id joins nothing.
 */
export async function openVisitorSession(
  db: Db,
  input: TVisitorSessionBody,
  opts: { /** Runs before a new visitor is created (a rate limit may refuse it). */ beforeNewVisitor?: (siteId: string) => Promise<void> } = {},
): Promise<VisitorSession> {
  const found = await findSiteByKey(db, input.siteKey);
  const { site, widget } = found;
  const identity = input.identity;
  const secret = widget.identitySecret;
  if (identity && secret && !hashMatches(secret, identity.userId, identity.hash)) {
    throw new DomainError(ErrorCodes.IDENTITY_INVALID, "the hash is not HMAC-SHA256(site secret, userId)");
  }
  const verifiedUserId = identity && secret ? identity.userId : null;

  let token = input.token;
  let visitor = token ? await findVisitor(db, site.id, token) : undefined;
  let profile = visitor ? await findProfile(db, visitor.id) : undefined;

  if (verifiedUserId && profile?.externalUserId !== verifiedUserId) {
    const [known] = await db
      .select({ visitor: schema.visitors, profile: schema.visitorProfiles })
      .from(schema.visitorProfiles)
      .innerJoin(schema.visitors, eq(schema.visitors.id, schema.visitorProfiles.visitorId))
      .where(and(eq(schema.visitorProfiles.siteId, site.id), eq(schema.visitorProfiles.externalUserId, verifiedUserId)))
      .limit(1);
    if (known) {
      // This user already talked to us (on another device, or before signing out here): become that visitor.
      visitor = known.visitor;
      profile = known.profile;
      token = randomToken();
      await db.insert(schema.visitorTokens).values({ tokenHash: hashToken(token), visitorId: visitor.id });
    } else if (visitor && !profile?.externalUserId) {
      // An anonymous visitor signs in for the first time: keep their conversation, remember who they are.
      profile = await upsertProfile(db, visitor.id, site.id, { externalUserId: verifiedUserId });
    } else {
      visitor = undefined; // someone else's device identity, or none: a new visitor for this user
    }
  }

  if (!visitor) {
    await opts.beforeNewVisitor?.(site.id);
    token = randomToken();
    [visitor] = await db
      .insert(schema.visitors)
      .values({ workspaceId: site.workspaceId, siteId: site.id, tokenHash: hashToken(token) })
      .returning();
    if (!visitor) throw new Error("visitor insert returned nothing");
    profile = verifiedUserId ? await upsertProfile(db, visitor.id, site.id, { externalUserId: verifiedUserId }) : undefined;
  }
  if (!token) throw new Error("visitor without token");

  const names: { name?: string; email?: string } = {};
  if (identity?.name && identity.name !== visitor.name) names.name = identity.name;
  if (identity?.email && identity.email !== visitor.email) names.email = identity.email;
  [visitor] = await db
    .update(schema.visitors)
    .set({ ...names, lastSeenAt: new Date() })
    .where(eq(schema.visitors.id, visitor.id))
    .returning();
  if (!visitor) throw new Error("visitor vanished");

  const [open] = await db
    .select({ id: schema.conversations.id })
    .from(schema.conversations)
    .where(and(eq(schema.conversations.visitorId, visitor.id), ne(schema.conversations.status, "resolved")))
    .orderBy(desc(schema.conversations.createdAt))
    .limit(1);
  return {
    token,
    visitor: toVisitorProfile(visitor, profile),
    site: toSiteSettings(found),
    conversationId: open?.id ?? null,
  };
}

/** The actor behind a widget connection, or UNKNOWN_SITE / UNAUTHENTICATED. */
export async function authenticateVisitor(db: Db, siteKey: string, token: string): Promise<Actor> {
  const { site } = await findSiteByKey(db, siteKey);
  const visitor = await findVisitor(db, site.id, token);
  if (!visitor) throw new DomainError(ErrorCodes.UNAUTHENTICATED, "unknown visitor token; open a new session");
  return { kind: "visitor", workspaceId: site.workspaceId, siteId: site.id, visitorId: visitor.id };
}

/** The visitor a token belongs to: its first token lives on the visitor row, later ones (devices) in visitor_tokens. */
async function findVisitor(db: Db, siteId: string, token: string): Promise<VisitorRow | undefined> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select()
    .from(schema.visitors)
    .where(and(eq(schema.visitors.tokenHash, tokenHash), eq(schema.visitors.siteId, siteId)))
    .limit(1);
  if (row) return row;
  const [extra] = await db
    .select({ visitor: schema.visitors })
    .from(schema.visitorTokens)
    .innerJoin(schema.visitors, eq(schema.visitors.id, schema.visitorTokens.visitorId))
    .where(and(eq(schema.visitorTokens.tokenHash, tokenHash), eq(schema.visitors.siteId, siteId)))
    .limit(1);
  return extra?.visitor;
}

export async function findProfile(db: Db, visitorId: string) {
  const [row] = await db.select().from(schema.visitorProfiles).where(eq(schema.visitorProfiles.visitorId, visitorId)).limit(1);
  return row;
}

type ProfileRow = typeof schema.visitorProfiles.$inferSelect;

export async function upsertProfile(
  db: Db,
  visitorId: string,
  siteId: string,
  patch: Partial<Pick<ProfileRow, "externalUserId" | "attributes">>,
): Promise<ProfileRow> {
  const [row] = await db
    .insert(schema.visitorProfiles)
    .values({ visitorId, siteId, ...patch })
    .onConflictDoUpdate({ target: schema.visitorProfiles.visitorId, set: { ...patch, updatedAt: new Date() } })
    .returning();
  if (!row) throw new Error("profile upsert returned nothing");
  return row;
}

export function toVisitorProfile(visitor: Pick<VisitorRow, "id" | "name" | "email">, profile: ProfileRow | undefined): VisitorProfile {
  return {
    id: visitor.id,
    name: visitor.name,
    email: visitor.email,
    userId: profile?.externalUserId ?? null,
    attributes: profile?.attributes ?? {},
  };
}
