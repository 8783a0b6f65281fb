/**
 * The one table of what the pack knows about each AWS type it reasons about. Every stateful type
 * has one row that drives all three data policies alike:
 *
 * - replication (`compute-requires-data-replication`, `replication-cross-region`): its `kind`,
 *   the way its copies reach another region, and the fix the pack suggests;
 * - protection (`data-protection`): what keeps one region's copy recoverable, or why nothing is
 *   required;
 * - coverage (`analysis-coverage`): a row without a `kind` is a store the pack knows holds data
 *   but cannot judge, and says so.
 *
 * Every compute type has one row too: a row with `serves` counts as compute (where it runs is
 * where users are served from); a row without is reported by `analysis-coverage`.
 *
 * docs/policy-pack.md prints both tables; test/policies/catalog.test.ts keeps them consistent.
 */
import * as t from "./types";

/** Kinds of data store the replication graph tracks. */
export type StoreKind =
    | "s3"
    | "dynamodb"
    | "aurora"
    | "rds"
    | "docdb"
    | "neptune"
    | "elasticache"
    | "efs"
    | "opensearch"
    | "dsql";

/** What keeps one copy of a store recoverable (each field names the input checked). */
export interface ProtectionRule {
    /** Input that must be `true` so one call cannot delete the store. */
    deletionProtection?: string;
    /** Days of automated backups: the input and AWS's default when it is unset. */
    backups?: { input: string; defaultDays: number };
    /** `skipFinalSnapshot` must not be true (except on a replica, which AWS never snapshots). */
    finalSnapshot?: boolean;
    /** Point-in-time recovery: the input path that must be `true`. */
    pointInTimeRecovery?: string[];
    /** S3 versioning (inline `versioning.enabled` or an `aws.s3.BucketVersioning`). */
    versioning?: boolean;
}

/** One stateful type. */
export interface StoreRow {
    type: string;
    label: string;
    /** How copies reach another region; unset: the pack has no model (analysis-coverage says so). */
    kind?: StoreKind;
    /** What data-protection requires, or why it requires nothing. */
    protection: ProtectionRule | { none: string };
}

/** Backups AWS keeps when `backupRetentionPeriod` is unset (RDS, Aurora, DocumentDB, Neptune). */
const oneDay = { input: "backupRetentionPeriod", defaultDays: 1 };
const database: ProtectionRule = {
    deletionProtection: "deletionProtection",
    backups: oneDay,
    finalSnapshot: true,
};
const globalContainer: ProtectionRule = { deletionProtection: "deletionProtection" };
const unmodelled = {
    none: "the pack has no model of this type: analysis-coverage names it instead of judging it",
};

export const storeTable: readonly StoreRow[] = [
    ...t.bucketTypes.map(
        (type): StoreRow => ({
            type,
            label: "S3 bucket",
            kind: "s3",
            protection: { versioning: true },
        }),
    ),
    {
        type: t.tableType,
        label: "DynamoDB table",
        kind: "dynamodb",
        protection: {
            deletionProtection: "deletionProtectionEnabled",
            pointInTimeRecovery: ["pointInTimeRecovery", "enabled"],
        },
    },
    {
        type: t.tableReplicaType,
        label: "DynamoDB table replica",
        kind: "dynamodb",
        protection: {
            deletionProtection: "deletionProtectionEnabled",
            pointInTimeRecovery: ["pointInTimeRecovery"],
        },
    },
    { type: t.clusterType, label: "Aurora cluster", kind: "aurora", protection: database },
    {
        type: t.globalClusterType,
        label: "Aurora global cluster",
        kind: "aurora",
        protection: globalContainer,
    },
    { type: t.dbInstanceType, label: "RDS instance", kind: "rds", protection: database },
    { type: t.docdbClusterType, label: "DocumentDB cluster", kind: "docdb", protection: database },
    {
        type: t.docdbGlobalClusterType,
        label: "DocumentDB global cluster",
        kind: "docdb",
        protection: globalContainer,
    },
    {
        type: t.neptuneClusterType,
        label: "Neptune cluster",
        kind: "neptune",
        protection: database,
    },
    {
        type: t.neptuneGlobalClusterType,
        label: "Neptune global database",
        kind: "neptune",
        protection: globalContainer,
    },
    {
        type: t.cacheReplicationGroupType,
        label: "ElastiCache replication group",
        kind: "elasticache",
        protection: {
            none: "a cache: what it holds is rebuilt from the store behind it, and a global datastore is its cross-region copy",
        },
    },
    {
        type: t.cacheGlobalDatastoreType,
        label: "ElastiCache global datastore",
        kind: "elasticache",
        protection: { none: "a container: its member replication groups hold the data" },
    },
    {
        type: t.efsFileSystemType,
        label: "EFS file system",
        kind: "efs",
        protection: {
            none: "EFS keeps no backups of its own to configure here; AWS Backup plans live outside the file system's inputs",
        },
    },
    ...t.openSearchDomainTypes.map(
        (type): StoreRow => ({
            type,
            label: "OpenSearch domain",
            kind: "opensearch",
            protection: {
                none: "OpenSearch Service takes hourly automated snapshots of every domain and keeps them 14 days; they cannot be turned off",
            },
        }),
    ),
    {
        type: t.dsqlClusterType,
        label: "Aurora DSQL cluster",
        kind: "dsql",
        protection: { deletionProtection: "deletionProtectionEnabled" },
    },
    // Stateful types the pack knows hold data but has no replication model for.
    ...[
        ["aws:redshift/cluster:Cluster", "Redshift cluster"],
        ["aws:redshiftserverless/namespace:Namespace", "Redshift Serverless namespace"],
        ["aws:memorydb/cluster:Cluster", "MemoryDB cluster"],
        ["aws:keyspaces/table:Table", "Keyspaces table"],
        ["aws:qldb/ledger:Ledger", "QLDB ledger"],
        ["aws:timestreamwrite/table:Table", "Timestream table"],
        ["aws:kinesis/stream:Stream", "Kinesis data stream"],
        ["aws:msk/cluster:Cluster", "MSK cluster"],
        ["aws:msk/serverlessCluster:ServerlessCluster", "MSK Serverless cluster"],
        ["aws:mq/broker:Broker", "Amazon MQ broker"],
        ["aws:elasticache/cluster:Cluster", "ElastiCache cluster"],
        ["aws:elasticache/serverlessCache:ServerlessCache", "ElastiCache Serverless cache"],
        ["aws:ebs/volume:Volume", "EBS volume"],
        ["aws:docdbelastic/cluster:Cluster", "DocumentDB elastic cluster"],
        ["aws:opensearch/serverlessCollection:ServerlessCollection", "OpenSearch collection"],
        ["aws:lightsail/database:Database", "Lightsail database"],
        ["aws:timestreaminfluxdb/dbInstance:DbInstance", "Timestream for InfluxDB instance"],
    ].map(([type, label]): StoreRow => ({ type, label, protection: unmodelled })),
];

/**
 * Types whose names say they hold data but that hold only metadata the program declares (a
 * schema, a catalog entry): rebuilt by the next deployment, so no policy treats them as data.
 */
export const metadataTypes: readonly { type: string; why: string }[] = [
    {
        type: "aws:glue/catalogDatabase:CatalogDatabase",
        why: "a Glue Data Catalog database: table definitions the program declares, not the data",
    },
    {
        type: "aws:glue/catalogTable:CatalogTable",
        why: "a Glue Data Catalog table: a schema and a location the program declares",
    },
    {
        type: "aws:athena/database:Database",
        why: "an Athena database: a Glue Data Catalog entry the program declares",
    },
];

/** One compute type. */
export interface ComputeRow {
    type: string;
    label: string;
    /**
     * Where it runs is where users are served from: it counts as compute in every policy. Unset:
     * the pack does not judge it, and analysis-coverage says so.
     */
    serves?: true;
}

export const computeTable: readonly ComputeRow[] = [
    { type: t.ecsServiceType, label: "ECS service", serves: true },
    { type: t.autoScalingGroupType, label: "Auto Scaling group", serves: true },
    { type: t.ec2InstanceType, label: "EC2 instance", serves: true },
    { type: t.lambdaFunctionType, label: "Lambda function", serves: true },
    { type: t.eksNodeGroupType, label: "EKS node group", serves: true },
    { type: t.appRunnerServiceType, label: "App Runner service", serves: true },
    { type: t.eksFargateProfileType, label: "EKS Fargate profile", serves: true },
    { type: t.batchComputeEnvironmentType, label: "Batch compute environment", serves: true },
    { type: t.beanstalkEnvironmentType, label: "Elastic Beanstalk environment", serves: true },
    { type: t.stateMachineType, label: "Step Functions state machine", serves: true },
    { type: "aws:lightsail/instance:Instance", label: "Lightsail instance", serves: true },
    {
        type: "aws:lightsail/containerService:ContainerService",
        label: "Lightsail container service",
        serves: true,
    },
    // Compute the pack recognises but does not judge.
    { type: "aws:sagemaker/endpoint:Endpoint", label: "SageMaker endpoint" },
    { type: "aws:gamelift/fleet:Fleet", label: "GameLift fleet" },
    { type: "aws:ec2/fleet:Fleet", label: "EC2 Fleet" },
    { type: "aws:ec2/spotFleetRequest:SpotFleetRequest", label: "Spot Fleet request" },
    { type: "aws:emr/cluster:Cluster", label: "EMR cluster" },
    { type: "aws:emrserverless/application:Application", label: "EMR Serverless application" },
    { type: "aws:mwaa/environment:Environment", label: "MWAA environment" },
    { type: "aws:ecs/taskSet:TaskSet", label: "ECS task set" },
];

const storeRows = new Map(storeTable.map((r) => [r.type, r]));
const computeRows = new Map(computeTable.map((r) => [r.type, r]));

/** The store row of `type`, if it is a stateful type the pack recognises. */
export function storeRow(type: string): StoreRow | undefined {
    return storeRows.get(type);
}

/** The compute row of `type`, if the pack recognises it as compute. */
export function computeRow(type: string): ComputeRow | undefined {
    return computeRows.get(type);
}

/** Type names that say a resource holds data (checked after the table). */
const statefulName = /:(\w*(Database|FileSystem|Ledger|Broker|Volume|Graph|DbInstance|DbCluster))$/;
/** Type names that say a resource runs code (checked after the table). */
const computeName = /:(\w*(StateMachine|ContainerService|ComputeEnvironment|NodeGroup))$/;

/**
 * Whether `type` holds data that the pack cannot judge: a table row without a replication model,
 * or an AWS type the table does not list whose name says it holds data.
 */
export function isUnjudgedStore(type: string): boolean {
    if (!type.startsWith("aws:") || metadataTypes.some((m) => m.type === type)) {
        return false;
    }
    const row = storeRow(type);
    return row ? row.kind === undefined : statefulName.test(type);
}

/** Whether `type` runs code that the pack does not count as compute. */
export function isUnjudgedCompute(type: string): boolean {
    if (!type.startsWith("aws:")) {
        return false;
    }
    const row = computeRow(type);
    return row ? row.serves === undefined : computeName.test(type);
}

/** Resources that run the application: where they run is where users are served from. */
export const computeTypes: readonly string[] = computeTable
    .filter((r) => r.serves)
    .map((r) => r.type);

/** Short, human names for types, used in violation messages. */
export const typeLabels: Readonly<Record<string, string>> = {
    ...Object.fromEntries(computeTable.map((r) => [r.type, r.label])),
    ...Object.fromEntries(storeTable.map((r) => [r.type, r.label])),
    [t.efsReplicationType]: "EFS replication configuration",
    [t.openSearchConnectionType]: "OpenSearch outbound connection",
    [t.dsqlPeeringType]: "Aurora DSQL cluster peering",
    [t.recordType]: "Route 53 record",
    [t.healthCheckType]: "Route 53 health check",
    ...Object.fromEntries(t.targetGroupTypes.map((type) => [type, "target group"])),
    [t.endpointGroupType]: "Global Accelerator endpoint group",
};

/** `<label> "<name>"`, e.g. `DynamoDB table "orders"`. */
export function describe(resource: { type: string; name: string }): string {
    return `${typeLabels[resource.type] ?? resource.type} ${JSON.stringify(resource.name)}`;
}
