// The frame's half of the postMessage protocol with widget.js (see web/widget/loader.ts). Messages carry a
// `kaiwa:` type. We accept messages only from our parent window; we learn its origin from its first
// `kaiwa:hello` and from then on address it by that origin and ignore every other one.

const PREFIX = "kaiwa:";

export interface ParentBridge {
  /** True when the frame is inside widget.js's iframe, false when opened on its own. */
  embedded: boolean;
  /** Tell the loader we are listening; the colour (public site setting) styles the launcher. */
  ready(color?: string): void;
  close(): void;
  unread(count: number): void;
  dispose(): void;
}

export function connectToParent(handlers: { onVisibility(open: boolean): void }): ParentBridge {
  const embedded = window.parent !== window;
  let parentOrigin: string | null = null;
  const queue: Record<string, unknown>[] = [];

  const send = (message: Record<string, unknown>) => {
    if (!embedded) return;
    if (parentOrigin === null) queue.push(message);
    else window.parent.postMessage(message, parentOrigin);
  };

  const onMessage = (event: MessageEvent) => {
    if (!embedded || event.source !== window.parent) return;
    const data = event.data as { type?: unknown; open?: unknown } | null;
    if (!data || typeof data.type !== "string" || !data.type.startsWith(PREFIX)) return;
    const type = data.type.slice(PREFIX.length);
    if (type === "hello" && parentOrigin === null) {
      parentOrigin = event.origin;
      for (const message of queue.splice(0)) window.parent.postMessage(message, parentOrigin);
    }
    if (event.origin !== parentOrigin) return;
    if ((type === "hello" || type === "visibility") && typeof data.open === "boolean") handlers.onVisibility(data.open);
  };
  window.addEventListener("message", onMessage);

  return {
    embedded,
    ready(color) {
      // Sent to any origin on purpose: it is how the parent learns we are listening, and says nothing private.
      if (embedded) window.parent.postMessage({ type: `${PREFIX}ready`, ...(color ? { color } : {}) }, "*");
    },
    close: () => send({ type: `${PREFIX}close` }),
    unread: (count) => send({ type: `${PREFIX}unread`, count }),
    dispose: () => window.removeEventListener("message", onMessage),
  };
}
