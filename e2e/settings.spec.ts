// The settings area as operators use it: one sidebar for every page they may open, and an account page with the
// name visitors see, the language (no flash of another one), a signature, and sessions signed out from elsewhere.
import { createOperator, expect, signIn, test, visitorWrites } from "./support/fixtures";

test("settings live in one area with a sidebar; admins see the workspace's pages, operators their own", async ({ browser, env }) => {
  const adminContext = await browser.newContext({ locale: "en-US" });
  const admin = await adminContext.newPage();
  await signIn(admin, env.nodeA, env.admin.email, env.admin.password);
  await admin.getByTestId("account-settings").click();
  await expect(admin).toHaveURL(/\/settings\/account$/);
  const sidebar = admin.getByTestId("settings-sidebar");
  for (const page of ["account", "sites", "operators", "tags", "canned", "audit", "early-access"]) {
    await expect(sidebar.getByTestId(`settings-link-${page}`)).toBeVisible();
  }
  await expect(sidebar.getByTestId("settings-link-account")).toHaveAttribute("aria-current", "page");
  await sidebar.getByTestId("settings-link-operators").click();
  await expect(admin).toHaveURL(/\/settings\/operators$/);
  await expect(admin.getByTestId("settings-sidebar").getByTestId("settings-link-operators")).toHaveAttribute("aria-current", "page");
  await expect(admin.getByTestId("operator-row").first()).toBeVisible();
  await admin.getByTestId("settings-back").click();
  await expect(admin.getByTestId("sign-out")).toBeVisible();

  const operator = await createOperator(env, "operator", "Plain operator");
  const opContext = await browser.newContext({ locale: "en-US" });
  const op = await opContext.newPage();
  await signIn(op, env.nodeB, operator.email, operator.password);
  await op.getByTestId("account-settings").click();
  const links = op.getByTestId("settings-sidebar").locator("a[data-testid^='settings-link-']");
  await expect(links).toHaveCount(2);
  await expect(op.getByTestId("settings-link-account")).toBeVisible();
  await expect(op.getByTestId("settings-link-canned")).toBeVisible();
  await Promise.all([adminContext.close(), opContext.close()]);
});

test("the account page: the name visitors see, the language from the first paint, a signature, and signing out elsewhere", async ({ browser, env }) => {
  const me = await createOperator(env, "operator", `Mika ${Date.now().toString(36)}`);
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeA, me.email, me.password);
  const elsewhere = await browser.newContext({ locale: "en-US" });
  const other = await elsewhere.newPage();
  await signIn(other, env.nodeB, me.email, me.password);

  await page.goto(`${env.nodeA}/settings/account`);
  await expect(page.getByTestId("profile-name")).toHaveValue(me.name);
  await page.getByTestId("profile-displayName").fill("Mika from Support");
  await page.getByTestId("profile-signature").fill("— Mika, Kaiwa Support");
  await page.getByTestId("profile-locale").selectOption("ja");
  await page.getByTestId("profile-save").click();
  await expect(page.getByTestId("profile-saved")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("アカウント");

  // Reloaded, the page comes from the server already in Japanese: nothing to switch after load.
  const html = await (await page.request.get(`${env.nodeA}/settings/account`)).text();
  expect(html).toContain("設定");
  expect(html).not.toContain("Back to the console");
  await page.reload();
  await expect(page.getByTestId("settings-back")).toContainText("コンソールへ戻る");

  // Two browsers are signed in; signing out everywhere else closes the other one's console.
  await expect(page.getByTestId("session")).toHaveCount(2);
  await expect(page.locator('[data-testid="session"][data-current="true"]')).toHaveCount(1);
  await page.getByTestId("sessions-end-others").click();
  await expect(page.getByTestId("sessions-ended")).toBeVisible();
  await expect(page.getByTestId("session")).toHaveCount(1);
  await expect(other.getByTestId("login-submit")).toBeVisible();

  // In the console (in Japanese now), the signature goes in with one click and the visitor sees the display name.
  const visitorContext = await browser.newContext({ locale: "en-US" });
  const question = `Who am I talking to? ${Date.now()}`;
  const widget = await visitorWrites(visitorContext, env.nodeB, question);
  await page.goto(`${env.nodeA}/`);
  await expect(page.getByTestId("account-settings")).toHaveText("設定");
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await page.getByTestId("reply-input").fill("Hello!");
  await page.getByTestId("add-signature").click();
  await expect(page.getByTestId("reply-input")).toHaveValue("Hello!\n\n— Mika, Kaiwa Support");
  await page.getByTestId("reply-send").click();
  const reply = widget.getByTestId("widget-message").filter({ hasText: "Hello!" });
  await expect(reply).toContainText("Mika from Support");
  await expect(reply).not.toContainText(me.name);

  await Promise.all([context.close(), elsewhere.close(), visitorContext.close()]);
});
