import type { OperatorRole } from "@kaiwa/shared";

/** Who is calling the domain. Every query is scoped by `workspaceId`, and a visitor's also by `visitorId`. */
export type Actor =
  | { kind: "visitor"; workspaceId: string; siteId: string; visitorId: string }
  | { kind: "operator"; workspaceId: string; operatorId: string; name: string; role: OperatorRole };
