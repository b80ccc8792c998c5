// Accounts and roles in real Chromium: sign in and out, a forgotten password reset through the
// mailed (logged) link, a trainee's draft approved by a supervisor on another node and a second one rejected.
import type { Browser } from "@playwright/test";
import { OPERATOR_PASSWORD, createOperator, expect, linksTo, openWidget, signIn, test } from "./support/fixtures";

const PASSWORD = OPERATOR_PASSWORD;

async function signedInPage(browser: Browser, url: string, email: string, password = PASSWORD) {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, url, email, password);
  return { context, page };
}

test("an operator signs in and out", async ({ page, env }) => {
  await signIn(page, env.nodeA, env.admin.email, env.admin.password);
  await expect(page.getByTestId("sign-out")).toBeVisible();
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("login-submit")).toBeVisible();
  // The session is gone on the server too, not only in this tab.
  await page.reload();
  await expect(page.getByTestId("login-submit")).toBeVisible();
  expect((await page.request.get(`${env.nodeB}/api/auth/me`)).status()).toBe(401);
});

test("a forgotten password is reset through the link in the mail, once", async ({ page, env }) => {
  const op = await createOperator(env, "operator", "Forgetful");
  await page.goto(`${env.nodeA}/`);
  await page.getByTestId("forgot-password").click();
  await page.getByTestId("reset-email").fill(op.email);
  await page.getByTestId("reset-submit").click();
  await expect(page.getByTestId("form-done")).toBeVisible();

  await expect.poll(() => linksTo(op.email).filter((l) => l.includes("/reset-password#token=")).length).toBe(1);
  const link = linksTo(op.email).find((l) => l.includes("/reset-password#token="))!;
  await page.goto(link);
  await page.getByTestId("new-password").fill("a completely new password");
  await page.getByTestId("reset-submit").click();
  await expect(page.getByTestId("form-done")).toBeVisible();

  await signIn(page, env.nodeB, op.email, "a completely new password");
  await expect(page.getByTestId("sign-out")).toBeVisible();

  // The link works once.
  const again = await page.context().newPage();
  await again.goto(link);
  await again.getByTestId("new-password").fill("yet another password!");
  await again.getByTestId("reset-submit").click();
  await expect(again.getByTestId("form-error")).toHaveAttribute("data-code", "LINK_INVALID");
});

test("a trainee's reply waits as a draft; a supervisor on another node approves one and rejects another", async ({ browser, env }) => {
  const trainee = await createOperator(env, "trainee", "Tomo (trainee)");
  const supervisor = await createOperator(env, "supervisor", "Sachi (supervisor)");

  const visitorContext = await browser.newContext({ locale: "en-US" });
  const widget = await openWidget(await visitorContext.newPage(), env.nodeA);
  const question = `Can I change my delivery address? ${Date.now()}`;
  await widget.getByTestId("widget-input").fill(question);
  await widget.getByTestId("widget-input").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: question })).toHaveAttribute("data-status", "sent");

  const t = await signedInPage(browser, env.nodeB, trainee.email);
  await t.page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(t.page.getByTestId("trainee-hint")).toBeVisible();
  const first = "Yes, until the parcel ships. I will change it for you.";
  await t.page.getByTestId("reply-input").fill(first);
  await t.page.getByTestId("reply-send").click();
  await expect(t.page.getByTestId("draft").filter({ hasText: first })).toHaveAttribute("data-status", "pending");

  const s = await signedInPage(browser, env.nodeA, supervisor.email);
  await s.page.getByTestId("conversation-item").filter({ hasText: question }).click();
  const pending = s.page.getByTestId("draft").filter({ hasText: first });
  await expect(pending).toBeVisible();
  await expect(widget.getByTestId("widget-message").filter({ hasText: first })).toHaveCount(0);
  await pending.getByTestId("draft-approve").click();

  // Sent through the normal path: the visitor and both consoles see it as a message from the trainee.
  await expect(widget.getByTestId("widget-message").filter({ hasText: first })).toHaveAttribute("data-author-kind", "operator");
  await expect(t.page.getByTestId("console-message").filter({ hasText: first })).toBeVisible();
  await expect(t.page.getByTestId("draft").filter({ hasText: first })).toHaveCount(0);

  const second = "Our warehouse never makes mistakes.";
  await t.page.getByTestId("reply-input").fill(second);
  await t.page.getByTestId("reply-send").click();
  const secondDraft = s.page.getByTestId("draft").filter({ hasText: second });
  await expect(secondDraft).toBeVisible();
  await secondDraft.getByTestId("draft-reject").click();
  await s.page.getByTestId("draft-reject-comment").fill("Please do not promise that; apologise instead.");
  await s.page.getByTestId("draft-reject-confirm").click();

  const rejected = t.page.getByTestId("draft").filter({ hasText: second });
  await expect(rejected).toHaveAttribute("data-status", "rejected");
  await expect(rejected.getByTestId("draft-comment")).toContainText("apologise instead");

  // The visitor never saw the rejected draft, even after a reload.
  const messages = widget.getByTestId("widget-message");
  await expect(messages).toHaveCount(2);
  await expect(messages.filter({ hasText: second })).toHaveCount(0);

  await Promise.all([visitorContext.close(), t.context.close(), s.context.close()]);
});

test("an admin invites an operator, changes the role and deactivates them; the audit log shows it all", async ({ browser, env }) => {
  const admin = await signedInPage(browser, env.nodeA, env.admin.email, env.admin.password);
  await admin.page.goto(`${env.nodeA}/settings/operators`);
  const email = `invited-${Date.now()}@e2e.test`;
  await admin.page.getByTestId("invite-email").fill(email);
  await admin.page.getByTestId("invite-name").fill("Invited Ines");
  await admin.page.getByTestId("invite-role").selectOption("trainee");
  await admin.page.getByTestId("invite-submit").click();
  const link = (await admin.page.getByTestId("invite-link").locator("code").textContent())!;
  expect(link).toContain("/accept-invitation#token=");
  await expect.poll(() => linksTo(email)).toEqual([link]);

  // The invitee joins through the link, signs in on the other node and changes the password.
  const invitee = await browser.newContext({ locale: "en-US" });
  const page = await invitee.newPage();
  await page.goto(link);
  await page.getByTestId("new-password").fill(PASSWORD);
  await page.getByTestId("invitation-submit").click();
  await expect(page.getByTestId("form-done")).toBeVisible();
  await signIn(page, env.nodeB, email, PASSWORD);
  await page.goto(`${env.nodeB}/settings/account`);
  await page.getByTestId("current-password").fill(PASSWORD);
  await page.getByTestId("new-password").fill("changed e2e password");
  await page.getByTestId("password-submit").click();
  await expect(page.getByTestId("form-done")).toBeVisible();
  await page.goto(`${env.nodeB}/`);
  await expect(page.getByTestId("sign-out")).toBeVisible();

  // The admin promotes, then deactivates: the operator's open console on the other node is signed out.
  await admin.page.reload();
  const row = admin.page.getByTestId("operator-row").and(admin.page.locator(`[data-email="${email}"]`));
  await expect(row).toHaveAttribute("data-role", "trainee");
  await row.getByTestId("operator-role").selectOption("operator");
  await expect(row).toHaveAttribute("data-role", "operator");
  // Their own limit for automatic assignment, kept after a reload.
  await expect(row.getByTestId("operator-capacity")).toHaveValue("");
  await row.getByTestId("operator-capacity").fill("3");
  await row.getByTestId("operator-capacity").press("Enter");
  await admin.page.reload();
  await expect(row.getByTestId("operator-capacity")).toHaveValue("3");
  await row.getByTestId("operator-toggle-active").click();
  await row.getByTestId("operator-toggle-active-confirm").click();
  await expect(row).toHaveAttribute("data-active", "false");
  await expect(page.getByTestId("login-submit")).toBeVisible();

  await admin.page.goto(`${env.nodeA}/settings/audit`);
  const row$ = (action: string) => admin.page.locator(`[data-testid="audit-row"][data-action="${action}"]`);
  for (const action of ["operator.invited", "operator.joined", "operator.role_changed", "operator.capacity_changed", "operator.deactivated"]) {
    await expect(row$(action).filter({ hasText: email })).toHaveCount(1);
  }
  await expect(row$("operator.password_changed").first()).toBeVisible();
  await expect(admin.page.getByTestId("audit-row").first()).toHaveAttribute("data-action", "operator.deactivated");

  await Promise.all([admin.context.close(), invitee.close()]);
});
