export * from "./alerts.js";
export * from "./attention.js";
export * from "./auth.js";
export * from "./commands.js";
export * from "./gate.js";
export * from "./media.js";
export * from "./seats.js";
export * from "./sites.js";
