// An open operator socket does not outlive its session: at the session's expiry the server disconnects it,
// and connecting again with the same cookie is refused.
import { ErrorCodes, SESSION_COOKIE } from "@kaiwa/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { schema, type Db } from "../../src/db/client";
import { hashToken, randomToken } from "../../src/domain/auth/tokens";
import { connectOperator, eventually, request } from "../support/clients";
import { seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let db: Db;
let w: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp(async (d) => {
    db = d.db;
    w = await seedWorkspace(d.db);
  });
});
afterAll(() => t?.close());

/** A session of the seeded operator that ends `ms` from now, as its cookie header. */
async function sessionEndingIn(ms: number): Promise<string> {
  const token = randomToken();
  await db.insert(schema.operatorSessions).values({ operatorId: w.operator.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ms) });
  return `${SESSION_COOKIE}=${token}`;
}

it("disconnects an operator socket when its session expires; the same cookie cannot connect again", async () => {
  const cookie = await sessionEndingIn(1500);
  const socket = t.track(await connectOperator(t.base, cookie));
  const reasons: string[] = [];
  socket.on("disconnect", (reason) => reasons.push(reason));
  expect((await request(socket, "inbox:counts", {})).data).toBeDefined(); // working while the session lasts
  await eventually(() => reasons.includes("io server disconnect"), "the server ends the socket at expiry", 5000);
  await expect(connectOperator(t.base, cookie)).rejects.toMatchObject({ data: { code: ErrorCodes.UNAUTHENTICATED } });
});

it("keeps a socket whose session is still valid", async () => {
  const socket = t.track(await connectOperator(t.base, await sessionEndingIn(60_000)));
  await new Promise((r) => setTimeout(r, 2000));
  expect(socket.connected).toBe(true);
  expect((await request(socket, "inbox:counts", {})).data).toBeDefined();
});
