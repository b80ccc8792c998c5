export * from "./limits";
export * from "./errors";
export * from "./types";
export * from "./schemas";
export * from "./events";
export * from "./parse";
export * from "./early-access";
