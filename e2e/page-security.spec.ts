// The pages run under a script Content-Security-Policy: only scripts with the answer's nonce run, and the console and
// the widget work under it, with no violation reported. The console may not be framed elsewhere; the widget frame may.
import { expect, openWidget, signIn, test } from "./support/fixtures";

test("the console and the widget work under a nonce-based script policy", async ({ browser, env }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const answer = await page.goto(`${env.nodeA}/`);
  const policy = answer?.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'self'");
  // Hydrated and working under the policy: signing in takes the client-side code.
  await signIn(page, env.nodeA, env.admin.email, env.admin.password);

  // The widget frame has a policy of its own, without framing limits, and chats.
  const frameAnswer = page.waitForResponse((r) => r.url().includes("/widget/") && r.request().resourceType() === "document");
  const widget = await openWidget(page, env.nodeA);
  const framePolicy = (await frameAnswer).headers()["content-security-policy"] ?? "";
  expect(framePolicy).toMatch(/script-src 'nonce-/);
  expect(framePolicy).not.toContain("frame-ancestors");
  const question = `Under a CSP ${Date.now()}`;
  await widget.getByTestId("widget-input").fill(question);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: question })).toHaveAttribute("data-status", "sent");
  expect(violations).toEqual([]);
  await context.close();
});
