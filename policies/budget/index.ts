/** The failover budget model: RTO, RPO and monthly cost from a resource graph. */
export * from "./assumptions";
export * from "./budget";
export * from "./failover-budget";
export * from "./capacity";
export * from "./graph";
export * from "./routing";
export * from "./stores";
export * from "./cost";
export * from "./usage";
export * from "./cost-compute";
export * from "./cost-data";
export * from "./cost-global";
export * from "./fixes";
