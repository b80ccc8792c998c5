// The embedded default keeps its data in a folder: what was written is there after a restart.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openPglite } from "../../src/db/client";
import { startConversation } from "../../src/domain/conversations/start-conversation";
import { syncMessages } from "../../src/domain/messages/read-messages";
import { sendMessage } from "../../src/domain/messages/send-message";
import { seedFirstRun } from "../../src/domain/workspaces/seed-first-run";
import { clientId, newVisitor } from "../support/fixtures";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

it("keeps workspaces and messages across a restart of the embedded database", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kaiwa-pglite-"));
  dirs.push(dir);
  const first = await openPglite(dir);
  await first.migrate();
  const seed = await seedFirstRun(first.db, { adminEmail: "admin@example.com" });
  if (!seed.seeded) throw new Error("expected a first-run seed");
  const visitor = await newVisitor(first.db, seed.siteKey);
  const { conversation } = await startConversation(first.db, visitor.actor);
  await sendMessage(first.db, visitor.actor, { conversationId: conversation.id, clientId: clientId(), body: "still here?" });
  await first.close();

  const second = await openPglite(dir);
  await second.migrate();
  expect((await seedFirstRun(second.db, { adminEmail: "admin@example.com" })).seeded).toBe(false);
  const history = await syncMessages(second.db, visitor.actor, { conversationId: conversation.id, afterSeq: 0 });
  expect(history.messages.map((m) => m.body)).toEqual(["still here?"]);
  await second.close();
});
