// Japanese and English strings of the tags page (/settings/tags) and the console's tag suggestions.
import type { Locale } from "./i18n";

const ja = {
  title: "タグ",
  intro: "会話に付けるタグを色と説明つきで定義します。名前を変えると、そのタグが付いたすべての会話に反映されます。",
  adminOnly: "タグの作成・変更・削除は管理者のみできます。",
  name: "名前",
  color: "色",
  description: "説明",
  openConversations: "未解決の会話",
  createTitle: "タグを作成",
  create: "作成",
  edit: "編集",
  define: "定義する",
  save: "保存",
  merge: "統合する",
  cancel: "キャンセル",
  delete: "削除",
  confirmDelete: (name: string, n: number) =>
    n > 0 ? `「${name}」を削除し、${n} 件の未解決の会話を含むすべての会話から外しますか？` : `「${name}」を削除し、すべての会話から外しますか？`,
  deleteYes: "削除する",
  willMerge: (name: string) => `既存のタグ「${name}」に統合されます。`,
  duplicate: (name: string) => `タグ「${name}」はすでにあります。`,
  typedOnly: "未定義（会話で入力されただけのタグ）",
  empty: "まだタグはありません。",
  colorOf: (name: string) => `「${name}」の色`,
  suggestions: "定義済みのタグ",
};

type Dict = { [K in keyof typeof ja]: (typeof ja)[K] extends (...args: infer A) => string ? (...args: A) => string : string };

const en: Dict = {
  title: "Tags",
  intro: "Define the tags your team puts on conversations, with a colour and a description. Renaming a tag renames it on every conversation.",
  adminOnly: "Only admins can create, change or delete tags.",
  name: "Name",
  color: "Colour",
  description: "Description",
  openConversations: "Open conversations",
  createTitle: "Create a tag",
  create: "Create",
  edit: "Edit",
  define: "Define",
  save: "Save",
  merge: "Merge",
  cancel: "Cancel",
  delete: "Delete",
  confirmDelete: (name: string, n: number) =>
    n > 0 ? `Delete "${name}" and remove it from every conversation, ${n} of them open?` : `Delete "${name}" and remove it from every conversation?`,
  deleteYes: "Delete it",
  willMerge: (name: string) => `This merges it into the existing tag "${name}".`,
  duplicate: (name: string) => `The tag "${name}" already exists.`,
  typedOnly: "Not defined (only typed on conversations)",
  empty: "No tags yet.",
  colorOf: (name: string) => `Colour of "${name}"`,
  suggestions: "Defined tags",
};

export type TagsDictionary = Dict;

/** The tags strings in `locale`. */
export function tagsDictionary(locale: Locale): TagsDictionary {
  return locale === "ja" ? ja : en;
}
