// Uploads are judged before a byte of them is read: an unauthenticated, compressed or oversized upload is refused
// from its headers, so nobody can make a node inflate or buffer a body it will refuse.
import http from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectVisitor, request } from "../support/clients";
import { seedWorkspace } from "../support/fixtures";
import { startTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let siteKey: string;
beforeAll(async () => {
  t = await startTestApp(async (database) => {
    siteKey = (await seedWorkspace(database.db)).site.publicKey;
  });
});
afterAll(() => t?.close());

/**
 * Send the headers and the first `firstBytes` of a body of `declaredLength`, then nothing more: resolves with the
 * status if the server answers without waiting for the rest, or "waited" after `ms`.
 */
function answerBeforeBody(path: string, headers: Record<string, string>, firstBytes: Buffer, declaredLength: number, ms = 3000) {
  return new Promise<number | "waited">((resolve) => {
    const url = new URL(path, t.base);
    const req = http.request(url, { method: "POST", headers: { ...headers, "content-length": String(declaredLength) } });
    const timer = setTimeout(() => {
      req.destroy();
      resolve("waited");
    }, ms);
    req.on("response", (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => {});
    req.write(firstBytes);
  });
}

describe("uploads", () => {
  it("refuses an upload without a valid token from its headers, before reading or inflating its body", async () => {
    // 26 MB of zeros compress to about 26 KB: the body of a decompression bomb.
    const bomb = gzipSync(Buffer.alloc(26 * 1024 * 1024));
    const path = `/api/visitor/attachments?conversationId=${crypto.randomUUID()}&name=a.png`;
    const headers = { "content-type": "application/octet-stream", "content-encoding": "gzip", "x-kaiwa-site": siteKey };
    expect(await answerBeforeBody(path, headers, bomb.subarray(0, 1024), bomb.length)).toBe(401);
    expect(await answerBeforeBody(path, { ...headers, authorization: "Bearer not-a-token" }, bomb.subarray(0, 1024), bomb.length)).toBe(401);
  });

  it("refuses a compressed or oversized upload of a signed-in visitor before reading it", async () => {
    const { socket, session } = await connectVisitor(t.base, siteKey);
    t.track(socket);
    const conversationId = (await request(socket, "conversation:start", {})).data.id as string;
    const path = `/api/visitor/attachments?conversationId=${conversationId}&name=a.png`;
    const headers = { "content-type": "application/octet-stream", authorization: `Bearer ${session.token}`, "x-kaiwa-site": siteKey };
    const bomb = gzipSync(Buffer.alloc(26 * 1024 * 1024));
    expect(await answerBeforeBody(path, { ...headers, "content-encoding": "gzip" }, bomb.subarray(0, 1024), bomb.length)).toBe(400);
    expect(await answerBeforeBody(path, headers, Buffer.alloc(1024), 200 * 1024 * 1024)).toBe(413);
    // A file of the right kind still goes through.
    const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
    const ok = await fetch(`${t.base}${path}`, { method: "POST", headers, body: new Uint8Array(PNG) });
    expect(ok.status).toBe(200);
  });
});
