// Destructive actions in the settings ask first, and refusals say what is wrong: the last admin cannot be
// deactivated or demoted, and the admin is told exactly that.
import { createOperator, expect, signIn, test } from "./support/fixtures";

test("the last admin is told why they cannot deactivate or demote themselves; deactivating asks first", async ({ browser, env }) => {
  const colleague = await createOperator(env, "operator", `Leaving ${Date.now().toString(36)}`);
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeA, env.admin.email, env.admin.password);
  await page.goto(`${env.nodeA}/settings/operators`);
  const mine = page.getByTestId("operator-row").and(page.locator(`[data-email="${env.admin.email}"]`));
  await expect(mine).toBeVisible();

  await mine.getByTestId("operator-toggle-active").click();
  await expect(mine.getByTestId("operator-toggle-active-confirmation")).toContainText("Deactivate");
  await mine.getByTestId("operator-toggle-active-confirm").click();
  const error = page.getByTestId("operators-error");
  await expect(error).toHaveAttribute("data-code", "LAST_ADMIN");
  await expect(error).toContainText("at least one active admin");
  await expect(error).not.toContainText("Only admins");
  await expect(mine).toHaveAttribute("data-active", "true");
  await mine.getByTestId("operator-role").selectOption("operator");
  await expect(error).toHaveAttribute("data-code", "LAST_ADMIN");
  await expect(mine).toHaveAttribute("data-role", "admin");

  // Another operator: Cancel (or Esc) leaves them active; confirming deactivates.
  const theirs = page.getByTestId("operator-row").and(page.locator(`[data-email="${colleague.email}"]`));
  await theirs.getByTestId("operator-toggle-active").click();
  await expect(theirs.getByTestId("operator-toggle-active-confirmation")).toContainText(colleague.name);
  await theirs.getByTestId("operator-toggle-active-cancel").click();
  await expect(theirs).toHaveAttribute("data-active", "true");
  await theirs.getByTestId("operator-toggle-active").click();
  await page.keyboard.press("Escape");
  await expect(theirs.getByTestId("operator-toggle-active-confirmation")).toHaveCount(0);
  await expect(theirs).toHaveAttribute("data-active", "true");
  await theirs.getByTestId("operator-toggle-active").click();
  await theirs.getByTestId("operator-toggle-active-confirm").click();
  await expect(theirs).toHaveAttribute("data-active", "false");
  await context.close();
});

test("deleting a canned response asks first, on the settings page and in the console", async ({ browser, env }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeA, env.admin.email, env.admin.password);
  await page.goto(`${env.nodeA}/settings/canned`);
  const shortcut = `bye${Date.now().toString(36)}`;
  await page.getByTestId("canned-new-shortcut").fill(shortcut);
  await page.getByTestId("canned-new-body").fill("Have a nice day!");
  await page.getByTestId("canned-add").click();
  const row = page.locator(`[data-testid="canned-row"][data-shortcut="${shortcut}"]`);
  await row.getByTestId("canned-delete").click();
  await expect(row.getByTestId("canned-delete-confirmation")).toContainText(`/${shortcut}`);
  await row.getByTestId("canned-delete-cancel").click();
  await expect(row).toBeVisible();

  await page.goto(`${env.nodeA}/`);
  await page.getByTestId("canned-manage").click();
  const item = page.getByTestId("canned-panel").locator("li").filter({ hasText: `/${shortcut}` });
  await item.getByTestId("canned-panel-delete").click();
  await expect(item.getByTestId("canned-panel-delete-confirmation")).toBeVisible();
  await item.getByTestId("canned-panel-delete-confirm").click();
  await expect(page.getByTestId("canned-panel")).not.toContainText(`/${shortcut}`);
  await context.close();
});
