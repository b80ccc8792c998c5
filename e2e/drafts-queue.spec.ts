// A supervisor's day with trainees: the drafts waiting for approval in one queue with a live count, the
// conversations that hold one marked in the list, and the trainee told their reply is safe (not an error).
import { createOperator, expect, signIn, test, visitorWrites } from "./support/fixtures";

test("a trainee's draft shows up live in the supervisor's queue on the other node; approving it empties the queue", async ({ browser, env }) => {
  const trainee = await createOperator(env, "trainee", "Tomo (trainee)");
  const supervisor = await createOperator(env, "supervisor", "Sachi (supervisor)");
  const [traineeContext, supervisorContext, visitorContext] = [
    await browser.newContext({ locale: "en-US" }),
    await browser.newContext({ locale: "en-US" }),
    await browser.newContext(),
  ];
  const s = await supervisorContext.newPage();
  await signIn(s, env.nodeA, supervisor.email, supervisor.password);
  const count = s.getByTestId("count-drafts");
  await expect(count).toHaveText(/^\d+$/);
  const before = Number(await count.textContent());

  const question = `Do you gift-wrap? ${Date.now()}`;
  const widget = await visitorWrites(visitorContext, env.nodeA, question);
  const t = await traineeContext.newPage();
  await signIn(t, env.nodeB, trainee.email, trainee.password);
  await t.getByTestId("conversation-item").filter({ hasText: question }).click();
  const answer = "Yes, for free, just say so at checkout.";
  await t.getByTestId("reply-input").fill(answer);
  await t.getByTestId("reply-input").press("Enter");

  // The trainee is told it is kept for approval, as a confirmation: nothing in the thread is an error.
  await expect(t.getByTestId("draft-saved")).toHaveText(/Saved as a draft/);
  await expect(t.getByTestId("draft-saved")).toHaveAttribute("role", "status");
  await expect(t.getByRole("alert").filter({ hasText: /draft/i })).toHaveCount(0);
  await expect(t.getByTestId("draft").filter({ hasText: answer })).toHaveAttribute("data-status", "pending");
  await expect(t.getByTestId("reply-input")).toHaveValue("");

  // The supervisor, on the other node, sees the count go up and the conversation marked, without a reload.
  await expect(count).toHaveText(String(before + 1));
  const row = s.getByTestId("conversation-item").filter({ hasText: question });
  await expect(row.getByTestId("row-draft")).toBeVisible();
  await s.getByTestId("tab-drafts").click();
  const item = s.getByTestId("draft-queue-item").filter({ hasText: answer });
  await expect(item).toContainText("Tomo (trainee)");
  await item.click();
  await s.getByTestId("draft").filter({ hasText: answer }).getByTestId("draft-approve").click();

  await expect(widget.getByTestId("widget-message").filter({ hasText: answer })).toBeVisible();
  await expect(count).toHaveText(String(before));
  await expect(s.getByTestId("draft-queue-item").filter({ hasText: answer })).toHaveCount(0);
  await s.getByTestId("draft-queue-close").click();
  await expect(row.getByTestId("row-draft")).toHaveCount(0);
  // The trainee's console follows too.
  await expect(t.getByTestId("draft").filter({ hasText: answer })).toHaveCount(0);
  await expect(t.getByTestId("console-message").filter({ hasText: answer })).toBeVisible();

  await Promise.all([traineeContext.close(), supervisorContext.close(), visitorContext.close()]);
});
