/**
 * Data stores and their RPO and promotion (policies/budget/stores.ts), one store kind per row.
 * DynamoDB global tables: MREC replicates asynchronously (about a second), MRSC is zero
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html);
 * S3 Replication Time Control replicates 99.99% of objects within 15 minutes, without it there is
 * no bound (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html);
 * an Aurora global database's RPO is typically under a second, or `rds.global_db_rpo` when set
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html);
 * an RDS cross-region read replica is promoted by an explicit call
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html).
 */
import * as assert from "assert";
import {
    BudgetResource,
    DataStore,
    RegionalContract,
    dataStores,
    defaultAssumptions,
    storeTypes,
} from "../../policies/budget";
import { facts, s3WithoutRtcNote } from "../../policies/budget/facts";

function r(
    type: string,
    name: string,
    region: string,
    props: Record<string, unknown>,
): BudgetResource {
    return { urn: `urn:${type}::${name}`, type, name, region, inputs: props };
}
const stores = (
    resources: BudgetResource[],
    contracts?: RegionalContract[],
    assumptions = defaultAssumptions,
) => dataStores({ resources, contracts }, assumptions);
const rpo = (s: DataStore) => [s.store, s.rpoSeconds, s.rpoSource];

describe("budget stores: DynamoDB", () => {
    const table = (props: Record<string, unknown>) =>
        r(storeTypes.table, "orders", "us-east-1", {
            name: "orders",
            arn: "arn:aws:dynamodb:us-east-1:1:table/orders",
            ...props,
        });

    const cases: [string, BudgetResource[], number | null, string][] = [
        [
            "a replica in another region: MREC",
            [table({ replicas: [{ regionName: "us-west-2" }] })],
            1,
            `table orders: ${facts.dynamodbMrecRpo.citation}`,
        ],
        [
            "a strongly consistent replica: MRSC",
            [table({ replicas: [{ regionName: "us-west-2", consistencyMode: "strong" }] })],
            0,
            `table orders: ${facts.dynamodbMrscRpo.citation}`,
        ],
        [
            "a replica in its own region only",
            [table({ replicas: [{ regionName: "us-east-1" }, {}] })],
            null,
            "table orders: the table is not replicated to another region; nothing bounds its loss",
        ],
        [
            "a separate TableReplica by ARN",
            [
                table({}),
                r(storeTypes.tableReplica, "rep", "us-west-2", {
                    globalTableArn: "arn:aws:dynamodb:us-east-1:1:table/orders",
                }),
            ],
            1,
            `table orders: ${facts.dynamodbMrecRpo.citation}`,
        ],
        [
            "a separate TableReplica whose ARN ends with the table's name",
            [
                table({ arn: undefined }),
                r(storeTypes.tableReplica, "rep", "us-west-2", {
                    globalTableArn: "arn:aws:dynamodb:us-east-1:1:table/orders",
                }),
            ],
            1,
            `table orders: ${facts.dynamodbMrecRpo.citation}`,
        ],
        [
            "a TableReplica of another table",
            [
                table({}),
                r(storeTypes.tableReplica, "rep", "us-west-2", {
                    globalTableArn: "arn:aws:dynamodb:us-east-1:1:table/orders-archive",
                }),
            ],
            null,
            "table orders: the table is not replicated to another region; nothing bounds its loss",
        ],
        [
            "a TableReplica without an ARN",
            [table({}), r(storeTypes.tableReplica, "rep", "us-west-2", {})],
            null,
            "table orders: the table is not replicated to another region; nothing bounds its loss",
        ],
    ];
    for (const [what, resources, seconds, source] of cases) {
        it(`${what}: ${String(seconds)}`, () => {
            const got = stores(resources);
            assert.deepStrictEqual(got.map(rpo), [["table orders", seconds, source]]);
            assert.deepStrictEqual(
                [
                    got[0]!.kind,
                    got[0]!.region,
                    got[0]!.promotionSeconds,
                    got[0]!.manualPromotion,
                    got[0]!.promotionSource,
                ],
                ["dynamodb", "us-east-1", 0, false, "table orders: the recovery copy is writable"],
            );
        });
    }
});

describe("budget stores: S3", () => {
    const bucket = (name: string, region = "us-east-1", props: Record<string, unknown> = {}) =>
        r(storeTypes.bucket, name, region, { bucket: name, arn: `arn:aws:s3:::${name}`, ...props });
    const replication = (source: string, rules: unknown[]) =>
        r(storeTypes.replication, `${source}-rep`, "us-east-1", { bucket: source, rules });
    const rule = (dest: string, rtc: boolean, status?: string) => ({
        status,
        destination: {
            bucket: `arn:aws:s3:::${dest}`,
            ...(rtc ? { replicationTime: { status: "Enabled" } } : {}),
        },
    });

    const cases: [string, BudgetResource[], [string, number | null, string][]][] = [
        [
            "no replication",
            [bucket("a")],
            [
                [
                    "bucket a",
                    null,
                    "bucket a: the bucket is not replicated to another region; nothing bounds its loss",
                ],
            ],
        ],
        [
            "replication with RTC; the replica is not a store of its own",
            [bucket("a"), bucket("b", "us-west-2"), replication("a", [rule("b", true, "Enabled")])],
            [["bucket a", 900, `bucket a: ${facts.s3RtcRpo.citation}`]],
        ],
        [
            "a rule without a status counts as enabled",
            [bucket("a"), bucket("b", "us-west-2"), replication("a", [rule("b", true)])],
            [["bucket a", 900, `bucket a: ${facts.s3RtcRpo.citation}`]],
        ],
        [
            "replication without RTC",
            [
                bucket("a"),
                bucket("b", "us-west-2"),
                replication("a", [rule("b", false, "Enabled")]),
            ],
            [["bucket a", null, `bucket a: replication without RTC; ${s3WithoutRtcNote}`]],
        ],
        [
            "one rule of two without RTC",
            [
                bucket("a"),
                bucket("b", "us-west-2"),
                replication("a", [rule("b", true), rule("b", false)]),
            ],
            [["bucket a", null, `bucket a: replication without RTC; ${s3WithoutRtcNote}`]],
        ],
        [
            "a disabled rule replicates nothing",
            [
                bucket("a"),
                bucket("b", "us-west-2"),
                replication("a", [rule("b", true, "Disabled")]),
            ],
            [
                [
                    "bucket a",
                    null,
                    "bucket a: the bucket is not replicated to another region; nothing bounds its loss",
                ],
            ],
        ],
        [
            "a replica named by bucket name, not ARN",
            [
                bucket("a"),
                bucket("b", "us-west-2"),
                replication("a", [
                    { destination: { bucket: "b", replicationTime: { status: "Enabled" } } },
                ]),
            ],
            [["bucket a", 900, `bucket a: ${facts.s3RtcRpo.citation}`]],
        ],
        [
            "a bucket tagged regional evidence, or regional on purpose, is no store",
            [
                bucket("evidence", "us-east-1", {
                    tags: { "multi-region-failover:replication": "none-regional-evidence" },
                }),
                bucket("cache", "us-east-1", {
                    tags: { "multi-region-failover:regional": "true" },
                }),
                bucket("a"),
            ],
            [
                [
                    "bucket a",
                    null,
                    "bucket a: the bucket is not replicated to another region; nothing bounds its loss",
                ],
            ],
        ],
        [
            "a BucketV2 is a store",
            [r(storeTypes.bucketV2, "v2", "us-east-1", { bucket: "v2" })],
            [
                [
                    "bucket v2",
                    null,
                    "bucket v2: the bucket is not replicated to another region; nothing bounds its loss",
                ],
            ],
        ],
    ];
    for (const [what, resources, expected] of cases) {
        it(what, () => {
            assert.deepStrictEqual(stores(resources).map(rpo), expected);
        });
    }
});

describe("budget stores: Aurora and RDS", () => {
    const cluster = (name: string, region: string, props: Record<string, unknown> = {}) =>
        r(storeTypes.cluster, name, region, { clusterIdentifier: name, ...props });
    const global = (props: Record<string, unknown> = {}) =>
        r(storeTypes.globalCluster, "g", "us-east-1", { globalClusterIdentifier: "g", ...props });
    const paramGroup = (name: string, value: unknown) =>
        r(storeTypes.clusterParameterGroup, name, "us-east-1", {
            name,
            parameters: [
                { name: "other", value: "9" },
                { name: "rds.global_db_rpo", value },
            ],
        });
    const auroraDefault = `aurora g: ${facts.auroraGlobalRpo.citation}`;

    it("a global database across two regions: its RPO, a manual promotion", () => {
        const got = stores([
            global(),
            cluster("p", "us-east-1", { globalClusterIdentifier: "g" }),
            cluster("s", "us-west-2", { globalClusterIdentifier: "g" }),
        ]);
        assert.deepStrictEqual(got, [
            {
                store: "aurora g",
                kind: "aurora",
                region: "us-east-1",
                ids: [],
                rpoSeconds: 1,
                rpoSource: auroraDefault,
                promotionSeconds: 60,
                promotionSource: `aurora g: FailoverGlobalCluster, ${facts.auroraGlobalFailover.citation}`,
                manualPromotion: true,
            },
        ]);
    });

    it("a global database with one region in the graph is unbounded", () => {
        const got = stores([
            global(),
            cluster("p", "us-east-1", { globalClusterIdentifier: "g" }),
            cluster("x", "us-west-2"),
        ]);
        assert.deepStrictEqual(got.map(rpo), [
            [
                "aurora g",
                null,
                "aurora g: global cluster has no secondary region in the graph; it is not replicated to another region; nothing bounds its loss",
            ],
            [
                "aurora x",
                null,
                "aurora x: the cluster is not replicated to another region; nothing bounds its loss",
            ],
        ]);
    });

    const parameter: [string, unknown, number, string][] = [
        [
            "set to 20",
            "20",
            20,
            "aurora g: rds.global_db_rpo = 20 s (commits block beyond it; Aurora UG aurora-global-database-disaster-recovery)",
        ],
        ["set to 0 (not a bound)", "0", 1, auroraDefault],
        ["not a number", "abc", 1, auroraDefault],
    ];
    for (const [what, value, seconds, source] of parameter) {
        it(`rds.global_db_rpo ${what}: ${seconds} s`, () => {
            const got = stores([
                global({ sourceDbClusterIdentifier: "p" }),
                cluster("s", "us-west-2", {
                    globalClusterIdentifier: "g",
                    dbClusterParameterGroupName: "other-group",
                }),
                cluster("p", "us-east-1", {
                    globalClusterIdentifier: "g",
                    dbClusterParameterGroupName: "pg",
                }),
                paramGroup("other-group", "99"),
                paramGroup("pg", value),
            ]);
            assert.deepStrictEqual(got.map(rpo), [["aurora g", seconds, source]]);
        });
    }

    it("the primary is the global cluster's source, else the member in its region, else the first", () => {
        const members = (g: BudgetResource) => [
            g,
            cluster("s", "us-west-2", {
                globalClusterIdentifier: "g",
                dbClusterParameterGroupName: "pg-s",
            }),
            cluster("p", "us-east-1", {
                globalClusterIdentifier: "g",
                dbClusterParameterGroupName: "pg-p",
            }),
            paramGroup("pg-s", "30"),
            paramGroup("pg-p", "10"),
        ];
        const seconds = (g: BudgetResource) => stores(members(g))[0]!.rpoSeconds;
        assert.strictEqual(seconds(global({ sourceDbClusterIdentifier: "s" })), 30);
        assert.strictEqual(seconds(global({})), 10);
        assert.strictEqual(seconds({ ...global({}), region: "eu-west-1" }), 30);
    });

    it("an RDS instance with a read replica in another region: the assumptions", () => {
        const got = stores(
            [
                r(storeTypes.instance, "db", "us-east-1", { identifier: "db" }),
                r(storeTypes.instance, "db-replica", "us-west-2", {
                    identifier: "db-replica",
                    replicateSourceDb: "arn:aws:rds:us-east-1:1:db:db",
                }),
            ].map((x) => ({
                ...x,
                inputs: {
                    ...x.inputs,
                    arn: x.name === "db" ? "arn:aws:rds:us-east-1:1:db:db" : undefined,
                },
            })),
            undefined,
            { ...defaultAssumptions, rdsReplicaLagSeconds: 45, rdsPromotionSeconds: 120 },
        );
        assert.deepStrictEqual(
            got.map((s) => [
                s.store,
                s.rpoSeconds,
                s.rpoSource,
                s.promotionSeconds,
                s.promotionSource,
                s.manualPromotion,
            ]),
            [
                [
                    "rds db",
                    45,
                    `rds db: 45 s, ${facts.rdsReplicaRpo.citation}`,
                    120,
                    `rds db: 120 s, ${facts.rdsReplicaPromotion.citation}`,
                    true,
                ],
            ],
        );
    });

    const replicas: [string, string, string, boolean][] = [
        ["by identifier, another region", "db", "us-west-2", true],
        ["by identifier, the same region", "db", "us-east-1", false],
        [
            "by ARN naming the same region, replica elsewhere",
            "arn:aws:rds:us-east-1:1:db:db",
            "us-west-2",
            true,
        ],
        ["by the database name", "appdb", "us-west-2", true],
        ["of another instance", "other", "us-west-2", false],
    ];
    for (const [what, source, region, replicated] of replicas) {
        it(`a replica ${what}: ${replicated ? "bounded" : "unbounded"}`, () => {
            const got = stores([
                r(storeTypes.instance, "db", "us-east-1", {
                    identifier: "db",
                    dbName: "appdb",
                    arn: "arn:aws:rds:us-east-1:1:db:db",
                }),
                r(storeTypes.instance, "rep", region, { replicateSourceDb: source }),
            ]);
            assert.deepStrictEqual(
                got.map((s) => [s.store, s.rpoSeconds]),
                [["rds db", replicated ? 300 : null]],
            );
            if (!replicated) {
                assert.strictEqual(
                    got[0]!.rpoSource,
                    "rds db: the instance is not replicated to another region; nothing bounds its loss",
                );
            }
        });
    }
});

describe("budget stores: the manifests", () => {
    const entry = (replication: string, extra: Record<string, unknown> = {}) => ({
        kind: "s3" as const,
        identifier: "id",
        arn: "arn:x",
        region: "us-east-1",
        replication: replication as "s3-crr",
        ...extra,
    });
    const manifest = (...entries: ReturnType<typeof entry>[]): RegionalContract[] => [
        { stack: "prim", dataStores: entries },
    ];
    const name = "s3 id (prim dataStores)";
    const cases: [string, number | null, string, number, boolean][] = [
        ["aurora-global-database", 1, `${name}: ${facts.auroraGlobalRpo.citation}`, 60, true],
        [
            "rds-cross-region-replica",
            300,
            `${name}: 300 s, ${facts.rdsReplicaRpo.citation}`,
            600,
            true,
        ],
        ["dynamodb-global-table", 1, `${name}: ${facts.dynamodbMrecRpo.citation}`, 0, false],
        ["dynamodb-global-table-mrsc", 0, `${name}: ${facts.dynamodbMrscRpo.citation}`, 0, false],
        ["s3-crr-rtc", 900, `${name}: ${facts.s3RtcRpo.citation}`, 0, false],
        ["s3-crr", null, `${name}: ${s3WithoutRtcNote}`, 0, false],
        [
            "none",
            null,
            `${name}: it is not replicated to another region; nothing bounds its loss`,
            0,
            false,
        ],
    ];
    for (const [replication, seconds, source, promotion, manual] of cases) {
        it(`${replication}: RPO ${String(seconds)}, promotion ${promotion} s`, () => {
            const [got] = stores([], manifest(entry(replication)));
            assert.deepStrictEqual(
                [
                    got!.store,
                    got!.kind,
                    got!.region,
                    got!.ids,
                    got!.rpoSeconds,
                    got!.rpoSource,
                    got!.promotionSeconds,
                    got!.manualPromotion,
                ],
                [name, "s3", "us-east-1", ["arn:x", "id"], seconds, source, promotion, manual],
            );
            if (!manual) {
                assert.strictEqual(got!.promotionSource, `${name}: every replica is writable`);
            }
        });
    }

    it("an entry without an identifier is named by its ARN; empty ids are dropped", () => {
        const [got] = stores([], manifest(entry("s3-crr-rtc", { identifier: "" })));
        assert.deepStrictEqual([got!.store, got!.ids], ["s3 arn:x (prim dataStores)", ["arn:x"]]);
    });

    it("replica entries (with a sourceArn) are not stores; without declared entries the graph decides", () => {
        const bucket = r(storeTypes.bucket, "b", "us-east-1", { bucket: "b" });
        assert.deepStrictEqual(
            stores([bucket], manifest(entry("s3-crr-rtc", { sourceArn: "arn:src" }))).map(
                (s) => s.store,
            ),
            ["bucket b"],
        );
    });

    it("the graph's store wins for an entry it matches, by ARN or identifier", () => {
        const bucket = r(storeTypes.bucket, "b", "us-east-1", { bucket: "id-b", arn: "arn:b" });
        for (const e of [
            entry("s3-crr-rtc", { arn: "arn:b", identifier: "zzz" }),
            entry("s3-crr-rtc", { arn: "arn:zzz", identifier: "id-b" }),
        ]) {
            assert.deepStrictEqual(stores([bucket], manifest(e)).map(rpo), [
                [
                    "bucket b",
                    null,
                    "bucket b: the bucket is not replicated to another region; nothing bounds its loss",
                ],
            ]);
        }
        // Only declared entries count: the graph's other stores are left out.
        assert.deepStrictEqual(
            stores([bucket], manifest(entry("s3-crr-rtc"))).map((s) => s.store),
            [name],
        );
    });
});
