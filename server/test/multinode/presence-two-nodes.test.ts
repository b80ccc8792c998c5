// Operator presence across two server processes on one Redis: online, away, offline when the last tab closes,
// and offline when a whole node dies (its heartbeats stop and its entries expire).
import type { PresenceMap } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db/client";
import { hashPassword } from "../../src/domain/auth/password";
import { connectOperator, eventually, request, signInCookie, type OperatorSocket } from "../support/clients";
import type { NodeProcess } from "../support/node-process";
import { startTestNodes, type TestNodes } from "../support/test-nodes";
import { havePostgres, haveRedis } from "../support/services";

const ready = (await havePostgres()) && (await haveRedis());
const ADMIN = { email: "admin@presence-multinode.test", password: "presence-multinode-password" };
const WENDY = { email: "wendy@presence-multinode.test", password: "presence-multinode-password" };

describe.skipIf(!ready)("presence on two nodes", () => {
  let cluster: TestNodes;
  let a: NodeProcess;
  let b: NodeProcess;
  let adminId: string;
  let wendyId: string;
  const sockets: { disconnect(): unknown }[] = [];
  const track = <T extends { disconnect(): unknown }>(s: T) => (sockets.push(s), s);

  beforeAll(async () => {
    // Short expiry so a dead node's operators go offline within seconds.
    cluster = await startTestNodes({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, PRESENCE_TTL_MS: "1500" });
    [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
    const { database } = cluster;
    const [admin] = await database.db.select().from(schema.operators);
    adminId = admin!.id;
    const [wendy] = await database.db
      .insert(schema.operators)
      .values({ workspaceId: admin!.workspaceId, email: WENDY.email, name: "Wendy", role: "operator", passwordHash: await hashPassword(WENDY.password) })
      .returning();
    wendyId = wendy!.id;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.stop();
  });

  it("shares online, away and offline between nodes; the last tab closing or the node dying makes it offline", async () => {
    const wendy: OperatorSocket = track(await connectOperator(b.url, await signInCookie(b.url, WENDY.email, WENDY.password)));
    const seen: PresenceMap[] = [];
    wendy.on("presence:changed", (p) => seen.push(p));
    // Like the console: the current map on connect (a push may have arrived with the connect itself), then pushes.
    const current = (await request<PresenceMap>(wendy, "presence:list", {})).data!;
    if (seen.length === 0) seen.push(current);
    const latest = () => seen.at(-1) ?? {};
    await eventually(() => latest()[wendyId] === "online", "Wendy is online");
    expect(latest()[adminId]).toBeUndefined();

    // Two tabs of the admin on node A.
    const signIn = () => signInCookie(a.url, ADMIN.email, ADMIN.password);
    const tab1 = await connectOperator(a.url, await signIn());
    const tab2 = await connectOperator(a.url, await signIn());
    await eventually(() => latest()[adminId] === "online", "B hears the admin online");
    expect((await request<PresenceMap>(tab1, "presence:set", { status: "away" })).data?.[adminId]).toBe("away");
    await eventually(() => latest()[adminId] === "away", "B hears away");
    await request(tab2, "presence:set", { status: "online" });
    await eventually(() => latest()[adminId] === "online", "B hears online again");

    // One tab closes: still online. The last one closes: offline at once.
    tab1.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    expect((await request<PresenceMap>(wendy, "presence:list", {})).data?.[adminId]).toBe("online");
    tab2.disconnect();
    await eventually(() => latest()[adminId] === undefined, "B hears the admin offline after the last tab");

    // A tab on A, then node A dies without a goodbye: its entry expires and B pushes offline.
    const tab3 = await connectOperator(a.url, await signIn());
    await eventually(() => latest()[adminId] === "online", "online again");
    await a.stop("SIGKILL");
    await eventually(() => latest()[adminId] === undefined, "B hears the admin offline after node A died", 10_000);
    tab3.disconnect();
  });
});
