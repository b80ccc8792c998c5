// "Longest waiting" as a support desk means it: the visitor who has waited longest for an answer comes first,
// however recently they wrote again; answered conversations come after every unanswered one.
import type { BrowserContext } from "@playwright/test";
import { expect, signIn, test } from "./support/fixtures";
import { createSite } from "./support/sites";

async function visitorSays(context: BrowserContext, baseUrl: string, siteKey: string, text: string) {
  const page = context.pages()[0] ?? (await context.newPage());
  if (!page.url().includes(siteKey)) {
    await page.goto(`${baseUrl}/demo?site=${encodeURIComponent(siteKey)}`);
    await page.getByTestId("kaiwa-launcher").click();
  }
  const widget = page.frameLocator('[data-testid="kaiwa-frame"]');
  await widget.getByTestId("widget-input").fill(text);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: text })).toHaveAttribute("data-status", "sent");
}

test("longest waiting puts the oldest unanswered question first, unanswered before answered", async ({ browser, env }) => {
  const siteName = `Waiting room ${Date.now()}`;
  const siteKey = await createSite(env, { name: siteName });
  const [a, b, c] = [await browser.newContext(), await browser.newContext(), await browser.newContext()];
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const page = await operatorContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);

  await visitorSays(c, env.nodeA, siteKey, "C: first of all");
  await visitorSays(a, env.nodeA, siteKey, "A: waiting since early");
  await visitorSays(b, env.nodeA, siteKey, "B: a later question");
  await page.getByTestId("conversation-item").filter({ hasText: "C: first of all" }).click();
  await page.getByTestId("reply-input").fill("C: answered");
  await page.getByTestId("reply-input").press("Enter");
  await expect(page.getByTestId("console-message").filter({ hasText: "C: answered" })).toHaveAttribute("data-status", "sent");
  // A writes again: the latest activity is A's, but A still waits since the first message.
  await visitorSays(a, env.nodeA, siteKey, "A: hello? still there?");

  await page.getByTestId("filter-site").selectOption({ label: siteName });
  await page.getByTestId("sort-select").selectOption("waiting");
  const rows = page.getByTestId("conversation-item");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("A: hello? still there?");
  await expect(rows.nth(1)).toContainText("B: a later question");
  await expect(rows.nth(2)).toContainText("C: answered");
  await expect(rows.nth(0).getByTestId("row-waiting")).toBeVisible();
  await expect(rows.nth(2).getByTestId("row-waiting")).toHaveCount(0);

  // Answering A moves it after B, live; a reload keeps the server's order.
  await rows.nth(0).click();
  await page.getByTestId("reply-input").fill("A: sorry for the wait");
  await page.getByTestId("reply-input").press("Enter");
  await expect(rows.nth(0)).toContainText("B: a later question");
  await page.reload();
  await page.getByTestId("filter-site").selectOption({ label: siteName });
  await page.getByTestId("sort-select").selectOption("waiting");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("B: a later question");

  await Promise.all([a.close(), b.close(), c.close(), operatorContext.close()]);
});
