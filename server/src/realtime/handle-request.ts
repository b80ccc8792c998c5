import { parsePayload, type Result } from "@kaiwa/shared";
import type { Logger } from "pino";
import type { z } from "zod";
import { toApiError } from "../errors-to-api";

type AckFn = (result: Result<unknown>) => void;

/**
 * Wrap a request event: validate the payload, run the domain call, answer the ack with `reply(result)`
 * (the result itself by default), then run `after` (the broadcast). Never throws: a bad payload or a failing call becomes `{ error }` in the ack.
 */
export function handleRequest<S extends z.ZodType, T>(
  logger: Logger,
  schema: S,
  run: (input: z.infer<S>) => Promise<T>,
  opts: { reply?: (result: T) => unknown; after?: (result: T) => void } = {},
) {
  return async (...args: unknown[]): Promise<void> => {
    const last = args[args.length - 1];
    const ack: AckFn = typeof last === "function" ? (last as AckFn) : () => {};
    // A request without a payload is read as `{}`, so events whose fields are all optional need none.
    const payload = typeof args[0] === "function" || args[0] === undefined ? {} : args[0];
    const parsed = parsePayload(schema, payload);
    if (!parsed.ok) return ack({ error: parsed.error });
    let result: T;
    try {
      result = await run(parsed.value);
    } catch (err) {
      return ack({ error: toApiError(err, logger) });
    }
    ack({ data: opts.reply ? opts.reply(result) : result });
    if (opts.after) {
      try {
        opts.after(result);
      } catch (err) {
        logger.error({ err }, "broadcast failed");
      }
    }
  };
}
