// The disconnect rule of docs/protocol.md, followed by plain socket.io-client with its defaults (it reconnects by
// itself after anything but "io server disconnect"): a node going away (SIGTERM, a deploy) leaves its clients to
// reconnect elsewhere by themselves, and only an ended session says "io server disconnect", which means signed out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBalancer, type Balancer } from "../support/balancer";
import { connectOperator, connectVisitor, eventually, postJson, signInCookie, type OperatorSocket, type VisitorSocket } from "../support/clients";
import type { NodeProcess } from "../support/node-process";
import { havePostgres, haveRedis } from "../support/services";
import { startTestNodes, type TestNodes } from "../support/test-nodes";

const ready = (await havePostgres()) && (await haveRedis());
const ADMIN = { email: "admin@disconnect-reasons.test", password: "disconnect-reasons-password" };

describe.skipIf(!ready)("disconnect reasons a client can act on", () => {
  let cluster: TestNodes;
  let balancer: Balancer;
  const sockets: { disconnect(): unknown }[] = [];
  beforeAll(async () => {
    cluster = await startTestNodes({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  }, 90_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await balancer?.close();
    await cluster?.stop();
  });

  it("SIGTERM: reconnect elsewhere by yourself; sign-out: io server disconnect, no reconnect", async () => {
    const [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
    balancer = await startBalancer([a.port]); // everyone lands on A first
    const cookie = await signInCookie(balancer.url, ADMIN.email, ADMIN.password);
    const operator: OperatorSocket = await connectOperator(balancer.url, cookie);
    const { socket: visitor }: { socket: VisitorSocket } = await connectVisitor(balancer.url, cluster.siteKey);
    sockets.push(operator, visitor);
    const reasons = { operator: [] as string[], visitor: [] as string[] };
    let reconnects = 0;
    operator.on("disconnect", (reason) => reasons.operator.push(reason));
    visitor.on("disconnect", (reason) => reasons.visitor.push(reason));
    for (const s of [operator.io, visitor.io]) s.on("reconnect", () => reconnects++);
    balancer.add(b.port);

    const exited = new Promise((resolve) => a.child.once("exit", resolve));
    a.child.kill("SIGTERM");
    await exited;
    // Nobody calls connect(): socket.io-client comes back by itself, through the balancer, to node B.
    await eventually(() => reconnects === 2 && operator.connected && visitor.connected, "both reconnect by themselves", 10_000);
    expect(reasons).toEqual({ operator: ["transport close"], visitor: ["transport close"] });

    await postJson(balancer.url, "/api/auth/logout", {}, { cookie });
    await eventually(() => reasons.operator.length === 2, "the signed-out console is disconnected", 5000);
    expect(reasons.operator[1]).toBe("io server disconnect");
    expect(operator.active).toBe(false); // socket.io-client does not come back after this reason
    expect(visitor.connected).toBe(true);
  }, 60_000);
});
