import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Actor } from "../actor";
import { setConversationStatus } from "../conversations/set-conversation-status";
import { startConversation } from "../conversations/start-conversation";
import { createFeedbackPost, commentFeedbackPost, setFeedbackStatus } from "../feedback/feedback-board";
import { hashPassword } from "../auth/password";
import { sendMessage } from "../messages/send-message";
import { authenticateVisitor, openVisitorSession } from "../visitors/open-visitor-session";
import { createWorkspace } from "../workspaces/create-workspace";
import { seedFirstRun } from "../workspaces/seed-first-run";

const DEMO_LOCK_ID = 7_242_005;
export const DEMO_OPERATOR_EMAIL = "aiko@demo.kaiwa.invalid";
export const DEMO_PRODUCT_EMAIL = "product@demo.kaiwa.invalid";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

const CONVERSATIONS: { visitor: string; lines: [("visitor" | "operator"), string][]; resolve?: boolean }[] = [
  {
    visitor: "佐藤 花子",
    lines: [
      ["visitor", "注文した本がまだ届いていません。注文番号は 10423 です。"],
      ["operator", "ご不便をおかけしております。確認いたしますので少々お待ちください。"],
      ["operator", "明日の午前中にお届け予定です。追跡番号をメールでお送りしました。"],
      ["visitor", "ありがとうございます！"],
    ],
    resolve: true,
  },
  {
    visitor: "Tom Baker",
    lines: [
      ["visitor", "Hi, do you ship to Canada?"],
      ["operator", "Yes! Shipping to Canada takes 5 to 7 business days."],
      ["visitor", "Great, and can I pay in CAD?"],
    ],
  },
  { visitor: "鈴木 一郎", lines: [["visitor", "ギフト包装はできますか？"]] },
];

export type DemoSeedResult = { seeded: false } | { seeded: true; adminEmail: string; operatorEmail: string; productEmail: string; siteKey: string };

/**
 * Fill a review app with a demo workspace a reviewer can click through at once: the first-run admin's workspace
 * gets a second operator and three conversations (one resolved, one waiting, one new), and a product-team workspace
 * answers two feedback posts. Runs once: later runs (a redeploy, a second postdeploy) change nothing.
 */
export async function seedReviewApp(db: Db, opts: { adminEmail: string; password: string }): Promise<DemoSeedResult> {
  await seedFirstRun(db, { adminEmail: opts.adminEmail, adminPassword: opts.password });
  const lock = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK_ID})`);
    const [exists] = await tx.select({ id: schema.operators.id }).from(schema.operators).where(eq(schema.operators.email, DEMO_OPERATOR_EMAIL));
    if (exists) return null;
    const [admin] = await tx.select().from(schema.operators).where(eq(schema.operators.email, opts.adminEmail.toLowerCase()));
    if (!admin) throw new Error(`no operator ${opts.adminEmail}; seedFirstRun did not create the admin`);
    const [aiko] = await tx
      .insert(schema.operators)
      .values({ workspaceId: admin.workspaceId, email: DEMO_OPERATOR_EMAIL, name: "Aiko (demo)", role: "operator", passwordHash: await hashPassword(opts.password) })
      .returning();
    return { admin, aiko: aiko! };
  });
  if (!lock) return { seeded: false };
  const { admin, aiko } = lock;
  const [site] = await db.select().from(schema.sites).where(eq(schema.sites.workspaceId, admin.workspaceId)).limit(1);
  if (!site) throw new Error("the demo workspace has no site");
  const aikoActor: OperatorActor = { kind: "operator", workspaceId: admin.workspaceId, operatorId: aiko.id, name: aiko.name, role: "operator" };

  for (const c of CONVERSATIONS) {
    const session = await openVisitorSession(db, { siteKey: site.publicKey });
    const visitor = (await authenticateVisitor(db, site.publicKey, session.token)) as Extract<Actor, { kind: "visitor" }>;
    await db.update(schema.visitors).set({ name: c.visitor }).where(eq(schema.visitors.id, visitor.visitorId));
    const { conversation } = await startConversation(db, visitor);
    for (const [who, body] of c.lines) {
      await sendMessage(db, who === "visitor" ? visitor : aikoActor, { conversationId: conversation.id, clientId: randomUUID(), body });
    }
    if (c.resolve) await setConversationStatus(db, aikoActor, { conversationId: conversation.id, status: "resolved" });
  }

  const team = await createWorkspace(db, {
    name: "Kaiwa product team",
    site: { name: "Kaiwa" },
    operators: [{ email: DEMO_PRODUCT_EMAIL, name: "Kaiwa product team", password: opts.password, role: "admin" }],
  });
  await db.insert(schema.productTeamWorkspaces).values({ workspaceId: team.workspace.id }).onConflictDoNothing();
  const teamOp = team.operators[0]!;
  const teamActor: OperatorActor = { kind: "operator", workspaceId: team.workspace.id, operatorId: teamOp.id, name: teamOp.name, role: "admin" };
  const adminActor: OperatorActor = { kind: "operator", workspaceId: admin.workspaceId, operatorId: admin.id, name: admin.name, role: "admin" };
  const { post: first } = await createFeedbackPost(db, adminActor, {
    subjectKind: "feature",
    subject: "feedbackBoard",
    title: "Let us attach more than one screenshot",
    body: "When reporting a layout problem, one screenshot is rarely enough.",
    visibility: "public",
  });
  await commentFeedbackPost(db, teamActor, { postId: first.id, body: "Thanks! We are looking at multiple attachments for the next release." });
  await setFeedbackStatus(db, teamActor, { postId: first.id, status: "planned" });
  await createFeedbackPost(db, aikoActor, {
    subjectKind: "release",
    subject: "0.2.0",
    title: "リリースノートが読みやすいです",
    body: "ステージごとの日程が分かるのが便利です。",
    visibility: "workspace",
  });
  return { seeded: true, adminEmail: opts.adminEmail, operatorEmail: DEMO_OPERATOR_EMAIL, productEmail: DEMO_PRODUCT_EMAIL, siteKey: site.publicKey };
}
