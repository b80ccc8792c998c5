// A TCP load balancer in front of the nodes, as the Heroku router is: each new connection goes to the next
// node that accepts it (round robin), so a client whose node died or is draining reconnects to another one.
import net from "node:net";

export interface Balancer {
  url: string;
  /** Open connections per backend port. */
  connections(): Map<number, number>;
  /** Open websocket connections (Socket.IO clients) per backend port. */
  websockets(): Map<number, number>;
  /** Stop sending new connections to `port` (existing ones stay). */
  remove(port: number): void;
  /** Send new connections to `port` too. */
  add(port: number): void;
  close(): Promise<void>;
}

export async function startBalancer(backends: number[]): Promise<Balancer> {
  const ports = [...backends];
  const open = new Map<number, Set<net.Socket>>();
  const upgraded = new WeakSet<net.Socket>();
  let next = 0;

  function dial(client: net.Socket, tried: number) {
    if (ports.length === 0 || tried >= ports.length) return void client.destroy();
    const port = ports[next++ % ports.length]!;
    const upstream = net.connect({ host: "127.0.0.1", port });
    upstream.setNoDelay(true);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      const set = open.get(port) ?? new Set();
      open.set(port, set);
      set.add(upstream);
      client.once("data", (chunk: Buffer) => {
        if (/^upgrade: websocket/im.test(chunk.toString("latin1"))) upgraded.add(upstream);
      });
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on("error", () => {
      if (!connected) dial(client, tried + 1); // refused: the next node
    });
    upstream.on("close", () => {
      open.get(port)?.delete(upstream);
      if (connected) client.destroy();
    });
    client.on("close", () => upstream.destroy());
  }

  const server = net.createServer({ pauseOnConnect: true, noDelay: true }, (client) => {
    client.on("error", () => {});
    dial(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => new Map([...open].map(([p, s]) => [p, s.size])),
    websockets: () => new Map([...open].map(([p, s]) => [p, [...s].filter((u) => upgraded.has(u)).length])),
    remove(port) {
      const i = ports.indexOf(port);
      if (i >= 0) ports.splice(i, 1);
    },
    add(port) {
      if (!ports.includes(port)) ports.push(port);
    },
    async close() {
      for (const set of open.values()) for (const s of set) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
