// The widget's panel on the screens visitors have: every state fits the panel or scrolls inside it, so the
// button that matters is always within reach; and it promises only what happens.
import type { FrameLocator, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { CLOSED_NOW, createSite } from "./support/sites";

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 375, height: 667 },
];

async function openDemo(page: Page, baseUrl: string, siteKey: string): Promise<FrameLocator> {
  await page.goto(`${baseUrl}/demo?site=${encodeURIComponent(siteKey)}`);
  await page.getByTestId("kaiwa-launcher").click();
  return page.frameLocator('[data-testid="kaiwa-frame"]');
}

for (const viewport of VIEWPORTS) {
  test(`after hours with the pre-chat form and the email question, ${viewport.width}×${viewport.height}: asked once, Start chat in reach`, async ({ browser, env }) => {
    const siteKey = await createSite(env, {}, { ...CLOSED_NOW, askEmail: true, preChatForm: true });
    const context = await browser.newContext({ locale: "en-US", viewport, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    const page = await context.newPage();
    const frame = await openDemo(page, env.nodeA, siteKey);
    await expect(frame.getByTestId("prechat-form")).toBeVisible();
    await expect(frame.getByTestId("widget-away")).toContainText("outside our opening hours");
    // The email is asked by the form only, not a second time by the after-hours notice.
    await expect(frame.getByTestId("prechat-email")).toHaveCount(1);
    await expect(frame.getByTestId("widget-email")).toHaveCount(0);
    await frame.getByTestId("prechat-name").fill("Aiko");
    await frame.getByTestId("prechat-email").fill("aiko@example.com");
    await frame.getByTestId("prechat-question").fill(`Can I still order today? ${viewport.width}`);
    // Scrolled to as a person would (the wheel over the panel), the button is there to press.
    await frame.getByTestId("prechat-question").hover();
    await page.mouse.wheel(0, 2000);
    await expect(frame.getByTestId("prechat-submit")).toBeInViewport({ ratio: 1 });
    await frame.getByTestId("prechat-submit").click();
    await expect(frame.getByTestId("widget-message").filter({ hasText: `Can I still order today? ${viewport.width}` })).toHaveAttribute("data-status", "sent");
    // Then the chat: the box to write in is in view, and the email given is acknowledged without a false promise.
    await expect(frame.getByTestId("widget-input")).toBeInViewport({ ratio: 1 });
    await expect(frame.getByTestId("widget-email-saved")).toContainText("aiko@example.com");
    await context.close();
  });
}

test("the saved email promises only what happens: the reply comes in this chat", async ({ browser, env }) => {
  const siteKey = await createSite(env, {}, { ...CLOSED_NOW, askEmail: true });
  for (const [locale, here, never] of [
    ["en-US", /appear here in this chat/, /let you know|by email/i],
    ["ja-JP", /このチャット/, /お知らせします|メールで/],
  ] as const) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const frame = await openDemo(page, env.nodeA, siteKey);
    await frame.getByTestId("widget-input").fill("Are you open tomorrow?");
    await frame.getByTestId("widget-input").press("Enter");
    await expect(frame.getByTestId("widget-away")).toBeVisible();
    await expect(frame.getByTestId("widget-away")).not.toContainText(never);
    await frame.getByTestId("widget-email").fill("ren@example.com");
    await frame.getByTestId("widget-email-save").click();
    await expect(frame.getByTestId("widget-email-saved")).toContainText("ren@example.com");
    await expect(frame.getByTestId("widget-email-saved")).toContainText(here);
    await expect(frame.getByTestId("widget-email-saved")).not.toContainText(never);
    await context.close();
  }
});
