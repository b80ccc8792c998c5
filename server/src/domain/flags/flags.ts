import type { Stage } from "../../stage";

/** Every feature flag the server knows. The key is what REST, sockets and the console check. */
export const FLAGS = {
  /** The feedback board: early-access users tell the product team what they think. */
  feedbackBoard: { earlyAccess: true, description: "Feedback board for early-access features and releases" },
  /** Release notes and the release calendar. Not early access: everyone may read what is coming. */
  releaseNotes: { earlyAccess: false, description: "Release notes and the release calendar" },
} as const satisfies Record<string, { earlyAccess: boolean; description: string }>;

export type FlagKey = keyof typeof FLAGS;
export const FLAG_KEYS = Object.keys(FLAGS) as FlagKey[];

/**
 * Default of an early-access flag on each stage: on where the next release is tried (staging, review apps) and
 * on developers' and test machines; off in production unless the workspace joined the program.
 */
export const EARLY_ACCESS_DEFAULT: Record<Stage, boolean> = {
  development: true,
  test: true,
  review: true,
  staging: true,
  production: false,
};

export type ResolvedFlags = Record<FlagKey, boolean>;

/** Resolve every flag for one workspace on one stage. Pure: the caller supplies the workspace's opt-in. */
export function resolveFlags(stage: Stage, ctx: { optedIn: boolean; productTeam?: boolean }): ResolvedFlags {
  const out = {} as ResolvedFlags;
  for (const key of FLAG_KEYS) {
    const flag = FLAGS[key];
    // The product team always sees its own early-access features, to answer feedback in production too.
    out[key] = !flag.earlyAccess || EARLY_ACCESS_DEFAULT[stage] || ctx.optedIn || !!ctx.productTeam;
  }
  return out;
}
