// Searching the inbox as an operator does: a customer by name or email, a word in another form, an internal note;
// the count reads right and clearing the search empties the box.
import { expect, signIn, test } from "./support/fixtures";

test("search finds contacts by name and email, English word forms and internal notes; 1 result; clearing empties the box", async ({ browser, env }) => {
  // Letters only, so every word of the test is one searchable word.
  const stamp = Date.now().toString(36).replace(/\d/g, (d) => "abcdefghij"[Number(d)]!);
  const surname = `Fujimori${stamp}`;
  const tag = `zq${stamp}`;
  const visitorContext = await browser.newContext({ locale: "en-US" });
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${env.nodeA}/demo`);
  await expect(visitor.getByTestId("kaiwa-launcher")).toBeVisible();
  await visitor.evaluate(
    ([name, email]) => (window as unknown as { ChatWidget: { identify(i: { userId: string; name: string; email: string }): Promise<unknown> } }).ChatWidget.identify({ userId: `user-${name}`, name, email }),
    [`Aya ${surname}`, `aya.${stamp}@example.org`],
  );
  await visitor.getByTestId("kaiwa-launcher").click();
  const widget = visitor.frameLocator('[data-testid="kaiwa-frame"]');
  const question = `Where is my package? Order ${tag}`;
  await widget.getByTestId("widget-input").fill(question);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: question })).toHaveAttribute("data-status", "sent");

  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await page.getByTestId("mode-note").click();
  await page.getByTestId("reply-input").fill(`Courier lost the shipment, ref ${tag}`);
  await page.getByTestId("reply-input").press("Enter");
  await expect(page.getByTestId("console-note").filter({ hasText: `ref ${tag}` })).toBeVisible();
  await page.getByTestId("mode-reply").click();

  const box = page.getByTestId("search-input");
  const search = async (q: string) => {
    await box.fill(q);
    await box.press("Enter");
    await expect(page.getByTestId("search-results")).toHaveAttribute("data-busy", "false");
  };

  // A contact by surname, then by email: one result, said in the singular.
  await search(surname);
  await expect(page.getByTestId("search-contact")).toHaveCount(1);
  await expect(page.getByTestId("search-contact")).toContainText(`aya.${stamp}@example.org`);
  await expect(page.getByTestId("search-count")).toHaveText("1 result");
  await search(`aya.${stamp}@example`);
  await expect(page.getByTestId("search-contact")).toHaveCount(1);

  // The plural finds the singular the visitor wrote.
  await search(`packages ${tag}`);
  await expect(page.getByTestId("search-result").filter({ hasText: question })).toHaveCount(1);

  // An internal note, by another form of its word; the click opens its conversation.
  await search(`shipments ${tag}`);
  await expect(page.getByTestId("search-note")).toHaveCount(1);
  await page.getByTestId("search-note").click();
  await expect(page.getByTestId("console-message").filter({ hasText: question })).toBeVisible();

  // Clearing ends the search and empties the box.
  await page.getByTestId("search-clear").click();
  await expect(page.getByTestId("search-results")).toHaveCount(0);
  await expect(box).toHaveValue("");

  await Promise.all([context.close(), visitorContext.close()]);
});
