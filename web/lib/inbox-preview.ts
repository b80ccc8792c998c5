// The line under a conversation in the inbox: who wrote the newest message, then what they wrote.
import type { Conversation } from "@kaiwa/shared";

export interface PreviewStrings {
  you: string;
  operator: string;
  bot: string;
  system: string;
  noMessages: string;
}

/** "You: …" only for your own reply, another operator's name for theirs, nothing before the visitor's words. */
export function previewLine(
  lastMessage: Conversation["lastMessage"],
  me: string,
  operatorNames: Record<string, string>,
  s: PreviewStrings,
): string {
  if (!lastMessage) return s.noMessages;
  const who =
    lastMessage.authorKind === "operator"
      ? lastMessage.authorId === me
        ? s.you
        : ((lastMessage.authorId && operatorNames[lastMessage.authorId]) || s.operator)
      : lastMessage.authorKind === "bot"
        ? s.bot
        : lastMessage.authorKind === "system"
          ? s.system
          : null;
  return who ? `${who}: ${lastMessage.body}` : lastMessage.body;
}
