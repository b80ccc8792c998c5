// Small things an operator meets all day: floating panels get out of the way (Esc, a click elsewhere), and the tab
// says how many new messages came while they looked at something else.
import { expect, openWidget, signIn, test, visitorWrites } from "./support/fixtures";

test("floating panels close with Esc and with a click outside them", async ({ browser, env }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  const question = `Panels ${Date.now()}`;
  await visitorWrites(visitorContext, env.nodeA, question);
  const row = page.getByTestId("conversation-item").filter({ hasText: question });
  await row.click();

  await page.getByTestId("canned-manage").click();
  await expect(page.getByTestId("canned-panel")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("canned-panel")).toHaveCount(0);

  await page.getByTestId("inbox-settings").click();
  await expect(page.getByTestId("inbox-settings-panel")).toBeVisible();
  await page.getByRole("log").click({ position: { x: 10, y: 10 } });
  await expect(page.getByTestId("inbox-settings-panel")).toHaveCount(0);

  await page.getByTestId("shortcut-help-button").click();
  await expect(page.getByTestId("shortcut-help")).toBeVisible();
  await page.getByRole("log").click({ position: { x: 10, y: 10 } });
  await expect(page.getByTestId("shortcut-help")).toHaveCount(0);
  // The button that opened it closes it too (not closed by the press, then opened again by the click).
  await page.getByTestId("shortcut-help-button").click();
  await expect(page.getByTestId("shortcut-help")).toBeVisible();
  await page.getByTestId("shortcut-help-button").click();
  await expect(page.getByTestId("shortcut-help")).toHaveCount(0);

  await page.getByTestId("transfer-button").click();
  await expect(page.getByTestId("transfer-note")).toBeVisible();
  await page.getByTestId("transfer-note").press("Escape");
  await expect(page.getByTestId("transfer-note")).toHaveCount(0);
  await Promise.all([context.close(), visitorContext.close()]);
});

test("the tab's title counts new visitor messages while the console is in the background", async ({ browser, env }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  await expect(page).toHaveTitle("Kaiwa console");
  // Playwright keeps every page it drives focused; the page is told it lost focus, as a real browser would say.
  await page.evaluate(() => (document.hasFocus = () => false));
  const visitorContext = await browser.newContext();
  const widget = await openWidget(await visitorContext.newPage(), env.nodeA);
  for (const text of [`First ${Date.now()}`, `Second ${Date.now()}`]) {
    await widget.getByTestId("widget-input").fill(text);
    await widget.getByTestId("widget-input").press("Enter");
    await expect(page.getByTestId("conversation-item").filter({ hasText: text })).toBeVisible();
  }
  await expect(page).toHaveTitle("(2) Kaiwa console");
  // Back at the console: the count is read.
  await page.evaluate(() => {
    document.hasFocus = () => true;
    window.dispatchEvent(new Event("focus"));
  });
  await expect(page).toHaveTitle("Kaiwa console");
  await Promise.all([context.close(), visitorContext.close()]);
});
