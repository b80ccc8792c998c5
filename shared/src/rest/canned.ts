// The workspace's canned responses: any operator reads them; trainees only use them.
import { z } from "zod";
import { ZCannedSaveSchema } from "../inbox";
import { ZCannedResponse } from "../models";
import { ZId } from "../schemas";
import { defineRoute } from "./define-route";

const editors = ["admin", "supervisor", "operator"] as const;
const byId = { params: z.object({ id: ZId }), paramsNotFound: "no such canned response" } as const;
const ZCannedBody = ZCannedSaveSchema.omit({ id: true });
const ZCannedAnswer = z.object({ canned: ZCannedResponse });

export const cannedRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/canned",
    summary: "The workspace's canned responses",
    auth: "operator",
    response: z.object({ canned: z.array(ZCannedResponse) }),
  }),
  create: defineRoute({
    method: "post",
    path: "/api/canned",
    summary: "Add a canned response; open consoles get `canned:changed`",
    auth: "operator",
    roles: editors,
    body: ZCannedBody,
    bodyLimit: "16kb",
    status: 201,
    response: ZCannedAnswer,
  }),
  update: defineRoute({
    method: "patch",
    path: "/api/canned/:id",
    summary: "Change a canned response's shortcut and body; open consoles get `canned:changed`",
    auth: "operator",
    roles: editors,
    ...byId,
    body: ZCannedBody,
    bodyLimit: "16kb",
    response: ZCannedAnswer,
  }),
  delete: defineRoute({
    method: "delete",
    path: "/api/canned/:id",
    summary: "Delete a canned response; open consoles get `canned:changed`",
    auth: "operator",
    roles: editors,
    ...byId,
    response: z.object({ id: z.uuid() }),
  }),
};
