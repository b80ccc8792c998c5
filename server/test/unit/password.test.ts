import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "../../src/domain/auth/password";
import { hashToken, randomToken } from "../../src/domain/auth/tokens";

describe("password hashing", () => {
  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("パスワード123");
    expect(hash.startsWith("scrypt$")).toBe(true);
    expect(hash).not.toContain("パスワード123");
    expect(await verifyPassword("パスワード123", hash)).toBe(true);
    expect(await verifyPassword("パスワード124", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("treats a malformed stored hash as a mismatch", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", "scrypt$1$2")).toBe(false);
  });

  it("makes random tokens and stable hashes", () => {
    const t = randomToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(t);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(generatePassword().length).toBeGreaterThanOrEqual(12);
  });
});
