export * from "./enums";
export * from "./organizations";
export * from "./catalog";
export * from "./codes";
export * from "./webhooks";
export * from "./consumers";
