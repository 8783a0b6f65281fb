/**
 * replication-cross-region, one change at a time from a compliant deployment (issue #30:
 * mutation testing left how versioning is found, the Aurora replica checks and the global
 * database grouping without a test that fails): versioning inline, by a BucketVersioning that
 * names the bucket by name, id or ARN or depends on it, and its status; a cluster replica's
 * source region from its ARN or the cluster in view; clusters grouped by global database.
 */
import * as assert from "assert";
import { replicationCrossRegion } from "../../../policies/policies";
import { FixtureResource, runStackPolicy, unknownString } from "../harness";

const east = { region: "us-east-1" };
const west = { region: "us-west-2" };

const bucket = (
    name: string,
    provider: Record<string, unknown>,
    extra: Record<string, unknown> = {},
): FixtureResource => ({
    type: "aws:s3/bucket:Bucket",
    name,
    props: { bucket: name, id: `${name}-id`, arn: `arn:aws:s3:::${name}-arn`, ...extra },
    providerProps: provider,
});
const versioning = (
    target: string,
    status = "Enabled",
    type = "aws:s3/bucketVersioning:BucketVersioning",
): FixtureResource => ({
    type,
    name: `${target}-versioning`,
    props: { bucket: target, versioningConfiguration: { status } },
});
const replication = (ruleId?: string, bucketName = "src"): FixtureResource => ({
    type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    name: "crr",
    props: {
        bucket: bucketName,
        rules: [
            {
                ...(ruleId ? { id: ruleId } : {}),
                status: "Enabled",
                destination: { bucket: "arn:aws:s3:::dst-arn" },
            },
        ],
    },
    providerProps: east,
});
const unversioned = (role: string, name: string, rule = 'rule "all" of ') =>
    `Enable versioning on ${role} bucket "${name}" of ${rule}replication "crr" with an aws.s3.BucketVersioning whose status is Enabled: S3 replicates only from and to versioned buckets.`;

const run = (resources: FixtureResource[], config: Record<string, unknown> = {}) =>
    runStackPolicy(replicationCrossRegion, resources, config);

describe("replication-cross-region: versioning, Aurora replicas and global databases", () => {
    describe("versioning of both buckets", () => {
        const buckets = [bucket("src", east), bucket("dst", west)];
        it("a BucketVersioning naming the bucket by name, id or ARN", async () => {
            for (const [src, dst] of [
                ["src", "dst"],
                ["src-id", "dst-id"],
                ["arn:aws:s3:::src-arn", "arn:aws:s3:::dst-arn"],
            ]) {
                assert.deepStrictEqual(
                    (await run([...buckets, versioning(src), versioning(dst), replication("all")]))
                        .violations,
                    [],
                    src,
                );
            }
        });

        it("the V2 type, and a versioning that depends on the bucket", async () => {
            const v2 = "aws:s3/bucketVersioningV2:BucketVersioningV2";
            assert.deepStrictEqual(
                (
                    await run([
                        ...buckets,
                        versioning("src", "Enabled", v2),
                        versioning("dst"),
                        replication("all"),
                    ])
                ).violations,
                [],
            );
            const byDependency = {
                // A name the bucket does not have (a computed one): the dependency links them.
                ...versioning("computed-name"),
                name: "v",
                propertyDependencies: { bucket: ["src"] },
            };
            assert.deepStrictEqual(
                (await run([...buckets, byDependency, versioning("dst"), replication("all")]))
                    .violations,
                [],
            );
            const onOther = { ...byDependency, propertyDependencies: { bucket: ["dst"] } };
            assert.deepStrictEqual(
                (await run([...buckets, onOther, replication("all")])).violations,
                [unversioned("source", "src")],
            );
        });

        it("inline versioning on, off, or another resource naming the bucket", async () => {
            const inline = (enabled: boolean) => [
                bucket("src", east, { versioning: { enabled } }),
                bucket("dst", west, { versioning: { enabled: true } }),
                replication("all"),
            ];
            assert.deepStrictEqual((await run(inline(true))).violations, []);
            assert.deepStrictEqual((await run(inline(false))).violations, [
                unversioned("source", "src"),
            ]);
            assert.deepStrictEqual(
                (
                    await run([
                        ...buckets,
                        versioning("dst"),
                        {
                            ...versioning("src"),
                            type: "aws:s3/bucketPolicy:BucketPolicy",
                        },
                        replication("all"),
                    ])
                ).violations,
                [unversioned("source", "src")],
            );
        });

        it("Suspended is not Enabled; another bucket's versioning does not count", async () => {
            assert.deepStrictEqual(
                (
                    await run([
                        ...buckets,
                        versioning("src", "Suspended"),
                        versioning("dst"),
                        replication("all"),
                    ])
                ).violations,
                [unversioned("source", "src")],
            );
            assert.deepStrictEqual(
                (
                    await run([
                        ...buckets,
                        versioning("other"),
                        versioning("dst"),
                        replication("all"),
                    ])
                ).violations,
                [unversioned("source", "src")],
            );
        });

        it("a rule without an id is named by its configuration alone", async () =>
            assert.deepStrictEqual(
                (await run([...buckets, versioning("src"), replication()])).violations,
                [unversioned("destination", "dst", "")],
            ));

        it("a same-region destination whose source bucket is not in view names the configured bucket", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        {
                            ...bucket("dst", east),
                            props: { ...bucket("dst", east).props, versioning: { enabled: true } },
                        },
                        replication("all", "elsewhere"),
                    ])
                ).violations,
                [
                    'Move the destination of rule "all" of replication "crr" to another region: bucket "dst" is in us-east-1, the same region as source bucket "elsewhere", so a regional failure loses both copies. Create the destination bucket with a provider (or region) for the recovery region.',
                ],
            ));
    });

    describe("tables and their replicas", () => {
        it("a replica table in its source's region, from the table in view or the ARN", async () => {
            const message = (region: string) =>
                `Create DynamoDB table replica "r" in another region: it is in ${region}, the source table's own region, so it does not survive a regional failure.`;
            const replica = (arn: string, provider: Record<string, unknown>): FixtureResource => ({
                type: "aws:dynamodb/tableReplica:TableReplica",
                name: "r",
                props: { globalTableArn: arn },
                providerProps: provider,
            });
            // The table in view is in us-west-2 although its ARN says us-east-1: the table wins.
            const table: FixtureResource = {
                type: "aws:dynamodb/table:Table",
                name: "t",
                props: { name: "t", arn: "arn:aws:dynamodb:us-east-1:1:table/t" },
                providerProps: west,
            };
            assert.deepStrictEqual(
                (await run([table, replica("arn:aws:dynamodb:us-east-1:1:table/t", west)]))
                    .violations,
                [message("us-west-2")],
            );
            assert.deepStrictEqual(
                (await run([table, replica("arn:aws:dynamodb:us-east-1:1:table/t", east)]))
                    .violations,
                [],
            );
            assert.deepStrictEqual(
                (await run([replica("arn:aws:dynamodb:us-east-1:1:table/x", east)])).violations,
                [message("us-east-1")],
            );
        });

        it("replicas entries on a resource that is not a table are not judged", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        {
                            type: "aws:dynamodb/globalTable:GlobalTable",
                            name: "g",
                            props: { replicas: [{ regionName: "us-east-1" }] },
                            providerProps: east,
                        },
                    ])
                ).violations,
                [],
            ));
    });

    describe("Aurora cluster replicas", () => {
        const cluster = (
            name: string,
            provider: Record<string, unknown>,
            props: Record<string, unknown> = {},
        ): FixtureResource => ({
            type: "aws:rds/cluster:Cluster",
            name,
            props: {
                clusterIdentifier: name,
                arn: `arn:aws:rds:us-east-1:1:cluster:${name}`,
                ...props,
            },
            providerProps: provider,
        });
        const sameRegion = (source: string, region: string) =>
            `Create Aurora cluster "replica" in another region: its replicationSourceIdentifier ${JSON.stringify(source)} is in ${region} too, so the replica does not survive a regional failure.`;

        it("the source's region from its ARN", async () => {
            const arn = "arn:aws:rds:us-west-2:1:cluster:db";
            assert.deepStrictEqual(
                (await run([cluster("replica", west, { replicationSourceIdentifier: arn })]))
                    .violations,
                [sameRegion(arn, "us-west-2")],
            );
            assert.deepStrictEqual(
                (await run([cluster("replica", east, { replicationSourceIdentifier: arn })]))
                    .violations,
                [],
            );
        });

        it("the source's region from the cluster in view, by identifier", async () => {
            assert.deepStrictEqual(
                (
                    await run([
                        cluster("db", west),
                        cluster("replica", west, { replicationSourceIdentifier: "db" }),
                    ])
                ).violations,
                [sameRegion("db", "us-west-2")],
            );
            assert.deepStrictEqual(
                (
                    await run([
                        cluster("db", east),
                        cluster("replica", west, { replicationSourceIdentifier: "db" }),
                    ])
                ).violations,
                [],
            );
            // A source not in view and not an ARN: its region is unknown.
            assert.deepStrictEqual(
                (await run([cluster("replica", west, { replicationSourceIdentifier: "db" })]))
                    .violations,
                [],
            );
        });

        it("a cluster without a source, or whose region is unknown, is not a replica to judge", async () => {
            assert.deepStrictEqual(
                (await run([cluster("db", west), cluster("replica", west)])).violations,
                [],
            );
            assert.deepStrictEqual(
                (
                    await run([
                        cluster("db", west),
                        {
                            ...cluster("replica", west, { replicationSourceIdentifier: "db" }),
                            providerProps: undefined,
                        },
                    ])
                ).violations,
                [],
            );
        });
    });

    describe("global databases", () => {
        const member = (
            name: string,
            provider: Record<string, unknown>,
            props: Record<string, unknown>,
        ): FixtureResource => ({
            type: "aws:rds/cluster:Cluster",
            name,
            props: { clusterIdentifier: name, ...props },
            providerProps: provider,
        });
        const message = (names: string[], region: string) =>
            `Move the Aurora secondary ${names
                .slice(1)
                .map((n) => JSON.stringify(n))
                .join(
                    ", ",
                )} out of ${region}: clusters ${names.map((n) => JSON.stringify(n)).join(" and ")} of one global database are all in ${region}, so the global database has no copy in another region.`;

        it("three clusters of one global database in one region: the two secondaries named", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        member("a", east, { globalClusterIdentifier: "g" }),
                        member("b", east, { globalClusterIdentifier: "g" }),
                        member("c", east, { globalClusterIdentifier: "g" }),
                    ])
                ).violations,
                [message(["a", "b", "c"], "us-east-1")],
            ));

        it("a global cluster resource joins the clusters that name it", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        {
                            type: "aws:rds/globalCluster:GlobalCluster",
                            name: "g",
                            props: { globalClusterIdentifier: "g" },
                            providerProps: east,
                        },
                        member("a", east, { globalClusterIdentifier: "g" }),
                        member("b", east, { globalClusterIdentifier: "g" }),
                        member("c", west, { globalClusterIdentifier: "g" }),
                    ])
                ).violations,
                [message(["a", "b"], "us-east-1")],
            ));

        it("a cluster and its in-region read replica, with no global database: not this rule's", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        member("a", east, {}),
                        member("b", east, { replicationSourceIdentifier: "c" }),
                    ])
                ).violations,
                [],
            ));

        it("one member naming the global database makes the group global", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        member("a", east, {}),
                        member("b", east, {
                            replicationSourceIdentifier: "a",
                            globalClusterIdentifier: "g",
                        }),
                    ])
                ).violations,
                [
                    'Create Aurora cluster "b" in another region: its replicationSourceIdentifier "a" is in us-east-1 too, so the replica does not survive a regional failure.',
                    message(["a", "b"], "us-east-1"),
                ],
            ));

        it("a DocumentDB global cluster is not an Aurora global database", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        {
                            ...member("a", east, { globalClusterIdentifier: "g" }),
                            type: "aws:docdb/cluster:Cluster",
                        },
                        {
                            ...member("b", east, { globalClusterIdentifier: "g" }),
                            type: "aws:docdb/cluster:Cluster",
                        },
                    ])
                ).violations,
                [],
            ));
    });

    it("an unknown replica table ARN raises the SDK's unknown error", async () =>
        assert.rejects(
            run([
                {
                    type: "aws:dynamodb/tableReplica:TableReplica",
                    name: "r",
                    props: { globalTableArn: unknownString },
                    providerProps: east,
                },
            ]),
            /can't be known during preview/,
        ));

    describe("decoys and unknowns", () => {
        it("a versioning resource whose bucket is not known yet may be the bucket's: trusted", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        bucket("src", east),
                        bucket("dst", west),
                        versioning(unknownString),
                        versioning("dst"),
                        replication("all"),
                    ])
                ).violations,
                [],
            ));
        it("source and replica fields on other types are not judged", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        {
                            type: "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination",
                            name: "k",
                            props: { globalTableArn: "arn:aws:dynamodb:us-east-1:1:table/t" },
                            providerProps: east,
                        },
                        {
                            type: "aws:rds/instance:Instance",
                            name: "i",
                            props: {
                                replicationSourceIdentifier: "arn:aws:rds:us-east-1:1:cluster:db",
                            },
                            providerProps: east,
                        },
                    ])
                ).violations,
                [],
            ));
        it("a cluster replica with no region and a source of no known region is not judged", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        {
                            type: "aws:rds/cluster:Cluster",
                            name: "replica",
                            props: { replicationSourceIdentifier: "nowhere" },
                        },
                    ])
                ).violations,
                [],
            ));
    });
});
