// Files both ways, the way people send them: the paperclip, a pasted screenshot, a file dropped on the chat; and a
// refused file says the limit and the types that can be sent.
import type { Locator } from "@playwright/test";
import { expect, signIn, test, visitorWrites } from "./support/fixtures";

// A 1x1 PNG.
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/** Paste a PNG file into `target`, as a screenshot pasted from the clipboard does. */
async function pastePng(target: Locator, name: string) {
  await target.evaluate(
    (el, [b64, fileName]) => {
      const bytes = Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], fileName!, { type: "image/png" }));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [PNG_BASE64, name],
  );
}

/** Drag a PNG file over `target` and drop it there. */
async function dropPng(target: Locator, name: string) {
  const data = await target.evaluateHandle(
    (_el, [b64, fileName]) => {
      const bytes = Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], fileName!, { type: "image/png" }));
      return dt;
    },
    [PNG_BASE64, name],
  );
  await target.dispatchEvent("dragover", { dataTransfer: data });
  await target.dispatchEvent("drop", { dataTransfer: data });
}

test("operators and visitors send files by paperclip, paste and drop; refusals say why", async ({ browser, env }) => {
  const visitorContext = await browser.newContext({ locale: "en-US" });
  const question = `Here is my receipt ${Date.now()}`;
  const widget = await visitorWrites(visitorContext, env.nodeA, question);
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, env.nodeB, env.admin.email, env.admin.password);
  await page.getByTestId("conversation-item").filter({ hasText: question }).click();
  await expect(page.getByTestId("console-message").filter({ hasText: question })).toBeVisible();

  // The operator's paperclip: the visitor sees the image.
  await page.getByTestId("reply-input-file").setInputFiles({ name: "label.png", mimeType: "image/png", buffer: Buffer.from(PNG_BASE64, "base64") });
  await expect(widget.getByTestId("widget-attachment").last()).toHaveAttribute("data-content-type", "image/png");
  await expect(page.getByTestId("console-message").filter({ has: page.getByTestId("console-attachment") })).toHaveCount(1);

  // A screenshot pasted into the reply box, and a file dropped on the conversation.
  await pastePng(page.getByTestId("reply-input"), "pasted.png");
  await expect(page.getByTestId("console-attachment")).toHaveCount(2);
  await expect(page.getByTestId("reply-input")).toHaveValue("");
  await dropPng(page.getByRole("log"), "dropped.png");
  await expect(page.getByTestId("console-attachment")).toHaveCount(3);
  await expect(widget.getByTestId("widget-attachment")).toHaveCount(3);

  // The visitor pastes and drops too.
  await pastePng(widget.getByTestId("widget-input"), "visitor-paste.png");
  await expect(widget.getByTestId("widget-attachment")).toHaveCount(4);
  await dropPng(widget.getByRole("log"), "visitor-drop.png");
  await expect(widget.getByTestId("widget-attachment")).toHaveCount(5);
  await expect(page.getByTestId("console-attachment")).toHaveCount(5);

  // Refused files say the rule: the types that can be sent, and the size limit of the site (5 MB by default).
  await page.getByTestId("reply-input-file").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(page.getByRole("alert").filter({ hasText: "PNG, JPEG, GIF, WebP" })).toBeVisible();
  await page.getByTestId("reply-input-file").setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(6 * 1024 * 1024, 1) });
  await expect(page.getByRole("alert").filter({ hasText: "up to 5 MB" })).toBeVisible();
  await widget.getByTestId("widget-input-file").setInputFiles({ name: "huge.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(6 * 1024 * 1024, 1) });
  await expect(widget.getByRole("alert").filter({ hasText: "up to 5 MB" })).toBeVisible();
  await widget.getByTestId("widget-input-file").setInputFiles({ name: "script.js", mimeType: "text/javascript", buffer: Buffer.from("alert(1)") });
  await expect(widget.getByRole("alert").filter({ hasText: "PNG, JPEG, GIF, WebP" })).toBeVisible();

  await Promise.all([context.close(), visitorContext.close()]);
});
