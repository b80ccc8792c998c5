// The authorization matrix, generated from the contract: every declared REST route and every client event of both
// Socket.IO namespaces, called as every role (admin, supervisor, operator, trainee, a widget visitor, nobody), once
// on its own workspace's things and once from another workspace, against a real node. What each answer should be
// comes from the contract (a route's `auth` and `roles`, an event's namespace) and from the role table of
// docs/accounts.md, read from the file itself; an answer to another workspace's caller must not name anything of the
// target's workspace.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCodes, OPERATOR_ROLES, routeUrl, type OperatorRole, type RouteDef } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInCookie } from "../support/clients";
import { PASSWORD } from "../support/fixtures";
import { OPERATOR_EVENTS, REST_ROUTES, VISITOR_EVENTS } from "../fuzz/contract";
import { EXTRA_SOCKET_CASES, REST_CASES, SOCKET_CASES, type Case, type CaseContext, type SocketInput } from "./cases";
import { ROLES, WORKSPACES, buildWorld, handshake, type Role, type World, type Ws } from "./world";

const ACCOUNTS_MD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/accounts.md");

type Grant = "yes" | "held" | "no";

/** The role table of docs/accounts.md: action → what each operator role gets. */
function roleTable(): Record<string, Record<OperatorRole, Grant>> {
  const text = readFileSync(ACCOUNTS_MD, "utf8");
  const section = text.slice(text.indexOf("## Roles"), text.indexOf("\n## ", text.indexOf("## Roles") + 1));
  const lines = section.split("\n").filter((l) => l.startsWith("|"));
  const header = lines[0]!.split("|").map((c) => c.trim());
  const table: Record<string, Record<OperatorRole, Grant>> = {};
  for (const line of lines.slice(2)) {
    const cells = line.split("|").map((c) => c.trim());
    const action = /`([^`]+)`/.exec(cells[1] ?? "")?.[1];
    if (!action) continue;
    const row = {} as Record<OperatorRole, Grant>;
    for (const role of OPERATOR_ROLES) {
      const cell = cells[header.indexOf(role)] ?? "";
      row[role] = cell.startsWith("yes") ? "yes" : cell.startsWith("no: held") ? "held" : "no";
    }
    table[action] = row;
  }
  return table;
}

type Outcome = "ok" | "unauthenticated" | "forbidden" | "not-found" | "held" | "refused" | "dropped" | `unexpected ${string}`;

interface Check {
  target: string;
  role: Role;
  ws: Ws;
  expected: Outcome[];
  actual: Outcome;
  detail?: string;
}

const isOperator = (role: Role): role is OperatorRole => (OPERATOR_ROLES as readonly string[]).includes(role);

let world: World;
let table: ReturnType<typeof roleTable>;
const checks: Check[] = [];
const started = Date.now();

beforeAll(async () => {
  table = roleTable();
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  const wrong = checks.filter((c) => !c.expected.includes(c.actual));
  const targets = new Set(checks.map((c) => c.target)).size;
  console.info(
    `authorization matrix: ${checks.length} checks (${targets} routes and events × ${ROLES.length} roles × ${WORKSPACES.length} workspaces), ` +
      `${wrong.length} mismatches, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  await world?.t.close();
});

/** What a caller of `role` should get, given who may call at all and the table's row. */
function expectedOutcome(kase: Case<unknown>, role: Role, ws: Ws, canCall: boolean): Outcome[] {
  if (!canCall) return ["unauthenticated"];
  const scopedAway = ws === "other" && !!kase.scoped;
  if (kase.productTeam && isOperator(role)) return ws === "own" ? ["ok"] : ["forbidden"];
  const grant = kase.action && isOperator(role) ? table[kase.action]?.[role] : "yes";
  if (grant === undefined) throw new Error(`docs/accounts.md has no row \`${kase.action}\``);
  // The role is checked before the target is looked up: FORBIDDEN in any workspace.
  if (grant === "no") return ["forbidden"];
  if (scopedAway) return ["not-found"];
  return grant === "held" ? ["held"] : ["ok"];
}

function classify(code: string | undefined, okCodes: string[] = []): Outcome {
  if (code === undefined || okCodes.includes(code)) return "ok";
  if (code === ErrorCodes.UNAUTHENTICATED) return "unauthenticated";
  if (code === ErrorCodes.FORBIDDEN) return "forbidden";
  if (code === ErrorCodes.NOT_FOUND || code === ErrorCodes.CONVERSATION_NOT_FOUND) return "not-found";
  if (code === ErrorCodes.HELD_FOR_APPROVAL) return "held";
  return `unexpected ${code}`;
}

/** An answer to a caller of B that names something of A is a leak, whatever its status (unless the caller named it). */
function leak(text: string, sent: string): string | undefined {
  return world.aMarkers.find((marker) => text.includes(marker) && !sent.includes(marker));
}

const context = (role: Role, ws: Ws): CaseContext => ({ world, role, ws, me: ws === "own" ? world.a : world.b, a: world.a });

async function restCall(route: RouteDef, name: string, role: Role, ws: Ws): Promise<Check> {
  const kase = REST_CASES[name]!;
  const ctx = context(role, ws);
  const target = `${route.method.toUpperCase()} ${route.path}`;
  const canCall =
    route.auth === "public" ||
    (route.auth === "operator" && isOperator(role)) ||
    (route.auth === "visitor" && role === "visitor") ||
    (route.auth === "visitor-or-operator" && (isOperator(role) || role === "visitor"));
  const expected = route.auth === "public" ? (["ok"] as Outcome[]) : expectedOutcome(kase, role, ws, canCall);
  const input = await kase.input(ctx);
  const headers: Record<string, string> = {};
  if (isOperator(role)) headers.cookie = input.freshSession ? await signInCookie(world.t.base, ctx.me.operators[role].email, PASSWORD) : ctx.me.operators[role].cookie;
  if (role === "visitor") Object.assign(headers, { authorization: `Bearer ${ctx.me.visitor.token}`, "x-kaiwa-site": ctx.me.siteKey });
  if (input.upload) headers["content-type"] = "application/octet-stream";
  else if (input.body !== undefined) headers["content-type"] = "application/json";
  const url = routeUrl(route, input.params, input.query);
  const res = await fetch(`${world.t.base}${url}`, {
    method: route.method.toUpperCase(),
    headers,
    body: input.upload ? new Uint8Array(input.upload) : input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  const text = await res.text();
  let code: string | undefined;
  if (!res.ok) code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? `HTTP ${res.status}`;
  let actual = classify(code, kase.okCodes);
  if (res.status >= 500) actual = `unexpected ${res.status}`;
  const leaked = ws === "other" && route.auth !== "public" ? leak(text, `${decodeURIComponent(url)} ${JSON.stringify(input.body ?? "")}`) : undefined;
  if (leaked) actual = `unexpected leak of ${leaked}`;
  return { target, role, ws, expected, actual, detail: `${res.status} ${text.slice(0, 160)}` };
}

// Handshakes are checked once per namespace and caller, and stand for every event of that namespace.
const handshakes = new Map<string, string>();
async function refusedHandshake(namespace: "visitor" | "operator", role: Role, ws: Ws): Promise<Outcome> {
  const key = `${namespace}|${role}|${ws}`;
  if (!handshakes.has(key)) {
    const me = ws === "own" ? world.a : world.b;
    const creds = isOperator(role) ? { cookie: me.operators[role].cookie } : role === "visitor" ? { token: me.visitor.token, siteKey: me.siteKey } : {};
    handshakes.set(key, await handshake(world.t.base, `/${namespace}`, creds));
  }
  const result = handshakes.get(key)!;
  return result === "connected" ? "unexpected connected" : "refused";
}

/** A socket as these checks use it: any event name, any payload (the typed maps are what is being checked). */
interface LooseSocket {
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, fn: (payload: never) => void): unknown;
  off(event: string, fn: (payload: never) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}
const loose = (socket: unknown) => socket as LooseSocket;

/** A fire-and-forget event (typing) is judged by whether the target's other side hears it. */
async function observed(namespace: "visitor" | "operator", socket: LooseSocket, event: string, payload: unknown): Promise<Outcome> {
  const observer = loose(namespace === "visitor" ? world.a.operators.admin.socket : world.a.visitor.socket);
  const heard = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => (observer.off(event, on), resolve(false)), 600);
    function on(e: { conversationId?: string }) {
      if (e.conversationId !== world.a.conversation.id) return;
      clearTimeout(timer);
      observer.off(event, on);
      resolve(true);
    }
    observer.on(event, on);
  });
  socket.emit(event, payload);
  return (await heard) ? "ok" : "dropped";
}

async function socketCall(namespace: "visitor" | "operator", event: string, label: string, kase: Case<SocketInput>, role: Role, ws: Ws): Promise<Check> {
  const target = `/${namespace} ${label}`;
  const canConnect = namespace === "visitor" ? role === "visitor" : isOperator(role);
  if (!canConnect) return { target, role, ws, expected: ["refused"], actual: await refusedHandshake(namespace, role, ws) };
  const ctx = context(role, ws);
  const expected = expectedOutcome(kase, role, ws, true);
  const socket = loose(namespace === "visitor" ? ctx.me.visitor.socket : ctx.me.operators[role as OperatorRole].socket);
  const { payload } = await kase.input(ctx);
  if (event === "conversation:typing") {
    return { target, role, ws, expected: expected.map((o) => (o === "not-found" ? "dropped" : o)), actual: await observed(namespace, socket, event, payload) };
  }
  const answer = (await socket.timeout(5000).emitWithAck(event, payload)) as { data?: unknown; error?: { code: string; message: string } };
  let actual = classify(answer.error?.code);
  const text = JSON.stringify(answer);
  const leaked = ws === "other" ? leak(text, JSON.stringify(payload)) : undefined;
  if (leaked) actual = `unexpected leak of ${leaked}`;
  return { target, role, ws, expected, actual, detail: text.slice(0, 160) };
}

const mismatches = (list: Check[]) =>
  list.filter((c) => !c.expected.includes(c.actual)).map((c) => `${c.target} as ${c.role} (${c.ws}): expected ${c.expected.join(" or ")}, got ${c.actual} — ${c.detail ?? ""}`);

describe("the role table and the contract agree", () => {
  it("every REST route and socket event has a case, and every case names a row of the table", () => {
    expect(REST_ROUTES.map((r) => r.name).filter((name) => !REST_CASES[name])).toEqual([]);
    expect(Object.keys(REST_CASES).filter((name) => !REST_ROUTES.some((r) => r.name === name))).toEqual([]);
    expect(Object.keys(SOCKET_CASES.visitor).sort()).toEqual(Object.keys(VISITOR_EVENTS).sort());
    expect(Object.keys(SOCKET_CASES.operator).sort()).toEqual(Object.keys(OPERATOR_EVENTS).sort());
    const actions = [...Object.values(REST_CASES), ...Object.values(SOCKET_CASES.visitor), ...Object.values(SOCKET_CASES.operator), ...EXTRA_SOCKET_CASES.map((e) => e.kase)]
      .map((k) => k.action)
      .filter((a): a is string => !!a);
    expect([...new Set(actions)].filter((a) => !table[a])).toEqual([]);
  });

  it("a route's declared roles are the table's roles for its action", () => {
    const disagree = REST_ROUTES.filter(({ name }) => REST_CASES[name]?.action).flatMap(({ name, route }) => {
      const row = table[REST_CASES[name]!.action!]!;
      const fromTable = OPERATOR_ROLES.filter((role) => row[role] === "yes");
      const declared = route.roles ? [...route.roles] : [...OPERATOR_ROLES];
      return fromTable.join() === OPERATOR_ROLES.filter((r) => declared.includes(r)).join() ? [] : [`${name}: declared [${declared}] but the table says [${fromTable}]`];
    });
    expect(disagree).toEqual([]);
  });
});

describe("every REST route × every role × own and another workspace", () => {
  it.each(REST_ROUTES.map((r) => [`${r.route.method.toUpperCase()} ${r.route.path}`, r.name, r.route] as [string, string, RouteDef]))("%s", async (_label, name, route) => {
    const done: Check[] = [];
    for (const role of ROLES) for (const ws of WORKSPACES) done.push(await restCall(route, name, role, ws));
    checks.push(...done);
    expect(mismatches(done)).toEqual([]);
  });
});

describe("every socket event × every role × own and another workspace", () => {
  const events = [
    ...Object.entries(SOCKET_CASES.visitor).map(([event, kase]) => ["visitor", event, event, kase] as const),
    ...Object.entries(SOCKET_CASES.operator).map(([event, kase]) => ["operator", event, event, kase] as const),
    ...EXTRA_SOCKET_CASES.map((e) => [e.namespace, e.event, e.label, e.kase] as const),
  ] as ["visitor" | "operator", string, string, Case<SocketInput>][];
  it.each(events)("/%s %s", async (namespace, event, label, kase) => {
    const done: Check[] = [];
    for (const role of ROLES) for (const ws of WORKSPACES) done.push(await socketCall(namespace, event, label, kase, role, ws));
    checks.push(...done);
    expect(mismatches(done)).toEqual([]);
  });

  it("a namespace ignores the other namespace's events (never acked, nothing done)", async () => {
    const operatorOnly = Object.keys(OPERATOR_EVENTS).filter((e) => !(e in VISITOR_EVENTS));
    const visitorOnly = Object.keys(VISITOR_EVENTS).filter((e) => !(e in OPERATOR_EVENTS));
    const answered = async (socket: unknown, event: string) =>
      loose(socket).timeout(800).emitWithAck(event, { conversationId: world.a.conversation.id }).then(
        () => `${event} was answered`,
        () => null,
      );
    const results = await Promise.all([
      ...operatorOnly.map((e) => answered(world.a.visitor.socket, e)),
      ...visitorOnly.map((e) => answered(world.a.operators.admin.socket, e)),
    ]);
    expect(results.filter(Boolean)).toEqual([]);
    console.info(`ignored across namespaces: ${operatorOnly.length} operator events on /visitor, ${visitorOnly.length} visitor events on /operator`);
  });
});
