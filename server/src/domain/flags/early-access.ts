import { ErrorCodes, type DomainEventOf } from "@kaiwa/shared";
import { eq } from "drizzle-orm";
import { schema, type Db } from "../../db/client";
import type { Stage } from "../../stage";
import type { Actor } from "../actor";
import { domainEvent } from "../../events/domain-event";
import { recordEvents } from "../../events/record-events";
import { DomainError } from "../errors";
import { authorize } from "../operators/authorize";
import { FLAGS, resolveFlags, type FlagKey, type ResolvedFlags } from "./flags";

type OperatorActor = Extract<Actor, { kind: "operator" }>;

/** What the console needs to know about its workspace and the program. */
export interface EarlyAccessState {
  stage: Stage;
  optedIn: boolean;
  optedInAt: string | null;
  productTeam: boolean;
  flags: ResolvedFlags;
}

/** Whether the workspace is the product team's. */
export async function isProductTeam(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: schema.productTeamWorkspaces.workspaceId })
    .from(schema.productTeamWorkspaces)
    .where(eq(schema.productTeamWorkspaces.workspaceId, workspaceId));
  return !!row;
}

/** The workspace's program membership and every flag resolved for it on `stage`. */
export async function getEarlyAccess(db: Db, actor: OperatorActor, stage: Stage): Promise<EarlyAccessState> {
  const [[optIn], productTeam] = await Promise.all([
    db.select().from(schema.earlyAccessWorkspaces).where(eq(schema.earlyAccessWorkspaces.workspaceId, actor.workspaceId)),
    isProductTeam(db, actor.workspaceId),
  ]);
  return {
    stage,
    optedIn: !!optIn,
    optedInAt: optIn?.optedInAt.toISOString() ?? null,
    productTeam,
    flags: resolveFlags(stage, { optedIn: !!optIn, productTeam }),
  };
}

/** Join or leave the early-access program; admins only. */
export async function setEarlyAccess(
  db: Db,
  actor: OperatorActor,
  stage: Stage,
  input: { optedIn: boolean },
): Promise<{ state: EarlyAccessState; events: DomainEventOf<"early_access.changed">[] }> {
  authorize(actor, "settings:change");
  if (input.optedIn) {
    await db
      .insert(schema.earlyAccessWorkspaces)
      .values({ workspaceId: actor.workspaceId, optedInBy: actor.operatorId })
      .onConflictDoNothing();
  } else {
    await db.delete(schema.earlyAccessWorkspaces).where(eq(schema.earlyAccessWorkspaces.workspaceId, actor.workspaceId));
  }
  const state = await getEarlyAccess(db, actor, stage);
  const events = [domainEvent("early_access.changed", actor.workspaceId, actor, { optedIn: input.optedIn, feedbackBoard: state.flags.feedbackBoard })];
  await recordEvents(db, events);
  return { state, events };
}

/** Refuse unless `flag` is on for the actor's workspace: the server-side gate of REST and socket handlers. */
export async function assertFlag(db: Db, actor: OperatorActor, stage: Stage, flag: FlagKey): Promise<void> {
  const state = await getEarlyAccess(db, actor, stage);
  if (!state.flags[flag]) {
    throw new DomainError(ErrorCodes.FEATURE_DISABLED, `${flag} is not enabled for this workspace (${FLAGS[flag].description})`);
  }
}
