// The visitor panel's "Browsing now": a visitor on the demo page (node A) chats; the operator (node B) sees the
// page, its title, the referrer and the browser, and follows the visitor live through a single-page navigation.
import { expect, signIn, test } from "./support/fixtures";

/** The OS name the panel should show for this User-Agent (Playwright's device descriptor may claim Windows). */
function expectedOs(userAgent: string): RegExp {
  if (/Windows NT 10/.test(userAgent)) return /^Windows 10$/;
  if (/Mac OS X/.test(userAgent)) return /^macOS/;
  if (/Android/.test(userAgent)) return /^Android/;
  if (/Linux/.test(userAgent)) return /^Linux/;
  return /\S/;
}

test("the operator sees the visitor's page, referrer and browser, and the page follows a pushState live", async ({ browser, env }) => {
  const visitorContext = await browser.newContext({ locale: "ja-JP" });
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const visitor = await visitorContext.newPage();

  // The visitor comes from another page (the referrer), then lands on the demo shop with a campaign in the URL.
  await visitor.goto(`${env.nodeA}/demo?from=landing`);
  const landing = visitor.url();
  const campaign = `spring-${Date.now()}`;
  await visitor.evaluate((href) => (location.href = href), `/demo?site=${encodeURIComponent(env.siteKey)}&campaign=${campaign}`);
  await visitor.waitForURL(/campaign=/);
  const shopUrl = visitor.url();
  const userAgent = await visitor.evaluate(() => navigator.userAgent);

  await visitor.getByTestId("kaiwa-launcher").click();
  const widget = visitor.frameLocator('[data-testid="kaiwa-frame"]');
  const question = `このページの商品について ${campaign}`;
  await widget.getByTestId("widget-input").fill(question);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: question })).toHaveAttribute("data-status", "sent");

  const console = await operatorContext.newPage();
  await signIn(console, env.nodeB, env.admin.email, env.admin.password);
  await console.getByTestId("tab-open").click();
  await console.getByTestId("conversation-item").filter({ hasText: question }).click();

  const panel = console.getByTestId("visitor-whereabouts");
  const link = panel.getByTestId("visitor-page-url");
  await expect(link).toHaveText(shopUrl);
  await expect(link).toHaveAttribute("href", shopUrl);
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expect(panel.getByTestId("visitor-page-title")).toHaveText("Demo shop — Kaiwa widget");
  await expect(panel.getByTestId("visitor-referrer")).toHaveText(landing);
  await expect(panel.getByTestId("visitor-browser")).toHaveText(/^(Chrome|Chromium|Chrome Headless) \d+/);
  await expect(panel.getByTestId("visitor-os")).toHaveText(expectedOs(userAgent));
  await expect(panel.getByTestId("visitor-device")).toHaveText("Desktop");

  // The shop is a single-page app: it moves to its pricing page without loading a document.
  await visitor.evaluate(() => {
    history.pushState({}, "", "/demo/pricing?plan=pro");
    document.title = "Pricing — Demo shop";
  });
  const pricingUrl = new URL("/demo/pricing?plan=pro", env.nodeA).href;
  await expect(link).toHaveText(pricingUrl);
  await expect(link).toHaveAttribute("href", pricingUrl);
  await expect(panel.getByTestId("visitor-page-title")).toHaveText("Pricing — Demo shop");
  // The referrer is still where the visit came from.
  await expect(panel.getByTestId("visitor-referrer")).toHaveText(landing);

  // Back: popstate reports the shop page again.
  await visitor.goBack();
  await expect(link).toHaveText(shopUrl);

  await visitorContext.close();
  await operatorContext.close();
});
