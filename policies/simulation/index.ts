/** The failover simulation: a discrete-event model of a deployment, played over standard scenarios. */
export * from "./model";
export * from "./rules";
export * from "./extract";
export * from "./state";
export * from "./lookup";
export * from "./events";
export * from "./runner";
export * from "./invariants";
export * from "./scenarios";
export * from "./simulate";
export * from "./explore";
