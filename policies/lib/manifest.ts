/**
 * The data-store manifest: what a regional stack exports about its data so that other stacks,
 * the policies and the failover budget can reason about replication. The pack owns this format;
 * the program imports it, never the other way round.
 */

/** Kinds of store the manifest describes. */
export type ManifestStoreKind = "aurora" | "rds" | "dynamodb" | "s3";

/** How a store reaches other regions. */
export type ReplicationMode =
    | "aurora-global-database"
    | "rds-cross-region-replica"
    | "dynamodb-global-table"
    | "dynamodb-global-table-mrsc"
    | "s3-crr"
    | "s3-crr-rtc"
    | "none";

/** One data store (primary side) or replica (secondary side). */
export interface DataStoreManifestEntry {
    kind: ManifestStoreKind;
    /** Name or identifier of the store, e.g. a table name or cluster identifier. */
    identifier: string;
    /** ARN of the store in `region`. */
    arn: string;
    /** Region the store (or replica) lives in. */
    region: string;
    /** How data reaches other regions. */
    replication: ReplicationMode;
    /** For a replica, the ARN of the store it replicates. */
    sourceArn?: string;
}

/** The stack output name that carries the manifest. */
export const dataStoresOutputName = "dataStores";
