// Invitation and reset links: an older reset link dies when the password changes; a bogus link costs no password
// hash and is rate limited; the log never holds a live link; an invitation reveals nothing about other workspaces.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { logMailer, memoryMailer } from "../../src/mail/mailer";
import { callApi, postJson, signInCookie } from "../support/clients";
import { PASSWORD, seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/domain/auth/password", async (original) => {
  const real = await original<typeof import("../../src/domain/auth/password")>();
  return { ...real, hashPassword: (p: string) => (hashes.count++, real.hashPassword(p)) };
});

const mailer = memoryMailer();
let t: TestApp;
let one: Awaited<ReturnType<typeof seedWorkspace>>;
let two: Awaited<ReturnType<typeof seedWorkspace>>;
beforeAll(async () => {
  t = await startTestApp(
    async (database) => {
      one = await seedWorkspace(database.db);
      two = await seedWorkspace(database.db);
    },
    { mailer },
  );
});
afterAll(() => t?.close());

const tokenIn = (text: string | undefined) => /#token=([\w-]+)/.exec(text ?? "")?.[1] ?? "";
const requestReset = async (email: string) => {
  await postJson(t.base, "/api/auth/password-reset/request", { email });
  return tokenIn(mailer.sent.at(-1)?.text);
};

describe("invitations", () => {
  it("do not reveal that an address has an account in another workspace", async () => {
    const cookie = await signInCookie(t.base, one.admin.email, PASSWORD);
    const elsewhere = await callApi(t.base, "POST", "/api/operators/invitations", cookie, { email: two.operator.email, name: "Taken", role: "operator" });
    const fresh = await callApi(t.base, "POST", "/api/operators/invitations", cookie, { email: `new-${crypto.randomUUID()}@example.com`, name: "New", role: "operator" });
    expect(elsewhere.status).toBe(fresh.status);
    expect(Object.keys(elsewhere.body.data.invitation).sort()).toEqual(Object.keys(fresh.body.data.invitation).sort());
    // Only the invitee learns it, from the link.
    const accepted = await postJson(t.base, "/api/auth/invitations/accept", { token: tokenIn(elsewhere.body.data.link), password: "long enough password" });
    expect(accepted.body.error?.code).toBe("LINK_INVALID");
    // The workspace's own operators are named.
    const own = await callApi(t.base, "POST", "/api/operators/invitations", cookie, { email: one.operator.email, name: "Again", role: "operator" });
    expect(own.body.error).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("already an operator of this workspace") });
  });
});

describe("reset links", () => {
  it("an older link dies when the password is reset or changed", async () => {
    const email = one.operator.email;
    const first = await requestReset(email);
    const second = await requestReset(email);
    expect((await postJson(t.base, "/api/auth/password-reset", { token: second, newPassword: "a brand new password 1" })).status).toBe(200);
    expect((await postJson(t.base, "/api/auth/password-reset", { token: first, newPassword: "the attacker's password" })).body.error?.code).toBe("LINK_INVALID");

    const stale = await requestReset(email);
    const cookie = await signInCookie(t.base, email, "a brand new password 1");
    const changed = await callApi(t.base, "POST", "/api/auth/password", cookie, { currentPassword: "a brand new password 1", newPassword: PASSWORD });
    expect(changed.status).toBe(200);
    expect((await postJson(t.base, "/api/auth/password-reset", { token: stale, newPassword: "the attacker's password" })).body.error?.code).toBe("LINK_INVALID");
  });

  it("answers a bogus link without hashing its password, and limits how often one address tries", async () => {
    const before = hashes.count;
    const answers = [];
    for (let i = 0; i < 12; i++) {
      answers.push((await postJson(t.base, "/api/auth/password-reset", { token: `bogus-token-${i}-${"x".repeat(20)}`, newPassword: "p".repeat(1024) })).body.error?.code);
    }
    expect(hashes.count).toBe(before);
    // Ten link attempts per address in 15 minutes (the earlier tests of this file spent a few): then refusals only.
    const limitedFrom = answers.indexOf("RATE_LIMITED");
    expect(limitedFrom).toBeGreaterThan(0);
    expect(answers.slice(0, limitedFrom).every((c) => c === "LINK_INVALID")).toBe(true);
    expect(answers.slice(limitedFrom).every((c) => c === "RATE_LIMITED")).toBe(true);
  });
});

describe("the log", () => {
  it("holds no link on a deployed stage", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(l) });
    const mail = { to: "a@example.com", subject: "Reset", text: "https://kaiwa.example/reset-password#token=secret-token" };
    await logMailer(logger).send(mail);
    expect(lines.join("")).not.toContain("secret-token");
    expect(lines.join("")).toContain("a@example.com");
    await logMailer(logger, { withText: true }).send(mail);
    expect(lines.join("")).toContain("secret-token"); // a developer's own machine, where the log is the mailbox
  });
});
