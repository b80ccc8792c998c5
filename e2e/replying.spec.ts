// Two operators and one visitor: whoever replies to an unassigned conversation takes it, and an operator who starts
// writing to the same visitor sees the other one replying, across two nodes. A site may turn the first part off.
import { createOperator, expect, signIn, test, visitorWrites } from "./support/fixtures";

test("the first operator to reply takes the conversation; the other sees them replying", async ({ browser, env }) => {
  const bob = await createOperator(env, "operator", `Bob ${Date.now().toString(36)}`);
  const [adminContext, bobContext, visitorContext] = [
    await browser.newContext({ locale: "en-US" }),
    await browser.newContext({ locale: "en-US" }),
    await browser.newContext(),
  ];
  const admin = await adminContext.newPage();
  const bobPage = await bobContext.newPage();
  await signIn(admin, env.nodeB, env.admin.email, env.admin.password);
  await signIn(bobPage, env.nodeA, bob.email, bob.password);
  await admin.getByTestId("tab-unassigned").click();
  await bobPage.getByTestId("tab-unassigned").click();

  const question = `Two of you? ${Date.now()}`;
  const widget = await visitorWrites(visitorContext, env.nodeA, question);
  await admin.getByTestId("conversation-item").filter({ hasText: question }).click();
  await bobPage.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(admin.getByTestId("assignee")).toHaveAttribute("data-assignee-id", "");

  // Bob starts writing: the admin, on the other node, sees it in the thread and on the list's row.
  await bobPage.getByTestId("reply-input").pressSequentially("Let me check your order", { delay: 20 });
  await expect(admin.getByTestId("operator-replying")).toHaveText(`${bob.name} is replying…`);
  await expect(admin.getByTestId("conversation-item").filter({ hasText: question }).getByTestId("row-replying")).toBeVisible();
  // Nobody sees their own typing as someone else's.
  await expect(bobPage.getByTestId("operator-replying")).toHaveCount(0);

  // Bob sends first: the conversation is his, on both consoles, and it leaves Unassigned.
  await bobPage.getByTestId("reply-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Let me check your order" })).toBeVisible();
  await expect(bobPage.getByTestId("assignee")).toContainText(bob.name);
  await expect(admin.getByTestId("assignee")).toContainText(bob.name);
  await expect(admin.getByTestId("operator-replying")).toHaveCount(0);
  await expect(bobPage.getByTestId("conversation-item").filter({ hasText: question })).toHaveCount(0);
  await bobPage.getByTestId("tab-mine").click();
  await expect(bobPage.getByTestId("conversation-item").filter({ hasText: "Let me check your order" })).toBeVisible();

  // The admin answers too: it stays Bob's.
  await admin.getByTestId("reply-input").fill("I can help as well");
  await admin.getByTestId("reply-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: "I can help as well" })).toBeVisible();
  await expect(admin.getByTestId("assignee")).toContainText(bob.name);

  await Promise.all([adminContext.close(), bobContext.close(), visitorContext.close()]);
});

test("a site that turns off 'replying assigns' leaves a replied conversation unassigned", async ({ browser, env }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeA, env.admin.email, env.admin.password);
  await page.goto(`${env.nodeA}/settings/sites`);
  const name = `No auto-claim ${Date.now()}`;
  await page.getByTestId("create-site-name").fill(name);
  await page.getByTestId("create-site-submit").click();
  await expect(page.getByTestId("site-item").filter({ hasText: name })).toHaveAttribute("aria-current", "true");
  const key = (await page.getByTestId("site-key").textContent())!;
  await expect(page.getByTestId("site-assign-on-reply")).toBeChecked();
  await page.getByTestId("site-assign-on-reply").uncheck();
  await page.getByTestId("site-save").click();
  await expect(page.getByTestId("site-save-state")).toHaveAttribute("data-state", "saved");
  await page.reload();
  await page.getByTestId("site-item").filter({ hasText: name }).click();
  await expect(page.getByTestId("site-assign-on-reply")).not.toBeChecked();

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${env.nodeB}/demo?site=${encodeURIComponent(key)}`);
  await visitor.getByTestId("kaiwa-launcher").click();
  const widget = visitor.frameLocator('[data-testid="kaiwa-frame"]');
  const question = `Just a question ${Date.now()}`;
  await widget.getByTestId("widget-input").fill(question);
  await widget.getByTestId("widget-input").press("Enter");

  await page.goto(`${env.nodeA}/`);
  await page.getByTestId("tab-unassigned").click();
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await page.getByTestId("reply-input").fill("Here is the answer");
  await page.getByTestId("reply-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Here is the answer" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("assignee")).toHaveAttribute("data-assignee-id", "");
  await expect(page.getByTestId("conversation-item").filter({ hasText: "Here is the answer" })).toBeVisible();
  await Promise.all([context.close(), visitorContext.close()]);
});
