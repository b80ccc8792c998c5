import { describe, expect, it } from "vitest";
import { ErrorCodes } from "./errors";
import { MESSAGE_MAX_LENGTH } from "./limits";
import { parsePayload } from "./parse";
import { ZConversationSyncSchema, ZLoginBody, ZMessageSendSchema } from "./schemas";

const valid = { conversationId: "6f1c1c8e-2b9e-4a57-9a84-3f4f1f0f6f11", clientId: "abcdef12-3456", body: "hello" };

describe("parsePayload", () => {
  it("accepts a valid message", () => {
    expect(parsePayload(ZMessageSendSchema, valid)).toEqual({ ok: true, value: valid });
  });

  it("gives an over-long message its own code", () => {
    const r = parsePayload(ZMessageSendSchema, { ...valid, body: "あ".repeat(MESSAGE_MAX_LENGTH + 1) });
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCodes.MESSAGE_TOO_LONG } });
    expect(parsePayload(ZMessageSendSchema, { ...valid, body: "あ".repeat(MESSAGE_MAX_LENGTH) }).ok).toBe(true);
  });

  it.each([
    ["nothing", undefined, "(payload)"],
    ["a string", "hello", "(payload)"],
    ["a bad conversation id", { ...valid, conversationId: "1; drop table" }, "conversationId"],
    ["a short client id", { ...valid, clientId: "x" }, "clientId"],
    ["an empty body", { ...valid, body: "   \n " }, "body"],
    ["a numeric body", { ...valid, body: 42 }, "body"],
    ["an unknown field", { ...valid, admin: true }, "(payload)"],
  ])("refuses %s with VALIDATION naming the field", (_label, input, field) => {
    const r = parsePayload(ZMessageSendSchema, input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(ErrorCodes.VALIDATION);
      expect(r.error.message.startsWith(field)).toBe(true);
    }
  });

  it("refuses negative or fractional seqs", () => {
    expect(parsePayload(ZConversationSyncSchema, { conversationId: valid.conversationId, afterSeq: -1 }).ok).toBe(false);
    expect(parsePayload(ZConversationSyncSchema, { conversationId: valid.conversationId, afterSeq: 1.5 }).ok).toBe(false);
  });

  it("refuses a login without a real email", () => {
    expect(parsePayload(ZLoginBody, { email: "admin", password: "x" }).ok).toBe(false);
  });
});
