import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Logger } from "pino";

/** How Socket.IO events reach the other nodes: Redis pub/sub, or nowhere (one node). */
export interface Bus {
  kind: "redis" | "memory";
  describe: string;
  /** Socket.IO adapter factory; undefined means the built-in in-process adapter. */
  adapter: ReturnType<typeof createAdapter> | undefined;
  /** A Redis client for short-lived shared state (rate limits); fails fast while Redis is down. */
  commands: Redis | undefined;
  /**
   * Call `listener` each time the subscriber listens again after a time it did not: after the connection was lost,
   * and the first time after this node started (it may have served clients before it could reach Redis). This node
   * may have missed broadcasts from the others meanwhile, so its clients must catch up.
   */
  onRestored(listener: () => void): void;
  /** Send what is queued (the last broadcasts), then close the connections; at most `timeoutMs`. */
  close(timeoutMs?: number): Promise<void>;
}

/** The in-process adapter: everything stays inside this node. */
export function memoryBus(): Bus {
  return { kind: "memory", describe: "in-process adapter (single node)", adapter: undefined, commands: undefined, onRestored: () => {}, close: async () => {} };
}

/**
 * Redis pub/sub through the official adapter. ioredis reconnects and re-subscribes by itself;
 * `rediss://` URLs get TLS without certificate checks, as Heroku Redis uses a self-signed certificate.
 */
export function redisBus(url: string, logger: Logger): Bus {
  const tls = url.startsWith("rediss://") ? { rejectUnauthorized: false } : undefined;
  // Auto-pipelining sends the commands issued in one tick in one write: a message's three publishes (and those
  // of other messages handled in the same tick) leave in one syscall instead of one each. At saturation, write
  // syscalls were 60% of the sending node's CPU. Order per connection is unchanged.
  const options = { tls, maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false, enableAutoPipelining: true };
  const pub = new Redis(url, options);
  const sub = pub.duplicate({ enableAutoPipelining: false });
  // No offline queue: while Redis is down a command errors at once and callers fall back to local state.
  const commands = new Redis(url, { tls, enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true });
  commands.on("error", () => {});
  let lastError = "";
  const restoredListeners: (() => void)[] = [];
  // Until the subscriber listens, this node hears nothing from the others: from its start (clients may connect and
  // sync while Redis is out of reach) just as after a lost connection. Once it listens again, a PING sent after the
  // re-subscriptions (which ioredis writes right after "ready") is answered once Redis has applied them; only then do
  // the listeners run, so everything published from then on reaches this node.
  let missed = true;
  sub.on("ready", () => {
    if (!missed) return;
    missed = false;
    setImmediate(() =>
      sub.ping().then(
        () => {
          if (!missed) for (const listener of restoredListeners) listener();
        },
        () => {}, // lost again before it listened: the next "ready" runs them
      ),
    );
  });
  sub.on("close", () => {
    missed = true;
  });
  for (const [name, client] of [["pub", pub], ["sub", sub]] as const) {
    client.on("error", (err: Error) => {
      // ioredis retries forever; log each distinct failure once instead of once per retry.
      if (err.message !== lastError) logger.warn({ err: err.message, client: name }, "redis error; retrying");
      lastError = err.message;
    });
    client.on("ready", () => {
      if (lastError) logger.info({ client: name }, "redis connection restored");
      lastError = "";
    });
  }
  const u = new URL(url);
  return {
    kind: "redis",
    describe: `redis adapter ${u.protocol}//${u.hostname}:${u.port || 6379}`,
    adapter: createAdapter(pub, sub),
    commands,
    onRestored: (listener) => void restoredListeners.push(listener),
    async close(timeoutMs = 3000) {
      restoredListeners.length = 0;
      // QUIT is answered after every command sent before it, so the last publishes leave this node.
      const quit = (c: Redis) => (c.status === "ready" ? c.quit().catch(() => {}) : Promise.resolve());
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([quit(pub), quit(sub), quit(commands)]),
        new Promise((r) => (timer = setTimeout(r, timeoutMs))),
      ]);
      clearTimeout(timer);
      commands.disconnect();
      pub.disconnect();
      sub.disconnect();
    },
  };
}
