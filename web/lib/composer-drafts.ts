// What an operator has typed but not sent, per conversation: the reply, the internal note, and which of the two
// the box shows. Each conversation keeps its own, so text written for one customer never follows the operator to
// another, and a reload (or a closed tab) brings it back.
import { readStored, writeStored } from "./storage";
import { Store } from "./store";

export type ComposerMode = "reply" | "note";

export interface ComposerDraft {
  reply: string;
  note: string;
  mode: ComposerMode;
}

export const EMPTY_DRAFT: ComposerDraft = Object.freeze({ reply: "", note: "", mode: "reply" }) as ComposerDraft;

/** Where one conversation's draft is kept in this browser: per operator, so a shared computer does not mix them. */
export const draftKey = (operatorId: string, conversationId: string) => `kaiwa:draft:${operatorId}:${conversationId}`;

function parse(raw: string | null): ComposerDraft | null {
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Partial<ComposerDraft> | null;
    if (!d || typeof d !== "object") return null;
    return {
      reply: typeof d.reply === "string" ? d.reply : "",
      note: typeof d.note === "string" ? d.note : "",
      mode: d.mode === "note" ? "note" : "reply",
    };
  } catch {
    return null;
  }
}

/** The drafts of one operator, by conversation id; read from storage the first time a conversation asks. */
export class ComposerDrafts extends Store<Record<string, ComposerDraft>> {
  constructor(private readonly operatorId: string) {
    super({});
  }

  /** The draft of a conversation (empty when there is none). */
  get(conversationId: string): ComposerDraft {
    const held = this.state[conversationId];
    if (held) return held;
    const stored = parse(readStored(draftKey(this.operatorId, conversationId)));
    if (!stored) return EMPTY_DRAFT;
    // Remembered without notifying: this runs while rendering.
    this.state = { ...this.state, [conversationId]: stored };
    return stored;
  }

  /** Change part of a conversation's draft. */
  update(conversationId: string, patch: Partial<ComposerDraft>): void {
    const next = { ...this.get(conversationId), ...patch };
    this.setState({ [conversationId]: next });
    const empty = next.reply === "" && next.note === "" && next.mode === "reply";
    writeStored(draftKey(this.operatorId, conversationId), empty ? null : JSON.stringify(next));
  }

  /** Empty the reply or the note of a conversation (it was sent). */
  clear(conversationId: string, mode: ComposerMode): void {
    this.update(conversationId, { [mode]: "" });
  }
}
