// Real nodes on each stage over one Postgres and one Redis: /api/version, flags enforced in REST and socket
// handlers per stage and per workspace, and the feedback board's visibility and live updates across nodes.
import type { FeedbackComment, FeedbackPost } from "@kaiwa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, schema, type Database } from "../../src/db/client";
import { connectOperator, eventually, request, signInCookie, type OperatorSocket } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { startNode, type NodeProcess } from "../support/node-process";
import { createTestDatabase, havePostgres, haveRedis, REDIS_URL } from "../support/services";

const ready = (await havePostgres()) && (await haveRedis());
const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(64, 7)]);

async function api(base: string, method: string, path: string, cookie?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  return { status: res.status, body: json, res };
}

describe.skipIf(!ready)("stages, flags and the feedback board on real nodes", () => {
  let drop: () => Promise<void>;
  let database: Database;
  const nodes: Record<"test" | "review" | "staging" | "production", NodeProcess> = {} as never;
  const sockets: OperatorSocket[] = [];
  let w1: Awaited<ReturnType<typeof seedWorkspace>>;
  let w2: Awaited<ReturnType<typeof seedWorkspace>>;
  let team: Awaited<ReturnType<typeof seedWorkspace>>;
  const cookie = {} as Record<"w1admin" | "w1op" | "w2op" | "team", string>;

  beforeAll(async () => {
    const test = await createTestDatabase();
    drop = test.drop;
    database = await openPostgres({ url: test.url });
    await database.migrate();
    [w1, w2, team] = [await seedWorkspace(database.db, "w1"), await seedWorkspace(database.db, "w2"), await seedWorkspace(database.db, "team")];
    await database.db.insert(schema.productTeamWorkspaces).values({ workspaceId: team.workspace.id });
    const base = { DATABASE_URL: test.url, REDIS_URL, SERVE_WEB: "false", ADMIN_PASSWORD: "irrelevant-password" };
    const [t, r, s, p] = await Promise.all([
      startNode({ ...base, APP_STAGE: "test" }),
      // A review app as Heroku starts it: no APP_STAGE, only the injected hints and dyno metadata.
      startNode({ ...base, APP_STAGE: undefined as unknown as string, DYNO: "web.1", HEROKU_PR_NUMBER: "17", HEROKU_APP_NAME: "kaiwa-pr-17", HEROKU_RELEASE_VERSION: "v3", HEROKU_SLUG_COMMIT: "1".repeat(40) }),
      startNode({ ...base, APP_STAGE: "staging", HEROKU_APP_NAME: "kaiwa-staging", HEROKU_RELEASE_VERSION: "v120", HEROKU_SLUG_COMMIT: "2".repeat(40) }),
      startNode({ ...base, APP_STAGE: "production", HEROKU_APP_NAME: "kaiwa", HEROKU_RELEASE_VERSION: "v98", HEROKU_SLUG_COMMIT: "3".repeat(40) }),
    ]);
    Object.assign(nodes, { test: t, review: r, staging: s, production: p });
    for (const [k, email] of [
      ["w1admin", w1.admin.email],
      ["w1op", w1.operator.email],
      ["w2op", w2.operator.email],
      ["team", team.operator.email],
    ] as const) {
      cookie[k] = await signInCookie(nodes.staging.url, email, PASSWORD);
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all(Object.values(nodes).map((n) => n?.stop()));
    await database?.close();
    await drop?.();
  });

  it("GET /api/version answers the stage, release, commit and a review app's pull request", async () => {
    const v = async (n: NodeProcess) => (await api(n.url, "GET", "/api/version")).body.data;
    expect(await v(nodes.production)).toEqual({ stage: "production", release: "v98", commit: "3".repeat(40), app: "kaiwa", pullRequest: null, version: expect.any(String) });
    expect(await v(nodes.staging)).toEqual({ stage: "staging", release: "v120", commit: "2".repeat(40), app: "kaiwa-staging", pullRequest: null, version: expect.any(String) });
    expect(await v(nodes.review)).toEqual({ stage: "review", release: "v3", commit: "1".repeat(40), app: "kaiwa-pr-17", pullRequest: 17, version: expect.any(String) });
    const local = await v(nodes.test);
    expect(local).toMatchObject({ stage: "test", pullRequest: null, app: null });
    expect(local.commit).toMatch(/^[0-9a-f]{40}$/); // from git, without dyno metadata
  });

  it("production refuses the early-access board in REST and socket handlers until an admin opts in", async () => {
    const prod = nodes.production.url;
    expect((await api(prod, "GET", "/api/early-access", cookie.w1op)).body.data).toMatchObject({ stage: "production", optedIn: false, flags: { feedbackBoard: false, releaseNotes: true } });
    const list = await api(prod, "GET", "/api/feedback/posts", cookie.w1op);
    expect(list.status).toBe(403);
    expect(list.body.error.code).toBe("FEATURE_DISABLED");
    const create = await api(prod, "POST", "/api/feedback/posts", cookie.w1op, { subjectKind: "release", subject: "0.2.0", title: "t", body: "b" });
    expect(create.body.error.code).toBe("FEATURE_DISABLED");
    const socket = await connectOperator(prod, cookie.w1op);
    sockets.push(socket);
    expect((await request(socket, "feedback:subscribe", {})).error?.code).toBe("FEATURE_DISABLED");
    expect((await request(socket, "feedback:vote", { postId: crypto.randomUUID(), voted: true })).error?.code).toBe("FEATURE_DISABLED");

    // Only an admin joins the program.
    expect((await api(prod, "PUT", "/api/early-access", cookie.w1op, { optedIn: true })).body.error.code).toBe("FORBIDDEN");
    const joined = await api(prod, "PUT", "/api/early-access", cookie.w1admin, { optedIn: true });
    expect(joined.body.data).toMatchObject({ optedIn: true, flags: { feedbackBoard: true } });
    expect((await api(prod, "GET", "/api/feedback/posts", cookie.w1op)).status).toBe(200);
    expect((await request(socket, "feedback:subscribe", {})).data).toEqual({ ok: true });

    // Another workspace in production is still out; the product team is always in.
    expect((await api(prod, "GET", "/api/feedback/posts", cookie.w2op)).body.error.code).toBe("FEATURE_DISABLED");
    expect((await api(prod, "GET", "/api/feedback/posts", cookie.team)).status).toBe(200);

    // On staging and review apps the same workspace needs no opt-in.
    for (const stage of ["staging", "review"] as const) {
      expect((await api(nodes[stage].url, "GET", "/api/feedback/posts", cookie.w2op)).status).toBe(200);
    }

    // Leaving the program turns it off again in production, and the subscribed socket stops receiving at once.
    const control = await connectOperator(nodes.staging.url, cookie.w2op);
    sockets.push(control);
    expect((await request(control, "feedback:subscribe", {})).data).toEqual({ ok: true });
    const seen = { w1: [] as string[], control: [] as string[] };
    socket.on("feedback:post" as never, (p: FeedbackPost) => void seen.w1.push(p.title));
    control.on("feedback:post" as never, (p: FeedbackPost) => void seen.control.push(p.title));
    await api(prod, "PUT", "/api/early-access", cookie.w1admin, { optedIn: false });
    expect((await api(prod, "GET", "/api/feedback/posts", cookie.w1op)).body.error.code).toBe("FEATURE_DISABLED");
    await api(nodes.staging.url, "POST", "/api/feedback/posts", cookie.w2op, { subjectKind: "release", subject: "0.2.0", title: "after leaving", body: "b", visibility: "public" });
    await eventually(() => seen.control.includes("after leaving"), "the control socket gets the public post");
    expect(seen.w1).not.toContain("after leaving");
    await api(prod, "PUT", "/api/early-access", cookie.w1admin, { optedIn: true });
  });

  it("posts, votes, comments and statuses, visible to the right people and live on every node", async () => {
    const staging = nodes.staging.url;
    const review = nodes.review.url;
    // Live observers on other nodes: w1's admin on review, w2 on test, the product team on production.
    const observe = async (base: string, c: string) => {
      const s = await connectOperator(base, c);
      sockets.push(s);
      const posts: FeedbackPost[] = [];
      const comments: FeedbackComment[] = [];
      s.on("feedback:post" as never, (p: FeedbackPost) => void posts.push(p));
      s.on("feedback:comment" as never, (c: FeedbackComment) => void comments.push(c));
      expect((await request(s, "feedback:subscribe", {})).data).toEqual({ ok: true });
      return { s, posts, comments };
    };
    const w1live = await observe(review, cookie.w1admin);
    const w2live = await observe(nodes.test.url, cookie.w2op);
    const teamLive = await observe(nodes.production.url, cookie.team);

    const created = await api(staging, "POST", "/api/feedback/posts", cookie.w1op, {
      subjectKind: "feature",
      subject: "feedbackBoard",
      title: "<b>Board</b> works",
      body: "<script>alert(1)</script> and a screenshot",
      screenshot: { type: "image/png", data: PNG.toString("base64") },
    });
    expect(created.status).toBe(200);
    const post = created.body.data as FeedbackPost;
    expect(post).toMatchObject({ visibility: "workspace", status: "under_review", hasScreenshot: true, voteCount: 0, title: "<b>Board</b> works" });
    await eventually(() => w1live.posts.some((p) => p.id === post.id), "w1 sees its post live");
    await eventually(() => teamLive.posts.some((p) => p.id === post.id), "the product team sees it live");

    // Workspace visibility: w2 neither lists nor opens it, nor votes on it.
    expect((await api(staging, "GET", "/api/feedback/posts", cookie.w2op)).body.data.posts.map((p: FeedbackPost) => p.id)).not.toContain(post.id);
    expect((await api(staging, "GET", `/api/feedback/posts/${post.id}`, cookie.w2op)).status).toBe(404);
    expect((await api(staging, "POST", `/api/feedback/posts/${post.id}/votes`, cookie.w2op, { voted: true })).status).toBe(404);
    expect((await api(staging, "GET", `/api/feedback/posts/${post.id}/screenshot`, cookie.w2op)).status).toBe(404);
    expect((await api(staging, "GET", "/api/feedback/posts", cookie.team)).body.data.posts.map((p: FeedbackPost) => p.id)).toContain(post.id);

    // The screenshot comes back as the checked type, never sniffed.
    const shot = await api(staging, "GET", `/api/feedback/posts/${post.id}/screenshot`, cookie.w1admin);
    expect(shot.res.headers.get("content-type")).toBe("image/png");
    expect(shot.res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await shot.res.arrayBuffer()).equals(PNG)).toBe(true);

    // Votes: one per operator, counted once even when repeated; taken back.
    for (let i = 0; i < 2; i++) expect((await api(staging, "POST", `/api/feedback/posts/${post.id}/votes`, cookie.w1op, { voted: true })).body.data).toMatchObject({ voteCount: 1, votedByMe: true });
    const bySocket = await request(w1live.s, "feedback:vote", { postId: post.id, voted: true });
    expect(bySocket.data).toMatchObject({ voteCount: 2, votedByMe: true });
    await eventually(() => teamLive.posts.some((p) => p.id === post.id && p.voteCount === 2), "vote count live");
    expect((await api(staging, "POST", `/api/feedback/posts/${post.id}/votes`, cookie.w1op, { voted: false })).body.data).toMatchObject({ voteCount: 1, votedByMe: false });

    // Comments: the team's answer is marked as such.
    const answer = await api(staging, "POST", `/api/feedback/posts/${post.id}/comments`, cookie.team, { body: "Thanks, looking into it" });
    expect(answer.body.data.comment).toMatchObject({ fromProductTeam: true, authorName: team.operator.name });
    await eventually(() => w1live.comments.some((c) => c.body === "Thanks, looking into it"), "the comment reaches w1 live");
    expect(w2live.comments).toHaveLength(0);

    // Status: the product team only.
    expect((await api(staging, "PUT", `/api/feedback/posts/${post.id}/status`, cookie.w1admin, { status: "shipped" })).body.error.code).toBe("FORBIDDEN");
    expect((await api(staging, "PUT", `/api/feedback/posts/${post.id}/status`, cookie.team, { status: "planned" })).body.data.status).toBe("planned");
    await eventually(() => w1live.posts.some((p) => p.id === post.id && p.status === "planned"), "status reaches w1 live");
    const detail = await api(staging, "GET", `/api/feedback/posts/${post.id}`, cookie.w1op);
    expect(detail.body.data).toMatchObject({ post: { status: "planned", commentCount: 1, voteCount: 1 }, comments: [{ body: "Thanks, looking into it" }] });
    expect(w2live.posts.some((p) => p.id === post.id)).toBe(false); // never leaked to another workspace

    // A public post reaches everyone subscribed.
    const pub = await api(staging, "POST", "/api/feedback/posts", cookie.w2op, { subjectKind: "release", subject: "0.2.0", title: "Public", body: "For all", visibility: "public" });
    await eventually(() => w1live.posts.some((p) => p.id === pub.body.data.id), "a public post reaches another workspace");
    expect((await api(staging, "GET", "/api/feedback/posts", cookie.w1op)).body.data.posts.map((p: FeedbackPost) => p.id)).toContain(pub.body.data.id);
  });

  it("checks a screenshot's type on its bytes and its size on the server", async () => {
    const staging = nodes.staging.url;
    const post = (screenshot: unknown) =>
      api(staging, "POST", "/api/feedback/posts", cookie.w1op, { subjectKind: "release", subject: "0.2.0", title: "t", body: "b", screenshot });
    const html = await post({ type: "image/png", data: Buffer.from("<html><script>alert(1)</script>").toString("base64") });
    expect([html.status, html.body.error.code]).toEqual([400, "VALIDATION"]);
    expect((await post({ type: "image/svg+xml", data: PNG.toString("base64") })).body.error.code).toBe("VALIDATION");
    const big = await post({ type: "image/png", data: Buffer.concat([PNG, Buffer.alloc(1_000_000)]).toString("base64") });
    expect(big.body.error.code).toMatch(/VALIDATION|PAYLOAD_TOO_LARGE/);
    expect(big.status).toBeGreaterThanOrEqual(400);
    const huge = await post({ type: "image/png", data: Buffer.alloc(3_000_000).toString("base64") });
    expect([huge.status, huge.body.error.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  });
});
