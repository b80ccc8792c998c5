// app.json's postdeploy seeds a review app once, so a reviewer can sign in and click through at once.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgres, schema, type Database } from "../../src/db/client";
import { listConversations } from "../../src/domain/conversations/list-conversations";
import { DEMO_OPERATOR_EMAIL, DEMO_PRODUCT_EMAIL } from "../../src/domain/demo/seed-review-app";
import { listFeedbackPosts } from "../../src/domain/feedback/feedback-board";
import { signIn } from "../../src/domain/operators/sign-in";
import { REPO_ROOT } from "../support/node-process";
import { createTestDatabase, havePostgres } from "../support/services";
import { procfile } from "./procfile";

const run = promisify(execFile);
const ready = await havePostgres();
const appJson = JSON.parse(readFileSync(path.join(REPO_ROOT, "app.json"), "utf8"));
const PASSWORD = "review-app-password";

describe.skipIf(!ready)("review app postdeploy", () => {
  let drop: (() => Promise<void>) | undefined;
  let database: Database | undefined;
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it("after the release phase, seeds a demo workspace, site, operators, conversations and feedback, once", async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const env = { ...process.env, DATABASE_URL: db.url, ADMIN_EMAIL: "reviewer@example.com", ADMIN_PASSWORD: PASSWORD, APP_STAGE: "review", LOG_LEVEL: "warn" };
    await run("sh", ["-c", procfile().release!], { cwd: REPO_ROOT, env });
    const first = await run("sh", ["-c", appJson.scripts.postdeploy], { cwd: REPO_ROOT, env, timeout: 60_000 });
    expect(first.stdout).toMatch(/demo seeded/);
    const again = await run("sh", ["-c", appJson.scripts.postdeploy], { cwd: REPO_ROOT, env, timeout: 60_000 });
    expect(again.stdout).toMatch(/already present/);

    database = await openPostgres({ url: db.url });
    expect(await database.db.select().from(schema.workspaces)).toHaveLength(2);
    for (const email of ["reviewer@example.com", DEMO_OPERATOR_EMAIL, DEMO_PRODUCT_EMAIL]) {
      await signIn(database.db, { email, password: PASSWORD });
    }
    const { operator } = await signIn(database.db, { email: DEMO_OPERATOR_EMAIL, password: PASSWORD });
    const actor = { kind: "operator" as const, workspaceId: operator.workspaceId, operatorId: operator.id, name: operator.name, role: operator.role };
    const open = await listConversations(database.db, actor, { status: "open" });
    const resolved = await listConversations(database.db, actor, { status: "resolved" });
    expect(open.conversations).toHaveLength(2);
    expect(resolved.conversations).toHaveLength(1);
    expect((await listFeedbackPosts(database.db, actor)).map((p) => p.status).sort()).toEqual(["planned", "under_review"]);
  });
});
