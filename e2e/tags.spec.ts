// Admin-defined tags in real Chromium on two nodes: an admin defines a coloured tag on /settings/tags, tags a
// conversation with it in the console, renames it on the tags page, and every console shows the new name.
import { expect, signIn, test, visitorWrites } from "./support/fixtures";

test("an admin defines a coloured tag, tags a conversation with it, renames it, and the console shows the new name", async ({ browser, env }) => {
  const stamp = Date.now().toString(36);
  const name = `vip-${stamp}`;
  const renamed = `gold-${stamp}`;
  const adminContext = await browser.newContext({ locale: "en-US" });
  const watcherContext = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext();
  const page = await adminContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);

  // Define the tag with a colour and a description (the name is typed with capitals and spaces).
  await page.goto(`${env.nodeB}/settings/tags`);
  await page.getByTestId("tag-create-name").fill(`  VIP-${stamp} `);
  await page.getByTestId("tag-create-color").fill("#dc2626");
  await page.getByTestId("tag-create-description").fill("Customers on the gold plan");
  await page.getByTestId("tag-create-submit").click();
  const row = page.locator(`[data-testid="tag-row"][data-name="${name}"]`);
  await expect(row).toHaveAttribute("data-color", "#dc2626");
  await expect(row).toContainText("Customers on the gold plan");
  await expect(row.getByTestId("tag-swatch")).toHaveCSS("background-color", "rgb(220, 38, 38)");
  await expect(row.getByTestId("tag-open-count")).toHaveText("0");

  // A visitor writes; the admin tags the conversation in the console, the chip takes the tag's colour.
  const question = `Do you ship to Osaka? ${stamp}`;
  await visitorWrites(visitorContext, env.nodeA, question);
  await page.goto(`${env.nodeB}/`);
  await page.getByTestId("tab-unassigned").click();
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(page.getByTestId("tag-suggestions").locator(`option[value="${name}"]`)).toHaveCount(1);
  await page.getByTestId("tag-input").fill(name);
  await page.getByTestId("tag-input").press("Enter");
  await expect(page.getByTestId("tag-chip")).toHaveText([`${name}×`]);
  await expect(page.getByTestId("tag-chip")).toHaveCSS("background-color", "rgb(220, 38, 38)");
  // The conversation list shows the tag in its colour too.
  await expect(page.getByTestId("conversation-item").filter({ hasText: question }).getByText(name, { exact: true })).toHaveCSS("background-color", "rgb(220, 38, 38)");
  // Once on the conversation, it is no longer suggested for it.
  await expect(page.getByTestId("tag-suggestions").locator(`option[value="${name}"]`)).toHaveCount(0);

  // Another operator console, on the other node, has the conversation open while the tag is renamed.
  const watcher = await watcherContext.newPage();
  await signIn(watcher, env.nodeA, env.admin.email, env.admin.password);
  await watcher.getByTestId("tab-unassigned").click();
  await watcher.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(watcher.getByTestId("tag-chip")).toHaveText([`${name}×`]);

  // Rename it on the tags page; the conversation is counted there.
  await page.goto(`${env.nodeB}/settings/tags`);
  await expect(row.getByTestId("tag-open-count")).toHaveText("1");
  await row.getByTestId("tag-edit").click();
  await page.getByTestId("tag-edit-name").fill(renamed);
  await page.getByTestId("tag-save").click();
  const renamedRow = page.locator(`[data-testid="tag-row"][data-name="${renamed}"]`);
  await expect(renamedRow).toHaveAttribute("data-color", "#dc2626");
  await expect(renamedRow.getByTestId("tag-open-count")).toHaveText("1");
  await expect(row).toHaveCount(0);

  // The open console on the other node follows live, in the tag's colour.
  await expect(watcher.getByTestId("tag-chip")).toHaveText([`${renamed}×`]);
  await expect(watcher.getByTestId("tag-chip")).toHaveCSS("background-color", "rgb(220, 38, 38)");
  // And a console opened afresh shows the new name, and the tag filter finds the conversation by it.
  await page.goto(`${env.nodeB}/`);
  await page.getByTestId("tab-unassigned").click();
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(page.getByTestId("tag-chip")).toHaveText([`${renamed}×`]);
  await page.getByTestId("filter-tag").fill(renamed);
  await page.getByTestId("filter-tag").press("Enter");
  await expect(page.getByTestId("conversation-item").filter({ hasText: question })).toBeVisible();
  await page.getByTestId("filter-tag").fill("");
  await page.getByTestId("filter-tag").press("Enter");

  // Delete it (after confirming): it leaves the conversation too.
  await page.goto(`${env.nodeB}/settings/tags`);
  await renamedRow.getByTestId("tag-delete").click();
  await expect(renamedRow.getByTestId("tag-delete-confirmation")).toContainText(renamed);
  await renamedRow.getByTestId("tag-delete-confirm").click();
  await expect(renamedRow).toHaveCount(0);
  await expect(watcher.getByTestId("tag-chip")).toHaveCount(0);

  await adminContext.close();
  await watcherContext.close();
  await visitorContext.close();
});
