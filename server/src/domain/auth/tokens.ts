import { createHash, randomBytes } from "node:crypto";

/** A 256-bit random token, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Tokens are stored only as their SHA-256: a leaked table grants no session. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
