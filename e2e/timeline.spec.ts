// The thread tells what happened to the conversation: who took it, transferred it, parked it, resolved and reopened
// it, live on both nodes and after a reload; Pending is a view with its count; resolving can say goodbye.
import type { Page } from "@playwright/test";
import { createOperator, expect, signIn, test, visitorWrites } from "./support/fixtures";

const count = async (page: Page, view: string) => Number.parseInt((await page.getByTestId(`count-${view}`).textContent()) ?? "", 10);

test("assignments and status changes appear in the thread; Pending has its view; a closing message goes with the resolve", async ({ browser, env }) => {
  const bob = await createOperator(env, "operator", `Bob ${Date.now().toString(36)}`);
  const [adminContext, bobContext, visitorContext] = [await browser.newContext({ locale: "en-US" }), await browser.newContext({ locale: "en-US" }), await browser.newContext()];
  const admin = await adminContext.newPage();
  const bobPage = await bobContext.newPage();
  await signIn(admin, env.nodeB, env.admin.email, env.admin.password);
  await signIn(bobPage, env.nodeA, bob.email, bob.password);
  const question = `Timeline please ${Date.now()}`;
  const widget = await visitorWrites(visitorContext, env.nodeA, question);
  await admin.getByTestId("conversation-item").filter({ hasText: question }).click();
  await bobPage.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(admin.getByTestId("count-pending")).toHaveText(/^\d+$/);
  const pendingBefore = await count(admin, "pending");

  const events = (page: Page) => page.getByTestId("console-activity");
  await admin.getByTestId("claim-button").click();
  await expect(events(admin).last()).toHaveText(/Admin took this conversation/);
  await expect(events(bobPage).last()).toHaveText(/Admin took this conversation/);

  await admin.getByTestId("transfer-button").click();
  await admin.getByTestId("transfer-operator").selectOption(bob.id);
  await admin.getByTestId("transfer-note").fill("Knows the courier");
  await admin.getByTestId("transfer-submit").click();
  await expect(events(bobPage).last()).toContainText(`Admin transferred this to ${bob.name}`);
  await expect(events(bobPage).last()).toContainText("Knows the courier");

  await bobPage.getByTestId("pending-button").click();
  await expect(events(admin).last()).toHaveText(new RegExp(`${bob.name} set this pending`));
  await expect.poll(() => count(admin, "pending")).toBe(pendingBefore + 1);
  await admin.getByTestId("tab-pending").click();
  await expect(admin.getByTestId("conversation-item").filter({ hasText: question })).toBeVisible();

  // Resolving with a closing message: the visitor gets it, the thread says who resolved.
  await bobPage.getByTestId("resolve-with-message").click();
  await expect(bobPage.getByTestId("closing-message")).toHaveValue(/Thank you for contacting us/);
  await bobPage.getByTestId("closing-message").fill("Thanks! Your parcel is on its way.");
  await bobPage.getByTestId("closing-send").click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Thanks! Your parcel is on its way." })).toBeVisible();
  await expect(bobPage.getByTestId("resolve-button")).toHaveAttribute("data-action", "reopen");
  await expect(events(admin).last()).toHaveText(new RegExp(`${bob.name} resolved this`));
  await expect.poll(() => count(admin, "pending")).toBe(pendingBefore);
  await bobPage.getByTestId("resolve-button").click();
  await expect(events(bobPage).last()).toHaveText(new RegExp(`${bob.name} reopened this`));

  // After a reload, from the server, in order; the visitor never sees any of it.
  await admin.reload();
  await expect(events(admin)).toHaveCount(5);
  await expect(events(admin)).toHaveText([
    /Admin took this conversation/,
    new RegExp(`Admin transferred this to ${bob.name}`),
    new RegExp(`${bob.name} set this pending`),
    new RegExp(`${bob.name} resolved this`),
    new RegExp(`${bob.name} reopened this`),
  ]);
  await expect(widget.getByText("took this conversation")).toHaveCount(0);
  await expect(widget.getByText("set this pending")).toHaveCount(0);
  await Promise.all([adminContext.close(), bobContext.close(), visitorContext.close()]);
});
