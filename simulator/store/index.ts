// The simulated store's public surface, for the Admin API engine and a later control API.
export * from "./catalog";
export * from "./customers";
export * from "./fulfillment";
export * from "./ids";
export * from "./inventory";
export * from "./metafields";
export * from "./orders";
export * from "./store";
export * from "./tags";
export * from "./types";
