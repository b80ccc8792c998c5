import { ErrorCodes, type OperatorRole } from "@kaiwa/shared";
import type { Actor } from "../actor";
import { DomainError } from "../errors";

/** What a signed-in operator may ask for; each handler names one before it calls the domain. */
export type Action =
  /** Workspace and site settings: widget, early access, and later business hours, canned responses... */
  | "settings:change"
  /** Invite operators, change roles, deactivate. */
  | "operators:manage"
  | "audit:read"
  /** Send a message to a visitor directly (a trainee's reply is held as a draft instead). */
  | "message:send"
  /** Approve or reject a trainee's draft. */
  | "draft:review";

const ALLOWED: Record<Action, readonly OperatorRole[]> = {
  "settings:change": ["admin"],
  "operators:manage": ["admin"],
  "audit:read": ["admin"],
  "message:send": ["admin", "supervisor", "operator"],
  "draft:review": ["admin", "supervisor"],
};

/** True when the actor may do `action`; visitors may only send messages. */
export function can(actor: Actor, action: Action): boolean {
  if (actor.kind === "visitor") return action === "message:send";
  return ALLOWED[action].includes(actor.role);
}

/** Throw FORBIDDEN unless the actor may do `action`. */
export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw new DomainError(ErrorCodes.FORBIDDEN, `${actor.kind === "operator" ? actor.role : "visitor"} may not ${action}`);
}
