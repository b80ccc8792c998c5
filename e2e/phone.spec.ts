// The console on a phone (375×812): the list, the conversation and the visitor's details are separate screens, the
// tools and the conversation's actions are in menus, and the conversation gets the screen.
import { expect, signIn, test, visitorWrites } from "./support/fixtures";

test("on a phone the console is one screen at a time with its actions in menus", async ({ browser, env }) => {
  const visitorContext = await browser.newContext();
  const question = `Answer me on your phone ${Date.now()}`;
  const widget = await visitorWrites(visitorContext, env.nodeA, question);
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);

  // The list screen: the tools wait in the menu, which Esc and a tap outside close.
  const row = page.getByTestId("conversation-item").filter({ hasText: question });
  await expect(row).toBeVisible();
  await expect(page.getByTestId("sign-out")).toBeHidden();
  await page.getByTestId("console-menu").click();
  await expect(page.getByTestId("sign-out")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("sign-out")).toBeHidden();
  await page.getByTestId("console-menu").click();
  await expect(page.getByTestId("toggle-sound")).toBeVisible();
  await page.getByTestId("connection-state").click(); // a tap outside the menu, on nothing that acts
  await expect(page.getByTestId("toggle-sound")).toBeHidden();

  // The conversation screen: the messages have most of the screen; the list is gone until Back.
  await row.click();
  const log = page.getByRole("log");
  await expect(page.getByTestId("console-message").filter({ hasText: question })).toBeVisible();
  await expect(row).toBeHidden();
  expect((await log.boundingBox())!.height).toBeGreaterThan(812 * 0.55);
  await expect(page.getByTestId("visitor-panel")).toBeHidden();

  // Its actions are in a menu.
  await expect(page.getByTestId("resolve-button")).toBeHidden();
  await page.getByTestId("thread-actions-button").click();
  await page.getByTestId("claim-button").click();
  await expect(page.getByTestId("assignee")).toContainText("Admin");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("assignee")).toBeHidden();

  await page.getByTestId("reply-input").fill("Replying from my phone");
  await page.getByTestId("reply-send").click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Replying from my phone" })).toBeVisible();

  // The visitor's details are a screen of their own.
  await page.getByTestId("show-visitor").click();
  await expect(page.getByTestId("visitor-panel")).toBeVisible();
  await expect(log).toBeHidden();
  await page.getByTestId("back-to-thread").click();
  await expect(log).toBeVisible();

  await page.getByTestId("thread-actions-button").click();
  await page.getByTestId("resolve-button").click();
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "reopen");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Back to the list" }).click();
  await expect(page.getByTestId("search-input")).toBeVisible();
  await expect(log).toBeHidden();
  await Promise.all([context.close(), visitorContext.close()]);
});
