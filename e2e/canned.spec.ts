// Canned responses kept on /settings/canned in real Chromium: an admin adds, edits and deletes one on node A
// while an operator's console on node B offers, and then stops offering, it after `/` without a reload.
import { createOperator, expect, signIn, test, visitorWrites } from "./support/fixtures";

test("canned responses added, edited and deleted on the settings page reach an open console on the other node", async ({ browser, env }) => {
  const operator = await createOperator(env, "operator", "Canned user");
  const adminContext = await browser.newContext({ locale: "en-US" });
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext();

  // The operator's console is open on node B with a conversation selected.
  const question = `Can I change my order? ${Date.now()}`;
  await visitorWrites(visitorContext, env.nodeA, question);
  const consolePage = await operatorContext.newPage();
  await signIn(consolePage, env.nodeB, operator.email, operator.password);
  await consolePage.getByTestId("conversation-item").filter({ hasText: question }).click();

  // The admin adds one on node A's settings page.
  const admin = await adminContext.newPage();
  await signIn(admin, env.nodeA, env.admin.email, env.admin.password);
  await admin.goto(`${env.nodeA}/settings/canned`);
  const shortcut = `order${Date.now().toString(36)}`;
  await admin.getByTestId("canned-new-shortcut").fill(shortcut);
  await admin.getByTestId("canned-new-body").fill("Hello {{visitor.name}}, you can change it until it ships.");
  await admin.getByTestId("canned-add").click();
  const row = admin.locator(`[data-testid="canned-row"][data-shortcut="${shortcut}"]`);
  await expect(row).toContainText("you can change it until it ships");

  // No reload on the console: `/` offers it and inserts it with the placeholder filled.
  await consolePage.getByTestId("reply-input").fill(`/${shortcut}`);
  await consolePage.getByTestId("canned-option").filter({ hasText: shortcut }).click();
  await expect(consolePage.getByTestId("reply-input")).toHaveValue(/^Hello Visitor #[0-9A-F]{4}, you can change it until it ships\.$/);

  // An edit follows too.
  await row.getByTestId("canned-edit").click();
  await admin.getByTestId("canned-edit-body").fill("Orders can be changed within one hour.");
  await admin.getByTestId("canned-edit-save").click();
  await expect(row).toContainText("within one hour");
  await consolePage.getByTestId("reply-input").fill(`/${shortcut}`);
  await consolePage.getByTestId("canned-option").filter({ hasText: shortcut }).click();
  await expect(consolePage.getByTestId("reply-input")).toHaveValue("Orders can be changed within one hour.");

  // Deleted: no longer offered.
  await row.getByTestId("canned-delete").click();
  await row.getByTestId("canned-delete-confirm").click();
  await expect(row).toHaveCount(0);
  await consolePage.getByTestId("reply-input").fill(`/${shortcut}`);
  await expect(consolePage.getByTestId("canned-option").filter({ hasText: shortcut })).toHaveCount(0);

  await Promise.all([adminContext.close(), operatorContext.close(), visitorContext.close()]);
});
