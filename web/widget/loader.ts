// The embeddable loader, built into public/widget.js. A site owner adds one tag:
//   <script src="https://HOST/widget.js" data-site="SITE_KEY" async></script>
// It draws a launcher button in the corner and an iframe holding the chat (/widget/frame, served by the same
// HOST). Everything lives in a Shadow DOM so the host page's CSS cannot reach in and ours cannot leak out.
// No framework: this file runs on every page of every customer site, so it stays small.

type WidgetEvent = "message" | "open" | "close" | "unread";

/** What `on('message')` hands the host page. */
interface WidgetMessage {
  id: string;
  body: string;
  authorKind: string;
  authorName: string | null;
  createdAt: string;
}

interface Identity {
  userId: string;
  name?: string;
  email?: string;
  hash?: string;
}

interface ChatWidgetApi {
  open(): void;
  close(): void;
  toggle(): void;
  isOpen(): boolean;
  /** Who the visitor is on the host site; rejects with `{ code, message }` (e.g. IDENTITY_INVALID). */
  identify(identity: Identity): Promise<void>;
  setAttributes(attributes: Record<string, string | number | boolean | null>): void;
  /** Listen to an event; returns a function that stops listening. */
  on(event: WidgetEvent, fn: (payload?: unknown) => void): () => void;
  off(event: WidgetEvent, fn: (payload?: unknown) => void): void;
  unreadCount(): number;
}

declare global {
  interface Window {
    /** Before widget.js loads, a page may queue calls: `ChatWidget = { q: [["identify", {...}]] }`. */
    ChatWidget?: ChatWidgetApi | { q?: unknown[][] };
  }
}

/** Every message between loader and frame carries a type with this prefix. */
const PREFIX = "kaiwa:";
const DEFAULT_COLOR = "#2563eb";

function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.site) return current;
  // `async` scripts have no currentScript in some browsers; look for our tag instead.
  const scripts = document.querySelectorAll<HTMLScriptElement>("script[data-site][src]");
  for (let i = scripts.length - 1; i >= 0; i--) {
    const s = scripts[i];
    if (s && /\/widget\.js(\?.*)?$/.test(s.src)) return s;
  }
  return null;
}

const STRINGS = {
  ja: { open: "チャットを開く", close: "チャットを閉じる", frame: "チャット", unread: (n: number) => `未読 ${n} 件` },
  en: { open: "Open chat", close: "Close chat", frame: "Chat", unread: (n: number) => `${n} unread` },
};

const CHAT_ICON =
  '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.5 3.4 6l-.9 3.4c-.1.4.3.7.7.5L9.3 19c.9.2 1.8.3 2.7.3 5.5 0 10-3.6 10-8.1S17.5 3 12 3z"/></svg>';
const CLOSE_ICON =
  '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>';

const STYLES = `
:host { all: initial; }
.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  width: 56px; height: 56px; border-radius: 50%; border: 0; padding: 0; margin: 0;
  display: flex; align-items: center; justify-content: center; cursor: pointer;
  background: var(--kaiwa-color, ${DEFAULT_COLOR}); color: var(--kaiwa-on-color, #fff);
  box-shadow: 0 4px 14px rgba(0,0,0,.22); transition: transform .15s ease, box-shadow .15s ease;
  -webkit-tap-highlight-color: transparent;
}
:host(.left) .launcher, :host(.left) .panel { right: auto; left: 20px; transform-origin: bottom left; }
.launcher:hover { transform: scale(1.05); box-shadow: 0 6px 18px rgba(0,0,0,.26); }
.launcher:focus-visible { outline: 3px solid var(--kaiwa-color, ${DEFAULT_COLOR}); outline-offset: 3px; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px; box-sizing: border-box;
  border-radius: 10px; background: #dc2626; color: #fff; border: 2px solid #fff;
  font: 600 11px/16px system-ui, -apple-system, "Segoe UI", sans-serif; text-align: center;
}
.badge[hidden] { display: none; }
.panel {
  position: fixed; right: 20px; bottom: 88px; z-index: 2147483000;
  width: 380px; height: 600px; max-height: calc(100vh - 108px); max-width: calc(100vw - 40px);
  border-radius: 16px; overflow: hidden; background: #fff;
  box-shadow: 0 12px 40px rgba(0,0,0,.22);
  opacity: 0; visibility: hidden; transform: translateY(12px) scale(.98); transform-origin: bottom right;
  transition: opacity .18s ease, transform .18s ease, visibility 0s linear .18s;
}
.panel.open { opacity: 1; visibility: visible; transform: none; transition: opacity .18s ease, transform .18s ease; }
iframe { display: block; width: 100%; height: 100%; border: 0; margin: 0; padding: 0; background: #fff; color-scheme: light; }
@media (max-width: 479px) {
  .panel, :host(.left) .panel { right: 0; left: 0; bottom: 0; width: 100%; height: 100%; max-width: none; max-height: none; border-radius: 0; }
  .panel.open ~ .launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) { .launcher, .panel, .panel.open { transition: none; } }
`;

/** Black or white, whichever reads better on a #rgb / #rrggbb colour (WCAG relative luminance). */
function textColorOn(hex: string): string {
  const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, (c) => c + c) : hex;
  let luminance = 0;
  [0.2126, 0.7152, 0.0722].forEach((weight, i) => {
    const c = parseInt(full.substr(1 + i * 2, 2), 16) / 255;
    luminance += weight * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
  });
  return luminance > 0.45 ? "#111" : "#fff";
}

function boot(script: HTMLScriptElement | null): void {
  const existing = window.ChatWidget;
  if (existing && !("q" in existing)) return; // the tag was included twice
  const queued = existing && "q" in existing && Array.isArray(existing.q) ? existing.q : [];
  const siteKey = script?.dataset.site;
  if (!script || !siteKey) {
    console.warn("[kaiwa] widget.js needs a data-site attribute on its script tag");
    return;
  }
  const origin = new URL(script.src, location.href).origin;
  const lang = (navigator.language || "en").toLowerCase().startsWith("ja") ? "ja" : "en";
  const t = STRINGS[lang];

  // A custom element name: no host-page rule targets it by accident.
  const host = document.createElement("kaiwa-widget");
  host.setAttribute("style", "all: initial !important; position: fixed !important; z-index: 2147483000 !important; top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important;");
  // Open mode: closed mode would hide nothing from a determined page script, and it would make the launcher
  // unreachable for accessibility tooling and end-to-end tests. Isolation of styles is the same either way.
  const root = host.attachShadow({ mode: "open" });

  const style = document.createElement("style");
  style.textContent = STYLES;

  const panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "kaiwa-panel";

  const frame = document.createElement("iframe");
  frame.src = `${origin}/widget/frame?site=${encodeURIComponent(siteKey)}`;
  frame.title = t.frame;
  frame.setAttribute("data-testid", "kaiwa-frame");
  frame.setAttribute("allow", "clipboard-write");
  panel.appendChild(frame);

  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.setAttribute("data-testid", "kaiwa-launcher");
  launcher.setAttribute("aria-controls", panel.id);
  const icon = document.createElement("span");
  icon.style.display = "flex";
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.setAttribute("aria-hidden", "true");
  badge.hidden = true;
  launcher.append(icon, badge);

  root.append(style, panel, launcher);

  let isOpen = false;
  let unread = 0;
  let frameReady = false;
  // Said before the frame listens: kept and sent once it says hello.
  const outbox: Record<string, unknown>[] = [];
  const listeners: { [K in WidgetEvent]?: ((payload?: unknown) => void)[] } = {};
  const waiting: Record<string, [(v: void) => void, (e: unknown) => void]> = {};
  // The visitor token and unsent messages live in the host page's storage: a third-party frame's own storage
  // is often blocked.
  const keyOf = (name: string) => "kaiwa:" + name + ":" + siteKey;
  const storage = (fn: (s: Storage) => string | null | void): string | null => {
    try {
      return fn(localStorage) || null;
    } catch {
      return null;
    }
  };
  let requests = 0;
  /** The host page as last reported to the frame. */
  let page: { url: string; title: string; referrer: string } | null = null;

  const emit = (event: WidgetEvent, payload?: unknown) => {
    for (const fn of (listeners[event] || []).slice()) {
      try {
        fn(payload);
      } catch (err) {
        console.error(err); // a host listener's bug must not break the widget
      }
    }
  };

  const post = (type: string, data: Record<string, unknown> = {}) => {
    const message = { ...data, type: PREFIX + type };
    // Only the server's origin may receive anything we say.
    if (frameReady) frame.contentWindow?.postMessage(message, origin);
    else outbox.push(message);
  };

  const render = () => {
    panel.classList.toggle("open", isOpen);
    icon.innerHTML = isOpen ? CLOSE_ICON : CHAT_ICON;
    launcher.setAttribute("aria-expanded", String(isOpen));
    const label = isOpen ? t.close : t.open;
    launcher.setAttribute("aria-label", unread > 0 && !isOpen ? `${label} (${t.unread(unread)})` : label);
    badge.hidden = unread === 0 || isOpen;
    badge.textContent = unread > 99 ? "99+" : String(unread);
  };

  const setOpen = (open: boolean) => {
    if (open === isOpen) return;
    isOpen = open;
    render();
    post("visibility", { open });
    emit(open ? "open" : "close");
    if (open) {
      frame.focus();
    } else if (root.activeElement === frame || document.activeElement === host) {
      launcher.focus();
    }
  };

  launcher.addEventListener("click", () => setOpen(!isOpen));

  window.addEventListener("message", (event: MessageEvent) => {
    // Accept only the frame we created, loaded from the server's origin.
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const data = event.data as { type?: unknown; [key: string]: unknown } | null;
    if (!data || typeof data.type !== "string" || data.type.indexOf(PREFIX) !== 0) return;
    switch (data.type.slice(PREFIX.length)) {
      case "ready":
        // The frame is listening: tell it whether it is shown, then what the page said meanwhile.
        // (Again on every ready: a frame that remounted needs greeting anew.)
        frame.contentWindow?.postMessage(
          { type: PREFIX + "hello", open: isOpen, token: storage((s) => s.getItem(keyOf("token"))), pending: storage((s) => s.getItem(keyOf("pending"))) },
          origin,
        );
        if (!frameReady) {
          frameReady = true;
          for (const message of outbox.splice(0)) frame.contentWindow?.postMessage(message, origin);
        }
        if (page) frame.contentWindow?.postMessage({ type: PREFIX + "page", page }, origin);
        // Only a plain hex colour reaches our CSS.
        if (typeof data.color === "string" && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(data.color)) {
          host.style.setProperty("--kaiwa-color", data.color);
          host.style.setProperty("--kaiwa-on-color", textColorOn(data.color));
        }
        host.classList.toggle("left", data.position === "left");
        break;
      case "close":
        setOpen(false);
        break;
      case "store": {
        const value = data.value;
        const valid =
          typeof value === "string" && (data.name === "token" ? /^[\w-]{20,128}$/.test(value) : data.name === "pending" && value.length < 300000);
        if (data.name === "token" || data.name === "pending") {
          const key = keyOf(data.name);
          storage((s) => (valid ? s.setItem(key, value as string) : s.removeItem(key)));
        }
        break;
      }
      case "unread":
        if (typeof data.count === "number" && data.count >= 0 && Math.floor(data.count) !== unread) {
          unread = Math.floor(data.count);
          render();
          emit("unread", unread);
        }
        break;
      case "message":
        if (data.message && typeof data.message === "object") emit("message", data.message as WidgetMessage);
        break;
      case "identified": {
        const id = String(data.requestId);
        const pending = waiting[id];
        delete waiting[id];
        if (pending) data.error ? pending[1](data.error) : pending[0]();
        break;
      }
    }
  });

  render();
  (document.body || document.documentElement).appendChild(host);

  // The page the visitor is on, for the team's visitor panel: now, and after every client-side navigation of a
  // single-page app (at most one report per 500 ms; the wait also lets the app set the new title first).
  let pageTimer = 0;
  const reportPage = () => {
    pageTimer = 0;
    const next = { url: location.href, title: document.title, referrer: document.referrer };
    if (page && page.url === next.url && page.title === next.title) return;
    page = next;
    // Before the frame listens it is only kept: every `ready` gets the latest one.
    if (frameReady) post("page", { page });
  };
  const pageChanged = () => {
    if (!pageTimer) pageTimer = window.setTimeout(reportPage, 500);
  };
  (["pushState", "replaceState"] as const).forEach((name) => {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      pageChanged();
      return result;
    };
  });
  window.addEventListener("popstate", pageChanged);
  window.addEventListener("hashchange", pageChanged);
  reportPage();

  const api: ChatWidgetApi = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!isOpen),
    isOpen: () => isOpen,
    identify: (identity) =>
      new Promise<void>((resolve, reject) => {
        const requestId = String(++requests);
        waiting[requestId] = [resolve, reject];
        post("identify", { requestId, identity: { ...identity } });
      }),
    setAttributes: (attributes) => post("attributes", { attributes: { ...attributes } }),
    on: (event, fn) => {
      listeners[event] = (listeners[event] || []).concat(fn);
      return () => api.off(event, fn);
    },
    off: (event, fn) => {
      listeners[event] = (listeners[event] || []).filter((f) => f !== fn);
    },
    unreadCount: () => unread,
  };
  window.ChatWidget = api;
  for (const call of queued) {
    const method = api[call[0] as keyof ChatWidgetApi] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof method === "function") method.apply(api, call.slice(1));
  }
}

// currentScript is only set while this file first runs, so find the tag now and build once the body exists.
const ownScript = findOwnScript();
if (document.body) boot(ownScript);
else document.addEventListener("DOMContentLoaded", () => boot(ownScript), { once: true });

export {};
