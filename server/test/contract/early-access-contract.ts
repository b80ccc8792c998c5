// The early-access domain (program, flags, feedback board) on every storage backend, like domain-contract.ts.
import { ErrorCodes } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import { useContractDatabase, type OpenContractDatabase } from "./contract-database";
import { schema, type Db } from "../../src/db/client";
import {
  commentFeedbackPost,
  createFeedbackPost,
  getFeedbackPost,
  listFeedbackPosts,
  readFeedbackScreenshot,
  setFeedbackStatus,
  voteFeedbackPost,
} from "../../src/domain/feedback/feedback-board";
import { assertFlag, getEarlyAccess, setEarlyAccess } from "../../src/domain/flags/early-access";
import { seedWorkspace } from "../support/fixtures";

const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.from("rest of the image")]);
const rejectsWith = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });

/** Run the early-access contract against a database opened by `open` (migrated here, closed after). */
export function earlyAccessContract(backend: string, open: OpenContractDatabase, opts: { skip?: boolean } = {}) {
  describe.skipIf(!!opts.skip)(`early-access contract on ${backend}`, () => {
    let db: Db;
    useContractDatabase(open, (d) => {
      db = d;
    });

    const admin = (w: Awaited<ReturnType<typeof seedWorkspace>>) => ({ ...w.operatorActor(w.admin), role: "admin" as const });

    it("joins and leaves the program (admins only); flags follow the stage and the membership", async () => {
      const w = await seedWorkspace(db);
      expect((await getEarlyAccess(db, w.operatorActor(), "production")).flags.feedbackBoard).toBe(false);
      expect((await getEarlyAccess(db, w.operatorActor(), "staging")).flags.feedbackBoard).toBe(true);
      await rejectsWith(setEarlyAccess(db, w.operatorActor(), "production", { optedIn: true }), ErrorCodes.FORBIDDEN);
      await rejectsWith(assertFlag(db, w.operatorActor(), "production", "feedbackBoard"), ErrorCodes.FEATURE_DISABLED);
      const { state: joined } = await setEarlyAccess(db, admin(w), "production", { optedIn: true });
      expect(joined).toMatchObject({ optedIn: true, flags: { feedbackBoard: true } });
      expect((await setEarlyAccess(db, admin(w), "production", { optedIn: true })).state).toMatchObject({ optedIn: true }); // twice is fine
      await assertFlag(db, w.operatorActor(), "production", "feedbackBoard");
      expect((await setEarlyAccess(db, admin(w), "production", { optedIn: false })).state).toMatchObject({ optedIn: false, flags: { feedbackBoard: false } });
    });

    it("keeps each workspace's posts to itself and the product team; public posts reach everyone", async () => {
      const [a, b, team] = [await seedWorkspace(db), await seedWorkspace(db), await seedWorkspace(db)];
      await db.insert(schema.productTeamWorkspaces).values({ workspaceId: team.workspace.id });
      const { post: own } = await createFeedbackPost(db, a.operatorActor(), {
        subjectKind: "feature",
        subject: "feedbackBoard",
        title: "mine",
        body: "b",
        visibility: "workspace",
        screenshot: { type: "image/png", data: PNG.toString("base64") },
      });
      const { post: pub } = await createFeedbackPost(db, b.operatorActor(), { subjectKind: "release", subject: "0.2.0", title: "public", body: "b", visibility: "public" });
      const ids = async (w: typeof a) => (await listFeedbackPosts(db, w.operatorActor())).map((p) => p.id);
      expect(await ids(a)).toEqual(expect.arrayContaining([own.id, pub.id]));
      expect(await ids(b)).toContain(pub.id);
      expect(await ids(b)).not.toContain(own.id);
      expect(await ids(team)).toEqual(expect.arrayContaining([own.id, pub.id]));
      await rejectsWith(getFeedbackPost(db, b.operatorActor(), own.id), ErrorCodes.NOT_FOUND);
      await rejectsWith(readFeedbackScreenshot(db, b.operatorActor(), own.id), ErrorCodes.NOT_FOUND);
      expect((await readFeedbackScreenshot(db, team.operatorActor(), own.id)).bytes.equals(PNG)).toBe(true);
    });

    it("counts one vote per operator, even when sent twice at once, and takes it back", async () => {
      const w = await seedWorkspace(db);
      const { post } = await createFeedbackPost(db, w.operatorActor(), { subjectKind: "feature", subject: "x", title: "t", body: "b", visibility: "workspace" });
      await Promise.all([1, 2, 3].map(() => voteFeedbackPost(db, w.operatorActor(), { postId: post.id, voted: true })));
      await voteFeedbackPost(db, w.operatorActor(w.admin), { postId: post.id, voted: true });
      expect((await getFeedbackPost(db, w.operatorActor(), post.id)).post).toMatchObject({ voteCount: 2, votedByMe: true });
      await voteFeedbackPost(db, w.operatorActor(), { postId: post.id, voted: false });
      await voteFeedbackPost(db, w.operatorActor(), { postId: post.id, voted: false });
      expect((await getFeedbackPost(db, w.operatorActor(), post.id)).post).toMatchObject({ voteCount: 1, votedByMe: false });
    });

    it("lets only the product team set a status; its comments are marked as the team's", async () => {
      const [w, team] = [await seedWorkspace(db), await seedWorkspace(db)];
      await db.insert(schema.productTeamWorkspaces).values({ workspaceId: team.workspace.id });
      const { post } = await createFeedbackPost(db, w.operatorActor(), { subjectKind: "release", subject: "0.2.0", title: "t", body: "b", visibility: "workspace" });
      await rejectsWith(setFeedbackStatus(db, admin(w), { postId: post.id, status: "shipped" }), ErrorCodes.FORBIDDEN);
      expect((await setFeedbackStatus(db, team.operatorActor(), { postId: post.id, status: "in_progress" })).post.status).toBe("in_progress");
      const mine = await commentFeedbackPost(db, w.operatorActor(), { postId: post.id, body: "any news?" });
      const theirs = await commentFeedbackPost(db, team.operatorActor(), { postId: post.id, body: "soon" });
      expect([mine.comment.fromProductTeam, theirs.comment.fromProductTeam]).toEqual([false, true]);
      const detail = await getFeedbackPost(db, w.operatorActor(), post.id);
      expect(detail.post).toMatchObject({ status: "in_progress", commentCount: 2 });
      expect(detail.comments.map((c) => c.body)).toEqual(["any news?", "soon"]);
      await rejectsWith(setFeedbackStatus(db, team.operatorActor(), { postId: crypto.randomUUID(), status: "planned" }), ErrorCodes.NOT_FOUND);
    });
  });
}
