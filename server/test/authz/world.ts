// The world the authorization matrix runs in: two workspaces, A (the product team's) and B, each with an operator of
// every role, a site, a visitor with a conversation, a canned response, a tag, a feedback post with a screenshot, a
// posted attachment and a trainee's draft. Every check targets A's things, as a caller of A ("own") or of B ("other").
import { randomUUID } from "node:crypto";
import { OPERATOR_ROLES, type Conversation, type OperatorRole } from "@kaiwa/shared";
import { io } from "socket.io-client";
import { hashPassword } from "../../src/domain/auth/password";
import { schema } from "../../src/db/client";
import { callApi, connectOperator, connectVisitor, request, signInCookie, type OperatorSocket, type VisitorSocket } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { noRateLimits, startHostileApp, type HostileApp } from "../fuzz/hostile-app";

export const ROLES = [...OPERATOR_ROLES, "visitor", "anonymous"] as const;
export type Role = (typeof ROLES)[number];
export const WORKSPACES = ["own", "other"] as const;
export type Ws = (typeof WORKSPACES)[number];

export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

export interface Side {
  label: string;
  workspaceId: string;
  siteId: string;
  siteKey: string;
  operators: Record<OperatorRole, { id: string; email: string; cookie: string; socket: OperatorSocket }>;
  visitor: { id: string; token: string; socket: VisitorSocket };
  conversation: Conversation;
  cannedId: string;
  tag: string;
  postId: string;
  attachmentId: string;
  /** A word only this workspace's messages contain. */
  secretWord: string;
}

export interface World {
  t: HostileApp;
  a: Side;
  b: Side;
  /** Strings that name A's things: none may appear in an answer to a caller of B. */
  aMarkers: string[];
}

/** Call the REST API as a visitor (token and site key headers). */
export async function callAsVisitor(base: string, method: string, path: string, v: { token: string; siteKey: string }, body?: Buffer) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${v.token}`, "x-kaiwa-site": v.siteKey, ...(body ? { "content-type": "application/octet-stream" } : {}) },
    body: body ? new Uint8Array(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text, json: (() => { try { return JSON.parse(text); } catch { return null; } })() };
}

async function side(t: HostileApp, label: string, seeded: Awaited<ReturnType<typeof seedWorkspace>>): Promise<Side> {
  const { base } = t;
  const operators = {} as Side["operators"];
  for (const role of OPERATOR_ROLES) {
    const email = `${role}-${label}@example.com`;
    const [row] = await t.database.db
      .insert(schema.operators)
      .values({ workspaceId: seeded.workspace.id, email, name: `${role} ${label}`, role, passwordHash: await hashPassword(PASSWORD) })
      .returning({ id: schema.operators.id });
    const cookie = await signInCookie(base, email, PASSWORD);
    operators[role] = { id: row!.id, email, cookie, socket: t.track(await connectOperator(base, cookie)) };
  }
  const admin = operators.admin.cookie;
  const secretWord = `secret${label}${randomUUID().slice(0, 8)}`;
  const v = await connectVisitor(base, seeded.site.publicKey);
  const visitorSocket = t.track(v.socket);
  const conversation = (await request<Conversation>(visitorSocket, "conversation:start", {})).data!;
  await request(visitorSocket, "message:send", { conversationId: conversation.id, clientId: randomUUID(), body: `hello ${secretWord}` });
  const canned = await callApi(base, "POST", "/api/canned", admin, { shortcut: `canned-${label}`, body: `canned ${secretWord}` });
  const tag = `tag-${label}-${secretWord.slice(-8)}`;
  await callApi(base, "POST", "/api/tags", admin, { name: tag });
  await request(operators.admin.socket, "conversation:setTags", { conversationId: conversation.id, tags: [tag] });
  const post = await callApi(base, "POST", "/api/feedback/posts", admin, {
    subjectKind: "feature",
    subject: "feedbackBoard",
    title: `post ${secretWord}`,
    body: "only this workspace sees it",
    visibility: "workspace",
    screenshot: { type: "image/png", data: PNG.toString("base64") },
  });
  const upload = await callAsVisitor(base, "POST", `/api/visitor/attachments?conversationId=${conversation.id}&name=a.png`, { token: v.session.token, siteKey: seeded.site.publicKey }, PNG);
  const attachmentId = upload.json?.data?.attachment?.id as string;
  await request(visitorSocket, "attachment:send", { conversationId: conversation.id, clientId: randomUUID(), attachmentId });
  const ids = { cannedId: canned.body.data?.canned?.id as string, postId: post.body.data?.id as string, attachmentId };
  for (const [name, id] of Object.entries(ids)) if (typeof id !== "string") throw new Error(`seeding ${label}: no ${name}`);
  return {
    label,
    workspaceId: seeded.workspace.id,
    siteId: seeded.site.id,
    siteKey: seeded.site.publicKey,
    operators,
    visitor: { id: v.session.visitor.id, token: v.session.token, socket: visitorSocket },
    conversation,
    tag,
    secretWord,
    ...ids,
  };
}

/** Start a node and seed both workspaces; A is the product team (so its feedback statuses can be set at all). */
export async function buildWorld(): Promise<World> {
  let seededA!: Awaited<ReturnType<typeof seedWorkspace>>;
  let seededB!: Awaited<ReturnType<typeof seedWorkspace>>;
  const t = await startHostileApp(
    async (d) => {
      seededA = await seedWorkspace(d.db, "authz-a");
      seededB = await seedWorkspace(d.db, "authz-b");
      await d.db.insert(schema.productTeamWorkspaces).values({ workspaceId: seededA.workspace.id });
    },
    { rateLimits: noRateLimits },
  );
  const a = await side(t, "a", seededA);
  const b = await side(t, "b", seededB);
  const aMarkers = [
    a.workspaceId,
    a.siteId,
    a.siteKey,
    a.conversation.id,
    a.visitor.id,
    a.cannedId,
    a.postId,
    a.attachmentId,
    a.tag,
    a.secretWord,
    ...Object.values(a.operators).flatMap((o) => [o.id, o.email]),
  ];
  return { t, a, b, aMarkers };
}

/** Whether a socket may connect to a namespace with these credentials; the refusal's code otherwise. */
export async function handshake(base: string, namespace: "/visitor" | "/operator", opts: { cookie?: string; token?: string; siteKey?: string }): Promise<string> {
  const socket = io(`${base}${namespace}`, {
    auth: { protocol: 1, ...(opts.token ? { token: opts.token, siteKey: opts.siteKey } : {}) },
    extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
  });
  try {
    return await new Promise<string>((resolve) => {
      socket.once("connect", () => resolve("connected"));
      socket.once("connect_error", (err) => resolve((err as { data?: { code?: string } }).data?.code ?? `transport: ${err.message}`));
    });
  } finally {
    socket.disconnect();
  }
}
