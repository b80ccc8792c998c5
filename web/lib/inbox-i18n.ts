// Japanese and English strings of the inbox: views, assignment, filters, notes, tags, canned responses.
import type { Locale } from "./i18n";

const ja = {
  views: { unassigned: "未割り当て", mine: "自分の担当", open: "すべての対応中", resolved: "解決済み" },
  empty: {
    unassigned: "待っている会話はありません",
    mine: "担当中の会話はありません",
    open: "対応中の会話はありません",
    resolved: "解決済みの会話はありません",
  },
  sort: { label: "並び順", activity: "最近の動き", waiting: "待ち時間が長い順" },
  filters: { site: "サイト", anySite: "すべてのサイト", operator: "担当者", anyOperator: "全員", unreplied: "未返信のみ" },
  assignee: "担当",
  nobody: "未割り当て",
  claim: "自分が担当する",
  unassign: "担当を外す",
  transfer: "引き継ぐ",
  transferTo: "引き継ぎ先",
  transferNote: "引き継ぎメモ（任意）",
  transferSubmit: "引き継ぐ",
  cancel: "キャンセル",
  pending: "保留にする",
  transferredToYou: (from: string, note: string | null) => `${from} さんから引き継ぎました${note ? `：「${note}」` : ""}`,
  someone: "誰か",
};

export type InboxDictionary = typeof ja;

const en: InboxDictionary = {
  views: { unassigned: "Unassigned", mine: "Mine", open: "All open", resolved: "Resolved" },
  empty: {
    unassigned: "Nobody is waiting",
    mine: "No conversations assigned to you",
    open: "No open conversations",
    resolved: "No resolved conversations",
  },
  sort: { label: "Sort", activity: "Latest activity", waiting: "Longest waiting" },
  filters: { site: "Site", anySite: "All sites", operator: "Assignee", anyOperator: "Everyone", unreplied: "Unreplied only" },
  assignee: "Assignee",
  nobody: "Unassigned",
  claim: "Assign to me",
  unassign: "Unassign",
  transfer: "Transfer",
  transferTo: "Transfer to",
  transferNote: "Note for them (optional)",
  transferSubmit: "Transfer",
  cancel: "Cancel",
  pending: "Set pending",
  transferredToYou: (from: string, note: string | null) => `Transferred to you by ${from}${note ? `: “${note}”` : ""}`,
  someone: "someone",
};

export function inboxDictionary(locale: Locale): InboxDictionary {
  return locale === "ja" ? ja : en;
}
