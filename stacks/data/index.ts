/**
 * The data layer of a regional stack: one file per data store (aurora.ts, rds.ts, dynamodb.ts,
 * s3.ts, each with its primary and secondary step), the table of them (stores.ts), the steps
 * every store shares (layer.ts) and the application's late binding to the stores (wiring.ts).
 */
export { globalClusterIdentifierFor } from "./aurora";
export { tableArnInRegion } from "./dynamodb";
export { primaryData, primaryMismatches, secondaryData, secretReplicaProblems } from "./layer";
export { rdsWriterRecordName } from "./rds";
export { dataStoreTable } from "./stores";
export { dataEndpointsOf, lateDataWiring, withDataWiring } from "./wiring";
export type { AppDataWiring, RegionalData } from "./wiring";
