import { ErrorCodes } from "@kaiwa/shared";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from "rate-limiter-flexible";
import { DomainError } from "./domain/errors";
import { createMessageLimit, REDIS_DEADLINE_MS, redisGuardOf, RESEND_WINDOW_MS, type RedisGuard } from "./message-rate-limit";

export interface RateLimitOptions {
  /** Sign-in attempts allowed per account in `loginWindowSec` (a success starts the count again). */
  loginAttempts: number;
  /** Sign-in attempts allowed per client address in `loginWindowSec`, whichever accounts they try. */
  loginAttemptsPerAddress: number;
  loginWindowSec: number;
  /** New anonymous visitors one client address may create in 10 minutes (a site: ten times as many a minute). */
  newVisitorsPerAddress: number;
  /** Messages one author may send in `messageWindowSec` (one client address: five times as many). */
  messages: number;
  messageWindowSec: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  loginAttempts: 10,
  loginAttemptsPerAddress: 30,
  loginWindowSec: 15 * 60,
  newVisitorsPerAddress: 60,
  messages: 30,
  messageWindowSec: 10,
};

/**
 * A limit kept in Redis that never waits for it long: RLWrapperTimeouts with the memory limiter as insurance, whose
 * every operation goes through the Redis client's guard. A refusal passes through; an error, no answer within
 * REDIS_DEADLINE_MS, or a Redis known to be unwell (until a PING is answered in time) makes the insurance answer.
 */
class GuardedRedisLimiter extends RLWrapperTimeouts {
  constructor(
    shared: RateLimiterRedis,
    memory: RateLimiterMemory,
    private readonly guarded: RedisGuard,
  ) {
    super({ limiter: shared, insuranceLimiter: memory, timeoutMs: REDIS_DEADLINE_MS });
  }

  // RLWrapperTimeouts sends every operation (consume, get, delete, reward ...) through `_run` (rate-limiter-flexible
  // is pinned; server/test/unit/rate-limits-hung-redis.test.ts fails if an upgrade changes this).
  _run(funcName: string, params: unknown[]): Promise<unknown> {
    const shared = (this as unknown as { limiter: Record<string, (...args: unknown[]) => Promise<unknown>> }).limiter;
    const operation = shared[funcName]!;
    return this.guarded(
      () =>
        operation.apply(shared, params).then(
          (res) => ({ res }),
          (err: unknown) => (err instanceof RateLimiterRes ? { refused: err } : Promise.reject(err)),
        ),
      () => {
        throw new Error("Redis did not answer in time");
      },
    ).then((answer) => ("refused" in answer ? Promise.reject(answer.refused) : answer.res));
  }
}

function limiter(redis: Redis | undefined, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!redis) return memory;
  // Shared across nodes through Redis; while Redis is down, or hangs without answering, each node counts on its own.
  const shared = new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration });
  return new GuardedRedisLimiter(shared, memory, redisGuardOf(redis));
}

function retryAfter(res: unknown): number {
  return res instanceof RateLimiterRes ? Math.ceil(res.msBeforeNext / 1000) : 1;
}

/** Rate limits shared by every node when Redis is there. */
export function createRateLimits(redis: Redis | undefined, opts: RateLimitOptions = DEFAULT_RATE_LIMITS) {
  const login = limiter(redis, "kaiwa:rl:login", opts.loginAttempts, opts.loginWindowSec);
  const loginAddress = limiter(redis, "kaiwa:rl:login-addr", opts.loginAttemptsPerAddress, opts.loginWindowSec);
  // Four windows' worth of messages written offline may be resent at once after a reconnect (message-rate-limit.ts).
  const messages = createMessageLimit(redis, { limit: opts.messages, windowMs: opts.messageWindowSec * 1000, backlog: opts.messages * 4 });
  // Typing signals are throttled by clients to one per ~2 s; uploads are heavy, so fewer.
  const typing = limiter(redis, "kaiwa:rl:typing", 20, 10);
  const uploads = limiter(redis, "kaiwa:rl:upload", 10, 60);
  // Small writes and lookups a client makes as it goes (read positions, profile updates, availability).
  const requests = limiter(redis, "kaiwa:rl:req", 60, 10);
  // Reads of history a visitor makes (sync pages, earlier pages, files): a reconnect's catch-up fits easily.
  // Counted on each node in memory: a visitor reads through the node it is connected to, and a Redis round trip
  // more on every read would cost more than it protects.
  const reads = new RateLimiterMemory({ keyPrefix: "kaiwa:rl:read", points: 120, duration: 10 });
  // New anonymous visitors: per client address, and per site (however many addresses are used).
  const visitorsPerAddress = limiter(redis, "kaiwa:rl:visitor-addr", opts.newVisitorsPerAddress, 10 * 60);
  const visitorsPerSite = limiter(redis, "kaiwa:rl:visitor-site", opts.newVisitorsPerAddress * 10, 60);
  // Messages per client address, whichever visitors send them (one visitor's offline backlog fits). In memory on each
  // node, so the send path waits on no second Redis command; an address spread over n nodes gets n times as many.
  const messagesPerAddress = new RateLimiterMemory({ keyPrefix: "kaiwa:rl:msg-addr", points: opts.messages * 5, duration: opts.messageWindowSec });
  const refuse = async (store: RateLimiterAbstract, key: string, what: string) => {
    try {
      await store.consume(key);
    } catch (res) {
      if (res instanceof Error) return; // the store failed: never block on it
      throw new DomainError(ErrorCodes.RATE_LIMITED, `too many ${what}; wait ${retryAfter(res)} s`);
    }
  };
  return {
    /**
     * Count a sign-in attempt (or a password-reset request) for the account and for the client's address before
     * anything is checked, atomically, so parallel guesses cannot all slip under the limit; refuse with
     * RATE_LIMITED once either is spent. The account's count is kept whatever address the attempts come from.
     */
    async attemptLogin(account: string, address: string) {
      for (const [store, key] of [
        [login, account],
        [loginAddress, address],
      ] as const) {
        try {
          await store.consume(key);
        } catch (res) {
          if (res instanceof Error) continue; // the store failed: the other limit and the password check remain
          throw new DomainError(ErrorCodes.RATE_LIMITED, `too many sign-in attempts; try again in ${retryAfter(res)} s`);
        }
      }
    },
    /** A correct password: the account's count starts again, and the address gets its attempt back. */
    async loginSucceeded(account: string, address: string) {
      await login.delete(account).catch(() => {});
      await loginAddress.reward(address, 1).catch(() => {});
    },
    /**
     * Count one message by this author, or refuse with RATE_LIMITED. `connectedAt` is when the sending connection
     * was opened: in its first seconds a client resends what was written offline, which may go beyond the live limit.
     * Waits for Redis at most a fraction of a second; the store failing never blocks a message.
     */
    async consumeMessage(authorKey: string, sending: { connectedAt?: number } = {}) {
      const resending = sending.connectedAt !== undefined && Date.now() - sending.connectedAt < RESEND_WINDOW_MS;
      const answer = await messages.decide(authorKey, resending);
      if (!answer.ok) throw new DomainError(ErrorCodes.RATE_LIMITED, `too many messages; wait ${Math.max(1, Math.ceil(answer.retryMs / 1000))} s`);
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
    /** Count one read of history or files by this author (a visitor), or refuse with RATE_LIMITED. */
    consumeRead: (authorKey: string) => refuse(reads, authorKey, "reads"),
    /** Count a new anonymous visitor from this address on this site, or refuse with RATE_LIMITED. */
    async consumeNewVisitor(address: string, siteId: string) {
      await refuse(visitorsPerAddress, address, "new visitors from this address");
      await refuse(visitorsPerSite, siteId, "new visitors on this site");
    },
    /** Count one message from this client address, whichever visitor sends it, or refuse with RATE_LIMITED. */
    consumeAddressMessage: (address: string) => refuse(messagesPerAddress, address, "messages from this address"),
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
