// The frame's half of the postMessage protocol with widget.js (see web/widget/loader.ts). Messages carry a
// `kaiwa:` type. We accept messages only from our parent window; we learn its origin from its first
// `kaiwa:hello` and from then on address it by that origin and ignore every other one.
import type { ApiError, Message, TVisitorIdentity } from "@kaiwa/shared";

const PREFIX = "kaiwa:";

export interface ParentBridge {
  /** True when the frame is inside widget.js's iframe, false when opened on its own. */
  embedded: boolean;
  /** Tell the loader we are listening; colour and position (public site settings) place and style the launcher. */
  ready(look?: { color: string; position: "left" | "right" }): void;
  close(): void;
  unread(count: number): void;
  /** A message arrived or was sent: the host page's `on('message')`. */
  message(message: Message): void;
  /** Keep the visitor token or the unsent messages in the host page's storage (a third-party frame's own may be blocked). */
  store(name: "token" | "pending", value: string | null): void;
  /** The answer to an `identify()` call. */
  identified(requestId: string, error: ApiError | null): void;
  dispose(): void;
}

export interface ParentHandlers {
  /** The loader greeted us, with what it kept for us (if anything). */
  onHello(stored: { token: string | null; pending: string | null }): void;
  onVisibility(open: boolean): void;
  onIdentify(requestId: string, identity: unknown): void;
  onAttributes(attributes: unknown): void;
  /** The host page the visitor is on now (on load and after every navigation of a single-page app). */
  onPage(page: { url: string; title: string; referrer: string }): void;
}

export function connectToParent(handlers: ParentHandlers): ParentBridge {
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
    const data = event.data as { type?: unknown; [key: string]: unknown } | null;
    if (!data || typeof data.type !== "string" || !data.type.startsWith(PREFIX)) return;
    const type = data.type.slice(PREFIX.length);
    if (type === "hello" && parentOrigin === null) {
      parentOrigin = event.origin;
      for (const message of queue.splice(0)) window.parent.postMessage(message, parentOrigin);
      handlers.onHello({
        token: typeof data.token === "string" && /^[A-Za-z0-9_-]{20,128}$/.test(data.token) ? data.token : null,
        pending: typeof data.pending === "string" ? data.pending : null,
      });
    }
    if (event.origin !== parentOrigin) return;
    if ((type === "hello" || type === "visibility") && typeof data.open === "boolean") handlers.onVisibility(data.open);
    if (type === "identify" && typeof data.requestId === "string") handlers.onIdentify(data.requestId, data.identity);
    if (type === "attributes") handlers.onAttributes(data.attributes);
    if (type === "page" && data.page && typeof data.page === "object") {
      const page = data.page as Record<string, unknown>;
      if (typeof page.url === "string" && typeof page.title === "string" && typeof page.referrer === "string") {
        handlers.onPage({ url: page.url, title: page.title, referrer: page.referrer });
      }
    }
  };
  window.addEventListener("message", onMessage);

  return {
    embedded,
    ready(look) {
      // Sent to any origin on purpose: it is how the parent learns we are listening, and says nothing private.
      if (embedded) window.parent.postMessage({ type: `${PREFIX}ready`, ...look }, "*");
    },
    close: () => send({ type: `${PREFIX}close` }),
    unread: (count) => send({ type: `${PREFIX}unread`, count }),
    message: (m) =>
      send({
        type: `${PREFIX}message`,
        message: { id: m.id, conversationId: m.conversationId, body: m.body, authorKind: m.authorKind, authorName: m.authorName, createdAt: m.createdAt },
      }),
    store: (name, value) => send({ type: `${PREFIX}store`, name, value }),
    identified: (requestId, error) => send({ type: `${PREFIX}identified`, requestId, error }),
    dispose: () => window.removeEventListener("message", onMessage),
  };
}

export type { TVisitorIdentity };
