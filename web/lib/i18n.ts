import { MESSAGE_MAX_LENGTH, type ApiError, type ErrorCode } from "@kaiwa/shared";
import { formatBytes } from "./file-check";

/** The languages the UI speaks. */
export type Locale = "ja" | "en";

export const LOCALES: readonly Locale[] = ["ja", "en"];

/** The first candidate (a BCP 47 tag such as `ja-JP`, or an Accept-Language header) that we speak; English otherwise. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const part of candidate.split(",")) {
      const tag = part.split(";")[0]?.trim().toLowerCase() ?? "";
      if (tag.startsWith("ja")) return "ja";
      if (tag.startsWith("en")) return "en";
    }
  }
  return "en";
}

/** The browser's preferred language, or undefined on the server. */
export function browserLanguage(): string | undefined {
  if (typeof navigator === "undefined") return undefined;
  return navigator.languages?.join(",") || navigator.language;
}

const errorsJa: Record<ErrorCode, string> = {
  VALIDATION: "入力内容を確認してください。",
  MESSAGE_TOO_LONG: `メッセージは ${MESSAGE_MAX_LENGTH.toLocaleString("ja")} 文字までです。`,
  UNKNOWN_SITE: "このサイトのチャットは現在ご利用いただけません。",
  INVALID_CREDENTIALS: "メールアドレスまたはパスワードが正しくありません。",
  UNAUTHENTICATED: "サインインが必要です。",
  CONVERSATION_NOT_FOUND: "この会話は見つかりませんでした。",
  CONVERSATION_CLOSED: "この会話は終了しています。新しい会話でお送りください。",
  PAYLOAD_TOO_LARGE: "送信する内容が大きすぎます。",
  PROTOCOL_MISMATCH: "新しいバージョンがあります。ページを再読み込みしてください。",
  NOT_FOUND: "見つかりませんでした。",
  FORBIDDEN: "この操作を行う権限がありません。",
  FEATURE_DISABLED: "この機能はこのワークスペースでは有効になっていません。",
  RATE_LIMITED: "操作が多すぎます。少し待ってからお試しください。",
  UNAVAILABLE: "サーバーに接続できません。しばらくしてからもう一度お試しください。",
  IDENTITY_INVALID: "ユーザーの本人確認に失敗しました。",
  FILE_TOO_LARGE: "ファイルが大きすぎます。",
  FILE_TYPE_NOT_ALLOWED: "この種類のファイルは送信できません。",
  HELD_FOR_APPROVAL: "下書きとして保存しました。スーパーバイザーの承認後に送信されます。",
  LINK_INVALID: "このリンクは無効か、期限切れか、すでに使用されています。",
  LAST_ADMIN: "ワークスペースには有効な管理者が 1 人以上必要です。先にほかの人を管理者にしてください。",
  INTERNAL: "問題が発生しました。もう一度お試しください。",
};

const errorsEn: Record<ErrorCode, string> = {
  VALIDATION: "Please check what you entered.",
  MESSAGE_TOO_LONG: `A message can be at most ${MESSAGE_MAX_LENGTH.toLocaleString("en")} characters.`,
  UNKNOWN_SITE: "Chat is not available on this site.",
  INVALID_CREDENTIALS: "The email or password is incorrect.",
  UNAUTHENTICATED: "Please sign in.",
  CONVERSATION_NOT_FOUND: "This conversation could not be found.",
  CONVERSATION_CLOSED: "This conversation has ended. Please write in the new one.",
  PAYLOAD_TOO_LARGE: "What you sent is too large.",
  PROTOCOL_MISMATCH: "A new version is available. Please reload the page.",
  NOT_FOUND: "Not found.",
  FORBIDDEN: "You are not allowed to do this.",
  FEATURE_DISABLED: "This feature is not enabled for your workspace.",
  RATE_LIMITED: "Too many requests. Please wait a moment and try again.",
  UNAVAILABLE: "Cannot reach the server. Please try again shortly.",
  IDENTITY_INVALID: "The user's identity could not be verified.",
  FILE_TOO_LARGE: "The file is too large.",
  FILE_TYPE_NOT_ALLOWED: "This type of file cannot be sent.",
  HELD_FOR_APPROVAL: "Saved as a draft; it is sent once a supervisor approves it.",
  LINK_INVALID: "This link is invalid, expired or already used.",
  LAST_ADMIN: "A workspace needs at least one active admin. Make someone else an admin first.",
  INTERNAL: "Something went wrong. Please try again.",
};

const ja = {
  lang: "日本語",
  errors: errorsJa,
  send: "送信",
  sending: "送信中…",
  retrying: "再送信しています…",
  failed: "送信できませんでした",
  retry: "再送信",
  connection: { connecting: "接続しています…", connected: "接続済み", reconnecting: "再接続しています…" },
  composerHint: "Enter で送信、Shift + Enter で改行",
  charactersLeft: (n: number) => `残り ${n.toLocaleString("ja")} 文字`,
  fileTooLarge: (limit: string) => `ファイルが大きすぎます。${limit} までのファイルを送れます。`,
  fileTypeNotAllowed: "この種類のファイルは送れません。送れるのは画像（PNG・JPEG・GIF・WebP）と PDF です。",
  dropFile: "ここにファイルをドロップして送信",
  widget: {
    placeholder: "メッセージを入力…",
    inputLabel: "メッセージ",
    close: "チャットを閉じる",
    messages: "メッセージ",
    defaultGreeting: "こんにちは！ご質問があればお気軽にどうぞ。",
    support: "サポート",
    starting: "チャットを準備しています…",
    unavailable: "チャットを開始できませんでした。",
    tryAgain: "もう一度試す",
    poweredBy: "Kaiwa",
    typing: (name: string | null) => `${name ?? "サポート"}が入力中…`,
    sent: "送信済み",
    seen: "既読",
    nobodyOnline: "ただいまオンラインの担当者がいません。メッセージを残していただければ、後ほどお返事します。",
    outsideHours: "ただいま営業時間外です。メッセージを残していただければ、営業時間内にお返事します。",
    emailPrompt: "ご連絡が必要な場合に備えて、メールアドレスを残してください。",
    emailSaved: (email: string) => `メールアドレス（${email}）を承りました。お返事はこのチャットに表示されます。`,
    save: "保存",
    name: "お名前",
    email: "メールアドレス",
    question: "ご質問",
    preChatTitle: "チャットを始める前に教えてください",
    startChat: "チャットを始める",
    attach: "ファイルを添付",
    uploading: "ファイルを送信しています…",
  },
  console: {
    title: "Kaiwa コンソール",
    signInTitle: "オペレーターとしてサインイン",
    email: "メールアドレス",
    password: "パスワード",
    signIn: "サインイン",
    signingIn: "サインインしています…",
    signOut: "サインアウト",
    inbox: "受信箱",
    tabs: { open: "対応中", resolved: "解決済み" },
    noConversations: { open: "対応中の会話はありません", resolved: "解決済みの会話はありません" },
    loadMore: "さらに読み込む",
    selectConversation: "左の一覧から会話を選んでください",
    visitor: (short: string) => `訪問者 #${short}`,
    you: "あなた",
    noMessages: "まだメッセージはありません",
    awaitingReply: "返信待ち",
    resolve: "解決にする",
    reopen: "再開する",
    status: { open: "対応中", pending: "保留", resolved: "解決済み" },
    replyPlaceholder: "返信を入力…",
    replyLabel: "返信",
    back: "一覧に戻る",
    language: "表示言語",
    loading: "読み込み中…",
    author: { visitor: "訪問者", operator: "オペレーター", system: "システム", bot: "ボット" },
    visitorTyping: "訪問者が入力中…",
  },
};

export type Dictionary = typeof ja;

const en: Dictionary = {
  lang: "English",
  errors: errorsEn,
  send: "Send",
  sending: "Sending…",
  retrying: "Retrying…",
  failed: "Not sent",
  retry: "Retry",
  connection: { connecting: "Connecting…", connected: "Connected", reconnecting: "Reconnecting…" },
  composerHint: "Enter to send, Shift + Enter for a new line",
  charactersLeft: (n: number) => `${n.toLocaleString("en")} characters left`,
  fileTooLarge: (limit: string) => `The file is too large: files up to ${limit} can be sent.`,
  fileTypeNotAllowed: "This type of file cannot be sent. Images (PNG, JPEG, GIF, WebP) and PDF files can.",
  dropFile: "Drop the file here to send it",
  widget: {
    placeholder: "Write a message…",
    inputLabel: "Message",
    close: "Close chat",
    messages: "Messages",
    defaultGreeting: "Hi! Ask us anything.",
    support: "Support",
    starting: "Getting the chat ready…",
    unavailable: "The chat could not start.",
    tryAgain: "Try again",
    poweredBy: "Kaiwa",
    typing: (name: string | null) => `${name ?? "Support"} is typing…`,
    sent: "Sent",
    seen: "Seen",
    nobodyOnline: "Nobody is online right now. Leave a message and we will reply as soon as we can.",
    outsideHours: "We are outside our opening hours. Leave a message and we will reply when we are back.",
    emailPrompt: "Leave your email address in case we need to reach you.",
    emailSaved: (email: string) => `Thanks, we have your address (${email}). Our reply will appear here in this chat.`,
    save: "Save",
    name: "Name",
    email: "Email",
    question: "Your question",
    preChatTitle: "Before we start, tell us a little",
    startChat: "Start chat",
    attach: "Attach a file",
    uploading: "Sending the file…",
  },
  console: {
    title: "Kaiwa console",
    signInTitle: "Sign in as an operator",
    email: "Email",
    password: "Password",
    signIn: "Sign in",
    signingIn: "Signing in…",
    signOut: "Sign out",
    inbox: "Inbox",
    tabs: { open: "Open", resolved: "Resolved" },
    noConversations: { open: "No open conversations", resolved: "No resolved conversations" },
    loadMore: "Load more",
    selectConversation: "Choose a conversation from the list",
    visitor: (short: string) => `Visitor #${short}`,
    you: "You",
    noMessages: "No messages yet",
    awaitingReply: "Awaiting reply",
    resolve: "Resolve",
    reopen: "Reopen",
    status: { open: "Open", pending: "Pending", resolved: "Resolved" },
    replyPlaceholder: "Write a reply…",
    replyLabel: "Reply",
    back: "Back to the list",
    language: "Language",
    loading: "Loading…",
    author: { visitor: "Visitor", operator: "Operator", system: "System", bot: "Bot" },
    visitorTyping: "The visitor is typing…",
  },
};

const dictionaries: Record<Locale, Dictionary> = { ja, en };

/** The strings of one language. */
export function dictionary(locale: Locale): Dictionary {
  return dictionaries[locale];
}

/**
 * What to tell a person about an error: our translation of its code, never a raw server message. A refused file says
 * the limit (when known) and the types that are accepted.
 */
export function describeError(locale: Locale, error: Pick<ApiError, "code">, context: { maxUploadBytes?: number } = {}): string {
  const d = dictionaries[locale];
  if (error.code === "FILE_TOO_LARGE" && context.maxUploadBytes !== undefined) return d.fileTooLarge(formatBytes(context.maxUploadBytes));
  if (error.code === "FILE_TYPE_NOT_ALLOWED") return d.fileTypeNotAllowed;
  return d.errors[error.code] ?? d.errors.INTERNAL;
}

/** "3 min ago" / "3 分前"; dates older than a week show as a short date. */
export function formatRelativeTime(locale: Locale, iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  if (abs < 45) return rtf.format(0, "second");
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), "day");
  return new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" }).format(then);
}

/** Clock time of a message, e.g. 14:05. */
export function formatClock(locale: Locale, iso: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(then);
}
