import type { z } from "zod";
import { ErrorCodes, type ApiError } from "./errors";

/**
 * Parse an inbound payload; on failure return the ApiError to send back.
 * A too-long `body` gets its own code so clients can tell the user exactly what happened.
 */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; error: ApiError } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const path = issue?.path.join(".") || "(payload)";
  if (issue?.code === "too_big" && issue.path.join(".") === "body") {
    return { ok: false, error: { code: ErrorCodes.MESSAGE_TOO_LONG, message: issue.message } };
  }
  return { ok: false, error: { code: ErrorCodes.VALIDATION, message: `${path}: ${issue?.message ?? "invalid"}` } };
}
