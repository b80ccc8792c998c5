import type { OperatorRole } from "@kaiwa/shared";
import { schema, type Db } from "../../db/client";
import { hashPassword } from "../auth/password";
import { randomToken } from "../auth/tokens";

export interface NewWorkspace {
  name: string;
  site: { name: string; greeting?: string | null; color?: string };
  operators: { email: string; name: string; password: string; role: OperatorRole }[];
}

/** Create a workspace with its first site and operators, in one transaction. */
export async function createWorkspace(db: Db, input: NewWorkspace) {
  const hashes = await Promise.all(input.operators.map((o) => hashPassword(o.password)));
  return db.transaction(async (tx) => {
    const [workspace] = await tx.insert(schema.workspaces).values({ name: input.name }).returning();
    if (!workspace) throw new Error("workspace insert returned nothing");
    const [site] = await tx
      .insert(schema.sites)
      .values({
        workspaceId: workspace.id,
        name: input.site.name,
        publicKey: `site_${randomToken(12)}`,
        greeting: input.site.greeting ?? null,
        ...(input.site.color ? { color: input.site.color } : {}),
      })
      .returning();
    if (!site) throw new Error("site insert returned nothing");
    const operators = await tx
      .insert(schema.operators)
      .values(
        input.operators.map((o, i) => ({
          workspaceId: workspace.id,
          email: o.email.toLowerCase(),
          name: o.name,
          role: o.role,
          passwordHash: hashes[i] as string,
        })),
      )
      .returning({ id: schema.operators.id, email: schema.operators.email, name: schema.operators.name });
    return { workspace, site, operators };
  });
}
