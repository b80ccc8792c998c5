import type { DomainEventOf } from "@kaiwa/shared";
import { domainEvent } from "../../events/domain-event";
import type { Actor } from "../actor";

type Reason = DomainEventOf<"operator.sessions_ended">["data"]["reason"];

/** The room key of a session from its token's SHA-256: what `sessionRoomOfHash` addresses. */
export const sessionKey = (tokenHash: string) => tokenHash.slice(0, 32);

/** `operator.sessions_ended` for the sessions with these token hashes, or nothing when there are none. */
export function sessionsEnded(
  workspaceId: string,
  actor: Actor | null,
  operatorId: string | null,
  tokenHashes: string[],
  reason: Reason,
): DomainEventOf<"operator.sessions_ended">[] {
  if (tokenHashes.length === 0) return [];
  return [domainEvent("operator.sessions_ended", workspaceId, actor, { operatorId, sessions: tokenHashes.map(sessionKey), reason })];
}
