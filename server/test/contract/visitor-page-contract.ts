// The visitor's current page (recordVisitorPage, visitorDetails) on every storage backend, like domain-contract.ts.
import { describe, expect, it } from "vitest";
import { type Db } from "../../src/db/client";
import { startConversation } from "../../src/domain/conversations/start-conversation";
import { visitorDetails } from "../../src/domain/inbox/visitor-details";
import { recordVisitorPage } from "../../src/domain/visitors/record-visitor-page";
import { updateVisitor } from "../../src/domain/visitors/update-visitor";
import { newVisitor, seedWorkspace } from "../support/fixtures";
import { useContractDatabase, type OpenContractDatabase } from "./contract-database";

const ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";

/** Run the visitor page contract against a database opened by `open` (migrated here, closed after). */
export function visitorPageContract(backend: string, open: OpenContractDatabase, opts: { skip?: boolean } = {}) {
  describe.skipIf(!!opts.skip)(`visitor page contract on ${backend}`, () => {
    let db: Db;
    useContractDatabase(open, (d) => {
      db = d;
    });

    it("records the page on a visitor without a profile, then replaces it, keeping attributes", async () => {
      const w = await seedWorkspace(db);
      const v = await newVisitor(db, w.site.publicKey);
      const { conversation } = await startConversation(db, v.actor);
      const empty = await visitorDetails(db, w.operatorActor(), conversation.id);
      expect(empty).toMatchObject({ page: null, referrer: null, browser: null });

      const { viewed: first } = await recordVisitorPage(db, v.actor, { url: "https://example.com/a", title: "A", referrer: "https://search.example/" }, ANDROID_CHROME);
      expect(first).toMatchObject({
        visitorId: v.actor.visitorId,
        page: { url: "https://example.com/a", title: "A" },
        referrer: "https://search.example/",
        browser: { name: "Chrome", version: "124.0.0.0", os: "Android 14", device: "mobile" },
      });
      await updateVisitor(db, v.actor, { attributes: { plan: "pro" } });
      const { viewed: second } = await recordVisitorPage(db, v.actor, { url: "https://example.com/b", title: "B", referrer: null }, null);
      expect(second.browser).toBeNull();

      const details = await visitorDetails(db, w.operatorActor(), conversation.id);
      expect(details.page).toEqual({ url: "https://example.com/b", title: "B", seenAt: second.page.seenAt });
      expect(details.referrer).toBeNull();
      expect(details.browser).toBeNull();
      expect(details.attributes).toEqual({ plan: "pro" });
      expect(new Date(second.page.seenAt).getTime()).toBeGreaterThanOrEqual(new Date(first.page.seenAt).getTime());
    });

    it("keeps visitors apart: one visitor's page is not another's", async () => {
      const w = await seedWorkspace(db);
      const one = await newVisitor(db, w.site.publicKey);
      const two = await newVisitor(db, w.site.publicKey);
      const c1 = (await startConversation(db, one.actor)).conversation;
      const c2 = (await startConversation(db, two.actor)).conversation;
      await recordVisitorPage(db, one.actor, { url: "https://example.com/one", title: "One", referrer: null }, ANDROID_CHROME);
      expect((await visitorDetails(db, w.operatorActor(), c1.id)).page?.url).toBe("https://example.com/one");
      expect((await visitorDetails(db, w.operatorActor(), c2.id)).page).toBeNull();
    });
  });
}
