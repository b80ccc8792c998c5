// Each stage in real Chromium: the staging console carries the Early access banner on every page, production never
// does, a review app shows its pull request; the footer shows stage, release and commit. Nodes of their own, on a
// database of their own, started as Heroku would start them.
import type { Page } from "@playwright/test";
import { openPostgres } from "../server/src/db/client";
import { startNode, type NodeProcess } from "../server/test/support/node-process";
import { createTestDatabase, REDIS_URL } from "../server/test/support/services";
import { expect, openWidget, test } from "./support/fixtures";

const ADMIN = { email: "stage-admin@example.com", password: "stage-e2e-password" };
const nodes: Partial<Record<"staging" | "production" | "review", NodeProcess>> = {};
let drop: (() => Promise<void>) | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  if (process.env.E2E_SKIP) return;
  test.setTimeout(240_000);
  const db = await createTestDatabase();
  drop = db.drop;
  const database = await openPostgres({ url: db.url });
  await database.migrate();
  await database.close();
  const base = { DATABASE_URL: db.url, REDIS_URL, NODE_ENV: "production", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
  const [staging, production, review] = await Promise.all([
    startNode({ ...base, APP_STAGE: "staging", HEROKU_APP_NAME: "kaiwa-staging", HEROKU_RELEASE_VERSION: "v120", HEROKU_SLUG_COMMIT: "abcdef0123456789abcdef0123456789abcdef01" }, { timeoutMs: 180_000 }),
    startNode({ ...base, APP_STAGE: "production", HEROKU_APP_NAME: "kaiwa", HEROKU_RELEASE_VERSION: "v98", HEROKU_SLUG_COMMIT: "0123456789abcdef0123456789abcdef01234567" }, { timeoutMs: 180_000 }),
    // A review app: no APP_STAGE, only what Heroku injects.
    startNode({ ...base, APP_STAGE: undefined as unknown as string, DYNO: "web.1", HEROKU_PR_NUMBER: "42", HEROKU_APP_NAME: "kaiwa-pr-42", HEROKU_RELEASE_VERSION: "v2" }, { timeoutMs: 180_000 }),
  ]);
  Object.assign(nodes, { staging, production, review });
});

test.afterAll(async () => {
  await Promise.all(Object.values(nodes).map((n) => n?.stop()));
  await drop?.();
});

async function signIn(page: Page, baseUrl: string) {
  const res = await page.context().request.post(`${baseUrl}/api/auth/login`, { data: ADMIN });
  expect(res.ok(), await res.text()).toBe(true);
}

test("/api/version answers each stage", async ({ request, env: _ }) => {
  expect((await (await request.get(`${nodes.staging!.url}/api/version`)).json()).data).toMatchObject({ stage: "staging", release: "v120", pullRequest: null });
  expect((await (await request.get(`${nodes.production!.url}/api/version`)).json()).data).toMatchObject({ stage: "production", release: "v98", pullRequest: null });
  expect((await (await request.get(`${nodes.review!.url}/api/version`)).json()).data).toMatchObject({ stage: "review", release: "v2", pullRequest: 42 });
});

test("staging: every console page carries the Early access banner, linking to feedback", async ({ page, env: _ }) => {
  const url = nodes.staging!.url;
  await signIn(page, url);
  for (const path of ["/", "/feedback", "/releases", "/settings/early-access"]) {
    await page.goto(`${url}${path}`);
    await expect(page.getByTestId("early-access-banner"), path).toBeVisible();
    await expect(page.getByTestId("early-access-banner")).toContainText("Early access");
    await expect(page.getByTestId("stage-footer")).toHaveAttribute("data-stage", "staging");
    // The release early-access users are trying (from the release notes), beside the deployment's own number.
    await expect(page.getByTestId("stage-version")).toHaveText("0.3.0");
    await expect(page.getByTestId("stage-release")).toHaveText("v120");
    await expect(page.getByTestId("stage-commit")).toHaveText("abcdef0");
  }
  // The banner and the footer share one request for the version.
  const asked: string[] = [];
  page.on("request", (r) => r.url().endsWith("/api/version") && asked.push(r.url()));
  await page.goto(`${url}/`);
  await expect(page.getByTestId("stage-version")).toHaveText("0.3.0");
  await expect(page.getByTestId("early-access-banner")).toBeVisible();
  expect(asked).toHaveLength(1);
  // A feature named in the link is named as people know it, not by its flag.
  await page.goto(`${url}/feedback?feature=feedbackBoard`);
  await expect(page.getByTestId("feedback-subject")).toHaveValue("Feedback board");
  await page.goto(`${url}/`);
  await expect(page.getByTestId("reply-input").or(page.getByText("Choose a conversation from the list"))).toBeVisible(); // the console itself still fits
  await page.getByTestId("early-access-feedback-link").click();
  await expect(page).toHaveURL(/\/feedback$/);
  await expect(page.getByTestId("feedback-form")).toBeVisible();
  // From a release note straight to feedback on that release.
  await page.goto(`${url}/releases`);
  await page.locator("#v0\\.2\\.0").getByRole("link", { name: "Feedback on this release" }).click();
  await expect(page.getByTestId("feedback-kind")).toHaveValue("release");
  await expect(page.getByTestId("feedback-subject")).toHaveValue("0.2.0");
});

test("production: no banner anywhere, the footer says production; the board is closed until an admin opts in", async ({ page, env: _ }) => {
  const url = nodes.production!.url;
  await signIn(page, url);
  for (const path of ["/", "/feedback", "/releases", "/settings/early-access"]) {
    await page.goto(`${url}${path}`);
    await expect(page.getByTestId("stage-footer")).toHaveAttribute("data-stage", "production"); // the version has arrived
    await expect(page.getByTestId("stage-version")).toHaveText("0.1.0");
    await expect(page.getByTestId("early-access-banner"), path).toHaveCount(0);
  }
  await page.goto(`${url}/feedback`);
  await expect(page.getByTestId("feedback-disabled")).toBeVisible();
  await page.goto(`${url}/settings/early-access`);
  await expect(page.getByTestId("flag-row").and(page.locator('[data-flag="feedbackBoard"]'))).toHaveAttribute("data-on", "false");
  await page.getByTestId("early-access-toggle").click();
  await expect(page.getByTestId("early-access-membership")).toHaveAttribute("data-opted-in", "true");
  await expect(page.getByTestId("flag-row").and(page.locator('[data-flag="feedbackBoard"]'))).toHaveAttribute("data-on", "true");
  await page.goto(`${url}/feedback`);
  await expect(page.getByTestId("feedback-form")).toBeVisible();
  await expect(page.getByTestId("early-access-banner")).toHaveCount(0);
});

test("a review app shows its pull request and no banner; the widget frame has no stage chrome", async ({ page, env: _ }) => {
  const url = nodes.review!.url;
  await page.goto(`${url}/`);
  await expect(page.getByTestId("stage-footer")).toHaveAttribute("data-stage", "review");
  await expect(page.getByTestId("stage-pr")).toHaveText("Pull request #42");
  await expect(page.getByTestId("early-access-banner")).toHaveCount(0);
  const frame = await openWidget(page, url);
  await expect(frame.getByTestId("widget-input")).toBeVisible();
  await expect(frame.getByTestId("stage-footer")).toHaveCount(0);
});

test("release notes show the calendar in Japanese: staging about a month before production", async ({ browser, env: _ }) => {
  const context = await browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  await page.goto(`${nodes.staging!.url}/releases`);
  await expect(page.getByRole("heading", { name: "リリースノート", exact: true })).toBeVisible();
  const row = page.getByTestId("release-row").and(page.locator('[data-version="0.2.0"]'));
  await expect(row).toHaveAttribute("data-stage", "staging");
  await expect(row).toContainText("ステージング（先行体験）");
  await expect(row).toContainText("予定");
  await expect(page.getByTestId("release-note").first()).toBeVisible();
  // What shipped is not listed as planned: attachments, typing and search are on staging in 0.3.0.
  await expect(page.getByTestId("release-row").and(page.locator('[data-version="0.3.0"]'))).toHaveAttribute("data-stage", "staging");
  await context.close();
});
