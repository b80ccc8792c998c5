// The visitor's current page over real sockets: the widget reports it, the server stores it with the browser it
// reads from the connection's own User-Agent, operators of the workspace (only) hear it live and see it in the panel.
import { PROTOCOL_VERSION, type Conversation, type VisitorDetails, type VisitorPage, type VisitorPageEvent } from "@kaiwa/shared";
import { io } from "socket.io-client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectOperator, eventually, postJson, request, signInCookie, type VisitorSocket } from "../support/clients";
import { clientId, PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

const WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const IPHONE_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

let t: TestApp;
let w: Awaited<ReturnType<typeof seedWorkspace>>;
let stranger: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    w = await seedWorkspace(d.db);
    stranger = await seedWorkspace(d.db);
  });
});
afterAll(() => t?.close());

/** A visitor whose browser sends `userAgent` in its handshake, as a real one does. */
async function visitorWithBrowser(siteKey: string, userAgent: string, token?: string) {
  const res = await postJson(t.base, "/api/visitor/session", token ? { siteKey, token } : { siteKey });
  const session = res.body.data as { token: string; visitor: { id: string } };
  const socket: VisitorSocket = io(`${t.base}/visitor`, {
    auth: { protocol: PROTOCOL_VERSION, siteKey, token: session.token },
    extraHeaders: { "user-agent": userAgent },
    transports: ["websocket"],
    forceNew: true,
  });
  t.track(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { socket, session };
}

it("shows the reported page, referrer and the handshake's browser in visitor:details, and pushes page changes to the workspace only", async () => {
  const { socket: visitor, session } = await visitorWithBrowser(w.site.publicKey, WINDOWS_CHROME);
  const operator = t.track(await connectOperator(t.base, await signInCookie(t.base, w.operator.email, PASSWORD)));
  const outsider = t.track(await connectOperator(t.base, await signInCookie(t.base, stranger.operator.email, PASSWORD)));
  const heard: VisitorPageEvent[] = [];
  const outsiderHeard: string[] = [];
  operator.on("visitor:page", (e) => heard.push(e));
  outsider.onAny((event: string) => outsiderHeard.push(event));

  const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
  await request(visitor, "message:send", { conversationId: conversation.id, clientId: clientId(), body: "料金について" });
  const before = (await request<VisitorDetails>(operator, "visitor:details", { conversationId: conversation.id })).data!;
  expect(before.page).toBeNull();
  expect(before.referrer).toBeNull();
  // The browser is only known once the visitor reported a page (the handshake is read then).
  expect(before.browser).toBeNull();

  const first = await request<VisitorPage>(visitor, "visitor:page", {
    url: "https://shop.example.jp/pricing?plan=pro#faq",
    title: "料金プラン | Example Shop",
    referrer: "https://www.google.com/",
  });
  expect(first.error).toBeUndefined();
  expect(first.data).toMatchObject({ url: "https://shop.example.jp/pricing?plan=pro#faq", title: "料金プラン | Example Shop" });

  const details = (await request<VisitorDetails>(operator, "visitor:details", { conversationId: conversation.id })).data!;
  expect(details.id).toBe(session.visitor.id);
  expect(details.page).toEqual({ url: "https://shop.example.jp/pricing?plan=pro#faq", title: "料金プラン | Example Shop", seenAt: first.data!.seenAt });
  expect(details.referrer).toBe("https://www.google.com/");
  expect(details.browser).toEqual({ name: "Chrome", version: "120.0.0.0", os: "Windows 10", device: "desktop" });

  // A single-page app moves on: the operator hears it live, with the same browser.
  await request(visitor, "visitor:page", { url: "https://shop.example.jp/checkout", title: "Checkout", referrer: "https://www.google.com/" });
  await eventually(() => heard.some((e) => e.page.url === "https://shop.example.jp/checkout"), "the operator hears the new page");
  const live = heard.find((e) => e.page.url === "https://shop.example.jp/checkout")!;
  expect(live).toMatchObject({ visitorId: session.visitor.id, page: { title: "Checkout" }, browser: { name: "Chrome", os: "Windows 10" } });
  const after = (await request<VisitorDetails>(operator, "visitor:details", { conversationId: conversation.id })).data!;
  expect(after.page?.url).toBe("https://shop.example.jp/checkout");

  // The same visitor on their phone: the browser follows the connection that reported last.
  const phone = await visitorWithBrowser(w.site.publicKey, IPHONE_SAFARI, session.token);
  await request(phone.socket, "visitor:page", { url: "http://shop.example.jp/m/", title: "", referrer: null });
  const onPhone = (await request<VisitorDetails>(operator, "visitor:details", { conversationId: conversation.id })).data!;
  expect(onPhone.page).toMatchObject({ url: "http://shop.example.jp/m/", title: "" });
  expect(onPhone.referrer).toBeNull();
  expect(onPhone.browser).toEqual({ name: "Safari", version: "17.4", os: "iOS 17.4", device: "mobile" });

  expect(outsiderHeard).not.toContain("visitor:page");
});

it("refuses pages that are not http(s), too long, or that claim a browser, with VALIDATION, and keeps the last good page", async () => {
  const { socket: visitor } = await visitorWithBrowser(w.site.publicKey, WINDOWS_CHROME);
  const operator = t.track(await connectOperator(t.base, await signInCookie(t.base, w.admin.email, PASSWORD)));
  const heard: VisitorPageEvent[] = [];
  operator.on("visitor:page", (e) => heard.push(e));
  const conversation = (await request<Conversation>(visitor, "conversation:start", {})).data!;
  const good = { url: "https://example.com/", title: "Home", referrer: null };
  expect((await request(visitor, "visitor:page", good)).data).toBeDefined();

  const bad: [string, unknown][] = [
    ["javascript: URL", { ...good, url: "javascript:alert(document.cookie)" }],
    ["data: URL", { ...good, url: "data:text/html,<script>alert(1)</script>" }],
    ["relative URL", { ...good, url: "/pricing" }],
    ["URL over 2048 characters", { ...good, url: `https://example.com/${"a".repeat(2048)}` }],
    ["title over 500 characters", { ...good, title: "t".repeat(501) }],
    ["javascript: referrer", { ...good, referrer: "javascript:void(0)" }],
    ["referrer over 2048 characters", { ...good, referrer: `https://example.com/?q=${"r".repeat(2048)}` }],
    ["a user agent of its own choosing", { ...good, userAgent: "Totally Real Browser" }],
    ["no url", { title: "x", referrer: null }],
  ];
  for (const [label, payload] of bad) {
    const result = await request(visitor, "visitor:page", payload);
    expect(result.error?.code, label).toBe("VALIDATION");
  }

  const details = (await request<VisitorDetails>(operator, "visitor:details", { conversationId: conversation.id })).data!;
  expect(details.page).toMatchObject({ url: "https://example.com/", title: "Home" });
  expect(details.browser?.name).toBe("Chrome");
  expect(heard.filter((e) => e.page.url !== "https://example.com/")).toEqual([]);
});
