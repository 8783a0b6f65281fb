/**
 * The components as a library: every component class with its `*Args` type, and the pure
 * functions behind their decisions (capacity, network plan, routing plan, MRSC rules), so a
 * consumer can compose its own program from the same pieces the stacks in `stacks/` use.
 * Built to `dist/components/` by `npm run build`; see docs/library.md.
 */
export * from "./capacity";
export * from "./region/plan";
export * from "./region/regionalApplication";
export * from "./data/auroraGlobalDatabase";
export * from "./data/databaseCredentials";
export * from "./data/dataBindings";
export * from "./data/databaseNetwork";
export * from "./data/dynamoGlobalTable";
export * from "./data/dynamoTableReplica";
export * from "./data/mrsc";
export * from "./data/multiRegionKey";
export * from "./data/rdsCrossRegionReplica";
export * from "./data/s3ReplicatedBucket";
export * from "./data/s3Replication";
export * from "./data/secretsEndpoint";
export * from "./routing/plan";
export * from "./routing/regionHealthChecks";
export * from "./routing/regionSwitchPlan";
export * from "./routing/switchPlan";
export * from "./routing/dnsFailoverRecords";
export * from "./routing/dnsLatencyRecords";
export * from "./routing/globalAcceleratorRouting";
export * from "./routing/cloudFrontRouting";
export * from "./routing/arcRoutingControls";
export * from "./routing/rdsWriterRecords";
export * from "./routing/edgeGate";
export * from "./routing/globalRouting";
