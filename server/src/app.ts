import http from "node:http";
import type { AddressInfo } from "node:net";
import { NAMESPACES } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import { Server } from "socket.io";
import type { Db } from "./db/client";
import { createApiRouter } from "./http/api-router";
import { createAccountsRouter } from "./http/accounts-router";
import { logMailer, type Mailer } from "./mail/mailer";
import { createEarlyAccessRouter } from "./http/early-access-router";
import { createCannedRouter } from "./http/canned-router";
import { createTagsRouter } from "./http/tags-router";
import { refuseForeignWrites } from "./http/same-origin";
import { pageSecurityPolicy } from "./http/page-security";
import { demoPage } from "./http/demo-page";
import { deleteAbandonedUploads } from "./domain/attachments/attachments";
import { createHealthRouter } from "./http/health-router";
import { createRequestLog } from "./http/request-log";
import type { OperatorNamespace, SocketData, VisitorNamespace } from "./realtime/rooms";
import type { Bus } from "./realtime/bus";
import { createRequestTracker } from "./realtime/handle-request";
import { registerOperatorNamespace } from "./realtime/operator-namespace";
import { createPresenceStore } from "./realtime/presence";
import { createPresenceRealtime } from "./realtime/presence-realtime";
import { createAutomaticAssignment, registerInboxCounts } from "./realtime/inbox-listeners";
import { registerRealtimeListener } from "./realtime/realtime-listener";
import { createEventSpine } from "./events/event-spine";
import { createOutboxWorker, type DurableConsumer } from "./events/outbox-worker";
import type { ClientToServerEvents, ServerToClientEvents } from "@kaiwa/shared";
import { registerVisitorNamespace } from "./realtime/visitor-namespace";
import { createRateLimits, type RateLimits } from "./rate-limits";
import { currentStage } from "./stage";

/** The Next.js request handler, or anything with the same shape. */
export interface WebHandler {
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> | void;
  /** Dev-mode hot reload websockets. */
  upgrade?(req: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer): void;
}

export interface AppDeps {
  db: Db;
  bus: Bus;
  logger: Logger;
  config: { describeDatabase: string };
  web?: WebHandler;
  /** Defaults to limits kept in the bus's Redis, or in memory on a single node. */
  rateLimits?: RateLimits;
  /** When Redis is back (or reached for the first time), clients are asked to reconnect (and so catch up) at random within this window. */
  resyncSpreadMs?: number;
  /** Invitations and password resets; defaults to writing them to the log (development). */
  mailer?: Mailer;
  /** Origin used in mailed links; the request's origin when unset. */
  publicUrl?: string;
  /** Durable consumers beyond the built-in ones (tests). */
  consumers?: DurableConsumer[];
  /** Proxy hops whose X-Forwarded-* headers are believed (default none: the socket's own address). */
  trustProxy?: number;
  /** Whether this node handles outbox deliveries (default true); a node that does not still writes events. */
  outboxWorker?: boolean | { pollMs?: number; leaseMs?: number; maxAttempts?: number; backoffMs?: (attempt: number) => number };
}

/** Build the whole node (REST, Socket.IO, pages) from its dependencies; nothing listens until `listen`. */
export function createApp(deps: AppDeps) {
  const { db, bus, logger } = deps;
  const app = express();
  app.disable("x-powered-by");
  // Every answer: never sniffed into another type, and no full URL (with its query) leaked to other sites.
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    next();
  });
  // Only proxies that are really there (Heroku's router) may tell the client's address; else anyone could forge it.
  app.set("trust proxy", deps.trustProxy ?? 0);
  app.use(createRequestLog(logger));
  app.use(createHealthRouter({ db, redis: bus.commands, logger }));
  const httpServer = http.createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    adapter: bus.adapter,
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    // Next.js dev mode has its own websocket; leave other upgrades alone.
    destroyUpgrade: !deps.web?.upgrade,
  });
  const visitors: VisitorNamespace = io.of(NAMESPACES.visitor);
  const operators: OperatorNamespace = io.of(NAMESPACES.operator);
  const rateLimits = deps.rateLimits ?? createRateLimits(bus.commands);

  // The event spine: commands report events, transports publish them here after answering; live listeners react
  // on this node, durable consumers through the outbox on any node.
  const spine = createEventSpine(logger);
  const publish = spine.publish;
  const assignment = createAutomaticAssignment({ db, logger, operators, presence: createPresenceStore(bus.commands), publish });
  const presence = createPresenceRealtime(operators, createPresenceStore(bus.commands), logger, (ws) => assignment.drain(ws));
  registerRealtimeListener(spine, { io, db, logger });
  registerInboxCounts(spine, { db, logger, operators });
  assignment.register(spine);
  const workerOptions = typeof deps.outboxWorker === "object" ? deps.outboxWorker : {};
  const outbox = createOutboxWorker({ db, logger, consumers: [assignment.consumer, ...(deps.consumers ?? [])], ...workerOptions });
  spine.afterPublish(() => outbox.kick());

  registerVisitorNamespace(visitors, { db, logger, publish, rateLimits, trustProxy: deps.trustProxy ?? 0 });
  // Housekeeping every node may do at once (each step is idempotent): uploads never posted go after a day.
  const housekeeping = setInterval(() => {
    deleteAbandonedUploads(db).catch((err: unknown) => logger.warn({ err }, "removing abandoned uploads failed"));
  }, 60 * 60 * 1000);
  housekeeping.unref();
  registerOperatorNamespace(operators, { db, logger, publish, rateLimits, presence, stage: () => currentStage().stage, publicUrl: deps.publicUrl });
  // Every request is counted until its ack leaves, so a shutdown can finish the sends already started.
  const requests = createRequestTracker();
  const namespaces = [visitors, operators];
  for (const nsp of namespaces) nsp.on("connection", (socket) => socket.use((packet, next) => requests.middleware(packet, next)));
  // A client asked to reconnect elsewhere loses its connection, not its Socket.IO session: it sees "transport close"
  // and reconnects by itself (through the router, to any node) and syncs. "io server disconnect" means "signed out"
  // only (docs/protocol.md §8), so a client that follows the protocol never stops reconnecting after a deploy.
  const reconnectElsewhere = (socket: { conn: { close(): void } }) => socket.conn.close();
  // While this node did not hear Redis (an outage, or since it started without reaching Redis) it missed the other
  // nodes' broadcasts. Its clients catch up by reconnecting (every client syncs after a reconnect), at random over
  // a window of at least `resyncSpreadMs` and long enough for at most 500 reconnects a second per node, so Postgres
  // does not take every handshake at once.
  const resyncSpreadMs = deps.resyncSpreadMs ?? 3000;
  bus.onRestored(() => {
    const sockets = namespaces.flatMap((nsp) => [...nsp.sockets.values()]);
    if (sockets.length === 0) return;
    const spreadMs = Math.max(resyncSpreadMs, sockets.length * 2);
    logger.warn({ sockets: sockets.length, spreadMs }, "redis subscription listening again: asking this node's clients to reconnect and catch up");
    for (const socket of sockets) setTimeout(() => reconnectElsewhere(socket), Math.random() * spreadMs).unref();
  });

  // Nothing changes with an operator's cookie from a page that is not ours.
  app.use("/api", refuseForeignWrites(deps.publicUrl));
  // Stages, flags, release notes and the feedback board; before the API router and its 404.
  app.use("/api", createEarlyAccessRouter({ db, logger, publish, stage: currentStage }));
  // Accounts and roles: operators, invitations, audit log, passwords.
  app.use(
    "/api",
    createAccountsRouter({
      db,
      logger,
      mailer: deps.mailer ?? logMailer(logger),
      rateLimits,
      publicUrl: deps.publicUrl,
      publish,
    }),
  );
  app.use("/api", createTagsRouter({ db, logger, publish }));
  app.use("/api", createCannedRouter({ db, logger, publish }));
  app.use(
    "/api",
    createApiRouter({
      db,
      logger,
      rateLimits,
      describe: { database: deps.config.describeDatabase, bus: bus.describe },
      publish,
    }),
  );
  app.get("/demo", demoPage(db));
  if (deps.web) {
    const web = deps.web;
    // Only development serves hot reload (an upgrade handler), and only it needs eval.
    app.use(pageSecurityPolicy({ dev: !!web.upgrade }));
    app.use((req, res) => void web.handle(req, res));
    if (web.upgrade) {
      httpServer.on("upgrade", (req, socket, head) => {
        if (!req.url?.startsWith("/socket.io/")) web.upgrade?.(req, socket, head);
      });
    }
  }

  return {
    httpServer,
    /** The express app (its router stack lists every REST route; tests compare it with the OpenAPI document). */
    express: app,
    io,
    spine,
    outbox,
    /** Register the durable consumers, start handling the outbox, listen on `port` (0 for any); resolves with the port. */
    async listen(port: number, host?: string): Promise<number> {
      if (deps.outboxWorker === false) await outbox.register();
      else await outbox.start();
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      });
    },
    /** Requests running now (for logs and tests). */
    get inflight() {
      return requests.inflight;
    },
    /**
     * Graceful stop, as for a dyno restart: stop accepting connections, let the requests already running
     * finish and their acks leave (new ones are refused with the retryable UNAVAILABLE), then close every
     * connection ("transport close": the clients reconnect by themselves, to another node, and catch up), and close.
     * Resolves with whether every request finished within `drainMs`.
     */
    async close(opts: { drainMs?: number } = {}): Promise<{ drained: boolean }> {
      httpServer.close(() => {});
      httpServer.closeIdleConnections();
      const drained = await requests.drain(opts.drainMs ?? 10_000);
      for (const socket of namespaces.flatMap((nsp) => [...nsp.sockets.values()])) reconnectElsewhere(socket);
      // Each connection closes once its last packets (the acks) are written; wait for that.
      const deadline = Date.now() + 2000;
      while (io.engine.clientsCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await outbox.stop();
      presence.close();
      clearInterval(housekeeping);
      return { drained };
    },
  };
}

export type App = ReturnType<typeof createApp>;
