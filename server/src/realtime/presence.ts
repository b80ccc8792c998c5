// Operator presence (online / away / offline) shared by every node. Each connected operator socket is a member
// of its workspace's sorted set in Redis, scored by its expiry time and refreshed by its node's heartbeat; an
// operator with no live member is offline. When a tab closes its member is removed at once; when a whole node
// dies its members simply expire. Away is the operator's own choice, kept in a hash. Without Redis (one node)
// the same structure lives in memory.
import type { PresenceMap } from "@kaiwa/shared";
import type { Redis } from "ioredis";

export interface PresenceStore {
  join(workspaceId: string, operatorId: string, socketId: string): Promise<void>;
  leave(workspaceId: string, operatorId: string, socketId: string): Promise<void>;
  setAway(workspaceId: string, operatorId: string, away: boolean): Promise<void>;
  /** Refresh the expiry of these (this node's) sockets. */
  heartbeat(members: { workspaceId: string; operatorId: string; socketId: string }[]): Promise<void>;
  /** Who is online or away now; anyone absent is offline. */
  snapshot(workspaceId: string): Promise<PresenceMap>;
  readonly ttlMs: number;
}

const zkey = (ws: string) => `kaiwa:presence:${ws}`;
const hkey = (ws: string) => `kaiwa:away:${ws}`;

export function createPresenceStore(commands: Redis | undefined, ttlMs = Number(process.env.PRESENCE_TTL_MS) || 45_000): PresenceStore {
  return commands ? redisPresence(commands, ttlMs) : memoryPresence(ttlMs);
}

function toMap(members: string[], away: Record<string, string>): PresenceMap {
  const map: PresenceMap = {};
  for (const m of members) {
    const operatorId = m.slice(0, m.indexOf("|"));
    map[operatorId] = away[operatorId] ? "away" : "online";
  }
  return map;
}

function redisPresence(redis: Redis, ttlMs: number): PresenceStore {
  return {
    ttlMs,
    async join(ws, op, socketId) {
      await redis.zadd(zkey(ws), Date.now() + ttlMs, `${op}|${socketId}`);
    },
    async leave(ws, op, socketId) {
      await redis.zrem(zkey(ws), `${op}|${socketId}`);
    },
    async setAway(ws, op, away) {
      if (away) await redis.hset(hkey(ws), op, "1");
      else await redis.hdel(hkey(ws), op);
    },
    async heartbeat(members) {
      if (members.length === 0) return;
      const expiry = Date.now() + ttlMs;
      const pipeline = redis.pipeline();
      for (const m of members) pipeline.zadd(zkey(m.workspaceId), "XX", expiry, `${m.operatorId}|${m.socketId}`);
      await pipeline.exec();
    },
    async snapshot(ws) {
      const [, [, members], [, away]] = (await redis
        .multi()
        .zremrangebyscore(zkey(ws), "-inf", Date.now())
        .zrange(zkey(ws), 0, -1)
        .hgetall(hkey(ws))
        .exec()) as [unknown, [unknown, string[]], [unknown, Record<string, string>]];
      return toMap(members, away);
    },
  };
}

function memoryPresence(ttlMs: number): PresenceStore {
  const sets = new Map<string, Map<string, number>>();
  const aways = new Map<string, Set<string>>();
  const set = (ws: string) => sets.get(ws) ?? sets.set(ws, new Map()).get(ws)!;
  return {
    ttlMs,
    async join(ws, op, socketId) {
      set(ws).set(`${op}|${socketId}`, Date.now() + ttlMs);
    },
    async leave(ws, op, socketId) {
      set(ws).delete(`${op}|${socketId}`);
    },
    async setAway(ws, op, away) {
      const s = aways.get(ws) ?? aways.set(ws, new Set()).get(ws)!;
      if (away) s.add(op);
      else s.delete(op);
    },
    async heartbeat(members) {
      for (const m of members) {
        const s = set(m.workspaceId);
        const key = `${m.operatorId}|${m.socketId}`;
        if (s.has(key)) s.set(key, Date.now() + ttlMs);
      }
    },
    async snapshot(ws) {
      const now = Date.now();
      const s = set(ws);
      for (const [k, exp] of s) if (exp <= now) s.delete(k);
      const away = Object.fromEntries([...(aways.get(ws) ?? [])].map((op) => [op, "1"]));
      return toMap([...s.keys()], away);
    },
  };
}
