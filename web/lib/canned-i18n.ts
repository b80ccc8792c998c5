// Strings of the canned responses settings page (/settings/canned), Japanese and English.
import type { Locale } from "./i18n";

const ja = {
  title: "定型文",
  intro: "よく使う返信を登録しておくと、返信欄で「/」に続けてショートカットを入力するだけで挿入できます。変更は開いているすべてのコンソールにすぐ反映されます。",
  placeholders: "使えるプレースホルダー：{{visitor.name}}（訪問者の名前）、{{visitor.email}}、{{operator.name}}（あなたの名前）",
  shortcut: "ショートカット",
  body: "本文",
  actions: "操作",
  edit: "編集",
  save: "保存",
  cancel: "キャンセル",
  remove: "削除",
  confirmRemove: (shortcut: string) => `「/${shortcut}」を削除しますか？`,
  add: "追加",
  addTitle: "定型文を追加",
  empty: "まだ定型文はありません。",
  shortcutHint: "半角英数字・_・- で 32 文字まで（日本語も可）",
  readOnly: "研修中のオペレーターは定型文を使えますが、編集はできません。",
};

export type CannedDictionary = typeof ja;

const en: CannedDictionary = {
  title: "Canned responses",
  intro: "Saved replies: type / and the shortcut in the reply box to insert one. Changes reach every open console at once.",
  placeholders: "Placeholders: {{visitor.name}} (the visitor's name), {{visitor.email}}, {{operator.name}} (your name)",
  shortcut: "Shortcut",
  body: "Text",
  actions: "Actions",
  edit: "Edit",
  save: "Save",
  cancel: "Cancel",
  remove: "Delete",
  confirmRemove: (shortcut: string) => `Delete "/${shortcut}"?`,
  add: "Add",
  addTitle: "Add a canned response",
  empty: "No canned responses yet.",
  shortcutHint: "Up to 32 letters, digits, _ or - (Japanese works too)",
  readOnly: "Trainees use canned responses but cannot change them.",
};

export function cannedDictionary(locale: Locale): CannedDictionary {
  return locale === "ja" ? ja : en;
}
