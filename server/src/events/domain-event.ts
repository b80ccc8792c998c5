import { randomUUID } from "node:crypto";
import type { DomainEventData, DomainEventOf, DomainEventType, EventActor } from "@kaiwa/shared";
import type { Actor } from "../domain/actor";

/** The system itself as the cause of an event (automatic assignment, a consumer). */
export const SYSTEM_ACTOR: EventActor = { kind: "system", id: null, name: null };

/** The event actor of a domain caller. */
export function eventActor(actor: Actor | null): EventActor {
  if (!actor) return SYSTEM_ACTOR;
  return actor.kind === "operator"
    ? { kind: "operator", id: actor.operatorId, name: actor.name }
    : { kind: "visitor", id: actor.visitorId, name: null };
}

/** A new domain event of `type` in `workspaceId`, caused by `actor` (null: the system), now. */
export function domainEvent<T extends DomainEventType>(
  type: T,
  workspaceId: string,
  actor: Actor | EventActor | null,
  data: DomainEventData<T>,
  opts: { id?: string; occurredAt?: string } = {},
): DomainEventOf<T> {
  const by = actor && "workspaceId" in actor ? eventActor(actor) : (actor ?? SYSTEM_ACTOR);
  return {
    id: opts.id ?? randomUUID(),
    type,
    workspaceId,
    occurredAt: opts.occurredAt ?? new Date().toISOString(),
    actor: by,
    data,
  } as DomainEventOf<T>;
}
