// Baseline node for the benchmark: plain Socket.IO with the same Redis adapter, relaying `message:send`
// to a room with no database and no app logic. Started as its own process, like an app node.
import http from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 0);
const pub = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const sub = pub.duplicate();
const httpServer = http.createServer((_req, res) => res.end("ok"));
const io = new Server(httpServer, { adapter: createAdapter(pub, sub), serveClient: false });
let seq = 0;
for (const ns of ["/visitor", "/operator"]) {
  io.of(ns).on("connection", (socket) => {
    void socket.join("all");
    socket.on("message:send", (payload: { clientId: string; body: string }, ack: (r: unknown) => void) => {
      const message = { id: payload.clientId, seq: ++seq, clientId: payload.clientId, body: payload.body, createdAt: new Date().toISOString() };
      ack({ data: message });
      io.of("/operator").to("all").emit("message:new", message);
    });
  });
}
httpServer.listen(port, "127.0.0.1", () => console.log(`bare relay listening ${(httpServer.address() as { port: number }).port}`));
process.on("SIGTERM", () => process.exit(0));
