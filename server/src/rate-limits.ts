import { ErrorCodes } from "@kaiwa/shared";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { DomainError } from "./domain/errors";

export interface RateLimitOptions {
  /** Failed sign-ins allowed per email and address in `loginWindowSec`. */
  loginAttempts: number;
  loginWindowSec: number;
  /** Messages one author may send in `messageWindowSec`. */
  messages: number;
  messageWindowSec: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = { loginAttempts: 10, loginWindowSec: 15 * 60, messages: 30, messageWindowSec: 10 };

function limiter(redis: Redis | undefined, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  // Shared across nodes through Redis; while Redis is down each node keeps counting on its own.
  return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
}

function retryAfter(res: unknown): number {
  return res instanceof RateLimiterRes ? Math.ceil(res.msBeforeNext / 1000) : 1;
}

/** Rate limits shared by every node when Redis is there. */
export function createRateLimits(redis: Redis | undefined, opts: RateLimitOptions = DEFAULT_RATE_LIMITS) {
  const login = limiter(redis, "kaiwa:rl:login", opts.loginAttempts, opts.loginWindowSec);
  const messages = limiter(redis, "kaiwa:rl:msg", opts.messages, opts.messageWindowSec);
  // Typing signals are throttled by clients to one per ~2 s; uploads are heavy, so fewer.
  const typing = limiter(redis, "kaiwa:rl:typing", 20, 10);
  const uploads = limiter(redis, "kaiwa:rl:upload", 10, 60);
  // Small writes and lookups a client makes as it goes (read positions, profile updates, availability).
  const requests = limiter(redis, "kaiwa:rl:req", 60, 10);
  return {
    /** Refuse a sign-in attempt once too many failed for this key (email and address). */
    async assertLoginAllowed(key: string) {
      const res = await login.get(key).catch(() => null);
      if (res && res.consumedPoints >= opts.loginAttempts) {
        throw new DomainError(ErrorCodes.RATE_LIMITED, `too many failed sign-ins; try again in ${retryAfter(res)} s`);
      }
    },
    async loginFailed(key: string) {
      await login.consume(key).catch(() => {});
    },
    async loginSucceeded(key: string) {
      await login.delete(key).catch(() => {});
    },
    /** Count one message by this author, or refuse with RATE_LIMITED. */
    async consumeMessage(authorKey: string) {
      try {
        await messages.consume(authorKey);
      } catch (res) {
        if (res instanceof Error) return; // the store failed: never block a message on it
        throw new DomainError(ErrorCodes.RATE_LIMITED, `too many messages; wait ${retryAfter(res)} s`);
      }
    },
    /** Count one typing signal; false means drop it silently (typing is best effort). */
    async allowTyping(authorKey: string): Promise<boolean> {
      return typing.consume(authorKey).then(
        () => true,
        (res) => res instanceof Error,
      );
    },
    /** Count one minor request (read receipt, profile update, availability), or refuse with RATE_LIMITED. */
    async consumeRequest(authorKey: string) {
      try {
        await requests.consume(authorKey);
      } catch (res) {
        if (res instanceof Error) return;
        throw new DomainError(ErrorCodes.RATE_LIMITED, `too many requests; wait ${retryAfter(res)} s`);
      }
    },
    /** Count one upload by this author, or refuse with RATE_LIMITED. */
    async consumeUpload(authorKey: string) {
      try {
        await uploads.consume(authorKey);
      } catch (res) {
        if (res instanceof Error) return;
        throw new DomainError(ErrorCodes.RATE_LIMITED, `too many uploads; wait ${retryAfter(res)} s`);
      }
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
