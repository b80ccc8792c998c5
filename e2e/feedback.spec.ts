// The feedback board in real Chromium on two nodes: a customer posts (with a screenshot), a colleague on the other
// node votes, the product team comments and sets a status, and everyone sees each change live, without a reload.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { openPostgres, schema } from "../server/src/db/client";
import { createWorkspace } from "../server/src/domain/workspaces/create-workspace";
import { expect, test } from "./support/fixtures";

const PASSWORD = "feedback-e2e-password";
// A real 1x1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const run = Date.now().toString(36);
const people = {
  alice: `alice-${run}@customer.example.com`,
  bob: `bob-${run}@customer.example.com`,
  pat: `pat-${run}@product.example.com`,
};

test.beforeAll(async () => {
  if (process.env.E2E_SKIP) return;
  const database = await openPostgres({ url: process.env.E2E_DATABASE_URL! });
  try {
    await createWorkspace(database.db, {
      name: `Customer ${run}`,
      site: { name: "Customer site" },
      operators: [
        { email: people.alice, name: "Alice", password: PASSWORD, role: "admin" },
        { email: people.bob, name: "Bob", password: PASSWORD, role: "operator" },
      ],
    });
    const team = await createWorkspace(database.db, {
      name: `Product team ${run}`,
      site: { name: "Kaiwa" },
      operators: [{ email: people.pat, name: "Pat", password: PASSWORD, role: "admin" }],
    });
    await database.db.insert(schema.productTeamWorkspaces).values({ workspaceId: team.workspace.id });
  } finally {
    await database.close();
  }
});

/** A signed-in browser context on `baseUrl`, with the board open. */
async function openBoard(browser: Browser, baseUrl: string, email: string, locale = "en-US"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale });
  const login = await context.request.post(`${baseUrl}/api/auth/login`, { data: { email, password: PASSWORD } });
  expect(login.ok(), await login.text()).toBe(true);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/feedback`);
  await expect(page.getByTestId("feedback-live")).toBeVisible(); // subscribed to live updates
  return { context, page };
}

test("post, vote, comment and a status change are seen live by the other people on the board", async ({ browser, env }) => {
  const alice = await openBoard(browser, env.nodeA, people.alice);
  const bob = await openBoard(browser, env.nodeB, people.bob, "ja-JP");
  const pat = await openBoard(browser, env.nodeA, people.pat);
  await expect(bob.page.getByRole("heading", { name: "フィードバック" })).toBeVisible();

  // Alice posts with a screenshot; the title is text, never markup.
  const title = `Board <b>idea</b> ${run}`;
  // What the post is about is for people to name: no internal flag key is filled in for them.
  await expect(alice.page.getByTestId("feedback-subject")).toHaveValue("");
  await alice.page.getByTestId("feedback-subject").fill("Feedback board");
  await alice.page.getByTestId("feedback-title").fill(title);
  await alice.page.getByTestId("feedback-body").fill("<img src=x onerror=alert(1)> Let us pin a post.");
  await alice.page.getByTestId("feedback-screenshot").setInputFiles({ name: "shot.png", mimeType: "image/png", buffer: PNG });
  await alice.page.getByTestId("feedback-submit").click();

  const postOf = (page: Page) => page.getByTestId("feedback-post").filter({ hasText: title });
  for (const p of [alice.page, bob.page, pat.page]) await expect(postOf(p)).toBeVisible();
  await expect(postOf(bob.page).getByTestId("feedback-post-title")).toHaveText(title);
  await expect(postOf(bob.page).locator("b")).toHaveCount(0);
  await expect(postOf(bob.page).locator("img[src='x']")).toHaveCount(0);
  const shot = postOf(pat.page).getByTestId("feedback-shot");
  await expect(shot).toBeVisible();
  expect(await shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  // Bob (node B, Japanese) votes; Alice and Pat see the count change.
  await postOf(bob.page).getByTestId("feedback-vote").click();
  await expect(postOf(bob.page).getByTestId("feedback-votes")).toHaveText("1 票");
  await expect(postOf(alice.page).getByTestId("feedback-votes")).toHaveText("1 vote");
  await expect(postOf(pat.page).getByTestId("feedback-votes")).toHaveText("1 vote");

  // Alice keeps the comments open; Pat (product team) answers.
  await postOf(alice.page).getByTestId("feedback-toggle-comments").click();
  await expect(postOf(alice.page).getByTestId("feedback-comment-input")).toBeVisible();
  await postOf(pat.page).getByTestId("feedback-toggle-comments").click();
  await postOf(pat.page).getByTestId("feedback-comment-input").fill("Thanks! Pinning is planned.");
  await postOf(pat.page).getByTestId("feedback-comment-submit").click();
  await expect(postOf(alice.page).getByTestId("feedback-comment").filter({ hasText: "Thanks! Pinning is planned." })).toContainText("Product team");
  await expect(postOf(bob.page).getByTestId("feedback-comment-count")).toHaveText("コメント 1 件");

  // Only the product team has the status control; its change reaches everyone live.
  await expect(postOf(alice.page).getByTestId("feedback-set-status")).toHaveCount(0);
  await postOf(pat.page).getByTestId("feedback-set-status").selectOption("planned");
  await expect(postOf(alice.page).getByTestId("feedback-status")).toHaveText("Planned");
  await expect(postOf(bob.page).getByTestId("feedback-status")).toHaveText("予定");

  for (const c of [alice, bob, pat]) await c.context.close();
});

test("the server refuses a screenshot whose bytes are not the image type it claims", async ({ browser, env }) => {
  const alice = await openBoard(browser, env.nodeB, people.alice);
  await alice.page.getByTestId("feedback-subject").fill("Screenshots");
  await alice.page.getByTestId("feedback-title").fill(`Fake image ${run}`);
  await alice.page.getByTestId("feedback-body").fill("This file says PNG but is HTML.");
  await alice.page
    .getByTestId("feedback-screenshot")
    .setInputFiles({ name: "shot.png", mimeType: "image/png", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  await alice.page.getByTestId("feedback-submit").click();
  await expect(alice.page.getByTestId("feedback-error")).toHaveText("Please check what you entered.");
  await expect(alice.page.getByTestId("feedback-post").filter({ hasText: `Fake image ${run}` })).toHaveCount(0);
  await alice.context.close();
});
