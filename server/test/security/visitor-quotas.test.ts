// What one visitor may keep: at most 50 attributes in all (not per update), at most 5 uploaded files waiting to be
// posted, and files never posted are removed.
import { isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db/client";
import { deleteAbandonedUploads } from "../../src/domain/attachments/attachments";
import { connectVisitor, request } from "../support/clients";
import { clientId, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let siteKey: string;
beforeAll(async () => {
  t = await startTestApp(async (database) => {
    siteKey = (await seedWorkspace(database.db)).site.publicKey;
  });
});
afterAll(() => t?.close());

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

describe("visitor quotas", () => {
  it("keeps at most 50 attributes per visitor, whatever the number of updates", async () => {
    const { socket } = await connectVisitor(t.base, siteKey);
    t.track(socket);
    const batch = (n: number) => Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${n}_${i}`, "v"]));
    expect((await request(socket, "visitor:update", { attributes: batch(0) })).data.attributes).toHaveProperty("k0_49");
    const second = await request(socket, "visitor:update", { attributes: batch(1) });
    expect(second.error).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("at most 50 attributes") });
    // Changing the ones it has is fine.
    expect((await request(socket, "visitor:update", { attributes: { k0_0: "changed" } })).data.attributes.k0_0).toBe("changed");
  });

  it("holds at most 5 uploaded files waiting to be posted, and removes those never posted", async () => {
    const { socket, session } = await connectVisitor(t.base, siteKey);
    t.track(socket);
    const conversationId = (await request(socket, "conversation:start", {})).data.id as string;
    const upload = () =>
      fetch(`${t.base}/api/visitor/attachments?conversationId=${conversationId}&name=a.png`, {
        method: "POST",
        headers: { authorization: `Bearer ${session.token}`, "x-kaiwa-site": siteKey, "content-type": "application/octet-stream" },
        body: new Uint8Array(PNG),
      }).then(async (r) => (await r.json()) as { data?: { attachment: { id: string } }; error?: { code: string } });
    const first = await upload();
    await request(socket, "attachment:send", { conversationId, attachmentId: first.data!.attachment.id, clientId: clientId() });
    for (let i = 0; i < 5; i++) expect((await upload()).data).toBeDefined();
    expect((await upload()).error?.code).toBe("RATE_LIMITED");

    const { db } = t.database;
    expect(await deleteAbandonedUploads(db, 0)).toBe(5);
    expect(await db.select().from(schema.attachments).where(isNull(schema.attachments.messageId))).toEqual([]);
    expect(await db.select({ id: schema.attachments.id }).from(schema.attachments)).toEqual([{ id: first.data!.attachment.id }]);
    expect((await upload()).data).toBeDefined(); // room again
  });
});
