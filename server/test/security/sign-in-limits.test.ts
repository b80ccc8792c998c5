// Password guessing is limited per account whatever address it comes from, per address whatever accounts it tries,
// and counted before the password is checked, so parallel guesses cannot slip under the limit.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postJson } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let email: string;
beforeEach(async () => {
  t = await startTestApp(async (database) => {
    email = (await seedWorkspace(database.db)).admin.email;
  });
});
afterEach(() => t?.close());

const login = (password: string, headers: Record<string, string> = {}, who = email) => postJson(t.base, "/api/auth/login", { email: who, password }, headers);
const codes = (answers: { status: number; body: { error?: { code: string } } }[]) =>
  answers.reduce<Record<string, number>>((n, a) => ({ ...n, [a.body.error?.code ?? String(a.status)]: (n[a.body.error?.code ?? String(a.status)] ?? 0) + 1 }), {});

describe("sign-in limits", () => {
  it("locks the account after 10 attempts even when each claims another address in X-Forwarded-For", async () => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await login("wrong password", { "x-forwarded-for": `203.0.113.${i}` }));
    expect(codes(answers)).toEqual({ INVALID_CREDENTIALS: 10, RATE_LIMITED: 2 });
    expect((await login(PASSWORD, { "x-forwarded-for": "198.51.100.7" })).body.error?.code).toBe("RATE_LIMITED");
  });

  it("evaluates at most 10 of 50 wrong passwords sent at once", async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => login("wrong password")));
    expect(codes(answers)).toEqual({ INVALID_CREDENTIALS: 10, RATE_LIMITED: 40 });
  });

  it("limits one address spraying one guess over many accounts", async () => {
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await login("Winter2026!", {}, `someone-${i}@example.com`));
    expect(codes(answers)).toEqual({ INVALID_CREDENTIALS: 30, RATE_LIMITED: 10 });
  });

  it("still signs in with the right password, and a success starts the account's count again", async () => {
    for (let i = 0; i < 5; i++) expect((await login("wrong password")).body.error?.code).toBe("INVALID_CREDENTIALS");
    expect((await login(PASSWORD)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await login("wrong password")).body.error?.code).toBe("INVALID_CREDENTIALS");
  });
});
