import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

const keyArn = (region: string) => `arn:aws:kms:${region}:123456789012:key/mrk-1`;
const kmsReplicateDoc = "https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html";
const createClusterDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html";
const deleteClusterDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html";
const globalDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-attaching.html";
const mrscDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html";

describe("AWS input constraints for the data layer", () => {
    describe("KMS keys and replicas", () => {
        const primary = (multiRegion: boolean) =>
            recorded(
                "aws:kms/key:Key",
                "key",
                { multiRegion },
                { outputs: { arn: keyArn("us-east-1") } },
            );
        const replica = (region: string) =>
            recorded(
                "aws:kms/replicaKey:ReplicaKey",
                "replica",
                { primaryKeyArn: keyArn("us-east-1") },
                { region },
            );

        it("accepts a replica of a multi-Region key in another region", () =>
            assert.deepStrictEqual(problems(replica("us-west-2"), [primary(true)]), []));
        it("rejects a replica of a single-Region key", () =>
            assert.deepStrictEqual(problems(replica("us-west-2"), [primary(false)]), [
                `primary key "key" is not a multi-Region key (multiRegion true); only multi-Region primary keys can be replicated (${kmsReplicateDoc})`,
            ]));
        it("rejects a replica in the primary key's region", () =>
            assert.deepStrictEqual(problems(replica("us-east-1"), [primary(true)]), [
                `replica is in us-east-1, the primary key's own region; a replica must be in another region (${kmsReplicateDoc})`,
            ]));
        it("rejects a deletion window and rotation period outside AWS's ranges", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:kms/key:Key", "key", {
                        deletionWindowInDays: 3,
                        rotationPeriodInDays: 30,
                    }),
                ),
                [
                    "deletionWindowInDays 3 must be an integer from 7 to 30 (https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html)",
                    "rotationPeriodInDays 30 must be an integer from 90 to 2560 (https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html)",
                ],
            ));
    });

    describe("Aurora global cluster, clusters and instances", () => {
        const global = recorded(
            "aws:rds/globalCluster:GlobalCluster",
            "global",
            {
                globalClusterIdentifier: "app-primary",
                engine: "aurora-postgresql",
                engineVersion: "16.6",
            },
            { outputs: { id: "app-primary" } },
        );
        const cluster = (change: Record<string, unknown>) =>
            recorded("aws:rds/cluster:Cluster", "cluster", {
                globalClusterIdentifier: "app-primary",
                engine: "aurora-postgresql",
                engineVersion: "16.6",
                backupRetentionPeriod: 7,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: "cluster-final",
                ...change,
            });

        it("accepts a cluster that matches its global cluster", () =>
            assert.deepStrictEqual(problems(cluster({}), [global]), []));
        it("rejects a global cluster without an Aurora engine and a bad identifier", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:rds/globalCluster:GlobalCluster", "g", {
                        globalClusterIdentifier: "1-bad--id",
                        engine: "postgres",
                    }),
                ),
                [
                    'globalClusterIdentifier "1-bad--id" must be 1 to 63 letters, digits or hyphens, start with a letter, and have no two consecutive hyphens and no trailing hyphen (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html)',
                    'engine "postgres" is required and must be an Aurora engine (aurora-mysql or aurora-postgresql) when no source cluster is given (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html)',
                ],
            ));
        it("rejects an engine version that differs from the global cluster's", () =>
            assert.deepStrictEqual(problems(cluster({ engineVersion: "15.4" }), [global]), [
                `engineVersion "15.4" differs from global cluster "app-primary"'s "16.6" (${globalDoc})`,
            ]));
        it("rejects backup retention outside 1 to 35 days", () =>
            assert.deepStrictEqual(problems(cluster({ backupRetentionPeriod: 0 }), [global]), [
                `backupRetentionPeriod 0 must be an integer from 1 to 35 (${createClusterDoc})`,
            ]));
        it("rejects keeping a final snapshot without naming it", () =>
            assert.deepStrictEqual(
                problems(cluster({ finalSnapshotIdentifier: undefined }), [global]),
                [
                    `skipFinalSnapshot is false, so deleting needs finalSnapshotIdentifier (${deleteClusterDoc})`,
                ],
            ));
        it("rejects a managed master password combined with a given one", () =>
            assert.deepStrictEqual(
                problems(
                    cluster({
                        globalClusterIdentifier: undefined,
                        manageMasterUserPassword: true,
                        masterPassword: "hunter2",
                    }),
                ),
                [
                    `manageMasterUserPassword cannot be combined with a master password; Secrets Manager generates it (${createClusterDoc})`,
                ],
            ));
        it("rejects a cluster instance whose engine differs from its cluster's", () => {
            const owner = recorded(
                "aws:rds/cluster:Cluster",
                "owner",
                { engine: "aurora-postgresql" },
                { outputs: { id: "owner-1" } },
            );
            assert.deepStrictEqual(
                problems(
                    recorded("aws:rds/clusterInstance:ClusterInstance", "i", {
                        clusterIdentifier: "owner-1",
                        engine: "aurora-mysql",
                    }),
                    [owner],
                ),
                [
                    'engine "aurora-mysql" differs from its cluster\'s "aurora-postgresql" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.CreateInstance.html)',
                ],
            );
        });
    });

    describe("RDS source of a read replica", () => {
        it("rejects a replica whose source has no automated backups", () => {
            const source = recorded(
                "aws:rds/instance:Instance",
                "source",
                { engine: "postgres", backupRetentionPeriod: 0 },
                { outputs: { arn: "arn:aws:rds:us-east-1:123456789012:db:source" } },
            );
            const replica = recorded(
                "aws:rds/instance:Instance",
                "replica",
                {
                    replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:source",
                    storageEncrypted: true,
                    kmsKeyId: keyArn("us-west-2"),
                    skipFinalSnapshot: true,
                },
                { region: "us-west-2" },
            );
            assert.deepStrictEqual(problems(replica, [source]), [
                'source instance "source" has backupRetentionPeriod 0; a read replica needs automated backups enabled on its source (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html)',
            ]);
        });
    });

    describe("S3 versioning and replication", () => {
        it("rejects a versioning status other than Enabled or Suspended", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:s3/bucketVersioning:BucketVersioning", "v", {
                        bucket: "b",
                        versioningConfiguration: { status: "On" },
                    }),
                ),
                [
                    'versioningConfiguration.status "On" must be Enabled or Suspended (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html)',
                ],
            ));

        const versioned = (bucket: string) =>
            recorded("aws:s3/bucketVersioning:BucketVersioning", `${bucket}-v`, {
                bucket,
                versioningConfiguration: { status: "Enabled" },
            });
        const replication = (name: string, stack: string, rule: Record<string, unknown>) =>
            recorded(
                "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                name,
                {
                    bucket: "src",
                    role: "arn:aws:iam::123456789012:role/r",
                    rules: [
                        {
                            id: "to-dst",
                            status: "Enabled",
                            destination: { bucket: "arn:aws:s3:::dst" },
                            ...rule,
                        },
                    ],
                },
                { stack, urn: `urn:pulumi:${stack}::proj::repl::${name}` },
            );

        it("rejects a second replication configuration for the same source bucket", () =>
            assert.deepStrictEqual(
                problems(replication("two", "secondary-euw1", {}), [
                    versioned("src"),
                    versioned("dst"),
                    replication("one", "secondary", {}),
                ]),
                [
                    'bucket "src" already has a replication configuration from secondary/one; S3 keeps one per bucket and each put replaces the last (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html)',
                ],
            ));
        it("rejects SSE-KMS replication without a replica key, and RTC minutes other than 15", () =>
            assert.deepStrictEqual(
                problems(
                    replication("one", "secondary", {
                        filter: {},
                        deleteMarkerReplication: { status: "Disabled" },
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: {
                            bucket: "arn:aws:s3:::dst",
                            replicationTime: { status: "Enabled", time: { minutes: 10 } },
                            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                        },
                    }),
                    [versioned("src"), versioned("dst")],
                ),
                [
                    'rule "to-dst" replicates SSE-KMS objects, so its destination needs encryptionConfiguration.replicaKmsKeyId (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html)',
                    'rule "to-dst" sets destination.replicationTime.time.minutes 10; the only valid value is 15 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html)',
                ],
            ));
    });

    describe("DynamoDB tables and replicas", () => {
        const table = (change: Record<string, unknown>) =>
            recorded("aws:dynamodb/table:Table", "t", {
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: keyArn("us-east-1") },
                ...change,
            });
        const strong = (region: string) => ({
            regionName: region,
            consistencyMode: "STRONG",
            kmsKeyArn: keyArn(region),
        });

        it("accepts an MRSC table over 3 regions", () =>
            assert.deepStrictEqual(
                problems(table({ replicas: [strong("us-east-2"), strong("us-west-2")] })),
                [],
            ));
        it("rejects an MRSC table over 2 regions, with TTL and an LSI", () =>
            assert.deepStrictEqual(
                problems(
                    table({
                        replicas: [strong("us-west-2")],
                        ttl: { attributeName: "exp", enabled: true },
                        localSecondaryIndexes: [{ name: "by-date", rangeKey: "date" }],
                    }),
                ),
                [
                    `an MRSC table spans exactly 3 regions (replicas plus witness), but this one spans 2: us-east-1, us-west-2 (${mrscDoc})`,
                    `MRSC tables do not support TTL (${mrscDoc})`,
                    `MRSC tables do not support local secondary indexes (${mrscDoc})`,
                ],
            ));
        it("rejects a PITR period outside 1 to 35 days and a replica key from another region", () =>
            assert.deepStrictEqual(
                problems(
                    table({
                        pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 40 },
                        replicas: [{ regionName: "us-west-2", kmsKeyArn: keyArn("us-east-1") }],
                    }),
                ),
                [
                    "pointInTimeRecovery.recoveryPeriodInDays 40 must be an integer from 1 to 35 (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html)",
                    `replica us-west-2 kmsKeyArn "${keyArn("us-east-1")}" is not in us-west-2; a table or replica is encrypted with a key of its own region (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ReplicaSettingsUpdate.html)`,
                ],
            ));
        it("rejects a table replica encrypted with a key of another region", () => {
            const source = table({});
            source.outputs.arn = "arn:aws:dynamodb:us-east-1:123456789012:table/t";
            assert.deepStrictEqual(
                problems(
                    recorded(
                        "aws:dynamodb/tableReplica:TableReplica",
                        "r",
                        { globalTableArn: source.outputs.arn, kmsKeyArn: keyArn("us-east-1") },
                        { region: "us-west-2" },
                    ),
                    [source],
                ),
                [
                    `replica kmsKeyArn "${keyArn("us-east-1")}" is not in us-west-2; a table or replica is encrypted with a key of its own region (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ReplicaSettingsUpdate.html)`,
                ],
            );
        });
    });
});
