// The workspace's tags: any operator lists them, admins define, rename, recolour, describe and delete them.
import { z } from "zod";
import { ZTagCreateBody, ZTagPatchBody } from "../tags";
import { zText } from "../text";
import { ZTimestamp } from "../models";
import { defineRoute } from "./define-route";

/** One tag on the tags page and in the console's suggestions. */
export const ZWorkspaceTag = z.object({
  name: z.string(),
  /** Defined by an admin; false for a tag that is only typed on conversations. */
  defined: z.boolean(),
  /** `#rrggbb`; null when not defined. */
  color: z.string().nullable(),
  description: z.string().nullable(),
  /** Unresolved (open or pending) conversations carrying it. */
  openConversations: z.number().int(),
  createdAt: ZTimestamp.nullable(),
});

const admins = ["admin"] as const;
const byName = z.object({ name: zText().meta({ description: "The tag's name (compared trimmed and lower-cased)" }) });
/** How many conversations had the tag renamed or removed (each one's tags were pushed as `conversation:tags`). */
const conversations = z.number().int();

export const tagRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/tags",
    summary: "Defined tags and tags only typed on conversations, with their open conversation counts",
    auth: "operator",
    response: z.object({ tags: z.array(ZWorkspaceTag) }),
  }),
  create: defineRoute({
    method: "post",
    path: "/api/tags",
    summary: "Define a tag (also one already typed on conversations)",
    auth: "operator",
    roles: admins,
    body: ZTagCreateBody,
    bodyLimit: "16kb",
    response: z.object({ tag: ZWorkspaceTag }),
  }),
  update: defineRoute({
    method: "patch",
    path: "/api/tags/:name",
    summary: "Rename (every conversation follows; onto another tag merges the two), recolour or describe a tag",
    auth: "operator",
    roles: admins,
    params: byName,
    body: ZTagPatchBody,
    bodyLimit: "16kb",
    response: z.object({ tag: ZWorkspaceTag.nullable(), conversations }),
  }),
  delete: defineRoute({
    method: "delete",
    path: "/api/tags/:name",
    summary: "Delete a tag: removed from every conversation",
    auth: "operator",
    roles: admins,
    params: byName,
    response: z.object({ conversations }),
  }),
};
