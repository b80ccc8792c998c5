// Admin-defined tags of a workspace: the REST bodies of /api/tags and the shape the tags page and the console read.
import { z } from "zod";
import { zText } from "./text";
import { ZTag } from "./inbox";
import type { ZWorkspaceTag } from "./rest/tags";

/** The colour a tag gets when nobody chose one (the database default too). */
export const DEFAULT_TAG_COLOR = "#64748b";

/** A tag's colour: `#rrggbb` (what `<input type="color">` gives), stored lower-cased. */
export const ZTagColor = zText()
  .regex(/^#[0-9a-fA-F]{6}$/, "colour must be #rrggbb")
  .transform((s) => s.toLowerCase());

/** A tag's description: at most 200 characters; empty means none. */
export const ZTagDescription = zText()
  .trim()
  .max(200)
  .nullable()
  .transform((s) => (s ? s : null));

/** `POST /api/tags` (admins): define a tag (also one already typed on conversations). */
export const ZTagCreateBody = z.strictObject({
  name: ZTag,
  color: ZTagColor.optional(),
  description: ZTagDescription.optional(),
});
export type TTagCreateBody = z.infer<typeof ZTagCreateBody>;

/**
 * `PATCH /api/tags/:name` (admins): rename (every conversation of the workspace follows; a conversation that
 * already has the new name keeps it once), recolour, describe. Renaming onto another tag merges the two.
 */
export const ZTagPatchBody = z
  .strictObject({
    name: ZTag.optional(),
    color: ZTagColor.optional(),
    description: ZTagDescription.optional(),
  })
  .refine((b) => b.name !== undefined || b.color !== undefined || b.description !== undefined, "give a name, color or description");
export type TTagPatchBody = z.infer<typeof ZTagPatchBody>;

/** The `:name` of `/api/tags/:name`, normalised like every tag. */
export const ZTagName = ZTag;

/** One tag on the tags page and in the console's suggestions. */
export type WorkspaceTag = z.infer<typeof ZWorkspaceTag>;

/** What a rename or delete changed: each affected conversation with its tags now, for `conversation:tags`. */
export interface TagChange {
  tag: WorkspaceTag | null;
  conversations: { conversationId: string; tags: string[] }[];
}
