/**
 * compute-requires-data-replication, entry by entry (issue #30: mutation testing left its
 * manifest matching, its StackReference heuristic and its hints without a test that fails):
 * each way a replica refers to a manifest entry, each place a replica can be, the outputs that
 * name a data store and those that do not, and the exact messages.
 */
import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { computeRequiresDataReplication } from "../../../policies/policies";
import {
    dataRegionsOfOutputs,
    replicaHint,
    replicaHints,
} from "../../../policies/rules/compute-requires-data-replication";
import { GraphResource } from "../../../policies/lib/replication";
import { FixtureResource, runStackPolicy, unknownString, urnOf } from "../harness";

const east = { region: "us-east-1" };
const west = { region: "us-west-2" };
const eu = { region: "eu-west-1" };

const service = (name: string, provider: Record<string, unknown>): FixtureResource => ({
    type: "aws:ecs/service:Service",
    name,
    props: { desiredCount: 2 },
    providerProps: provider,
});

const tableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";

/** A referenced stack exporting a manifest of `entries`. */
const reference = (entries: unknown[], name = "organization/app/primary"): FixtureResource => ({
    type: "pulumi:pulumi:StackReference",
    name,
    props: { name, outputs: { region: "us-east-1", dataStores: entries } },
});

const tableEntry = {
    kind: "dynamodb",
    identifier: "orders",
    arn: tableArn,
    region: "us-east-1",
    replication: "dynamodb-global-table",
};

const missingTable =
    'Replicate DynamoDB table "orders" from stack "organization/app/primary" into us-west-2; add an aws.dynamodb.TableReplica or a replicas entry there. Compute here runs in us-west-2 (ECS service "api-usw2"), but the store lives in us-east-1 and this stack has no replica of it in us-west-2.';

const run = (resources: FixtureResource[], config: Record<string, unknown> = {}) =>
    runStackPolicy(computeRequiresDataReplication, resources, config);

const graphResource = (type: string, props: Record<string, unknown>): GraphResource =>
    ({
        type,
        name: "t",
        urn: urnOf(type, "t"),
        props: unknownCheckingProxy(props),
    }) as GraphResource;

describe("compute-requires-data-replication: manifests, references and hints", () => {
    describe("replicaHint", () => {
        const streamsFirst = (hint: string) =>
            `set streamEnabled: true and streamViewType: "NEW_AND_OLD_IMAGES" on it (global tables replicate through the stream, and AWS refuses a replica of a table without one), then ${hint}`;
        const table = "aws:dynamodb/table:Table";
        const cases: [string, string, Record<string, unknown>, string][] = [
            [
                "a table with NEW_AND_OLD_IMAGES streams",
                table,
                { streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" },
                replicaHints.dynamodb,
            ],
            [
                "a table with KEYS_ONLY streams",
                table,
                { streamEnabled: true, streamViewType: "KEYS_ONLY" },
                streamsFirst(replicaHints.dynamodb),
            ],
            [
                "a table with streams off",
                table,
                { streamEnabled: false, streamViewType: "NEW_AND_OLD_IMAGES" },
                streamsFirst(replicaHints.dynamodb),
            ],
            ["a table without stream settings", table, {}, streamsFirst(replicaHints.dynamodb)],
            [
                "a table whose stream setting is unknown (preview)",
                table,
                { streamEnabled: unknownString, streamViewType: "KEYS_ONLY" },
                replicaHints.dynamodb,
            ],
            [
                "a DynamoDB store that is not a table",
                "aws:dynamodb/tableReplica:TableReplica",
                {},
                replicaHints.dynamodb,
            ],
        ];
        for (const [title, type, props, hint] of cases) {
            it(title, () =>
                assert.strictEqual(
                    replicaHint({ kind: "dynamodb", source: graphResource(type, props) }),
                    hint,
                ),
            );
        }
        it("every other kind: its own hint, whatever the source's props", () => {
            for (const kind of Object.keys(replicaHints) as (keyof typeof replicaHints)[]) {
                if (kind === "dynamodb") {
                    continue;
                }
                assert.strictEqual(
                    replicaHint({ kind, source: graphResource("aws:dynamodb/table:Table", {}) }),
                    replicaHints[kind],
                    kind,
                );
            }
        });
    });

    describe("dataRegionsOfOutputs", () => {
        const cases: [string, Record<string, unknown>, string[]][] = [
            ["a DynamoDB ARN: its region", { tableArn }, ["us-east-1"]],
            [
                "an S3 ARN (no region): the stack's region",
                { region: "eu-west-1", assets: "arn:aws:s3:::assets" },
                ["eu-west-1"],
            ],
            ["an S3 ARN without a region output: none", { assets: "arn:aws:s3:::assets" }, []],
            [
                "an SNS topic and a KMS key: no data store",
                {
                    region: "us-east-1",
                    topic: "arn:aws:sns:us-east-1:1:alarms",
                    key: "arn:aws:kms:us-east-1:1:key/k",
                },
                [],
            ],
            ['a bare "arn:": no service', { region: "us-east-1", ref: "arn:" }, []],
            [
                "a table name: the stack's region",
                { region: "us-west-2", tableName: "t" },
                ["us-west-2"],
            ],
            [
                "a bucket name: the stack's region",
                { region: "us-west-2", bucket: "b" },
                ["us-west-2"],
            ],
            [
                "a dbEndpoint: the stack's region",
                { region: "us-west-2", dbEndpoint: "h" },
                ["us-west-2"],
            ],
            ["another name: none", { region: "us-west-2", endpoint: "h" }, []],
            ["a table name without a region output: none", { tableName: "t" }, []],
            [
                "ARNs in a list",
                {
                    arns: ["arn:aws:dynamodb:us-west-2:1:table/a", "arn:aws:rds:eu-west-1:1:db:b"],
                },
                ["eu-west-1", "us-west-2"],
            ],
            [
                "a table name in a nested object",
                { region: "ap-south-1", data: { orders: { tableName: "t" } } },
                ["ap-south-1"],
            ],
            [
                "an ARN at depth 4 (the fifth key)",
                { a: { b: { c: { d: { e: "arn:aws:dynamodb:us-west-2:1:table/a" } } } } },
                ["us-west-2"],
            ],
            [
                "an ARN at depth 5: not read",
                { a: { b: { c: { d: { e: { f: "arn:aws:dynamodb:us-west-2:1:table/a" } } } } } },
                [],
            ],
            [
                "an ARN in a list at depth 4",
                { a: { b: { c: { d: ["arn:aws:dynamodb:us-west-2:1:table/a"] } } } },
                ["us-west-2"],
            ],
            [
                "an ARN in a list at depth 5: not read",
                { a: { b: { c: { d: { e: ["arn:aws:dynamodb:us-west-2:1:table/a"] } } } } },
                [],
            ],
            ["null and numbers: none", { region: "us-east-1", table: null, count: 3 }, []],
        ];
        for (const [title, outputs, regions] of cases) {
            it(title, () =>
                assert.deepStrictEqual([...dataRegionsOfOutputs(outputs)].sort(), regions),
            );
        }
        it("every data service's ARN names its region", () => {
            for (const service of [
                "dynamodb",
                "rds",
                "elasticache",
                "elasticfilesystem",
                "es",
                "aoss",
                "dsql",
                "docdb-elastic",
                "neptune-graph",
                "memorydb",
                "redshift",
                "cassandra",
            ]) {
                assert.deepStrictEqual(
                    [...dataRegionsOfOutputs({ x: `arn:aws:${service}:eu-north-1:1:thing/a` })],
                    ["eu-north-1"],
                    service,
                );
            }
        });
    });

    describe("a referenced stack's manifest", () => {
        const withReplica = async (replica: FixtureResource, entry: object = tableEntry) =>
            (await run([reference([entry]), service("api-usw2", west), replica])).violations;

        it("a TableReplica refers to the table by ARN, name, /name or :name", async () => {
            for (const ref of [tableArn, "orders", "x/orders", "x:orders"]) {
                assert.deepStrictEqual(
                    await withReplica({
                        type: "aws:dynamodb/tableReplica:TableReplica",
                        name: "r",
                        props: { globalTableArn: ref },
                        providerProps: west,
                    }),
                    [],
                    ref,
                );
            }
        });

        it("a TableReplica of another table, or in a third region, is no replica", async () => {
            for (const [ref, provider] of [
                ["arn:aws:dynamodb:us-east-1:123456789012:table/orders2", west],
                ["xorders", west],
                [tableArn, eu],
            ] as const) {
                assert.deepStrictEqual(
                    await withReplica({
                        type: "aws:dynamodb/tableReplica:TableReplica",
                        name: "r",
                        props: { globalTableArn: ref },
                        providerProps: provider,
                    }),
                    [missingTable],
                    ref,
                );
            }
        });

        const auroraEntry = {
            kind: "aurora",
            identifier: "db",
            arn: "arn:aws:rds:us-east-1:1:cluster:db",
            region: "us-east-1",
        };
        const cluster = (props: Record<string, unknown>, provider = west): FixtureResource => ({
            type: "aws:rds/cluster:Cluster",
            name: "db-usw2",
            props,
            providerProps: provider,
        });
        const missingAurora = (kind: string) =>
            `Replicate ${kind} "db" from stack "organization/app/primary" into us-west-2; ${kind === "Aurora cluster" ? "add a secondary cluster there to an Aurora global database" : "add a cross-region read replica with replicateSourceDb there"}. Compute here runs in us-west-2 (ECS service "api-usw2"), but the store lives in us-east-1 and this stack has no replica of it in us-west-2.`;

        it("a cluster replicates the manifest's Aurora cluster by source, by global cluster, or by being in any global database", async () => {
            for (const props of [
                { replicationSourceIdentifier: auroraEntry.arn },
                { globalClusterIdentifier: "db" },
                { globalClusterIdentifier: "global-orders" },
            ]) {
                assert.deepStrictEqual(
                    await withReplica(cluster(props), auroraEntry),
                    [],
                    JSON.stringify(props),
                );
            }
            assert.deepStrictEqual(
                await withReplica(cluster({ globalClusterIdentifier: "db" }, eu), auroraEntry),
                [missingAurora("Aurora cluster")],
            );
            assert.deepStrictEqual(await withReplica(cluster({}), auroraEntry), [
                missingAurora("Aurora cluster"),
            ]);
        });

        it("membership in an unrelated global database replicates no RDS instance", async () => {
            const rdsEntry = { ...auroraEntry, kind: "rds", arn: "arn:aws:rds:us-east-1:1:db:db" };
            assert.deepStrictEqual(
                await withReplica(cluster({ globalClusterIdentifier: "global-orders" }), rdsEntry),
                [missingAurora("RDS instance")],
            );
            assert.deepStrictEqual(
                await withReplica(cluster({ replicationSourceIdentifier: "db" }), rdsEntry),
                [],
            );
        });

        it("an RDS instance replicates by replicateSourceDb, in the compute's region", async () => {
            const rdsEntry = { ...auroraEntry, kind: "rds", arn: "arn:aws:rds:us-east-1:1:db:db" };
            const instance = (
                props: Record<string, unknown>,
                provider = west,
            ): FixtureResource => ({
                type: "aws:rds/instance:Instance",
                name: "db-usw2",
                props,
                providerProps: provider,
            });
            assert.deepStrictEqual(
                await withReplica(instance({ replicateSourceDb: rdsEntry.arn }), rdsEntry),
                [],
            );
            assert.deepStrictEqual(
                await withReplica(instance({ replicateSourceDb: rdsEntry.arn }, eu), rdsEntry),
                [missingAurora("RDS instance")],
            );
            assert.deepStrictEqual(
                await withReplica(instance({ replicateSourceDb: "other" }), rdsEntry),
                [missingAurora("RDS instance")],
            );
        });

        it("an S3 replication of the bucket into the compute's region covers it, into another does not", async () => {
            const bucketEntry = {
                kind: "s3",
                identifier: "assets",
                arn: "arn:aws:s3:::assets",
                region: "us-east-1",
            };
            const stores = (destinationRegion: Record<string, unknown>, bucket = "assets") => [
                {
                    type: "aws:s3/bucket:Bucket",
                    name: "assets-copy",
                    props: { bucket: "assets-copy", arn: "arn:aws:s3:::assets-copy" },
                    providerProps: destinationRegion,
                },
                {
                    type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                    name: "crr",
                    props: {
                        bucket,
                        rules: [
                            {
                                id: "all",
                                status: "Enabled",
                                destination: { bucket: "arn:aws:s3:::assets-copy" },
                            },
                        ],
                    },
                    providerProps: east,
                },
            ];
            const violations = async (resources: FixtureResource[]) =>
                (await run([reference([bucketEntry]), service("api-usw2", west), ...resources]))
                    .violations;
            const missing =
                'Replicate S3 bucket "assets" from stack "organization/app/primary" into us-west-2; add an aws.s3.BucketReplicationConfig rule to a bucket there. Compute here runs in us-west-2 (ECS service "api-usw2"), but the store lives in us-east-1 and this stack has no replica of it in us-west-2.';
            assert.deepStrictEqual(await violations(stores(west)), []);
            assert.deepStrictEqual(await violations(stores(west, "arn:aws:s3:::assets")), []);
            assert.deepStrictEqual(await violations(stores(eu)), [missing]);
            assert.deepStrictEqual(await violations(stores(west, "logs")), [missing]);
        });

        it("the manifest's own replica entry, or the stack's exported one, covers the region", async () => {
            const replicaEntry = (region: string, sourceArn: string) => ({
                ...tableEntry,
                identifier: "orders-replica",
                arn: `arn:aws:dynamodb:${region}:123456789012:table/orders`,
                region,
                sourceArn,
            });
            const withEntries = async (entries: unknown[], extra: FixtureResource[] = []) =>
                (await run([reference(entries), service("api-usw2", west), ...extra])).violations;
            assert.deepStrictEqual(
                await withEntries([tableEntry, replicaEntry("us-west-2", tableArn)]),
                [],
            );
            // A replica elsewhere, or of another table, covers nothing here (and is no store of
            // its own to replicate).
            assert.deepStrictEqual(
                await withEntries([tableEntry, replicaEntry("eu-west-1", tableArn)]),
                [missingTable],
            );
            assert.deepStrictEqual(
                await withEntries([tableEntry, replicaEntry("us-west-2", `${tableArn}2`)]),
                [missingTable],
            );
            const stack = (props: Record<string, unknown>): FixtureResource => ({
                type: "pulumi:pulumi:Stack",
                name: "proj-secondary",
                props,
            });
            const exported = [replicaEntry("us-west-2", tableArn)];
            assert.deepStrictEqual(
                await withEntries([tableEntry], [stack({ dataStores: exported })]),
                [],
            );
            assert.deepStrictEqual(
                await withEntries([tableEntry], [stack({ outputs: { dataStores: exported } })]),
                [],
            );
            // The same shape on a resource that is not the stack is not this stack's manifest.
            assert.deepStrictEqual(
                await withEntries(
                    [tableEntry],
                    [{ ...stack({ dataStores: exported }), type: "aws:s3/bucket:Bucket" }],
                ),
                [missingTable],
            );
        });

        it("a replica names the table by its ARN even when the manifest's identifier is another name", async () => {
            const entry = { ...tableEntry, identifier: "orders-prod" };
            const replica = (ref: string): FixtureResource => ({
                type: "aws:dynamodb/tableReplica:TableReplica",
                name: "r",
                props: { globalTableArn: ref },
                providerProps: west,
            });
            assert.deepStrictEqual(await withReplica(replica(tableArn), entry), []);
            assert.deepStrictEqual(
                await withReplica(replica("arn:aws:s3:::orders-prod"), entry),
                [],
            );
            assert.deepStrictEqual(await withReplica(replica("orders"), entry), [
                missingTable.replace('"orders"', '"orders-prod"'),
            ]);
        });

        it("replicateSourceDb on a resource that is not a DB instance, or a replica not known yet, is no replica", async () => {
            assert.deepStrictEqual(
                await withReplica({
                    type: "aws:s3/bucket:Bucket",
                    name: "b",
                    props: { replicateSourceDb: tableArn },
                    providerProps: west,
                }),
                [missingTable],
            );
            assert.deepStrictEqual(
                await withReplica({
                    type: "aws:dynamodb/tableReplica:TableReplica",
                    name: "r",
                    props: { globalTableArn: unknownString },
                    providerProps: west,
                }),
                [missingTable],
            );
        });

        it("the stack's own exported manifest is not a reference to judge", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        {
                            type: "pulumi:pulumi:Stack",
                            name: "proj-secondary",
                            props: {
                                name: "organization/app/primary",
                                outputs: { dataStores: [tableEntry] },
                            },
                        },
                        service("api-usw2", west),
                    ])
                ).violations,
                [],
            ));

        it("skips malformed entries, and names unknown kinds plainly", async () => {
            const entries = [
                { ...tableEntry, kind: undefined },
                { ...tableEntry, arn: undefined },
                { ...tableEntry, region: undefined },
                {
                    kind: "efs",
                    arn: "arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1",
                    region: "us-east-1",
                },
                {
                    kind: "ledger",
                    identifier: "l",
                    arn: "arn:aws:qldb:us-east-1:1:ledger/l",
                    region: "us-east-1",
                },
            ];
            assert.deepStrictEqual(
                (await run([reference(entries), service("api-usw2", west)])).violations,
                [
                    'Replicate efs "arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1" from stack "organization/app/primary" into us-west-2; add an aws.efs.ReplicationConfiguration whose destination is there. Compute here runs in us-west-2 (ECS service "api-usw2"), but the store lives in us-east-1 and this stack has no replica of it in us-west-2.',
                    'Replicate ledger "l" from stack "organization/app/primary" into us-west-2; add a replica there. Compute here runs in us-west-2 (ECS service "api-usw2"), but the store lives in us-east-1 and this stack has no replica of it in us-west-2.',
                ],
            );
        });

        it("judges every compute region but the store's own, in order, naming each region's compute", async () => {
            const outcome = await run([
                service("api-usw2", west),
                service("worker-usw2", west),
                service("api-euw1", eu),
                service("api-use1", east),
                reference([tableEntry]),
            ]);
            assert.deepStrictEqual(outcome.violations, [
                'Replicate DynamoDB table "orders" from stack "organization/app/primary" into eu-west-1; add an aws.dynamodb.TableReplica or a replicas entry there. Compute here runs in eu-west-1 (ECS service "api-euw1"), but the store lives in us-east-1 and this stack has no replica of it in eu-west-1.',
                'Replicate DynamoDB table "orders" from stack "organization/app/primary" into us-west-2; add an aws.dynamodb.TableReplica or a replicas entry there. Compute here runs in us-west-2 (ECS service "api-usw2", ECS service "worker-usw2"), but the store lives in us-east-1 and this stack has no replica of it in us-west-2.',
            ]);
            assert.deepStrictEqual(outcome.urns, [
                urnOf("pulumi:pulumi:StackReference", "organization/app/primary"),
                urnOf("pulumi:pulumi:StackReference", "organization/app/primary"),
            ]);
        });

        it("a reference to a stack of the deployment analyzed as a whole is not judged again", async () => {
            const deployment = {
                self: "secondary",
                stacks: [
                    { stack: "primary", fullName: "organization/app/primary", resources: [] },
                    { stack: "secondary", fullName: "organization/app/secondary", resources: [] },
                ],
            };
            const resources = [reference([tableEntry]), service("api-usw2", west)];
            assert.deepStrictEqual((await run(resources)).violations, [missingTable]);
            assert.deepStrictEqual((await run(resources, { deployment })).violations, []);
        });

        it("an unknown manifest raises the SDK's unknown error", async () => {
            await assert.rejects(
                run([
                    {
                        ...reference([]),
                        props: { name: "organization/app/primary", outputs: unknownString },
                    },
                    service("api-usw2", west),
                ]),
                /can't be known during preview/,
            );
        });
    });

    describe("a reference without a manifest", () => {
        const ref = (outputs: Record<string, unknown>): FixtureResource => ({
            type: "pulumi:pulumi:StackReference",
            name: "acme/db/prod",
            props: { name: "acme/db/prod", outputs },
        });
        const message = (region: string, compute: string, stores: string) =>
            `Add a data-store replica in ${region}, or export a "dataStores" manifest from stack "acme/db/prod": compute here runs in ${region} (${compute}) and reads data stores of that stack, which are in ${stores}, through a StackReference, and this stack replicates no data store into ${region}, so it cannot serve when ${stores} fails.`;

        it("outputs that name no data store: no dependency", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        ref({ region: "us-east-1", topicArn: "arn:aws:sns:us-east-1:1:t" }),
                        service("api-usw2", west),
                    ])
                ).violations,
                [],
            ));

        it("stores in two regions, compute in a third and in one of them: the third is named", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        ref({
                            b: "arn:aws:dynamodb:us-west-2:1:table/b",
                            a: "arn:aws:dynamodb:eu-west-1:1:table/a",
                            c: "arn:aws:dynamodb:ap-south-1:1:table/c",
                        }),
                        service("api-use1", east),
                        service("api-usw2", west),
                    ])
                ).violations,
                [
                    message(
                        "us-east-1",
                        'ECS service "api-use1"',
                        "ap-south-1, eu-west-1 and us-west-2",
                    ),
                ],
            ));

        it("a replica resource of this stack in the region covers it, even beside its source", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        ref({ tableArn }),
                        service("api-usw2", west),
                        {
                            type: "aws:dynamodb/table:Table",
                            name: "local",
                            props: {
                                name: "local",
                                arn: "arn:aws:dynamodb:us-west-2:1:table/local",
                            },
                            providerProps: west,
                        },
                        {
                            type: "aws:rds/instance:Instance",
                            name: "copy",
                            props: { replicateSourceDb: "arn:aws:rds:us-west-2:1:db:src" },
                            providerProps: west,
                        },
                        {
                            type: "aws:rds/instance:Instance",
                            name: "src",
                            props: { identifier: "src", arn: "arn:aws:rds:us-west-2:1:db:src" },
                            providerProps: west,
                        },
                    ])
                ).violations,
                [],
            ));

        it("each compute region without a copy, in order", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        ref({ tableArn: "arn:aws:dynamodb:ap-south-1:1:table/t" }),
                        service("api-usw2", west),
                        service("api-euw1", eu),
                    ])
                ).violations,
                [
                    message("eu-west-1", 'ECS service "api-euw1"', "ap-south-1"),
                    message("us-west-2", 'ECS service "api-usw2"', "ap-south-1"),
                ],
            ));

        it("a store this stack replicates into the region covers it; one only there does not", async () => {
            const deps = ref({ tableArn });
            const replicated: FixtureResource = {
                type: "aws:dynamodb/table:Table",
                name: "sessions",
                props: { name: "sessions", replicas: [{ regionName: "us-west-2" }] },
                providerProps: east,
            };
            const localOnly: FixtureResource = {
                ...replicated,
                props: { name: "sessions" },
                providerProps: west,
            };
            assert.deepStrictEqual(
                (await run([deps, service("api-usw2", west), replicated])).violations,
                [],
            );
            assert.deepStrictEqual(
                (await run([deps, service("api-usw2", west), localOnly])).violations,
                [message("us-west-2", 'ECS service "api-usw2"', "us-east-1")],
            );
        });
    });

    describe("the stores of the deployment", () => {
        const table = (
            provider: Record<string, unknown>,
            props: Record<string, unknown> = {},
        ): FixtureResource => ({
            type: "aws:dynamodb/table:Table",
            name: "orders",
            props: {
                name: "orders",
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                ...props,
            },
            providerProps: provider,
        });

        it("compute in one region only: nothing to replicate, wherever the store is", async () =>
            assert.deepStrictEqual(
                (await run([service("api-usw2", west), table(east)])).violations,
                [],
            ));

        it("a store where no compute runs: a single point of failure, all compute regions named in order", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        service("api-usw2", west),
                        service("api-euw1", eu),
                        service("api-use1", east),
                        table({ region: "ap-south-1" }),
                    ])
                ).violations,
                [
                    'Replicate DynamoDB table "orders" into the regions that run compute, or move it there; add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in ap-south-1, where no compute runs, and compute in eu-west-1, us-east-1 and us-west-2 depends on it, so losing ap-south-1 stops every region: the store is a single point of failure.',
                ],
            ));

        it("a store in two of three compute regions: the third is named, in order", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        service("api-usw2", west),
                        service("api-euw1", eu),
                        service("api-use1", east),
                        table(west, { replicas: [{ regionName: "us-east-1" }] }),
                    ])
                ).violations,
                [
                    'Replicate DynamoDB table "orders" into eu-west-1; add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in us-east-1 and us-west-2, but compute runs in eu-west-1, us-east-1 and us-west-2 (ECS service "api-euw1" in eu-west-1), so eu-west-1 cannot serve when us-east-1 and us-west-2 fails.',
                ],
            ));

        it("a store whose region is unknown is not judged", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        service("api-usw2", west),
                        service("api-use1", east),
                        { ...table(east), providerProps: {} },
                    ])
                ).violations,
                [],
            ));

        it("a store in one of three compute regions: the other two, in order", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        service("api-usw2", west),
                        service("api-euw1", eu),
                        service("api-use1", east),
                        table(east),
                    ])
                ).violations.map((v) => v.split(";")[0]),
                [
                    'Replicate DynamoDB table "orders" into eu-west-1',
                    'Replicate DynamoDB table "orders" into us-west-2',
                ],
            ));

        it("a store of another stack is judged there, not here", async () => {
            const deployment = {
                self: "secondary",
                stacks: [
                    {
                        stack: "primary",
                        fullName: "organization/app/primary",
                        resources: [
                            {
                                urn: urnOf("aws:dynamodb/table:Table", "orders"),
                                type: "aws:dynamodb/table:Table",
                                name: "orders",
                                region: "us-east-1",
                                props: { name: "orders" },
                            },
                            {
                                urn: urnOf("aws:ecs/service:Service", "api-use1"),
                                type: "aws:ecs/service:Service",
                                name: "api-use1",
                                region: "us-east-1",
                                props: { desiredCount: 2 },
                            },
                        ],
                    },
                    { stack: "secondary", fullName: "organization/app/secondary", resources: [] },
                ],
            };
            assert.deepStrictEqual(
                (await run([service("api-usw2", west)], { deployment })).violations,
                [],
            );
            assert.deepStrictEqual(
                (await run([service("api-usw2", west), table(east)], { deployment })).violations,
                [
                    'Replicate DynamoDB table "orders" into us-west-2; add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-usw2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
                ],
            );
        });

        describe("caches", () => {
            const cache = (name: string, provider: Record<string, unknown>): FixtureResource => ({
                type: "aws:elasticache/replicationGroup:ReplicationGroup",
                name,
                props: { replicationGroupId: name },
                providerProps: provider,
            });
            const computeBoth = [service("api-use1", east), service("api-usw2", west)];
            it("a cache per region is regional by design", async () =>
                assert.deepStrictEqual(
                    (await run([...computeBoth, cache("c-use1", east), cache("c-usw2", west)]))
                        .violations,
                    [],
                ));
            it("one cache for two regions is reported", async () =>
                assert.deepStrictEqual(
                    (await run([...computeBoth, cache("c-use1", east)])).violations,
                    [
                        'Replicate ElastiCache replication group "c-use1" into us-west-2; add a replication group there to an ElastiCache global datastore (aws.elasticache.GlobalReplicationGroup). It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-usw2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
                    ],
                ));
            it("a cache in the other region does not excuse a table", async () =>
                assert.deepStrictEqual(
                    (
                        await run([
                            ...computeBoth,
                            cache("c-use1", east),
                            cache("c-usw2", west),
                            table(east),
                        ])
                    ).violations,
                    [
                        'Replicate DynamoDB table "orders" into us-west-2; add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-usw2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
                    ],
                ));
        });

        it("without compute anywhere in the deployment: not applicable, in the deployment's words", async () =>
            assert.strictEqual(
                (
                    await run([table(east)], {
                        deployment: {
                            self: "primary",
                            stacks: [{ stack: "primary", fullName: "o/p/primary", resources: [] }],
                        },
                    })
                ).notApplicable,
                "the deployment runs no compute",
            ));
    });
});
