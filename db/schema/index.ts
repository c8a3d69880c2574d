export * from "./enums";
export * from "./organizations";
export * from "./catalog";
export * from "./codes";
export * from "./webhooks";
export * from "./consumers";
export * from "./finance";
export * from "./analytics";
