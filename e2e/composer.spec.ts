// The reply box as an operator uses it all day: each conversation keeps its own reply and note (across a reload),
// and the keyboard shortcuts act on the conversation without ever typing into the box.
import { expect, signIn, test, visitorWrites } from "./support/fixtures";

test("text typed for one customer stays with that conversation; another conversation has its own box", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const [visitorA, visitorB] = [await browser.newContext(), await browser.newContext()];
  const page = await operatorContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  const stamp = Date.now();
  const widgetA = await visitorWrites(visitorA, env.nodeA, `Customer A asks ${stamp}`);
  const widgetB = await visitorWrites(visitorB, env.nodeA, `Customer B asks ${stamp}`);
  const rowA = page.getByTestId("conversation-item").filter({ hasText: `Customer A asks ${stamp}` });
  const rowB = page.getByTestId("conversation-item").filter({ hasText: `Customer B asks ${stamp}` });
  const box = page.getByTestId("reply-input");

  await rowA.click();
  await box.fill(`Only for A ${stamp}`);
  await page.getByTestId("mode-note").click();
  await box.fill(`Note about A ${stamp}`);

  await rowB.click();
  await expect(page.getByTestId("mode-reply")).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveValue("");
  await box.fill(`Answer for B ${stamp}`);
  await box.press("Enter");
  await expect(widgetB.getByTestId("widget-message").filter({ hasText: `Answer for B ${stamp}` })).toBeVisible();
  await expect(page.getByTestId("console-message").filter({ hasText: `Only for A ${stamp}` })).toHaveCount(0);
  await expect(box).toHaveValue("");

  // Back in A: its note and its reply are where they were left, and they survive a reload.
  await rowA.click();
  await expect(page.getByTestId("mode-note")).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveValue(`Note about A ${stamp}`);
  await page.reload();
  await expect(box).toHaveValue(`Note about A ${stamp}`);
  await page.getByTestId("mode-reply").click();
  await expect(box).toHaveValue(`Only for A ${stamp}`);
  await box.press("Enter");
  await expect(widgetA.getByTestId("widget-message").filter({ hasText: `Only for A ${stamp}` })).toBeVisible();
  await expect(widgetB.getByTestId("widget-message").filter({ hasText: `Only for A ${stamp}` })).toHaveCount(0);

  await operatorContext.close();
  await visitorA.close();
  await visitorB.close();
});

test("shortcuts after a click or j/k act on the conversation and never type into the reply box", async ({ browser, env }) => {
  const operatorContext = await browser.newContext({ locale: "en-US" });
  const visitorContext = await browser.newContext();
  const page = await operatorContext.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  const question = `Shortcut focus ${Date.now()}`;
  await visitorWrites(visitorContext, env.nodeA, question);
  const box = page.getByTestId("reply-input");

  // A click opens the conversation; the focus stays out of the box, so "a" assigns it instead of being typed.
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(page.getByTestId("assignee")).toBeVisible();
  await expect(box).not.toBeFocused();
  await page.keyboard.press("a");
  await expect(page.getByTestId("assignee")).toContainText("Admin");
  await page.keyboard.press("e");
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "reopen");
  await page.keyboard.press("e");
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "resolve");
  await expect(box).toHaveValue("");

  // j and k move through the list; the box of the conversation reached is not focused either.
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await expect(page.getByTestId("conversation-item").filter({ hasText: question })).toHaveAttribute("aria-current", "true");
  await expect(box).not.toBeFocused();
  await page.keyboard.press("e");
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "reopen");
  await page.keyboard.press("e");
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "resolve");
  await expect(box).toHaveValue("");

  // r goes to the box without writing an "r"; Esc leaves it with the text kept, and shortcuts work again.
  await page.keyboard.press("r");
  await expect(box).toBeFocused();
  await expect(box).toHaveValue("");
  await page.keyboard.type("Thanks");
  await page.keyboard.press("Escape");
  await expect(box).not.toBeFocused();
  await page.keyboard.press("e");
  await expect(page.getByTestId("resolve-button")).toHaveAttribute("data-action", "reopen");
  await expect(box).toHaveValue("Thanks");

  await operatorContext.close();
  await visitorContext.close();
});
