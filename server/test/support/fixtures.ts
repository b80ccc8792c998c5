import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/client";
import type { Actor } from "../../src/domain/actor";
import { authenticateVisitor, openVisitorSession } from "../../src/domain/visitors/open-visitor-session";
import { createWorkspace } from "../../src/domain/workspaces/create-workspace";

export const PASSWORD = "correct horse battery staple";

/** A workspace with one site, an admin and an operator, all with PASSWORD. */
export async function seedWorkspace(db: Db, label = randomUUID().slice(0, 8)) {
  const { workspace, site, operators } = await createWorkspace(db, {
    name: `Workspace ${label}`,
    site: { name: `Site ${label}` },
    operators: [
      { email: `admin-${label}@example.com`, name: `Admin ${label}`, password: PASSWORD, role: "admin" },
      { email: `op-${label}@example.com`, name: `Operator ${label}`, password: PASSWORD, role: "operator" },
    ],
  });
  const [admin, operator] = operators as [(typeof operators)[0], (typeof operators)[0]];
  const operatorActor = (o = operator): Extract<Actor, { kind: "operator" }> => ({
    kind: "operator",
    workspaceId: workspace.id,
    operatorId: o.id,
    name: o.name,
    role: "operator",
  });
  return { workspace, site, admin, operator, operatorActor };
}

/** A new anonymous visitor on a site, with its token and actor. */
export async function newVisitor(db: Db, siteKey: string) {
  const session = await openVisitorSession(db, { siteKey });
  const actor = (await authenticateVisitor(db, siteKey, session.token)) as Extract<Actor, { kind: "visitor" }>;
  return { ...session, actor };
}

export const clientId = () => randomUUID();
