// Accessibility with axe (serious and critical violations) on the pages people use, in both languages.
// The checker is a devDependency of the web workspace (it checks what web/ serves).
import AxeBuilder from "../web/node_modules/@axe-core/playwright/dist/index.mjs";
import type { Page } from "@playwright/test";
import { expect, signIn, test, visitorWrites } from "./support/fixtures";

async function serious(page: Page, include?: string) {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const result = await builder.analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

for (const locale of ["en-US", "ja-JP"]) {
  test(`no serious accessibility violations on sign-in, console, settings and widget (${locale})`, async ({ browser, env }) => {
    const visitorContext = await browser.newContext({ locale });
    const question = `a11y ${Date.now()}`;
    const widget = await visitorWrites(visitorContext, env.nodeA, question);
    await expect(widget.getByTestId("widget-message").first()).toBeVisible();
    const widgetPage = visitorContext.pages()[0]!;
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${env.nodeB}/`);
    await expect(page.getByTestId("login-submit")).toBeVisible();
    const found: Record<string, string[]> = { signIn: await serious(page) };
    await signIn(page, env.nodeB, env.admin.email, env.admin.password);
    await page.getByTestId("conversation-item").filter({ hasText: question }).click();
    await expect(page.getByTestId("console-message").first()).toBeVisible();
    found.console = await serious(page);
    for (const path of ["account", "sites", "operators"]) {
      await page.goto(`${env.nodeB}/settings/${path}`);
      await expect(page.getByTestId("settings-sidebar")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      found[path] = await serious(page);
    }
    found.widget = await serious(widgetPage);
    expect(found).toEqual({ signIn: [], console: [], account: [], sites: [], operators: [], widget: [] });
    await Promise.all([context.close(), visitorContext.close()]);
  });
}
