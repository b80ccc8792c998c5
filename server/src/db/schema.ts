// The whole schema, by aggregate: tables/columns.ts (shared column helpers) -> tables/core.ts -> feature tables.
// drizzle-kit and the db client read this barrel; table files never import it.
export * from "./tables/core";
export * from "./tables/accounts";
export * from "./tables/inbox";
export * from "./tables/widget";
export * from "./tables/early-access";
export * from "./tables/outbox";
