// The message limit of one author (a visitor, or an operator), shared by every node through Redis.
//
// Live sends: `limit` per window (30 per 10 s), as a fixed window that starts with the first send.
// Backlog: a client that was offline holds what its person wrote meanwhile and sends it all at once when it is back
// (the widget's outbox does). So that this goes through, each author also has a bank of sending capacity left unused:
// it fills at the live rate (limit / window) up to `backlog` messages and every send, live or not, draws on it. In the
// first seconds of a connection (the resend) a send is paid from the bank while it holds a whole message, and from
// the live window only after that. Nothing is gained over time: in any span an author sends at most the live rate
// times the span plus one bank (at most `backlog`), and only what they left unused before; the bank starts empty for
// an author it has not seen for an hour, so a new identity's first burst gets the live window and no more.
//
// Postgres alone decides whether a message is stored, so Redis is never waited on for long: an answer later than
// `REDIS_DEADLINE_MS` (a hung Redis) or an error (a refused one) makes this node count on its own. It goes back to
// Redis only after a PING, sent in the background every `REDIS_RETRY_MS`, is answered in time; meanwhile no send
// waits for Redis at all.
import type { Redis } from "ioredis";

/** The longest a request waits for Redis before this node decides on its own. */
export const REDIS_DEADLINE_MS = 200;
/** After Redis failed or answered late, this node counts on its own and checks Redis again this often. */
export const REDIS_RETRY_MS = 2000;
/** For this long after a connect, sends are the resend of what was written offline and may draw on the bank. */
export const RESEND_WINDOW_MS = 10_000;
/** How long an author's counts are kept after their last send (the bank starts empty after that). */
const KEEP_MS = 60 * 60 * 1000;

export interface MessageLimitOptions {
  /** Live sends per window. */
  limit: number;
  windowMs: number;
  /** The most unused capacity an author can save up and spend at once on a resend. */
  backlog: number;
}

/** A decision: sent, or refused until `retryMs` from now. */
export type MessageLimitAnswer = { ok: true } | { ok: false; retryMs: number };

interface Counts {
  /** Start of the live window and sends counted in it. */
  windowStart: number;
  sent: number;
  /** Unused capacity (may be below 0 after a burst of live sends) as of `bankAt`. */
  bank: number;
  bankAt: number;
}

/** The decision for one send at `now`; `counts` is updated in place (or created when undefined). */
export function decideSend(counts: Counts | undefined, now: number, opts: MessageLimitOptions, resending: boolean): [Counts, MessageLimitAnswer] {
  const c: Counts = counts ?? { windowStart: now, sent: 0, bank: 0, bankAt: now };
  if (now - c.windowStart >= opts.windowMs) {
    c.windowStart = now;
    c.sent = 0;
  }
  c.bank = Math.min(opts.backlog, c.bank + ((now - c.bankAt) * opts.limit) / opts.windowMs);
  c.bankAt = now;
  if (resending && c.bank >= 1) {
    c.bank -= 1;
    return [c, { ok: true }];
  }
  if (c.sent < opts.limit) {
    c.sent += 1;
    c.bank = Math.max(-opts.backlog, c.bank - 1);
    return [c, { ok: true }];
  }
  return [c, { ok: false, retryMs: c.windowStart + opts.windowMs - now }];
}

// The same decision in Redis, atomic across nodes, on Redis's clock. Keep it in step with decideSend.
const DECIDE_SEND_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, windowMs, backlog, resending, keepMs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5])
local s = redis.call('HMGET', KEYS[1], 'ws', 'n', 'b', 'bt')
local ws, n, b, bt = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
if not ws then ws = now; n = 0; b = 0; bt = now end
if now - ws >= windowMs then ws = now; n = 0 end
b = math.min(backlog, b + (now - bt) * limit / windowMs)
local ok = 0
if resending and b >= 1 then
  b = b - 1; ok = 1
elseif n < limit then
  n = n + 1; b = math.max(-backlog, b - 1); ok = 1
end
redis.call('HSET', KEYS[1], 'ws', ws, 'n', n, 'b', tostring(b), 'bt', now)
redis.call('PEXPIRE', KEYS[1], keepMs)
if ok == 1 then return {1, 0} end
return {0, ws + windowMs - now}
`;

type RedisWithDecideSend = Redis & { kaiwaDecideSend(key: string, ...args: (string | number)[]): Promise<[number, number]> };

const LATE = Symbol("late");

/** Runs `remote()` (a Redis call) under a deadline, or `local()` instead; see createRedisGuard. */
export type RedisGuard = <T>(remote: () => Promise<T>, local: () => T) => Promise<T>;

const guards = new WeakMap<Redis, RedisGuard>();

/** The guard of a Redis client, one per client: once it hangs, every limit kept in it stops waiting for it. */
export function redisGuardOf(redis: Redis): RedisGuard {
  const known = guards.get(redis);
  if (known) return known;
  const guard = createRedisGuard(() => redis.ping());
  guards.set(redis, guard);
  return guard;
}

/** `promise`'s value, or LATE after `ms`; a rejection stays a rejection. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ask Redis with a deadline: `remote()` when Redis answers in time, else `local()`. After a failure or a late answer
 * every request is decided by `local()` at once, and `probe()` (a PING) is sent in the background at most every
 * `retryMs`; an answer within the deadline sends requests to Redis again. A hung Redis costs the requests that were
 * waiting when it stopped one short wait, and nothing after.
 */
export function createRedisGuard(probe: () => Promise<unknown>, deadlineMs = REDIS_DEADLINE_MS, retryMs = REDIS_RETRY_MS): RedisGuard {
  let healthy = true;
  let probedAt = 0;
  let probing = false;
  const failed = () => {
    healthy = false;
    probedAt = Date.now();
  };
  const checkAgain = () => {
    if (probing || Date.now() - probedAt < retryMs) return;
    probing = true;
    probedAt = Date.now();
    within(probe(), deadlineMs)
      .then((answer) => (healthy = answer !== LATE))
      .catch(() => {})
      .finally(() => (probing = false));
  };
  return async function guarded<T>(remote: () => Promise<T>, local: () => T): Promise<T> {
    if (!healthy) {
      checkAgain();
      return local();
    }
    try {
      const answer = await within(remote(), deadlineMs);
      if (answer !== LATE) return answer;
    } catch {
      // refused, reset, not connected: decide here
    }
    failed();
    return local();
  };
}

/** The message limit of every author: in Redis (bounded waits, this node's own counts meanwhile) or in memory. */
export function createMessageLimit(redis: Redis | undefined, opts: MessageLimitOptions) {
  const local = new Map<string, Counts>();
  let sweptAt = Date.now();
  const decideLocally = (key: string, resending: boolean): MessageLimitAnswer => {
    const now = Date.now();
    if (now - sweptAt > 60_000) {
      sweptAt = now;
      for (const [k, c] of local) if (now - c.bankAt > KEEP_MS) local.delete(k);
    }
    const [counts, answer] = decideSend(local.get(key), now, opts, resending);
    local.set(key, counts);
    return answer;
  };
  if (!redis) return { decide: async (key: string, resending: boolean) => decideLocally(key, resending) };
  const client = redis as RedisWithDecideSend;
  client.defineCommand("kaiwaDecideSend", { numberOfKeys: 1, lua: DECIDE_SEND_LUA });
  const guarded = redisGuardOf(redis);
  const decideInRedis = async (key: string, resending: boolean): Promise<MessageLimitAnswer> => {
    const [ok, retryMs] = await client.kaiwaDecideSend(`kaiwa:rl:send:${key}`, opts.limit, opts.windowMs, opts.backlog, resending ? "1" : "0", KEEP_MS);
    return ok === 1 ? { ok: true } : { ok: false, retryMs: Number(retryMs) };
  };
  return {
    /** Whether `key` may send one message now; `resending` in the first seconds of its connection. */
    decide: (key: string, resending: boolean) =>
      guarded(
        () => decideInRedis(key, resending),
        () => decideLocally(key, resending),
      ),
  };
}
