// Which failures a client may retry as is: connection-level ones become UNAVAILABLE, the rest INTERNAL.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors";
import { isUnavailable, toApiError } from "../../src/errors-to-api";

const logger = pino({ level: "silent" });
const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("toApiError", () => {
  it.each([
    ["a refused connection", withCode("ECONNREFUSED")],
    ["Postgres shutting down (57P01)", withCode("57P01", "terminating connection due to administrator command")],
    ["Postgres starting up (57P03)", withCode("57P03", "the database system is starting up")],
    ["a pool connect timeout", new Error("timeout exceeded when trying to connect")],
    ["a connection lost mid-query", new Error("Connection terminated unexpectedly")],
    ["a DNS blip", withCode("EAI_AGAIN")],
    ["drizzle's wrapper around pg", Object.assign(new Error("Failed query: insert ..."), { cause: withCode("ECONNRESET") })],
    ["an AggregateError from a dual-stack connect", new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], "connect failed")],
  ])("maps %s to the retryable UNAVAILABLE", (_label, err) => {
    expect(isUnavailable(err)).toBe(true);
    expect(toApiError(err, logger).code).toBe("UNAVAILABLE");
  });

  it("keeps domain errors and maps the unexpected to INTERNAL", () => {
    expect(toApiError(new DomainError("CONVERSATION_NOT_FOUND", "no"), logger).code).toBe("CONVERSATION_NOT_FOUND");
    expect(toApiError(withCode("23505", "duplicate key"), logger).code).toBe("INTERNAL");
    expect(toApiError(new TypeError("undefined is not a function"), logger).code).toBe("INTERNAL");
  });
});
