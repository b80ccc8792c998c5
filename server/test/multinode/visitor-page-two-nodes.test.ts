// The visitor's page across two server processes on one Postgres and one Redis: a visitor reports its page to
// node A; an operator connected to node B hears it live and reads it (with the browser) from B.
import { PROTOCOL_VERSION, type Conversation, type VisitorDetails, type VisitorPageEvent } from "@kaiwa/shared";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectOperator, eventually, postJson, request, signInCookie, type VisitorSocket } from "../support/clients";
import type { NodeProcess } from "../support/node-process";
import { havePostgres, haveRedis } from "../support/services";
import { startTestNodes, type TestNodes } from "../support/test-nodes";

const ready = (await havePostgres()) && (await haveRedis());
const ADMIN = { email: "admin@visitor-page.test", password: "visitor-page-password" };
const FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0";

describe.skipIf(!ready)("visitor page on two nodes", () => {
  let cluster: TestNodes;
  let a: NodeProcess;
  let b: NodeProcess;
  const sockets: { disconnect(): unknown }[] = [];
  const track = <T extends { disconnect(): unknown }>(s: T) => (sockets.push(s), s);

  beforeAll(async () => {
    cluster = await startTestNodes({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.stop();
  });

  it("pushes a page reported on one node to an operator on the other", async () => {
    const onB = track(await connectOperator(b.url, await signInCookie(b.url, ADMIN.email, ADMIN.password)));
    const heardAtB: VisitorPageEvent[] = [];
    onB.on("visitor:page", (e) => heardAtB.push(e));

    const res = await postJson(a.url, "/api/visitor/session", { siteKey: cluster.siteKey });
    const session = res.body.data as { token: string; visitor: { id: string } };
    const visitor: VisitorSocket = track(
      io(`${a.url}/visitor`, {
        auth: { protocol: PROTOCOL_VERSION, siteKey: cluster.siteKey, token: session.token },
        extraHeaders: { "user-agent": FIREFOX_MAC },
        transports: ["websocket"],
        forceNew: true,
      }),
    );
    await new Promise<void>((resolve, reject) => (visitor.once("connect", () => resolve()), visitor.once("connect_error", reject)));
    const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;

    const page = { url: "https://example.org/docs/install", title: "インストール", referrer: "https://example.org/" };
    const ack = await request(visitor, "visitor:page", page);
    expect(ack.error).toBeUndefined();
    await eventually(() => heardAtB.some((e) => e.visitorId === session.visitor.id), "B hears the page reported on A");
    expect(heardAtB.find((e) => e.visitorId === session.visitor.id)).toMatchObject({
      page: { url: page.url, title: page.title },
      referrer: page.referrer,
      browser: { name: "Firefox", version: "125.0", os: "macOS Sonoma", device: "desktop" },
    });

    const details = (await request<VisitorDetails>(onB, "visitor:details", { conversationId: conversation.id })).data!;
    expect(details.page).toMatchObject({ url: page.url, title: page.title });
    expect(details.browser?.name).toBe("Firefox");

    const bad = await request(visitor, "visitor:page", { ...page, url: "javascript:alert(1)" });
    expect(bad.error?.code).toBe("VALIDATION");
  });
});
