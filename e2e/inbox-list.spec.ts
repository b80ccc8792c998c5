// What the inbox list tells an operator at a glance, with colleagues answering too.
import { createOperator, expect, signIn, test, visitorWrites } from "./support/fixtures";

test("the preview names who answered: You for your own reply, a colleague's name for theirs", async ({ browser, env }) => {
  const ken = await createOperator(env, "operator", `Ken ${Date.now().toString(36)}`);
  const [adminContext, kenContext, visitorA, visitorB] = [
    await browser.newContext({ locale: "en-US" }),
    await browser.newContext({ locale: "en-US" }),
    await browser.newContext(),
    await browser.newContext(),
  ];
  const admin = await adminContext.newPage();
  const kenPage = await kenContext.newPage();
  await signIn(admin, env.nodeB, env.admin.email, env.admin.password);
  await signIn(kenPage, env.nodeA, ken.email, ken.password);
  const stamp = Date.now();
  await visitorWrites(visitorA, env.nodeA, `For Ken ${stamp}`);
  await visitorWrites(visitorB, env.nodeA, `For the admin ${stamp}`);

  await kenPage.getByTestId("conversation-item").filter({ hasText: `For Ken ${stamp}` }).click();
  await kenPage.getByTestId("reply-input").fill(`Ken here ${stamp}`);
  await kenPage.getByTestId("reply-input").press("Enter");
  await admin.getByTestId("conversation-item").filter({ hasText: `For the admin ${stamp}` }).click();
  await admin.getByTestId("reply-input").fill(`Admin here ${stamp}`);
  await admin.getByTestId("reply-input").press("Enter");

  // Live, then after a reload (from the server's list).
  for (const pass of ["live", "reloaded"]) {
    if (pass === "reloaded") await admin.reload();
    await expect(admin.getByTestId("conversation-item").filter({ hasText: `Ken here ${stamp}` })).toContainText(`${ken.name}: Ken here ${stamp}`);
    await expect(admin.getByTestId("conversation-item").filter({ hasText: `Admin here ${stamp}` })).toContainText(`You: Admin here ${stamp}`);
  }
  await expect(kenPage.getByTestId("conversation-item").filter({ hasText: `Ken here ${stamp}` })).toContainText(`You: Ken here ${stamp}`);
  await expect(kenPage.getByTestId("conversation-item").filter({ hasText: `Admin here ${stamp}` })).toContainText(`Admin: Admin here ${stamp}`);

  await Promise.all([adminContext.close(), kenContext.close(), visitorA.close(), visitorB.close()]);
});
