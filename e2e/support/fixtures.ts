import { readFileSync } from "node:fs";
import { expect, test as base, type BrowserContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { openPostgres, schema } from "../../server/src/db/client";
import { hashPassword } from "../../server/src/domain/auth/password";

export interface Env {
  nodeA: string;
  nodeB: string;
  siteKey: string;
  admin: { email: string; password: string };
}

/** `env` carries the two nodes started by global setup; the suite is skipped loudly when they could not be. */
export const test = base.extend<{ env: Env }>({
  env: async ({}, use, testInfo) => {
    testInfo.skip(!!process.env.E2E_SKIP, process.env.E2E_SKIP);
    await use({
      nodeA: process.env.NODE_A_URL!,
      nodeB: process.env.NODE_B_URL!,
      siteKey: process.env.E2E_SITE_KEY!,
      admin: { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! },
    });
  },
});
export { expect };

/** Sign in on the console as a person would, through the form. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-submit")).toHaveCount(0);
}

/** Open the demo page and the widget; returns the frame to chat in. */
export async function openWidget(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/demo`);
  await page.getByTestId("kaiwa-launcher").click();
  const frame = page.frameLocator('[data-testid="kaiwa-frame"]');
  await expect(frame.getByTestId("widget-input")).toBeVisible();
  return frame;
}

/** The password of operators made by `createOperator`. */
export const OPERATOR_PASSWORD = "e2e-operator-password";

/** Links mailed to `email` so far, oldest first (the nodes' mail transport writes them to E2E_MAIL_LOG). */
export function linksTo(email: string): string[] {
  let text = "";
  try {
    text = readFileSync(process.env.E2E_MAIL_LOG!, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { to: string; text: string })
    .filter((m) => m.to === email)
    .map((m) => /https?:\/\/\S+/.exec(m.text)?.[0] ?? "");
}

/**
 * An operator of the seeded admin's workspace, made directly in the test database. Invitations and their mailed
 * links are tested on their own (accounts.spec.ts); seeding through them would spend the per-address limit on
 * link use that every spec shares.
 */
export async function createOperator(env: Env, role: "supervisor" | "operator" | "trainee", name: string) {
  const database = await openPostgres({ url: process.env.E2E_DATABASE_URL! });
  try {
    const [admin] = await database.db.select().from(schema.operators).where(eq(schema.operators.email, env.admin.email));
    const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@e2e.test`;
    const [row] = await database.db
      .insert(schema.operators)
      .values({ workspaceId: admin!.workspaceId, email, name, role, passwordHash: await hashPassword(OPERATOR_PASSWORD) })
      .returning();
    return { id: row!.id, email, name, password: OPERATOR_PASSWORD };
  } finally {
    await database.close();
  }
}

/** A visitor on `baseUrl`'s demo page writes `text` and sees it sent; returns the widget's frame. */
export async function visitorWrites(context: BrowserContext, baseUrl: string, text: string) {
  const page = await context.newPage();
  const widget = await openWidget(page, baseUrl);
  await widget.getByTestId("widget-input").fill(text);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: text })).toHaveAttribute("data-status", "sent");
  return widget;
}
