// A timeline entry of a conversation as a sentence: who did what ("Ken transferred this to Aya").
import type { Activity } from "@kaiwa/shared";
import type { InboxDictionary } from "./inbox-i18n";

/** The sentence for `a`; `names` are the workspace's operators by id. */
export function describeActivity(a: Activity, names: Record<string, string>, ti: Pick<InboxDictionary, "activity" | "someone">): string {
  const t = ti.activity;
  const who = a.actorName ?? (a.actorId ? (names[a.actorId] ?? ti.someone) : t.system);
  if (a.kind === "status") {
    if (a.to === "pending") return t.pending(who);
    if (a.to === "resolved") return t.resolved(who);
    return t.reopened(who);
  }
  const to = a.operatorId ? (names[a.operatorId] ?? ti.someone) : ti.someone;
  switch (a.reason) {
    case "claim":
      return t.claim(who);
    case "auto":
      return t.auto(to);
    case "unassign":
      return t.unassign(who);
    case "transfer":
      return t.transfer(who, to);
    default:
      return t.assign(who, to);
  }
}
