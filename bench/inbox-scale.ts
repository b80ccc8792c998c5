// `BENCH_ONLY=inbox-scale npm run bench`: a workspace with 100,000 conversations and 2,000,000 messages in a
// real Postgres, then the console's reads timed through the domain functions: the inbox list (first page and a
// deep page), a view's counts, opening a conversation (its newest page of messages) and a search in Japanese and
// in English. Prints p50/p95/p99 per query and writes bench/results/inbox-scale-<time>.json.
// BENCH_CONVERSATIONS and BENCH_MESSAGES_PER_CONVERSATION scale it down for a quick look.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openPostgres } from "../server/src/db/client";
import type { Actor } from "../server/src/domain/actor";
import { listConversations } from "../server/src/domain/conversations/list-conversations";
import { countInbox } from "../server/src/domain/inbox/count-inbox";
import { visitorDetails } from "../server/src/domain/inbox/visitor-details";
import { messageHistory } from "../server/src/domain/messages/read-messages";
import { searchMessages } from "../server/src/domain/search/search-messages";
import { createWorkspace } from "../server/src/domain/workspaces/create-workspace";
import { REPO_ROOT } from "../server/test/support/node-process";
import { createTestDatabase, havePostgres } from "../server/test/support/services";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const PER_CONVERSATION = Number(process.env.BENCH_MESSAGES_PER_CONVERSATION ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const BATCH = 5_000;

// Support-desk sentences in both languages; numbers vary per row so bodies differ.
const SENTENCES = [
  "注文した商品がまだ届きません。配送状況を教えてください。",
  "返品の手続きについて質問があります。",
  "お問い合わせありがとうございます。確認いたします。",
  "クーポンコードが使えませんでした。",
  "支払い方法を変更したいのですが可能でしょうか。",
  "アカウントにログインできません。パスワードを忘れました。",
  "My parcel has not arrived yet, can you check the delivery status?",
  "I would like to return an item and get a refund.",
  "Thanks for reaching out, let me look into your order.",
  "The discount code does not work at checkout.",
];

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(2));
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100), runs: s.length };
}

async function time(runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn(i); // warm the plan cache and the buffer cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

async function main() {
  if (!(await havePostgres())) {
    console.error("the inbox benchmark needs Postgres");
    process.exit(1);
  }
  const test = await createTestDatabase();
  const database = await openPostgres({ url: test.url, max: 4 });
  try {
    await database.migrate();
    const db = database.db;
    const { workspace, site, operators } = await createWorkspace(db, {
      name: "Scale workspace",
      site: { name: "Scale site" },
      operators: [{ email: "scale@example.com", name: "Scale", password: "scale-password", role: "admin" }],
    });
    const actor: Extract<Actor, { kind: "operator" }> = {
      kind: "operator",
      workspaceId: workspace.id,
      operatorId: operators[0]!.id,
      name: "Scale",
      role: "admin",
    };

    const seedStart = performance.now();
    const sentences = sql.raw(`array[${SENTENCES.map((s) => `'${s.replace(/'/g, "''")}'`).join(",")}]`);
    for (let from = 0; from < CONVERSATIONS; from += BATCH) {
      const to = Math.min(CONVERSATIONS, from + BATCH) - 1;
      // One visitor and one conversation per row; a fifth are open, the rest resolved, activity spread over a year.
      await db.execute(sql`
        with v as (
          insert into visitors (workspace_id, site_id, token_hash, name, created_at)
          select ${workspace.id}::uuid, ${site.id}::uuid, md5(${test.url} || i), 'Visitor ' || i, now() - (i || ' minutes')::interval
          from generate_series(${from}::int, ${to}::int) as i
          returning id, created_at
        )
        insert into conversations (workspace_id, site_id, visitor_id, status, last_seq, last_message_body,
          last_message_author_kind, last_message_at, last_activity_at, created_at, resolved_at)
        select ${workspace.id}::uuid, ${site.id}::uuid, v.id,
          case when random() < 0.2 then 'open' else 'resolved' end,
          ${PER_CONVERSATION}::int, 'last message', 'visitor', v.created_at, v.created_at, v.created_at, null
        from v`);
      process.stdout.write(`\rseeding conversations ${to + 1}/${CONVERSATIONS}`);
    }
    const ids = (await db.execute(sql`select id from conversations where workspace_id = ${workspace.id}::uuid order by id`)) as unknown as {
      rows: { id: string }[];
    };
    const conversationIds = ids.rows.map((r) => r.id);
    for (let from = 0; from < conversationIds.length; from += BATCH) {
      const chunk = conversationIds.slice(from, from + BATCH);
      await db.execute(sql`
        insert into messages (workspace_id, conversation_id, seq, client_id, author_kind, author_id, body, created_at)
        select ${workspace.id}::uuid, c.id, s, 'seed-' || s, case when s % 2 = 0 then 'operator' else 'visitor' end,
          case when s % 2 = 0 then ${actor.operatorId}::uuid else null end,
          (${sentences})[1 + (abs(hashtext(c.id::text || s)) % ${SENTENCES.length})] || ' #' || (abs(hashtext(c.id::text)) % 100000),
          c.created_at - ((${PER_CONVERSATION} - s) || ' seconds')::interval
        from conversations c, generate_series(1, ${PER_CONVERSATION}::int) as s
        where c.workspace_id = ${workspace.id}::uuid and c.id between ${chunk[0]}::uuid and ${chunk[chunk.length - 1]}::uuid`);
      process.stdout.write(`\rseeding messages ${Math.min(from + BATCH, conversationIds.length) * PER_CONVERSATION}/${CONVERSATIONS * PER_CONVERSATION}   `);
    }
    await db.execute(sql`vacuum analyze`);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const [counts] = (
      (await db.execute(sql`select (select count(*) from conversations) as conversations, (select count(*) from messages) as messages`)) as unknown as {
        rows: { conversations: string; messages: string }[];
      }
    ).rows;
    console.log(`\nseeded ${counts!.conversations} conversations and ${counts!.messages} messages in ${seedSeconds.toFixed(0)} s`);

    const pick = (i: number) => conversationIds[(i * 7919) % conversationIds.length]!;
    const firstPage = await listConversations(db, actor, { status: "all" });
    let deepCursor = firstPage.nextCursor!;
    for (let i = 0; i < 20; i++) deepCursor = (await listConversations(db, actor, { status: "all", cursor: deepCursor })).nextCursor!;

    const results = {
      inboxUnassigned: await time(RUNS, () => listConversations(db, actor, { view: "unassigned" })),
      inboxAllOpen: await time(RUNS, () => listConversations(db, actor, { view: "open" })),
      inboxAllOpenLongestWaiting: await time(RUNS, () => listConversations(db, actor, { view: "open", sort: "waiting" })),
      inboxResolved: await time(RUNS, () => listConversations(db, actor, { view: "resolved" })),
      inboxPage21: await time(RUNS, () => listConversations(db, actor, { status: "all", cursor: deepCursor })),
      viewCounts: await time(RUNS, () => countInbox(db, workspace.id)),
      openConversation: await time(RUNS, (i) => messageHistory(db, actor, { conversationId: pick(i), limit: 50 })),
      // The console asks for the visitor panel (profile, page, browser, earlier conversations) on opening one too.
      openVisitorPanel: await time(RUNS, (i) => visitorDetails(db, actor, pick(i))),
      searchJapanese: await time(RUNS, (i) => searchMessages(db, actor, { q: ["配送状況", "返品", "クーポン", "パスワード"][i % 4]! })),
      searchEnglish: await time(RUNS, (i) => searchMessages(db, actor, { q: ["delivery", "refund", "discount code", "checkout"][i % 4]! })),
    };
    const result = {
      at: new Date().toISOString(),
      params: { conversations: Number(counts!.conversations), messages: Number(counts!.messages), runs: RUNS, seedSeconds: Math.round(seedSeconds) },
      targetP95Ms: 100,
      latencyMs: results,
      allUnderTarget: Object.values(results).every((r) => r.p95 < 100),
    };
    const dir = path.join(REPO_ROOT, "bench/results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `inbox-scale-${result.at.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
    console.log(`written to ${path.relative(REPO_ROOT, file)}`);
  } finally {
    await database.close();
    await test.drop();
  }
}

await main();
process.exit(0);
