// A visitor on the demo page (node A) and an operator in the console (node B) chat live in real Chromium.
import { expect, openWidget, signIn, test, visitorWrites } from "./support/fixtures";

test("a visitor and an operator on different nodes chat live, and the history survives a reload", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext({ locale: "ja-JP" });
  const console = await operatorContext.newPage();
  const visitor = await visitorContext.newPage();

  await signIn(console, env.nodeB, env.admin.email, env.admin.password);

  const widget = await openWidget(visitor, env.nodeA);
  const question = `注文の配送状況を教えてください ${Date.now()}`;
  await widget.getByTestId("widget-input").fill(question);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: question })).toHaveAttribute("data-status", "sent");

  // The conversation arrives in the operator's list without a reload.
  const item = console.getByTestId("conversation-item").filter({ hasText: question });
  await expect(item).toBeVisible();
  await item.click();
  await expect(console.getByTestId("console-message").filter({ hasText: question })).toBeVisible();

  const answer = "Your parcel left our warehouse today. 本日発送しました。";
  await console.getByTestId("reply-input").fill(answer);
  await console.getByTestId("reply-send").click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: answer })).toBeVisible();
  await expect(widget.getByTestId("widget-message").filter({ hasText: answer })).toHaveAttribute("data-author-kind", "operator");

  // After a reload the visitor finds the whole conversation, each message once, in order.
  await visitor.reload();
  await visitor.getByTestId("kaiwa-launcher").click();
  const messages = visitor.frameLocator('[data-testid="kaiwa-frame"]').getByTestId("widget-message");
  await expect(messages).toHaveCount(2);
  await expect(messages.nth(0)).toContainText(question);
  await expect(messages.nth(1)).toContainText(answer);

  await operatorContext.close();
  await visitorContext.close();
});

test("a hostile message is shown as inert text on both sides", async ({ browser, env }) => {
  const operatorContext = await browser.newContext();
  const visitorContext = await browser.newContext();
  const console = await operatorContext.newPage();
  const visitor = await visitorContext.newPage();
  let dialogs = 0;
  for (const p of [console, visitor]) p.on("dialog", (d) => (dialogs++, void d.dismiss()));

  await signIn(console, env.nodeB, env.admin.email, env.admin.password);
  const widget = await openWidget(visitor, env.nodeA);
  const payload = `<img src=x onerror="alert('xss')"><script>alert(1)</script> ${Date.now()}`;
  await widget.getByTestId("widget-input").fill(payload);
  await widget.getByTestId("widget-send").click();

  const item = console.getByTestId("conversation-item").filter({ hasText: payload });
  await item.click();
  const shown = console.getByTestId("console-message").filter({ hasText: payload });
  await expect(shown).toBeVisible();
  await expect(shown.locator("img, script")).toHaveCount(0);
  await expect(widget.getByTestId("widget-message").filter({ hasText: payload }).locator("img, script")).toHaveCount(0);
  expect(dialogs).toBe(0);

  await operatorContext.close();
  await visitorContext.close();
});

test("a wrong password is refused with a clear message", async ({ page, env }) => {
  await page.goto(`${env.nodeB}/`);
  await page.getByTestId("login-email").fill(env.admin.email);
  await page.getByTestId("login-password").fill("definitely wrong");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-error")).toHaveAttribute("data-code", "INVALID_CREDENTIALS");
  await expect(page.getByTestId("login-submit")).toBeVisible();
});

test("links in messages are clickable in the console as in the widget (one message component); other schemes stay text", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext();
  const page = await operatorContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  const text = `Is this the page? https://shop.example.com/orders/42?ref=chat javascript:alert(1) ${Date.now()}`;
  const widget = await visitorWrites(visitorContext, env.nodeA, text);
  await page.getByTestId("conversation-item").filter({ hasText: "Is this the page?" }).click();
  for (const message of [page.getByTestId("console-message").filter({ hasText: "Is this the page?" }), widget.getByTestId("widget-message").filter({ hasText: "Is this the page?" })]) {
    const links = message.getByRole("link");
    await expect(links).toHaveCount(1);
    await expect(links).toHaveAttribute("href", "https://shop.example.com/orders/42?ref=chat");
    await expect(links).toHaveAttribute("rel", /noopener/);
  }
  await operatorContext.close();
  await visitorContext.close();
});
