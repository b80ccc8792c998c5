// The API's own routes: health and its OpenAPI document.
import { z } from "zod";
import { defineRoute } from "./define-route";

/** `GET /api/health`: the database answers; which database and realtime adapter this node uses. */
export const ZHealth = z.object({
  ok: z.literal(true),
  /** e.g. `pglite:/app/.data/pglite` or `postgres://db.example.com/kaiwa` (no credentials). */
  database: z.string(),
  /** e.g. `in-process adapter (single node)` or `redis`. */
  bus: z.string(),
});

/** The OpenAPI 3.1 document of this API (only its outline is checked here). */
export const ZOpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
export type OpenApiDocument = z.infer<typeof ZOpenApiDocument>;

export const systemRoutes = {
  health: defineRoute({
    method: "get",
    path: "/api/health",
    summary: "The node answers and reaches its database",
    auth: "public",
    response: ZHealth,
  }),
  openapi: defineRoute({
    method: "get",
    path: "/api/openapi.json",
    summary: "This document: every REST route, generated from the declarations in shared/src/rest",
    description: "The document itself, not wrapped in `{ data }`.",
    auth: "public",
    response: ZOpenApiDocument,
    bare: true,
    cacheControl: "public, max-age=300",
  }),
};
