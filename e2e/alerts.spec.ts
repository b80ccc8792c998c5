// Sound and desktop notifications in real Chromium: a new conversation chimes and, while the console is not the
// focused window, raises a browser notification; each switch turns its alert off. The page's own Notification
// and Web Audio are real; a wrapper only counts what the console asked of them.
import { expect, openWidget, signIn, test } from "./support/fixtures";

declare global {
  interface Window {
    kaiwaAlerts: { notifications: { title: string; body: string }[]; tones: number };
  }
}

test("new visitor messages chime and notify while the console is in the background; the switches silence them", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "en-US" });
  await operatorContext.grantPermissions(["notifications"], { origin: env.nodeB });
  await operatorContext.addInitScript(() => {
    const seen: Window["kaiwaAlerts"] = { notifications: [], tones: 0 };
    window.kaiwaAlerts = seen;
    const RealNotification = window.Notification;
    window.Notification = class extends RealNotification {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        seen.notifications.push({ title, body: options?.body ?? "" });
      }
    };
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<typeof start>) {
      seen.tones += 1;
      return start.apply(this, args);
    };
  });
  const visitorContext = await browser.newContext({ locale: "ja-JP" });
  const consolePage = await operatorContext.newPage();
  await signIn(consolePage, env.nodeB, env.admin.email, env.admin.password);
  await consolePage.getByTestId("tab-unassigned").click();
  await expect(consolePage.getByTestId("toggle-sound")).toBeChecked();
  await consolePage.getByTestId("toggle-notifications").check();
  const alerts = () => consolePage.evaluate(() => ({ notifications: window.kaiwaAlerts.notifications.length, tones: window.kaiwaAlerts.tones }));

  // The operator works in another window. Playwright emulates focus for every page it drives (document.hasFocus()
  // stays true even behind another window), so the page is told it lost focus, as a real browser would report.
  const focus = (focused: boolean) => consolePage.evaluate((f) => (document.hasFocus = () => f), focused);
  await focus(false);

  const question = `Where is my parcel? ${Date.now()}`;
  const widget = await openWidget(await visitorContext.newPage(), env.nodeA);
  await widget.getByTestId("widget-input").fill(question);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(consolePage.getByTestId("conversation-item").filter({ hasText: question })).toBeVisible();
  await expect.poll(async () => (await alerts()).notifications).toBeGreaterThan(0);
  const notified = await consolePage.evaluate(() => window.kaiwaAlerts.notifications.at(-1)!);
  expect(notified.title).toMatch(/New/);
  expect(notified.body).toBe(question);
  expect((await alerts()).tones).toBeGreaterThan(0);

  // In front of the operator: a chime, but no desktop notification.
  await focus(true);
  const seen = await alerts();
  const second = `Order number 1234 ${Date.now()}`;
  await widget.getByTestId("widget-input").fill(second);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(consolePage.getByTestId("conversation-item").filter({ hasText: second })).toBeVisible();
  await expect.poll(async () => (await alerts()).tones).toBeGreaterThan(seen.tones);
  expect((await alerts()).notifications).toBe(seen.notifications);

  // Both switches off: the next message arrives in silence.
  await consolePage.getByTestId("toggle-sound").uncheck();
  await consolePage.getByTestId("toggle-notifications").uncheck();
  await focus(false);
  const before = await alerts();
  const followUp = `Still waiting ${Date.now()}`;
  await widget.getByTestId("widget-input").fill(followUp);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(consolePage.getByTestId("conversation-item").filter({ hasText: followUp })).toBeVisible();
  await consolePage.waitForTimeout(500); // an alert would follow the list update at once
  expect(await alerts()).toEqual(before);

  await operatorContext.close();
  await visitorContext.close();
});
