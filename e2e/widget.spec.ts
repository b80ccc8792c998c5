// The visitor widget embedded on a customer's page of another origin, in real Chromium, against node A;
// the operator side is a real socket.io client (or the console) on node B.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes, createHmac } from "node:crypto";
import type { Message, ReadState, TypingEvent } from "@kaiwa/shared";
import type { Browser, BrowserContext, FrameLocator, Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { openPostgres, schema, type Database } from "../server/src/db/client";
import { connectOperator, request, signInCookie, type OperatorSocket } from "../server/test/support/clients";
import { expect, test, type Env } from "./support/fixtures";

type WidgetSettings = Partial<typeof schema.siteWidgetSettings.$inferInsert>;
type SiteColumns = Partial<Pick<typeof schema.sites.$inferInsert, "color" | "greeting" | "locale" | "name">>;

let database: Database | null = null;
let host: http.Server | null = null;
let hostUrl = "";
const operators: OperatorSocket[] = [];

test.afterAll(async () => {
  for (const o of operators) o.disconnect();
  await database?.close();
  await new Promise((r) => (host ? host.close(r) : r(null)));
});

/** A new site in the seeded workspace with these settings; returns its public key. */
async function createSite(env: Env, site: SiteColumns = {}, widget: WidgetSettings = {}): Promise<string> {
  database ??= await openPostgres({ url: process.env.E2E_DATABASE_URL! });
  const db = database.db;
  const [seeded] = await db.select().from(schema.sites).where(eq(schema.sites.publicKey, env.siteKey));
  const key = `e2e-${randomBytes(9).toString("base64url")}`;
  const [row] = await db
    .insert(schema.sites)
    .values({ workspaceId: seeded!.workspaceId, name: site.name ?? "Host shop", publicKey: key, ...site })
    .returning();
  await db.insert(schema.siteWidgetSettings).values({ siteId: row!.id, ...widget });
  return key;
}

/**
 * A customer's page on another origin (localhost instead of 127.0.0.1, another port: another site too),
 * with hostile CSS, embedding widget.js from node A with one tag. It notes the window's own properties
 * before the tag, so a test can tell what the loader added.
 */
async function hostPage(): Promise<string> {
  if (host) return hostUrl;
  host = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const server = url.searchParams.get("server") ?? "";
    const site = url.searchParams.get("site") ?? "";
    const attr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer shop</title>
<style>* { font-family: "Comic Sans MS" !important; } button { background: lime !important; width: 300px !important; } iframe { border: 10px solid red !important; }</style>
<script>window.__kaiwaKeysBefore = Object.getOwnPropertyNames(window);</script>
</head><body><h1>Customer shop</h1><button id="own">The shop's own button</button>
<script src="${attr(server)}/widget.js" data-site="${attr(site)}" async></script>
</body></html>`);
  });
  await new Promise<void>((r) => host!.listen(0, "127.0.0.1", r));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
  return hostUrl;
}

async function openHost(page: Page, env: Env, siteKey = env.siteKey): Promise<FrameLocator> {
  const base = await hostPage();
  await page.goto(`${base}/?server=${encodeURIComponent(env.nodeA)}&site=${encodeURIComponent(siteKey)}`);
  await expect(page.getByTestId("kaiwa-launcher")).toBeVisible();
  return page.frameLocator('[data-testid="kaiwa-frame"]');
}

async function openChat(page: Page, env: Env, siteKey?: string): Promise<FrameLocator> {
  const frame = await openHost(page, env, siteKey);
  await page.getByTestId("kaiwa-launcher").click();
  await expect(frame.getByTestId("widget-input")).toBeVisible();
  return frame;
}

async function send(frame: FrameLocator, text: string) {
  await frame.getByTestId("widget-input").fill(text);
  await frame.getByTestId("widget-input").press("Enter");
}

async function operatorSocket(env: Env): Promise<OperatorSocket> {
  const cookie = await signInCookie(env.nodeB, env.admin.email, env.admin.password);
  const socket = await connectOperator(env.nodeB, cookie);
  operators.push(socket);
  return socket;
}

/** Wait for the first message with this body to arrive at an operator socket. */
function nextMessage(socket: OperatorSocket, body: string): Promise<Message> {
  return new Promise((resolve) => {
    const on = (m: Message) => {
      if (m.body !== body) return;
      socket.off("message:new", on);
      resolve(m);
    };
    socket.on("message:new", on);
  });
}

const reply = (socket: OperatorSocket, conversationId: string, body: string) =>
  request<Message>(socket, "message:send", { conversationId, clientId: randomBytes(12).toString("hex"), body });

async function newContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: "en-US", ...options });
}

test("embedded on another origin: one global, isolated styles, and the JS API", async ({ browser, env }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const frame = await openHost(page, env);

  // Nothing but window.ChatWidget is added to the host page.
  const added = await page.evaluate(() => {
    const before = new Set((window as unknown as { __kaiwaKeysBefore: string[] }).__kaiwaKeysBefore);
    return Object.getOwnPropertyNames(window).filter((k) => !before.has(k) && k !== "__kaiwaKeysBefore");
  });
  expect(added).toEqual(["ChatWidget"]);
  // The host's CSS does not reach the launcher, and ours does not reach the host's button.
  const launcherBox = await page.getByTestId("kaiwa-launcher").boundingBox();
  expect(launcherBox?.width).toBe(56);
  expect(await page.locator("#own").evaluate((b) => getComputedStyle(b).width)).toBe("300px");
  // The frame is served by the chat server, not the host page.
  expect(await page.locator("kaiwa-widget").evaluate((el) => el.shadowRoot?.querySelector("iframe")?.src)).toContain(env.nodeA);

  await page.evaluate(() => {
    const w = window as unknown as { ChatWidget: { on(e: string, f: (p: unknown) => void): void }; __events: unknown[] };
    w.__events = [];
    for (const e of ["open", "close", "unread", "message"]) w.ChatWidget.on(e, (p) => w.__events.push([e, p ?? null]));
  });
  const events = () => page.evaluate(() => (window as unknown as { __events: [string, unknown][] }).__events);

  await page.evaluate(() => (window as unknown as { ChatWidget: { open(): void } }).ChatWidget.open());
  await expect(frame.getByTestId("widget-input")).toBeVisible();
  const question = `cross-origin hello ${Date.now()}`;
  const operator = await operatorSocket(env);
  const arrived = nextMessage(operator, question);
  await send(frame, question);
  const stored = await arrived;
  await expect(frame.getByTestId("widget-message").filter({ hasText: question })).toHaveAttribute("data-status", "sent");

  // Closed: a reply counts as unread on the badge, in unreadCount() and in on('unread'); on('message') hears it.
  await page.evaluate(() => (window as unknown as { ChatWidget: { close(): void } }).ChatWidget.close());
  await expect(page.locator("kaiwa-widget").locator(".panel.open")).toHaveCount(0);
  await reply(operator, stored.conversationId, "We are on it");
  await expect(page.getByTestId("kaiwa-launcher")).toContainText("1");
  expect(await page.evaluate(() => (window as unknown as { ChatWidget: { unreadCount(): number } }).ChatWidget.unreadCount())).toBe(1);
  await expect.poll(async () => (await events()).map((e) => e[0])).toEqual(["open", "message", "close", "message", "unread"]);
  const list = await events();
  expect(list[3]?.[1]).toMatchObject({ body: "We are on it", authorKind: "operator" });
  expect(list[4]?.[1]).toBe(1);

  // The count survives a reload (or the visitor moving to another page of the site).
  await page.reload();
  await expect(page.getByTestId("kaiwa-launcher")).toContainText("1");
  // Opening reads it: the badge and the count go back to zero.
  await page.getByTestId("kaiwa-launcher").click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { ChatWidget: { unreadCount(): number } }).ChatWidget.unreadCount())).toBe(0);
  await context.close();
});

test("typing indicators and read receipts both ways", async ({ browser, env }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const frame = await openChat(page, env);
  const operator = await operatorSocket(env);
  const first = `receipts ${Date.now()}`;
  const arrived = nextMessage(operator, first);
  await send(frame, first);
  const stored = await arrived;
  const mine = frame.getByTestId("widget-message").filter({ hasText: first });
  await expect(mine).toHaveAttribute("data-receipt", "sent");
  await expect(mine.getByTestId("widget-receipt")).toHaveText(/Sent/);

  // The visitor types: the operator hears it (throttled: one signal for many keys).
  const typing: TypingEvent[] = [];
  operator.on("conversation:typing", (e) => e.conversationId === stored.conversationId && typing.push(e));
  await frame.getByTestId("widget-input").pressSequentially("typing slowly", { delay: 20 });
  await expect.poll(() => typing.filter((e) => e.typing).length).toBe(1);
  await frame.getByTestId("widget-input").fill("");
  await expect.poll(() => typing.at(-1)?.typing).toBe(false);

  // The operator types: the visitor sees it, and it clears when the reply arrives.
  operator.emit("conversation:typing", { conversationId: stored.conversationId, typing: true });
  await expect(frame.getByTestId("widget-typing")).toHaveText(/is typing/);
  // The operator reads: the visitor's message turns 'seen'.
  await request(operator, "conversation:read", { conversationId: stored.conversationId, seq: stored.seq });
  await expect(mine).toHaveAttribute("data-receipt", "seen");
  await expect(mine.getByTestId("widget-receipt")).toHaveText(/Seen/);

  // The visitor has the chat open, so a reply is read at once and the operator hears it.
  const reads: ReadState[] = [];
  operator.on("conversation:read", (s) => s.conversationId === stored.conversationId && reads.push(s));
  const answer = await reply(operator, stored.conversationId, "Here is the answer");
  await expect(frame.getByTestId("widget-message").filter({ hasText: "Here is the answer" })).toBeVisible();
  await expect(frame.getByTestId("widget-typing")).toHaveText("");
  await expect.poll(() => reads.at(-1)?.visitorSeq).toBe(answer.data!.seq);
  await context.close();
});

test("offline: replies that arrive meanwhile and messages typed offline, each once and in order", async ({ browser, env }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const frame = await openChat(page, env);
  const operator = await operatorSocket(env);
  const first = `before the tunnel ${Date.now()}`;
  const arrived = nextMessage(operator, first);
  await send(frame, first);
  const { conversationId } = await arrived;

  await context.setOffline(true);
  await expect(frame.getByTestId("widget-connection")).toHaveAttribute("data-state", "reconnecting");
  await reply(operator, conversationId, "reply 1 while you were away");
  await reply(operator, conversationId, "reply 2 while you were away");
  const offlineText = "typed in the tunnel";
  const offlineArrived = nextMessage(operator, offlineText);
  await send(frame, offlineText);
  await expect(frame.getByTestId("widget-message").filter({ hasText: offlineText })).toHaveAttribute("data-status", "sending");

  await context.setOffline(false);
  await expect(frame.getByTestId("widget-connection")).toHaveAttribute("data-state", "connected");
  const sent = await offlineArrived;
  expect(sent.conversationId).toBe(conversationId);
  const bodies = frame.getByTestId("widget-message");
  await expect(bodies).toHaveCount(4);
  await expect(frame.getByTestId("widget-message").filter({ hasText: offlineText })).toHaveAttribute("data-status", "sent");
  // Server order: the visitor's first message, the two replies, then what was typed offline.
  await expect(bodies).toHaveText([new RegExp(first), /reply 1/, /reply 2/, new RegExp(offlineText)]);
  await context.close();
});

test("a message written offline in a tab that is then closed is sent from the next page view, once", async ({ browser, env }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const frame = await openChat(page, env);
  const operator = await operatorSocket(env);
  const first = `before closing ${Date.now()}`;
  await send(frame, first);
  await expect(frame.getByTestId("widget-message").filter({ hasText: first })).toHaveAttribute("data-status", "sent");

  await context.setOffline(true);
  await expect(frame.getByTestId("widget-connection")).toHaveAttribute("data-state", "reconnecting");
  const unsent = `written in the tunnel, then the tab closed ${Date.now()}`;
  await send(frame, unsent);
  await expect(frame.getByTestId("widget-message").filter({ hasText: unsent })).toHaveAttribute("data-status", "sending");
  await page.close();
  await context.setOffline(false);

  // The next page of the site sends it without the chat even being opened.
  const arrived = nextMessage(operator, unsent);
  const next = await context.newPage();
  const nextFrame = await openHost(next, env);
  await arrived;
  await next.getByTestId("kaiwa-launcher").click();
  await expect(nextFrame.getByTestId("widget-message")).toHaveText([new RegExp(first), new RegExp(unsent)]);
  await expect(nextFrame.getByTestId("widget-message").filter({ hasText: unsent })).toHaveAttribute("data-status", "sent");
  await context.close();
});

test("two tabs stay in sync and a reload keeps the conversation", async ({ browser, env }) => {
  const context = await newContext(browser);
  const [one, two] = [await context.newPage(), await context.newPage()];
  const frameOne = await openChat(one, env);
  const text = `from tab one ${Date.now()}`;
  await send(frameOne, text);
  await expect(frameOne.getByTestId("widget-message").filter({ hasText: text })).toHaveAttribute("data-status", "sent");
  const frameTwo = await openChat(two, env);
  await expect(frameTwo.getByTestId("widget-message").filter({ hasText: text })).toBeVisible();
  await send(frameTwo, "and from tab two");
  await expect(frameOne.getByTestId("widget-message").filter({ hasText: "and from tab two" })).toHaveAttribute("data-status", "sent");

  await one.reload();
  await one.getByTestId("kaiwa-launcher").click();
  const after = one.frameLocator('[data-testid="kaiwa-frame"]').getByTestId("widget-message");
  await expect(after).toHaveText([new RegExp(text), /and from tab two/]);
  await context.close();
});

test("identity verification: a wrong hash is refused, a right one finds the same conversation on another device", async ({ browser, env }) => {
  const secret = randomBytes(16).toString("hex");
  const siteKey = await createSite(env, {}, { identitySecret: secret });
  const userId = `user-${Date.now()}`;
  const hash = createHmac("sha256", secret).update(userId).digest("hex");
  const identify = (page: Page, h: string) =>
    page.evaluate(
      ([u, x]) =>
        (window as unknown as { ChatWidget: { identify(i: object): Promise<void> } }).ChatWidget.identify({ userId: u, hash: x, name: "Hanako" }).then(
          () => "ok",
          (e: { code: string }) => e.code,
        ),
      [userId, h] as const,
    );

  const laptop = await newContext(browser);
  const page = await laptop.newPage();
  const frame = await openHost(page, env, siteKey);
  expect(await identify(page, createHmac("sha256", "wrong secret").update(userId).digest("hex"))).toBe("IDENTITY_INVALID");
  expect(await identify(page, hash)).toBe("ok");
  await page.getByTestId("kaiwa-launcher").click();
  const text = `asked on my laptop ${Date.now()}`;
  await send(frame, text);
  await expect(frame.getByTestId("widget-message").filter({ hasText: text })).toHaveAttribute("data-status", "sent");

  const phone = await newContext(browser);
  const phonePage = await phone.newPage();
  const phoneFrame = await openHost(phonePage, env, siteKey);
  expect(await identify(phonePage, hash)).toBe("ok");
  await phonePage.getByTestId("kaiwa-launcher").click();
  await expect(phoneFrame.getByTestId("widget-message").filter({ hasText: text })).toBeVisible();

  // A third browser without identify() is an anonymous stranger and sees nothing of it.
  const stranger = await newContext(browser);
  const strangerPage = await stranger.newPage();
  const strangerFrame = await openChat(strangerPage, env, siteKey);
  await expect(strangerFrame.getByTestId("widget-input")).toBeVisible();
  await expect(strangerFrame.getByTestId("widget-message")).toHaveCount(0);
  await Promise.all([laptop.close(), phone.close(), stranger.close()]);
});

test("site settings: colour, position, language, greeting; outside hours it still takes the message and an email", async ({ browser, env }) => {
  const siteKey = await createSite(
    env,
    { color: "#16a34a", greeting: "ようこそ、緑の店へ", locale: "ja", name: "緑の店" },
    // Open only one minute a week, on a day that is not today: closed now.
    { position: "left", askEmail: true, timeZone: "Asia/Tokyo", openingHours: [{ day: (new Date().getUTCDay() + 3) % 7, open: "03:00", close: "03:01" }] },
  );
  const context = await newContext(browser, { locale: "en-US" });
  const page = await context.newPage();
  const frame = await openChat(page, env, siteKey);
  const launcher = page.getByTestId("kaiwa-launcher");
  await expect(launcher).toHaveCSS("background-color", "rgb(22, 163, 74)");
  expect((await launcher.boundingBox())!.x).toBeLessThan(100); // left corner
  // The site fixes Japanese even for an English browser.
  await expect(frame.locator("html")).toHaveAttribute("lang", "ja");
  await expect(frame.getByText("ようこそ、緑の店へ")).toBeVisible();

  await send(frame, "営業時間外の質問です");
  await expect(frame.getByTestId("widget-away")).toContainText("営業時間外");
  await expect(frame.getByTestId("widget-message").filter({ hasText: "営業時間外の質問です" })).toHaveAttribute("data-status", "sent");
  await frame.getByTestId("widget-email").fill("visitor@example.com");
  await frame.getByTestId("widget-email-save").click();
  await expect(frame.getByTestId("widget-email-saved")).toContainText("visitor@example.com");
  await context.close();
});

test("pre-chat form asks for a name, email and first question", async ({ browser, env }) => {
  const siteKey = await createSite(env, {}, { preChatForm: true });
  const context = await newContext(browser);
  const page = await context.newPage();
  const frame = await openHost(page, env, siteKey);
  await page.getByTestId("kaiwa-launcher").click();
  await frame.getByTestId("prechat-name").fill("Ken");
  await frame.getByTestId("prechat-email").fill("ken@example.com");
  await frame.getByTestId("prechat-question").fill("Do you ship to Osaka?");
  await frame.getByTestId("prechat-submit").click();
  await expect(frame.getByTestId("widget-message").filter({ hasText: "Do you ship to Osaka?" })).toHaveAttribute("data-status", "sent");
  await expect(frame.getByTestId("widget-input")).toBeVisible();
  const db = database ?? (database = await openPostgres({ url: process.env.E2E_DATABASE_URL! }));
  await expect
    .poll(async () => {
      const [site] = await db.db.select().from(schema.sites).where(eq(schema.sites.publicKey, siteKey));
      const rows = await db.db.select().from(schema.visitors).where(eq(schema.visitors.siteId, site!.id));
      return rows.map((v) => [v.name, v.email]);
    })
    .toEqual([["Ken", "ken@example.com"]]);
  await context.close();
});

test("mobile: full screen, keyboard only, and new messages announced", async ({ browser, env }) => {
  const context = await newContext(browser, { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const frame = await openHost(page, env);
  // Keyboard: Tab reaches the launcher, Enter opens, the message box has focus.
  await page.locator("#own").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("kaiwa-launcher")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(frame.getByTestId("widget-input")).toBeFocused();
  await expect.poll(() => page.getByTestId("kaiwa-frame").boundingBox()).toMatchObject({ x: 0, y: 0, width: 375, height: 667 });
  await expect(frame.getByRole("log")).toHaveAttribute("aria-live", "polite");
  // The paperclip, the message box and the send button share one row, even this narrow.
  const rowOf = async (testId: string) => {
    const box = await frame.getByTestId(testId).boundingBox();
    return box ? Math.round(box.y + box.height / 2) : -1;
  };
  const inputRow = await rowOf("widget-input");
  expect(Math.abs((await rowOf("widget-send")) - inputRow)).toBeLessThan(8);
  expect((await frame.getByTestId("widget-input").boundingBox())!.width).toBeGreaterThan(200);
  await page.keyboard.type("typed on a phone");
  await page.keyboard.press("Enter");
  await expect(frame.getByTestId("widget-message").filter({ hasText: "typed on a phone" })).toHaveAttribute("data-status", "sent");
  // Escape closes and gives the focus back to the launcher.
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("kaiwa-launcher")).toBeVisible();
  await context.close();
});

test("hostile messages stay inert; only http(s) links are clickable", async ({ browser, env }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  let dialogs = 0;
  page.on("dialog", (d) => (dialogs++, void d.dismiss()));
  const frame = await openChat(page, env);
  const operator = await operatorSocket(env);
  const payload = `<img src=x onerror=alert(1)> javascript:alert(2) [x](javascript:alert(3)) https://example.com/ok ${Date.now()}`;
  const arrived = nextMessage(operator, payload);
  await send(frame, payload);
  const { conversationId } = await arrived;
  await reply(operator, conversationId, `<script>alert(4)</script><a href="javascript:alert(5)">click</a> http://example.org/help`);
  const mine = frame.getByTestId("widget-message").filter({ hasText: "https://example.com/ok" });
  await expect(mine).toHaveAttribute("data-status", "sent");
  const theirs = frame.getByTestId("widget-message").filter({ hasText: "http://example.org/help" });
  await expect(theirs).toBeVisible();
  await expect(frame.getByTestId("widget-message").locator("img, script")).toHaveCount(0);
  const hrefs = await frame.locator('[data-testid="widget-message"] a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs).toEqual(["https://example.com/ok", "http://example.org/help"]);
  await expect(mine).toContainText("<img src=x onerror=alert(1)>");
  expect(dialogs).toBe(0);
  await context.close();
});

test("attachments: an image round trip to the console, and a disguised file refused with a clear message", async ({ browser, env }) => {
  const PNG = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==",
    "base64",
  );
  const context = await newContext(browser);
  const page = await context.newPage();
  const frame = await openChat(page, env);
  const first = `a photo follows ${Date.now()}`;
  await send(frame, first);
  await expect(frame.getByTestId("widget-message").filter({ hasText: first })).toHaveAttribute("data-status", "sent");

  await frame.getByTestId("widget-input-file").setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: PNG });
  const thumb = frame.getByTestId("widget-attachment").locator("img");
  await expect(thumb).toHaveAttribute("alt", "receipt.png");
  await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(4);

  // A page pretending to be an image is refused by the server, which reads the bytes.
  await frame.getByTestId("widget-input-file").setInputFiles({ name: "cute.png", mimeType: "image/png", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  await expect(frame.getByRole("alert").filter({ hasText: "This type of file cannot be sent." })).toBeVisible();

  // The operator sees the thumbnail in the console (served to the workspace's operators only).
  const operatorContext = await newContext(browser);
  const console = await operatorContext.newPage();
  await console.goto(`${env.nodeB}/`);
  await console.getByTestId("login-email").fill(env.admin.email);
  await console.getByTestId("login-password").fill(env.admin.password);
  await console.getByTestId("login-submit").click();
  await console.getByTestId("conversation-item").filter({ hasText: "receipt.png" }).click();
  const shown = console.getByTestId("console-attachment").locator("img");
  await expect(shown).toHaveAttribute("alt", "receipt.png");
  await expect.poll(() => shown.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(4);
  // Anyone else asking for it gets nothing.
  const src = await shown.getAttribute("src");
  const anonymous = await (await browser.newContext()).request.get(`${env.nodeB}${src}`);
  expect(anonymous.status()).toBe(401);
  await Promise.all([context.close(), operatorContext.close()]);
});

test("with the real console: typing shows both ways and the operator's view marks the visitor's message seen", async ({ browser, env }) => {
  const visitorContext = await newContext(browser);
  const page = await visitorContext.newPage();
  const frame = await openChat(page, env);
  const question = `console receipts ${Date.now()}`;
  await send(frame, question);
  const mine = frame.getByTestId("widget-message").filter({ hasText: question });
  await expect(mine).toHaveAttribute("data-receipt", "sent");

  const operatorContext = await newContext(browser);
  const console = await operatorContext.newPage();
  await console.goto(`${env.nodeB}/`);
  await console.getByTestId("login-email").fill(env.admin.email);
  await console.getByTestId("login-password").fill(env.admin.password);
  await console.getByTestId("login-submit").click();
  await console.getByTestId("conversation-item").filter({ hasText: question }).click();
  // Viewing the conversation is reading it.
  await expect(mine).toHaveAttribute("data-receipt", "seen");

  await frame.getByTestId("widget-input").pressSequentially("still typ", { delay: 30 });
  await expect(console.getByTestId("console-typing")).toHaveText("The visitor is typing…");
  await console.getByTestId("reply-input").pressSequentially("One moment", { delay: 30 });
  await expect(frame.getByTestId("widget-typing")).toHaveText(/is typing/);
  await console.getByTestId("reply-input").press("Enter");
  await expect(frame.getByTestId("widget-message").filter({ hasText: "One moment" })).toBeVisible();
  await expect(frame.getByTestId("widget-typing")).toHaveText("");
  // The visitor has the chat open: the reply is marked seen in the console.
  await expect(console.getByTestId("console-message").filter({ hasText: "One moment" })).toHaveAttribute("data-seen", "true");
  await Promise.all([visitorContext.close(), operatorContext.close()]);
});

test("calls queued before widget.js loads run; setAttributes and an unverified identify name the visitor", async ({ browser, env }) => {
  const siteKey = await createSite(env);
  const context = await newContext(browser);
  await context.addInitScript(() => {
    (window as unknown as { ChatWidget: unknown }).ChatWidget = {
      q: [
        ["setAttributes", { plan: "pro", seats: 5 }],
        ["identify", { userId: "not-verified-7", name: "Aiko", email: "aiko@example.com" }],
      ],
    };
  });
  const page = await context.newPage();
  const frame = await openChat(page, env, siteKey);
  await send(frame, "hello with attributes");
  await expect(frame.getByTestId("widget-message").filter({ hasText: "hello with attributes" })).toHaveAttribute("data-status", "sent");
  const db = database ?? (database = await openPostgres({ url: process.env.E2E_DATABASE_URL! }));
  await expect
    .poll(async () => {
      const rows = await db.db
        .select({ name: schema.visitors.name, email: schema.visitors.email, attributes: schema.visitorProfiles.attributes, userId: schema.visitorProfiles.externalUserId })
        .from(schema.visitors)
        .innerJoin(schema.sites, eq(schema.sites.id, schema.visitors.siteId))
        .leftJoin(schema.visitorProfiles, eq(schema.visitorProfiles.visitorId, schema.visitors.id))
        .where(eq(schema.sites.publicKey, siteKey));
      return rows;
    })
    // The site does not verify identities, so the user id is not trusted and not stored.
    .toEqual([{ name: "Aiko", email: "aiko@example.com", attributes: { plan: "pro", seats: 5 }, userId: null }]);
  await context.close();
});
