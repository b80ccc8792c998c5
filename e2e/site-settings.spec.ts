// /settings/sites in real Chromium on two nodes: an admin creates a site, copies its embed tag, changes the
// widget's colour, greeting and language, and a visitor on the demo page of the other node sees them after a
// reload; business hours from the weekday editor are stored; a non-admin is told only admins may do this.
import type { Browser, Page } from "@playwright/test";
import { OPERATOR_PASSWORD as PASSWORD, createOperator, expect, signIn, test, type Env } from "./support/fixtures";

async function adminPage(browser: Browser, env: Env) {
  const context = await browser.newContext({ locale: "en-US", permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await signIn(page, env.nodeA, env.admin.email, env.admin.password);
  await page.goto(`${env.nodeA}/settings/sites`);
  await expect(page.getByTestId("site-form")).toBeVisible();
  return { context, page };
}

/** Create a site through the page's form; returns its public key once it is listed and chosen. */
async function createSiteOnPage(page: Page, name: string): Promise<string> {
  await page.getByTestId("create-site-name").fill(name);
  await page.getByTestId("create-site-submit").click();
  await expect(page.getByTestId("create-site-done")).toContainText(name);
  const item = page.getByTestId("site-item").filter({ hasText: name });
  await expect(item).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("site-name")).toHaveValue(name);
  const key = (await page.getByTestId("site-key").textContent())!;
  expect(key).toMatch(/^site_[\w-]+$/);
  await expect(item).toHaveAttribute("data-site-key", key);
  return key;
}

test("an admin creates a site, copies its embed tag, and the widget shows the new colour, greeting and language after a reload", async ({ browser, env }) => {
  const { context, page } = await adminPage(browser, env);
  const name = `Purple shop ${Date.now()}`;
  const key = await createSiteOnPage(page, name);

  // The embed tag is the one the loader reads (data-site), with this node's origin; Copy puts it on the clipboard.
  const snippet = `<script src="${env.nodeA}/widget.js" data-site="${key}" async></script>`;
  await expect(page.getByTestId("embed-snippet")).toHaveValue(snippet);
  await page.getByTestId("embed-snippet-copy").click();
  await expect(page.getByTestId("embed-snippet-copy-state")).toHaveAttribute("data-state", "copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

  // A visitor (English browser) on the demo page of node B, before the change: default colour, English.
  const visitor = await browser.newContext({ locale: "en-US" });
  const demo = await visitor.newPage();
  await demo.goto(`${env.nodeB}/demo?site=${encodeURIComponent(key)}`);
  const launcher = demo.getByTestId("kaiwa-launcher");
  await expect(launcher).toHaveCSS("background-color", "rgb(37, 99, 235)");

  await page.getByTestId("site-color").fill("#c026d3");
  await expect(page.getByTestId("site-color-hex")).toHaveValue("#c026d3");
  await page.getByTestId("site-greeting").fill("いらっしゃいませ、紫の店へようこそ");
  await page.getByTestId("site-locale").selectOption("ja");
  await expect(page.getByTestId("site-save-state")).toHaveAttribute("data-state", "dirty");
  await page.getByTestId("site-save").click();
  await expect(page.getByTestId("site-save-state")).toHaveAttribute("data-state", "saved");
  await expect(page.getByTestId("site-save-state")).toContainText("Saved");

  await demo.reload();
  await expect(launcher).toHaveCSS("background-color", "rgb(192, 38, 211)");
  await launcher.click();
  const frame = demo.frameLocator('[data-testid="kaiwa-frame"]');
  await expect(frame.getByText("いらっしゃいませ、紫の店へようこそ")).toBeVisible();
  // The site fixes Japanese even for an English browser.
  await expect(frame.locator("html")).toHaveAttribute("lang", "ja");

  // The page shows what is stored after its own reload.
  await page.reload();
  await page.getByTestId("site-item").filter({ hasText: name }).click();
  await expect(page.getByTestId("site-greeting")).toHaveValue("いらっしゃいませ、紫の店へようこそ");
  await expect(page.getByTestId("site-color-hex")).toHaveValue("#c026d3");
  await expect(page.getByTestId("site-locale")).toHaveValue("ja");
  await Promise.all([visitor.close(), context.close()]);
});

test("business hours from the weekday editor, automatic assignment and an identity secret are stored", async ({ browser, env }) => {
  const { context, page } = await adminPage(browser, env);
  const key = await createSiteOnPage(page, `Hours shop ${Date.now()}`);
  const siteId = (await page.getByTestId("site-form").getAttribute("data-site-id"))!;

  await page.getByTestId("hours-always-open").uncheck();
  await page.getByTestId("hours-time-zone").selectOption("Asia/Tokyo");
  const monday = page.locator('[data-testid="hours-day"][data-day="1"]');
  await monday.getByTestId("hours-day-open").check();
  await monday.getByTestId("hours-open").fill("10:00");
  await monday.getByTestId("hours-close").fill("17:30");
  // A window that closes before it opens is refused on the page, before any request.
  const friday = page.locator('[data-testid="hours-day"][data-day="5"]');
  await friday.getByTestId("hours-day-open").check();
  await friday.getByTestId("hours-close").fill("08:00");
  await page.getByTestId("site-save").click();
  await expect(page.getByTestId("site-save-state")).toHaveAttribute("data-state", "error");
  await friday.getByTestId("hours-close").fill("12:00");
  await page.getByTestId("site-auto-assign").check();
  await page.getByTestId("site-capacity").fill("3");
  await page.getByTestId("site-save").click();
  await expect(page.getByTestId("site-save-state")).toHaveAttribute("data-state", "saved");

  const widget = await (await page.request.get(`${env.nodeA}/api/sites/${siteId}/widget`)).json();
  expect(widget.data.settings).toMatchObject({
    siteKey: key,
    timeZone: "Asia/Tokyo",
    openingHours: [
      { day: 1, open: "10:00", close: "17:30" },
      { day: 5, open: "09:00", close: "12:00" },
    ],
  });
  const inbox = await (await page.request.get(`${env.nodeA}/api/sites/${siteId}/inbox`)).json();
  expect(inbox.data.inbox).toMatchObject({ autoAssign: true, capacity: 3 });

  await page.getByTestId("identity-generate").click();
  const secret = page.getByTestId("identity-secret");
  await expect(secret).toHaveValue(/.{20,}/);
  await expect(page.getByTestId("identity-example")).toHaveValue(/createHmac\("sha256"/);
  const first = await secret.inputValue();
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("identity-rotate").click();
  await expect(secret).not.toHaveValue(first);
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("identity-off-button").click();
  await expect(page.getByTestId("identity-off")).toBeVisible();
  await context.close();
});

test("an operator who is not an admin is told that only admins manage sites", async ({ browser, env }) => {
  const { email } = await createOperator(env, "operator", "Sites operator");
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeB, email, PASSWORD);
  await page.goto(`${env.nodeB}/settings/sites`);
  await expect(page.getByTestId("sites-error")).toHaveAttribute("data-code", "FORBIDDEN");
  await expect(page.getByTestId("sites-error")).toContainText("Only admins");
  await expect(page.getByTestId("site-form")).toHaveCount(0);
  await expect(page.getByTestId("create-site")).toHaveCount(0);
  await context.close();
});
