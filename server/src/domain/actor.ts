import type { Operator, OperatorRole } from "@kaiwa/shared";

/** Who is calling the domain. Every query is scoped by `workspaceId`, and a visitor's also by `visitorId`. */
export type Actor =
  | { kind: "visitor"; workspaceId: string; siteId: string; visitorId: string }
  | { kind: "operator"; workspaceId: string; operatorId: string; name: string; role: OperatorRole };

/** The actor of a signed-in operator: named as on their messages (their display name, else their name). */
export function operatorActor(operator: Operator): Extract<Actor, { kind: "operator" }> {
  return { kind: "operator", workspaceId: operator.workspaceId, operatorId: operator.id, name: operator.displayName ?? operator.name, role: operator.role };
}
