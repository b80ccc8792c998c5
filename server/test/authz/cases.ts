// What the authorization matrix sends for each REST route and socket event, and which row of docs/accounts.md's role
// table governs it. Who may call at all comes from the contract (a route's `auth`, an event's namespace); which
// operator roles may comes from the table; whether another workspace's caller is refused comes from `scoped`.
import { randomUUID } from "node:crypto";
import { ErrorCodes, type OperatorRole } from "@kaiwa/shared";
import { callApi, request } from "../support/clients";
import { PASSWORD } from "../support/fixtures";
import { PNG, callAsVisitor, type Role, type Side, type World, type Ws } from "./world";

export interface CaseContext {
  world: World;
  role: Role;
  ws: Ws;
  /** The caller's side: A for "own", B for "other". */
  me: Side;
  /** Whose things every case targets. */
  a: Side;
}

export interface RestInput {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Raw bytes (uploads). */
  upload?: Buffer;
  /** Sign in again and use that session (for calls that end the session they use). */
  freshSession?: boolean;
}

export interface Case<I> {
  /** The row of docs/accounts.md's role table; none: every role that can call it at all. */
  action?: string;
  /** The target is A's: a caller of B is answered as if it did not exist. */
  scoped?: boolean;
  /** Codes that mean the call got past authorization but was refused for its own reason (a wrong password...). */
  okCodes?: string[];
  /** Not a role: only the product team's workspace may (A is; B is not). */
  productTeam?: boolean;
  input(ctx: CaseContext): Promise<I> | I;
}

const admin = (w: World) => w.a.operators.admin.cookie;
const freshCanned = async (w: World) =>
  (await callApi(w.t.base, "POST", "/api/canned", admin(w), { shortcut: `tmp-${randomUUID().slice(0, 8)}`, body: "temporary" })).body.data.canned.id as string;
const freshTag = async (w: World) => {
  const name = `tmp-${randomUUID().slice(0, 8)}`;
  await callApi(w.t.base, "POST", "/api/tags", admin(w), { name });
  return name;
};
const freshDraft = async (w: World) => {
  const held = await request(w.a.operators.trainee.socket, "message:send", { conversationId: w.a.conversation.id, clientId: randomUUID(), body: "a draft" });
  const id = /draft ([0-9a-f-]{36})/.exec(held.error?.message ?? "")?.[1];
  if (!id) throw new Error(`no draft: ${JSON.stringify(held)}`);
  return id;
};
const freshUpload = async (w: World) => {
  const up = await callAsVisitor(w.t.base, "POST", `/api/visitor/attachments?conversationId=${w.a.conversation.id}&name=b.png`, { token: w.a.visitor.token, siteKey: w.a.siteKey }, PNG);
  if (!up.json?.data) throw new Error(`upload failed: ${up.text}`);
  return up.json.data.attachment.id as string;
};
/** A file uploaded by A's admin into A's conversation: any operator of A may post it, nobody else. */
const freshOperatorUpload = async (w: World) => {
  const up = await fetch(`${w.t.base}/api/attachments?conversationId=${w.a.conversation.id}&name=e.png`, {
    method: "POST",
    headers: { cookie: admin(w), "content-type": "application/octet-stream" },
    body: new Uint8Array(PNG),
  });
  const json = (await up.json()) as { data?: { attachment: { id: string } } };
  if (!json.data) throw new Error(`operator upload failed: ${JSON.stringify(json)}`);
  return json.data.attachment.id;
};
const unique = () => randomUUID().slice(0, 8);

/** One case per declared REST route (`area.name`); a route without one fails the matrix. */
export const REST_CASES: Record<string, Case<RestInput>> = {
  "system.health": { input: () => ({}) },
  "system.openapi": { input: () => ({}) },
  "auth.login": { input: ({ a }) => ({ body: { email: a.operators.operator.email, password: PASSWORD } }) },
  "auth.logout": { input: () => ({ freshSession: true }) },
  "auth.me": { input: () => ({}) },
  "auth.acceptInvitation": { okCodes: [ErrorCodes.LINK_INVALID], input: () => ({ body: { token: "x".repeat(43), password: PASSWORD } }) },
  "auth.changePassword": {
    okCodes: [ErrorCodes.INVALID_CREDENTIALS],
    input: () => ({ body: { currentPassword: "not the password", newPassword: PASSWORD } }),
  },
  "auth.updateProfile": { input: () => ({ body: { signature: "Kaiwa support" } }) },
  "auth.sessions": { input: () => ({}) },
  // Ends the caller's other sessions only: the one the matrix signs in with stays.
  "auth.endOtherSessions": { input: () => ({}) },
  "auth.requestPasswordReset": { input: () => ({ body: { email: "nobody@example.com" } }) },
  "auth.resetPassword": { okCodes: [ErrorCodes.LINK_INVALID], input: () => ({ body: { token: "x".repeat(43), newPassword: PASSWORD } }) },
  "operators.list": { action: "operators:manage", input: () => ({}) },
  "operators.invite": { action: "operators:manage", input: () => ({ body: { email: `invitee-${unique()}@example.com`, name: "Invitee", role: "operator" } }) },
  "operators.update": { action: "operators:manage", scoped: true, input: ({ a }) => ({ params: { operatorId: a.operators.operator.id }, body: { capacity: 4 } }) },
  "operators.audit": { action: "audit:read", input: () => ({ query: { before: new Date(Date.now() + 60_000).toISOString() } }) },
  "sites.list": { input: () => ({}) },
  "sites.create": { action: "settings:change", input: () => ({ body: { name: `Site ${unique()}` } }) },
  "sites.widget": { action: "settings:change", scoped: true, input: ({ a }) => ({ params: { siteId: a.siteId } }) },
  "sites.updateWidget": { action: "settings:change", scoped: true, input: ({ a }) => ({ params: { siteId: a.siteId }, body: { greeting: "Hello" } }) },
  "sites.inbox": { scoped: true, input: ({ a }) => ({ params: { siteId: a.siteId } }) },
  "sites.updateInbox": { action: "settings:change", scoped: true, input: ({ a }) => ({ params: { siteId: a.siteId }, body: { capacity: 3 } }) },
  "tags.list": { input: () => ({}) },
  "tags.create": { action: "settings:change", input: () => ({ body: { name: `new-${unique()}` } }) },
  "tags.update": { action: "settings:change", scoped: true, input: ({ a }) => ({ params: { name: a.tag }, body: { color: "#123456" } }) },
  "tags.delete": { action: "settings:change", scoped: true, input: async ({ world }) => ({ params: { name: await freshTag(world) } }) },
  "canned.list": { input: () => ({}) },
  "canned.create": { action: "canned:edit", input: () => ({ body: { shortcut: `c-${unique()}`, body: "new" } }) },
  "canned.update": { action: "canned:edit", scoped: true, input: ({ a }) => ({ params: { id: a.cannedId }, body: { shortcut: "canned-a", body: "changed" } }) },
  "canned.delete": { action: "canned:edit", scoped: true, input: async ({ world }) => ({ params: { id: await freshCanned(world) } }) },
  "earlyAccess.version": { input: () => ({}) },
  "earlyAccess.releases": { input: () => ({}) },
  "earlyAccess.state": { input: () => ({}) },
  "earlyAccess.set": { action: "settings:change", input: () => ({ body: { optedIn: true } }) },
  "feedback.list": { input: () => ({}) },
  "feedback.create": { input: () => ({ body: { subjectKind: "feature", subject: "feedbackBoard", title: "Idea", body: "More of it." } }) },
  "feedback.get": { scoped: true, input: ({ a }) => ({ params: { postId: a.postId } }) },
  "feedback.vote": { scoped: true, input: ({ a }) => ({ params: { postId: a.postId }, body: { voted: true } }) },
  "feedback.comment": { scoped: true, input: ({ a }) => ({ params: { postId: a.postId }, body: { body: "Agreed." } }) },
  "feedback.setStatus": { productTeam: true, input: ({ a }) => ({ params: { postId: a.postId }, body: { status: "planned" } }) },
  "feedback.screenshot": { scoped: true, input: ({ a }) => ({ params: { postId: a.postId } }) },
  "visitor.site": { input: ({ a }) => ({ params: { siteKey: a.siteKey } }) },
  "visitor.session": { input: ({ a }) => ({ body: { siteKey: a.siteKey } }) },
  "attachments.upload": { scoped: true, input: ({ a }) => ({ query: { conversationId: a.conversation.id, name: "c.png" }, upload: PNG }) },
  "attachments.download": { scoped: true, input: ({ a }) => ({ params: { id: a.attachmentId } }) },
  "attachments.operatorUpload": { scoped: true, input: ({ a }) => ({ query: { conversationId: a.conversation.id, name: "d.png" }, upload: PNG }) },
};

/** What a socket case sends; `observe` cases (no ack) are judged by whether A's other side hears them. */
export interface SocketInput {
  payload: unknown;
}

type Ns = "visitor" | "operator";
const conv = ({ a }: CaseContext) => ({ conversationId: a.conversation.id });

const common = {
  "message:send": { action: "message:send", scoped: true, input: (c: CaseContext) => ({ payload: { ...conv(c), clientId: randomUUID(), body: "reply" } }) },
  "conversation:sync": { scoped: true, input: (c: CaseContext) => ({ payload: { ...conv(c), afterSeq: 0 } }) },
  "conversation:history": { scoped: true, input: (c: CaseContext) => ({ payload: conv(c) }) },
  "conversation:typing": { scoped: true, input: (c: CaseContext) => ({ payload: { ...conv(c), typing: true } }) },
  "conversation:read": { scoped: true, input: (c: CaseContext) => ({ payload: { ...conv(c), seq: 1 } }) },
  "conversation:attachments": { scoped: true, input: (c: CaseContext) => ({ payload: conv(c) }) },
} satisfies Record<string, Case<SocketInput>>;

/** One case per client event of each namespace (the names are checked against the contract's event maps). */
export const SOCKET_CASES: Record<Ns, Record<string, Case<SocketInput>>> = {
  visitor: {
    ...common,
    "conversation:start": { input: () => ({ payload: {} }) },
    "visitor:update": { input: () => ({ payload: { name: "Visitor" } }) },
    "site:availability": { input: () => ({ payload: {} }) },
    "attachment:send": { scoped: true, input: async (c) => ({ payload: { ...conv(c), clientId: randomUUID(), attachmentId: await freshUpload(c.world) } }) },
    "visitor:page": { input: () => ({ payload: { url: "https://shop.example/cart", title: "Cart", referrer: null } }) },
  },
  operator: {
    ...common,
    "conversation:list": { input: () => ({ payload: { status: "all" } }) },
    "conversation:setStatus": { scoped: true, input: (c) => ({ payload: { ...conv(c), status: "open" } }) },
    "conversation:activity": { scoped: true, input: (c) => ({ payload: conv(c) }) },
    "attachment:send": {
      action: "attachment:send:operator",
      scoped: true,
      input: async (c) => ({ payload: { ...conv(c), clientId: randomUUID(), attachmentId: await freshOperatorUpload(c.world) } }),
    },
    "draft:list": { scoped: true, input: (c) => ({ payload: conv(c) }) },
    "draft:queue": { input: () => ({ payload: {} }) },
    "draft:review": { action: "draft:review", scoped: true, input: async (c) => ({ payload: { draftId: await freshDraft(c.world), decision: "reject", comment: "Not yet" } }) },
    "conversation:assign": { scoped: true, input: (c) => ({ payload: { ...conv(c), operatorId: myId(c) } }) },
    "inbox:counts": { input: () => ({ payload: {} }) },
    "operator:list": { input: () => ({ payload: {} }) },
    "presence:set": { input: () => ({ payload: { status: "online" } }) },
    "presence:list": { input: () => ({ payload: {} }) },
    "inbox:settings": { scoped: true, input: ({ a }) => ({ payload: { siteId: a.siteId } }) },
    "inbox:setSettings": { action: "settings:change", scoped: true, input: ({ a }) => ({ payload: { siteId: a.siteId, capacity: 3 } }) },
    "note:add": { scoped: true, input: (c) => ({ payload: { ...conv(c), body: "internal" } }) },
    "note:list": { scoped: true, input: (c) => ({ payload: conv(c) }) },
    "conversation:setTags": { scoped: true, input: (c) => ({ payload: { ...conv(c), tags: [c.a.tag] } }) },
    "conversation:star": { scoped: true, input: (c) => ({ payload: { ...conv(c), starred: true } }) },
    "canned:list": { input: () => ({ payload: {} }) },
    "canned:save": { action: "canned:edit", scoped: true, input: ({ a }) => ({ payload: { id: a.cannedId, shortcut: "canned-a", body: "changed" } }) },
    "canned:delete": { action: "canned:edit", scoped: true, input: async ({ world }) => ({ payload: { id: await freshCanned(world) } }) },
    "visitor:details": { scoped: true, input: (c) => ({ payload: conv(c) }) },
    "site:list": { input: () => ({ payload: {} }) },
    "search:messages": { input: ({ a }) => ({ payload: { q: a.secretWord } }) },
    "search:contacts": { input: ({ a }) => ({ payload: { q: a.secretWord } }) },
    "search:notes": { input: ({ a }) => ({ payload: { q: a.secretWord } }) },
    "feedback:subscribe": { input: () => ({ payload: {} }) },
    "feedback:vote": { scoped: true, input: ({ a }) => ({ payload: { postId: a.postId, voted: true } }) },
  },
};

/** Cases beyond one per event: the same event where the table has a row of its own. */
export const EXTRA_SOCKET_CASES: { namespace: Ns; event: string; label: string; kase: Case<SocketInput> }[] = [
  {
    namespace: "operator",
    event: "conversation:assign",
    label: "conversation:assign (to someone else)",
    kase: {
      action: "conversation:assign:others",
      scoped: true,
      input: (c) => ({ payload: { ...conv(c), operatorId: c.me.operators[c.role === "operator" ? "supervisor" : "operator"].id } }),
    },
  },
];

function myId(c: CaseContext): string {
  return c.me.operators[c.role as OperatorRole].id;
}
