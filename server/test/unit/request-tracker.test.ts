// The shutdown's bookkeeping: requests are counted from arrival to ack; draining waits for them and refuses
// new ones with the retryable UNAVAILABLE.
import { describe, expect, it } from "vitest";
import { createRequestTracker } from "../../src/realtime/handle-request";

function arrive(tracker: ReturnType<typeof createRequestTracker>) {
  const answers: unknown[] = [];
  const packet: unknown[] = ["message:send", { body: "x" }, (r: unknown) => answers.push(r)];
  let dispatched = false;
  tracker.middleware(packet, () => (dispatched = true));
  const ack = packet[packet.length - 1] as (r: unknown) => void;
  return { answers, dispatched, ack };
}

describe("createRequestTracker", () => {
  it("waits for running requests, refuses new ones with UNAVAILABLE, and answers each once", async () => {
    const tracker = createRequestTracker();
    const a = arrive(tracker);
    const b = arrive(tracker);
    expect(a.dispatched && b.dispatched).toBe(true);
    expect(tracker.inflight).toBe(2);
    let drained: boolean | null = null;
    const draining = tracker.drain(5000).then((d) => (drained = d));
    const late = arrive(tracker);
    expect(late.dispatched).toBe(false);
    expect(late.answers).toEqual([{ error: expect.objectContaining({ code: "UNAVAILABLE" }) }]);
    a.ack({ data: 1 });
    a.ack({ data: 1 }); // a second answer is dropped
    await Promise.resolve();
    expect(drained).toBeNull();
    b.ack({ data: 2 });
    await draining;
    expect(drained).toBe(true);
    expect(a.answers).toEqual([{ data: 1 }]);
    expect(tracker.inflight).toBe(0);
  });

  it("lets events without an ack through, and gives up after the timeout", async () => {
    const tracker = createRequestTracker();
    let passed = false;
    tracker.middleware(["typing", {}], () => (passed = true));
    expect(passed).toBe(true);
    expect(tracker.inflight).toBe(0);
    arrive(tracker);
    expect(await tracker.drain(30)).toBe(false);
  });
});
