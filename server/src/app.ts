import http from "node:http";
import type { AddressInfo } from "node:net";
import { NAMESPACES } from "@kaiwa/shared";
import express from "express";
import type { Logger } from "pino";
import { Server } from "socket.io";
import type { Db } from "./db/client";
import { createApiRouter } from "./http/api-router";
import { demoPage } from "./http/demo-page";
import { createBroadcaster, sessionRoom, type OperatorNamespace, type VisitorNamespace } from "./realtime/broadcast";
import type { Bus } from "./realtime/bus";
import { registerOperatorNamespace } from "./realtime/operator-namespace";
import { registerVisitorNamespace } from "./realtime/visitor-namespace";
import { createRateLimits, type RateLimits } from "./rate-limits";

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
}

/** Build the whole node (REST, Socket.IO, pages) from its dependencies; nothing listens until `listen`. */
export function createApp(deps: AppDeps) {
  const { db, bus, logger } = deps;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", 1);
  const httpServer = http.createServer(app);
  const io = new Server(httpServer, {
    adapter: bus.adapter,
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    // Next.js dev mode has its own websocket; leave other upgrades alone.
    destroyUpgrade: !deps.web?.upgrade,
  });
  const broadcast = createBroadcaster(io);
  const rateLimits = deps.rateLimits ?? createRateLimits(bus.commands);
  registerVisitorNamespace(io.of(NAMESPACES.visitor) as unknown as VisitorNamespace, { db, logger, broadcast, rateLimits });
  registerOperatorNamespace(io.of(NAMESPACES.operator) as unknown as OperatorNamespace, { db, logger, broadcast, rateLimits });

  app.use(
    "/api",
    createApiRouter({
      db,
      logger,
      rateLimits,
      describe: { database: deps.config.describeDatabase, bus: bus.describe },
      onSignOut: (token) => io.of(NAMESPACES.operator).in(sessionRoom(token)).disconnectSockets(true),
    }),
  );
  app.get("/demo", demoPage(db));
  if (deps.web) {
    const web = deps.web;
    app.use((req, res) => void web.handle(req, res));
    if (web.upgrade) {
      httpServer.on("upgrade", (req, socket, head) => {
        if (!req.url?.startsWith("/socket.io/")) web.upgrade?.(req, socket, head);
      });
    }
  }

  return {
    httpServer,
    io,
    /** Listen on `port` (0 for any) and resolve with the port taken. */
    listen(port: number, host?: string): Promise<number> {
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      });
    },
    /** Stop accepting, disconnect every socket (clients reconnect to another node) and close. */
    async close(): Promise<void> {
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

export type App = ReturnType<typeof createApp>;
