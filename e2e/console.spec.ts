// The operator console's working day in real Chromium on two nodes: live Unassigned, claim, reply, pending,
// resolve, reopen; a transfer between two operators on different nodes; catching up after going offline.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { openPostgres, schema } from "../server/src/db/client";
import { hashPassword } from "../server/src/domain/auth/password";
import { startConversation } from "../server/src/domain/conversations/start-conversation";
import { sendMessage } from "../server/src/domain/messages/send-message";
import { authenticateVisitor, openVisitorSession } from "../server/src/domain/visitors/open-visitor-session";
import { expect, signIn, test, visitorWrites, type Env } from "./support/fixtures";

const PASSWORD = "console-e2e-password";

/** A second operator in the admin's workspace, made directly in the test database. */
async function addOperator(env: Env, name: string) {
  const database = await openPostgres({ url: process.env.E2E_DATABASE_URL! });
  try {
    const [admin] = await database.db.select().from(schema.operators).where(eq(schema.operators.email, env.admin.email));
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@e2e.test`;
    const [row] = await database.db
      .insert(schema.operators)
      .values({ workspaceId: admin!.workspaceId, email, name, role: "operator", passwordHash: await hashPassword(PASSWORD) })
      .returning();
    return { id: row!.id, email, name, password: PASSWORD };
  } finally {
    await database.close();
  }
}

async function count(page: Page, view: string): Promise<number> {
  const text = (await page.getByTestId(`count-${view}`).textContent()) ?? "";
  return Number.parseInt(text, 10);
}

test("a conversation arrives live in Unassigned; claim, reply, pending, resolve and reopen", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext({ locale: "ja-JP" });
  const page = await operatorContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  await page.getByTestId("tab-unassigned").click();
  await expect(page.getByTestId("count-unassigned")).toHaveText(/^\d+$/);
  const before = await count(page, "unassigned");

  const question = `返品の方法を教えてください ${Date.now()}`;
  const widget = await visitorWrites(visitorContext, env.nodeA, question);

  const item = page.getByTestId("conversation-item").filter({ hasText: question });
  await expect(item).toBeVisible();
  await expect.poll(() => count(page, "unassigned")).toBe(before + 1);
  await item.click();

  const mineBefore = await count(page, "mine");
  await page.getByTestId("claim-button").click();
  await expect(page.getByTestId("assignee")).toContainText("Admin");
  await expect.poll(() => count(page, "unassigned")).toBe(before);
  await expect.poll(() => count(page, "mine")).toBe(mineBefore + 1);
  // Claimed: it leaves Unassigned and shows under Mine.
  await expect(item).toHaveCount(0);
  await page.getByTestId("tab-mine").click();
  await expect(page.getByTestId("conversation-item").filter({ hasText: question })).toBeVisible();

  const answer = `Please use the returns form. 返品フォームをご利用ください ${Date.now()}`;
  await page.getByTestId("reply-input").fill(answer);
  await page.getByTestId("reply-send").click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: answer })).toBeVisible();

  // An internal note: the team sees it, the visitor never does.
  const note = `社内メモ: 返金承認済み ${Date.now()}`;
  await page.getByTestId("mode-note").click();
  await page.getByTestId("reply-input").fill(note);
  await page.getByTestId("reply-send").click();
  await expect(page.getByTestId("console-note").filter({ hasText: note })).toBeVisible();
  await page.getByTestId("mode-reply").click();
  // Tags and a star.
  await page.getByTestId("tag-input").fill("Returns");
  await page.getByTestId("tag-input").press("Enter");
  await expect(page.getByTestId("tag-chip")).toHaveText(["returns×"]);
  await page.getByTestId("star-button").click();
  await expect(page.getByTestId("star-button")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("filter-tag").fill("returns");
  await page.getByTestId("filter-tag").press("Enter");
  await expect(page.getByTestId("conversation-item").filter({ hasText: answer })).toBeVisible();
  await page.getByTestId("filter-tag").fill("");
  await page.getByTestId("filter-tag").press("Enter");

  await page.getByTestId("pending-button").click();
  await expect(page.locator("h2 + span")).toHaveText("Pending");
  await page.getByTestId("resolve-button").click();
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "reopen");
  await page.getByTestId("tab-resolved").click();
  await expect(page.getByTestId("conversation-item").filter({ hasText: answer })).toBeVisible();
  await page.getByTestId("resolve-button").click();
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "resolve");

  // The visitor's widget never showed the note, even after a reload.
  await expect(widget.getByTestId("widget-message").filter({ hasText: answer })).toBeVisible();
  await expect(widget.getByText(note)).toHaveCount(0);

  await operatorContext.close();
  await visitorContext.close();
});

test("a canned response is inserted with / and its placeholders filled; a Japanese search finds the conversation", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "ja-JP" });
  const visitorContext = await browser.newContext();
  const page = await operatorContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  const shortcut = `thx${Date.now().toString(36)}`;
  await page.getByTestId("canned-manage").click();
  await page.getByTestId("canned-shortcut").fill(shortcut);
  await page.getByTestId("canned-body").fill("{{operator.name}} です。{{visitor.name}} 様、お問い合わせありがとうございます。");
  await page.getByTestId("canned-save").click();
  await expect(page.getByTestId("canned-panel")).toContainText(`/${shortcut}`);
  await page.getByTestId("canned-manage").click();

  const unique = `クーポン番号${Date.now()}`;
  const question = `${unique}が使えません`;
  const widget = await visitorWrites(visitorContext, env.nodeA, question);
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await page.getByTestId("reply-input").fill(`/${shortcut.slice(0, 5)}`);
  await expect(page.getByTestId("canned-option").filter({ hasText: shortcut })).toBeVisible();
  await page.getByTestId("canned-option").filter({ hasText: shortcut }).click();
  await expect(page.getByTestId("reply-input")).toHaveValue(/^Admin.* です。訪問者 #[0-9A-F]{4} 様、お問い合わせありがとうございます。$/);
  await page.getByTestId("reply-send").click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: "お問い合わせありがとうございます" })).toBeVisible();

  // Japanese has no spaces: a phrase from the middle of the message still finds it.
  await page.getByTestId("search-input").fill(unique.slice(2));
  await page.getByTestId("search-input").press("Enter");
  const hit = page.getByTestId("search-result").filter({ hasText: question });
  await expect(hit).toHaveCount(1);
  await page.getByTestId("search-clear").click();
  await expect(page.getByTestId("search-results")).toHaveCount(0);

  await operatorContext.close();
  await visitorContext.close();
});

test("a conversation is transferred with a note between two operators on two nodes", async ({ browser, env }) => {
  const bob = await addOperator(env, "Bob");
  const [adminContext, bobContext, visitorContext] = [await browser.newContext({ locale: "en-US" }), await browser.newContext({ locale: "ja-JP" }), await browser.newContext()];
  const admin = await adminContext.newPage();
  const bobPage = await bobContext.newPage();
  await signIn(admin, env.nodeA, env.admin.email, env.admin.password);
  await signIn(bobPage, env.nodeB, bob.email, bob.password);
  await bobPage.getByTestId("tab-mine").click();
  await expect(bobPage.getByTestId("count-mine")).toHaveText("0");

  const question = `Where is my order? ${Date.now()}`;
  await visitorWrites(visitorContext, env.nodeA, question);
  await admin.getByTestId("conversation-item").filter({ hasText: question }).click();
  await admin.getByTestId("claim-button").click();
  await expect(admin.getByTestId("assignee")).toContainText("Admin");
  await admin.getByTestId("transfer-button").click();
  // Bob's console on node B makes him online for the admin on node A.
  await expect(admin.getByTestId("transfer-operator").locator(`option[value="${bob.id}"]`)).toHaveAttribute("data-presence", "online");
  await admin.getByTestId("transfer-operator").selectOption(bob.id);
  await admin.getByTestId("transfer-note").fill("VIP customer, order #123");
  await admin.getByTestId("transfer-submit").click();
  await expect(admin.getByTestId("assignee")).toContainText("Bob");

  // Bob, on the other node, sees it arrive under Mine with its count, opens it and reads the note.
  await expect(bobPage.getByTestId("count-mine")).toHaveText("1");
  const item = bobPage.getByTestId("conversation-item").filter({ hasText: question });
  await expect(item).toBeVisible();
  await item.click();
  await expect(bobPage.getByTestId("transfer-notice")).toContainText("VIP customer, order #123");
  await expect(bobPage.getByTestId("transfer-notice")).toContainText("引き継ぎました");

  // Bob steps away; the admin on the other node sees it. When his last tab closes he goes offline.
  await bobPage.getByTestId("presence-select").selectOption("away");
  await expect(bobPage.getByTestId("presence-select")).toHaveAttribute("data-presence", "away");
  const bobInFilter = admin.getByTestId("filter-assignee").locator(`option[value="${bob.id}"]`);
  await expect(bobInFilter).toHaveAttribute("data-presence", "away");
  await bobContext.close();
  await expect(bobInFilter).toHaveAttribute("data-presence", "offline");

  await adminContext.close();
  await visitorContext.close();
});

test("the console catches up by itself after the network comes back", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext();
  const page = await operatorContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  await page.getByTestId("tab-unassigned").click();
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "connected");
  await expect(page.getByTestId("count-unassigned")).toHaveText(/^\d+$/);
  const before = await count(page, "unassigned");

  await operatorContext.setOffline(true);
  await expect(page.getByTestId("connection-state")).not.toHaveAttribute("data-state", "connected", { timeout: 30_000 });
  const question = `オフライン中の質問 ${Date.now()}`;
  await visitorWrites(visitorContext, env.nodeA, question);
  await operatorContext.setOffline(false);

  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "connected", { timeout: 30_000 });
  await expect(page.getByTestId("conversation-item").filter({ hasText: question })).toBeVisible();
  await expect.poll(() => count(page, "unassigned")).toBe(before + 1);

  await operatorContext.close();
  await visitorContext.close();
});

test("keyboard shortcuts with a help sheet, the visitor panel, and sound / notification switches", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext();
  const page = await operatorContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  const question = `Shortcut question ${Date.now()}`;
  await visitorWrites(visitorContext, env.nodeA, question);
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(page.getByTestId("visitor-panel")).toBeVisible();
  await expect(page.getByTestId("visitor-panel")).toContainText("Earlier conversations");

  await page.locator("body").click({ position: { x: 5, y: 5 } }); // out of any field
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcut-help")).toContainText("Assign to me");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("shortcut-help")).toHaveCount(0);
  await page.keyboard.press("a");
  await expect(page.getByTestId("assignee")).toContainText("Admin");
  await page.keyboard.press("e");
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "reopen");
  await page.keyboard.press("e");
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "resolve");
  await page.keyboard.press("r");
  await expect(page.getByTestId("reply-input")).toBeFocused();

  // The switches are remembered by this browser.
  await expect(page.getByTestId("toggle-sound")).toBeChecked();
  await page.getByTestId("toggle-sound").uncheck();
  await page.reload();
  await expect(page.getByTestId("toggle-sound")).not.toBeChecked();
  await expect(page.getByTestId("toggle-notifications")).not.toBeChecked();

  await operatorContext.close();
  await visitorContext.close();
});

test("a long conversation opens on its newest page and loads earlier pages on demand", async ({ browser, env }) => {
  const database = await openPostgres({ url: process.env.E2E_DATABASE_URL! });
  let conversationId: string;
  try {
    const session = await openVisitorSession(database.db, { siteKey: env.siteKey });
    const actor = (await authenticateVisitor(database.db, env.siteKey, session.token))!;
    if (actor.kind !== "visitor") throw new Error("not a visitor");
    const { conversation } = await startConversation(database.db, actor);
    conversationId = conversation.id;
    for (let i = 1; i <= 120; i++) await sendMessage(database.db, actor, { conversationId, clientId: randomUUID(), body: `long history ${i}` });
  } finally {
    await database.close();
  }
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  await page.goto(`${env.nodeB}/?c=${conversationId}`);
  const messages = page.getByTestId("console-message");
  await expect(messages.last()).toContainText("long history 120");
  await expect(messages).toHaveCount(50);
  // As a person does: scroll the history up with the wheel. Reaching the top loads the earlier page, and the
  // message that was on top stays in view instead of the pane jumping to the oldest one.
  const log = page.getByRole("log");
  await log.hover();
  await expect(async () => {
    await page.mouse.wheel(0, -5000);
    await expect(messages).toHaveCount(120, { timeout: 1000 });
  }).toPass();
  await expect(page.getByTestId("load-older")).toHaveCount(0);
  // The bubble's exact text: "long history 7" followed by a clock time like "1:19" reads "long history 71:19" too.
  await expect(messages.filter({ has: page.getByText("long history 71", { exact: true }) })).toBeInViewport();
  await expect(messages.first()).toContainText("long history 1");
  await context.close();

  // In a window tall enough that the newest page does not fill the pane there is nothing to scroll: the button
  // is there to click.
  const tall = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 6000 } });
  const tallPage = await tall.newPage();
  await signIn(tallPage, env.nodeB, env.admin.email, env.admin.password);
  await tallPage.goto(`${env.nodeB}/?c=${conversationId}`);
  const tallMessages = tallPage.getByTestId("console-message");
  await expect(tallMessages).toHaveCount(50);
  await tallPage.getByTestId("load-older").click();
  await expect(tallMessages).toHaveCount(120);
  await expect(tallMessages.first()).toContainText("long history 1");
  await tall.close();
});

test("an admin turns on automatic assignment: a new conversation goes straight to the online operator", async ({ browser, env }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  await page.getByTestId("inbox-settings").click();
  const toggle = page.getByTestId("auto-assign-toggle").first();
  await page.getByTestId("capacity-input").first().fill("100");
  await page.getByTestId("capacity-input").first().blur();
  await toggle.check();
  await expect(toggle).toBeChecked();
  await page.getByTestId("inbox-settings").click();
  try {
    await page.getByTestId("tab-mine").click();
    const question = `Auto-assign me ${Date.now()}`;
    await visitorWrites(visitorContext, env.nodeA, question);
    const item = page.getByTestId("conversation-item").filter({ hasText: question });
    await expect(item).toBeVisible();
    await item.click();
    await expect(page.getByTestId("assignee")).toContainText("Admin");
  } finally {
    await page.getByTestId("inbox-settings").click();
    await page.getByTestId("auto-assign-toggle").first().uncheck();
    await expect(page.getByTestId("auto-assign-toggle").first()).not.toBeChecked();
  }
  await context.close();
  await visitorContext.close();
});
