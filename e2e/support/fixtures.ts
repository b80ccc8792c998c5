import { expect, test as base, type Page } from "@playwright/test";

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
