import * as assert from "assert";
import {
    dataProtection,
    replicationCrossRegion,
    standbyCapacityMatchesStrategy,
} from "../../policies/policies";
import {
    FixtureResource,
    runResourcePolicy,
    runStackPolicy,
    unknownString,
    withChange,
} from "./harness";

const east = { region: "us-east-1" };
const west = { region: "us-west-2" };

function bucket(name: string, provider: Record<string, unknown>): FixtureResource {
    return {
        type: "aws:s3/bucket:Bucket",
        name,
        props: { bucket: name, arn: `arn:aws:s3:::${name}` },
        providerProps: provider,
    };
}
function versioning(name: string, provider: Record<string, unknown>): FixtureResource {
    return {
        type: "aws:s3/bucketVersioning:BucketVersioning",
        name: `${name}-versioning`,
        props: { bucket: name, versioningConfiguration: { status: "Enabled" } },
        providerProps: provider,
    };
}
const replicationConfig: FixtureResource = {
    type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    name: "assets-crr",
    props: {
        bucket: "assets",
        role: "arn:aws:iam::123456789012:role/crr",
        rules: [
            { id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::assets-usw2" } },
        ],
    },
    providerProps: east,
};
const s3Baseline = [
    bucket("assets", east),
    versioning("assets", east),
    bucket("assets-usw2", west),
    versioning("assets-usw2", west),
    replicationConfig,
];

describe("replication-cross-region", () => {
    it("passes cross-region S3 replication with versioning on both buckets", async () => {
        assert.deepStrictEqual(
            (await runStackPolicy(replicationCrossRegion, s3Baseline)).violations,
            [],
        );
    });

    it("reports an S3 destination in the source's region", async () => {
        const same = [
            ...s3Baseline.slice(0, 2),
            bucket("assets-usw2", east),
            versioning("assets-usw2", east),
            replicationConfig,
        ];
        assert.deepStrictEqual((await runStackPolicy(replicationCrossRegion, same)).violations, [
            'Move the destination of rule "all" of replication "assets-crr" to another region: bucket "assets-usw2" is in us-east-1, the same region as source bucket "assets", so a regional failure loses both copies. Create the destination bucket with a provider (or region) for the recovery region.',
        ]);
    });

    it("reports a destination bucket without versioning", async () => {
        const unversioned = s3Baseline.filter((r) => r.name !== "assets-usw2-versioning");
        assert.deepStrictEqual(
            (await runStackPolicy(replicationCrossRegion, unversioned)).violations,
            [
                'Enable versioning on destination bucket "assets-usw2" of rule "all" of replication "assets-crr" with an aws.s3.BucketVersioning whose status is Enabled: S3 replicates only from and to versioned buckets.',
            ],
        );
    });

    it("requires Replication Time Control when rpoSeconds is below 900", async () => {
        const outcome = await runStackPolicy(replicationCrossRegion, s3Baseline, {
            rpoSeconds: 300,
        });
        assert.deepStrictEqual(outcome.violations, [
            'Enable Replication Time Control (destination.replicationTime and destination.metrics, status Enabled) on rule "all" of replication "assets-crr": rpoSeconds is 300, and without RTC S3 gives no bound on replication time (RTC replicates 99.99% of objects within 15 minutes).',
        ]);
        const rtc = withChange(replicationConfig, "props.rules.0.destination.replicationTime", {
            status: "Enabled",
            time: { minutes: 15 },
        });
        assert.deepStrictEqual(
            (
                await runStackPolicy(replicationCrossRegion, [...s3Baseline.slice(0, 4), rtc], {
                    rpoSeconds: 300,
                })
            ).violations,
            [],
        );
    });

    it("reports DynamoDB replicas and Aurora secondaries in the source's region", async () => {
        const table: FixtureResource = {
            type: "aws:dynamodb/table:Table",
            name: "orders",
            props: {
                arn: "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                replicas: [{ regionName: "us-east-1" }],
            },
            providerProps: east,
        };
        const replica: FixtureResource = {
            type: "aws:dynamodb/tableReplica:TableReplica",
            name: "orders-replica",
            props: { globalTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/orders" },
            providerProps: east,
        };
        const clusters: FixtureResource[] = [
            {
                type: "aws:rds/cluster:Cluster",
                name: "db-a",
                props: { globalClusterIdentifier: "g" },
                providerProps: east,
            },
            {
                type: "aws:rds/cluster:Cluster",
                name: "db-b",
                props: { globalClusterIdentifier: "g" },
                providerProps: east,
            },
        ];
        assert.deepStrictEqual(
            (await runStackPolicy(replicationCrossRegion, [table, replica, ...clusters]))
                .violations,
            [
                'Set replicas regionName of DynamoDB table "orders" to a region other than us-east-1: a replica in the table\'s own region is not a cross-region copy.',
                'Create DynamoDB table replica "orders-replica" in another region: it is in us-east-1, the source table\'s own region, so it does not survive a regional failure.',
                'Move the Aurora secondary "db-b" out of us-east-1: clusters "db-a" and "db-b" of one global database are all in us-east-1, so the global database has no copy in another region.',
            ],
        );
        const fixed = [
            withChange(table, "props.replicas.0.regionName", "us-west-2"),
            { ...replica, providerProps: west },
            clusters[0],
            { ...clusters[1], providerProps: west },
        ];
        assert.deepStrictEqual(
            (await runStackPolicy(replicationCrossRegion, fixed)).violations,
            [],
        );
    });

    it("skips a rule whose destination is unknown during preview", async () => {
        const unknownDestination = withChange(
            replicationConfig,
            "props.rules.0.destination.bucket",
            unknownString,
        );
        assert.deepStrictEqual(
            (
                await runStackPolicy(replicationCrossRegion, [
                    ...s3Baseline.slice(0, 4),
                    unknownDestination,
                ])
            ).violations,
            [],
        );
    });
});

const service: FixtureResource = {
    type: "aws:ecs/service:Service",
    name: "api-usw2",
    props: { desiredCount: 1, tags: { Strategy: "warm-standby" } },
    providerProps: west,
};

describe("standby-capacity-matches-strategy", () => {
    it("passes a warm standby running one task", async () => {
        assert.deepStrictEqual(
            (await runResourcePolicy(standbyCapacityMatchesStrategy, service)).violations,
            [],
        );
    });

    it("reports a warm standby with 0 tasks", async () => {
        const outcome = await runResourcePolicy(
            standbyCapacityMatchesStrategy,
            withChange(service, "props.desiredCount", 0),
        );
        assert.deepStrictEqual(outcome.violations, [
            'Run at least one unit of ECS service "api-usw2" (desiredCount is 0): the warm-standby strategy serves users from this region as soon as it fails over; with none the region cold-starts on failover, which is active-passive, not warm-standby.',
        ]);
        // ECS's default desiredCount is 0.
        const unset = await runResourcePolicy(
            standbyCapacityMatchesStrategy,
            withChange(service, "props.desiredCount", undefined),
        );
        assert.strictEqual(unset.violations.length, 1);
    });

    it("reads the strategy from provider defaultTags (serialized, as the SDK sends them) or config", async () => {
        const untagged = withChange(
            withChange(service, "props.tags", undefined),
            "props.desiredCount",
            0,
        );
        const viaProvider = {
            ...untagged,
            providerProps: {
                region: "us-west-2",
                defaultTags: JSON.stringify({ tags: { Strategy: "active-active" } }),
            },
        };
        assert.match(
            (await runResourcePolicy(standbyCapacityMatchesStrategy, viaProvider)).violations[0],
            /the active-active strategy/,
        );
        assert.match(
            (
                await runResourcePolicy(standbyCapacityMatchesStrategy, untagged, {
                    strategy: "pilot-light",
                })
            ).violations[0],
            /a pilot light keeps a minimal core always on/,
        );
        assert.strictEqual(
            (await runResourcePolicy(standbyCapacityMatchesStrategy, untagged)).notApplicable,
            "no Strategy tag and no strategy in the policy config",
        );
    });

    it("lets an active-passive standby run nothing, but not a pilot light", async () => {
        const asg: FixtureResource = {
            type: "aws:autoscaling/group:Group",
            name: "web-usw2",
            props: { minSize: 0, maxSize: 4, desiredCapacity: 0, tags: [] },
            providerProps: {
                region: "us-west-2",
                defaultTags: { tags: { Strategy: "active-passive" } },
            },
        };
        assert.deepStrictEqual(
            (await runResourcePolicy(standbyCapacityMatchesStrategy, asg)).violations,
            [],
        );
        assert.deepStrictEqual(
            (
                await runResourcePolicy(
                    standbyCapacityMatchesStrategy,
                    withChange(asg, "providerProps.defaultTags", {
                        tags: { Strategy: "pilot-light" },
                    }),
                )
            ).violations,
            [
                'Run at least one unit of Auto Scaling group "web-usw2" (desiredCapacity is 0): a pilot light keeps a minimal core always on so that failover only scales it up; with none the region cold-starts on failover, which is active-passive, not pilot-light.',
            ],
        );
    });

    it("reports an unknown strategy and ignores other types", async () => {
        assert.deepStrictEqual(
            (
                await runResourcePolicy(
                    standbyCapacityMatchesStrategy,
                    withChange(service, "props.tags.Strategy", "hot"),
                )
            ).violations,
            [
                'Set the Strategy tag of ECS service "api-usw2" to one of active-passive, pilot-light, warm-standby, active-active: "hot" is not a DR strategy this policy knows, so its capacity cannot be checked.',
            ],
        );
        assert.match(
            (
                await runResourcePolicy(standbyCapacityMatchesStrategy, {
                    ...service,
                    type: "aws:s3/bucket:Bucket",
                })
            ).notApplicable ?? "",
            /^Policy only applies to compute/,
        );
    });

    it("raises the SDK's unknown error when the capacity is unknown during preview", async () => {
        await assert.rejects(
            runResourcePolicy(
                standbyCapacityMatchesStrategy,
                withChange(service, "props.desiredCount", unknownString),
            ),
            { message: "string value at .desiredCount can't be known during preview" },
        );
    });
});

const protectedStores: FixtureResource[] = [
    {
        type: "aws:rds/cluster:Cluster",
        name: "db",
        props: { deletionProtection: true, backupRetentionPeriod: 7, skipFinalSnapshot: false },
    },
    {
        type: "aws:dynamodb/table:Table",
        name: "orders",
        props: { deletionProtectionEnabled: true, pointInTimeRecovery: { enabled: true } },
    },
    bucket("assets", east),
    versioning("assets", east),
];

describe("data-protection", () => {
    it("passes protected stores", async () => {
        assert.deepStrictEqual(
            (await runStackPolicy(dataProtection, protectedStores)).violations,
            [],
        );
    });

    it("reports each missing protection with the bad value", async () => {
        const cases: [number, string, unknown, string][] = [
            [
                0,
                "props.deletionProtection",
                false,
                'Set deletionProtection to true on Aurora cluster "db": it is false, so one API call or a replaced resource deletes the database.',
            ],
            [
                0,
                "props.backupRetentionPeriod",
                undefined,
                'Raise backupRetentionPeriod on Aurora cluster "db" from 1 to 7 days or more: shorter retention can expire the last good backup before a bad write is noticed.',
            ],
            [
                0,
                "props.skipFinalSnapshot",
                true,
                'Set skipFinalSnapshot to false on Aurora cluster "db" and give a finalSnapshotIdentifier: deleting it now leaves no snapshot to restore from.',
            ],
            [
                1,
                "props.deletionProtectionEnabled",
                undefined,
                'Set deletionProtectionEnabled to true on DynamoDB table "orders": it is false, so a delete removes the table and its data.',
            ],
            [
                1,
                "props.pointInTimeRecovery.enabled",
                false,
                'Enable point-in-time recovery on DynamoDB table "orders" (pointInTimeRecovery.enabled: true): without it a bad write or delete cannot be rolled back, and replication copies it to every region.',
            ],
            [
                3,
                "props.versioningConfiguration.status",
                "Suspended",
                'Enable versioning on S3 bucket "assets" with an aws.s3.BucketVersioning whose status is Enabled: without it an overwrite or delete destroys the only copy, and S3 replication requires it.',
            ],
        ];
        for (const [index, path, value, message] of cases) {
            const stores = protectedStores.map((r, i) =>
                i === index ? withChange(r, path, value) : r,
            );
            assert.deepStrictEqual(
                (await runStackPolicy(dataProtection, stores)).violations,
                [message],
                path,
            );
        }
    });

    it("lets a read replica skip its final snapshot, which AWS cannot take, but not its source", async () => {
        const source: FixtureResource = {
            type: "aws:rds/instance:Instance",
            name: "source",
            props: {
                deletionProtection: true,
                backupRetentionPeriod: 7,
                skipFinalSnapshot: false,
                arn: "arn:aws:rds:us-east-1:123456789012:db:source",
            },
        };
        const replica: FixtureResource = {
            type: "aws:rds/instance:Instance",
            name: "replica",
            props: {
                deletionProtection: true,
                skipFinalSnapshot: true,
                replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:source",
            },
        };
        assert.deepStrictEqual(
            (await runStackPolicy(dataProtection, [source, replica])).violations,
            [],
        );
        assert.deepStrictEqual(
            (
                await runStackPolicy(dataProtection, [
                    withChange(source, "props.skipFinalSnapshot", true),
                    replica,
                ])
            ).violations,
            [
                'Set skipFinalSnapshot to false on RDS instance "source" and give a finalSnapshotIdentifier: deleting it now leaves no snapshot to restore from.',
            ],
        );
    });

    it("reads minBackupRetentionDays from config", async () => {
        assert.strictEqual(
            (await runStackPolicy(dataProtection, protectedStores, { minBackupRetentionDays: 14 }))
                .violations[0],
            'Raise backupRetentionPeriod on Aurora cluster "db" from 7 to 14 days or more: shorter retention can expire the last good backup before a bad write is noticed.',
        );
    });

    it("checks what it can and raises the SDK's unknown error for the rest", async () => {
        const stores = [
            withChange(protectedStores[0], "props.deletionProtection", unknownString),
            withChange(protectedStores[1], "props.deletionProtectionEnabled", false),
        ];
        const outcome = runStackPolicy(dataProtection, stores);
        await assert.rejects(outcome, {
            message: "string value at .deletionProtection can't be known during preview",
        });
    });
});
