import { ErrorCodes, OPERATOR_ROLES } from "@kaiwa/shared";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/actor";
import { authorize, can, type Action } from "../../src/domain/operators/authorize";

const op = (role: (typeof OPERATOR_ROLES)[number]): Actor => ({ kind: "operator", workspaceId: "w", operatorId: "o", name: "n", role });
const visitor: Actor = { kind: "visitor", workspaceId: "w", siteId: "s", visitorId: "v" };

describe("authorize", () => {
  it("follows the role matrix of docs/accounts.md", () => {
    const matrix: Record<Action, string[]> = {
      "settings:change": ["admin"],
      "operators:manage": ["admin"],
      "audit:read": ["admin"],
      "message:send": ["admin", "supervisor", "operator"],
      "draft:review": ["admin", "supervisor"],
    };
    for (const [action, allowed] of Object.entries(matrix) as [Action, string[]][]) {
      expect(OPERATOR_ROLES.filter((r) => can(op(r), action)), action).toEqual(allowed);
    }
  });

  it("lets visitors only send, and throws FORBIDDEN otherwise", () => {
    expect(can(visitor, "message:send")).toBe(true);
    expect(can(visitor, "draft:review")).toBe(false);
    expect(() => authorize(op("trainee"), "message:send")).toThrow(expect.objectContaining({ code: ErrorCodes.FORBIDDEN }));
    expect(() => authorize(op("admin"), "settings:change")).not.toThrow();
  });
});
