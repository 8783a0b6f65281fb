import * as assert from "assert";
import {
    finalSnapshotIdentifier,
    serverlessScaling,
} from "../../components/data/auroraGlobalDatabase";
import { keyPolicy } from "../../components/data/multiRegionKey";
import { MrscRequest, mrscProblems } from "../../components/data/mrsc";
import { replicationRule } from "../../components/data/s3Replication";
import { parseStackConfig } from "../../stacks/config";
import { globalClusterIdentifierFor, primaryMismatches, tableArnInRegion } from "../../stacks/data";

describe("data layer pure functions", () => {
    describe("serverlessScaling", () => {
        const range = { minCapacity: 0.5, maxCapacity: 16 };
        const table: [string, object][] = [
            ["db.serverless", { serverlessv2ScalingConfiguration: range }],
            ["db.r6g.large", {}],
            ["db.t4g.medium", {}],
        ];
        for (const [instanceClass, expected] of table) {
            it(`${instanceClass}: ${JSON.stringify(expected)}`, () =>
                assert.deepStrictEqual(serverlessScaling(instanceClass, range), expected));
        }
    });
    describe("mrscProblems", () => {
        const base: MrscRequest = {
            tableRegion: "us-east-1",
            regions: ["us-east-1", "us-east-2", "us-west-2"],
            localSecondaryIndexCount: 0,
        };
        const cases: [string, Partial<MrscRequest>, string[]][] = [
            ["accepts 3 regions of one set", {}, []],
            ["accepts a witness in another region", { witnessRegion: "us-east-2" }, []],
            [
                "rejects 2 regions",
                { regions: ["us-east-1", "us-west-2"] },
                [
                    'regions: ["us-east-1","us-west-2"] has 2 distinct regions; MRSC needs exactly 3 (3 replicas, or 2 replicas and a witness)',
                ],
            ],
            [
                "rejects regions without the table's",
                { regions: ["us-east-2", "us-west-2", "us-east-2"] },
                [
                    'regions: ["us-east-2","us-west-2","us-east-2"] has 2 distinct regions; MRSC needs exactly 3 (3 replicas, or 2 replicas and a witness)',
                    'regions: ["us-east-2","us-west-2","us-east-2"] must include the primary\'s region "us-east-1", where the table is created',
                ],
            ],
            [
                "rejects a secondary outside the regions",
                { stackRegion: "eu-west-1" },
                [
                    'regions: ["us-east-1","us-east-2","us-west-2"] must include this secondary\'s region "eu-west-1"; MRSC replicas cannot be added after the table is created',
                ],
            ],
            [
                "rejects the witness in the table's region",
                { witnessRegion: "us-east-1" },
                [
                    'witnessRegion: "us-east-1" is the primary\'s region, which holds the table; choose another of ["us-east-1","us-east-2","us-west-2"]',
                ],
            ],
            [
                "rejects a witness in a secondary's region",
                { tableRegion: undefined, stackRegion: "us-west-2", witnessRegion: "us-west-2" },
                [
                    'witnessRegion: "us-west-2" is this secondary\'s region; a witness holds no readable data, so a recovery region must hold a replica',
                ],
            ],
            [
                "rejects TTL and LSIs",
                { ttlAttribute: "exp", localSecondaryIndexCount: 1 },
                [
                    'ttlAttribute: "exp" is set, but MRSC tables do not support TTL; clear it or use eventual consistency',
                    "localSecondaryIndexes: 1 given, but MRSC tables do not support local secondary indexes",
                ],
            ],
        ];
        for (const [title, change, expected] of cases) {
            it(title, () =>
                assert.deepStrictEqual(
                    mrscProblems({ ...base, ...change }).map((p) => `${p.field}: ${p.message}`),
                    expected,
                ),
            );
        }
    });

    it("derives valid snapshot and global cluster identifiers", () => {
        assert.strictEqual(
            finalSnapshotIdentifier("aurora-us-east-1", "us-east-1"),
            "aurora-us-east-1-final",
        );
        assert.strictEqual(finalSnapshotIdentifier("1_db", "eu-west-1"), "db-eu-west-1-final");
        assert.strictEqual(
            globalClusterIdentifierFor("multi-region-failover", "prod.primary"),
            "multi-region-failover-prod-primary",
        );
        assert.strictEqual(globalClusterIdentifierFor("9x", "a".repeat(80)).length, 63);
    });

    it("moves a table ARN to another region", () =>
        assert.strictEqual(
            tableArnInRegion("arn:aws:dynamodb:us-east-1:123456789012:table/t", "us-west-2"),
            "arn:aws:dynamodb:us-west-2:123456789012:table/t",
        ));

    it("limits key use to the data services of the key's region", () => {
        const policy = keyPolicy({
            partition: "aws",
            accountId: "123456789012",
            region: "eu-west-1",
        });
        const use = (policy.Statement as Record<string, unknown>[])[1];
        assert.deepStrictEqual(use.Condition, {
            StringEquals: {
                "kms:CallerAccount": "123456789012",
                "kms:ViaService": [
                    "rds.eu-west-1.amazonaws.com",
                    "dynamodb.eu-west-1.amazonaws.com",
                    "s3.eu-west-1.amazonaws.com",
                    "secretsmanager.eu-west-1.amazonaws.com",
                ],
            },
        });
    });

    it("omits RTC and metrics when RTC is off, and replicates delete markers on request", () => {
        const rule = replicationRule(
            { bucketArn: "arn:aws:s3:::dst", kmsKeyArn: "k", region: "us-west-2" },
            { replicationTimeControl: false, deleteMarkerReplication: true },
        );
        assert.deepStrictEqual(rule.deleteMarkerReplication, { status: "Enabled" });
        assert.deepStrictEqual(rule.destination, {
            bucket: "arn:aws:s3:::dst",
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: "k" },
        });
    });

    it("reports a secondary whose engine or consistency differs from the primary's", () => {
        const config = parseStackConfig({
            "aws:region": "us-west-2",
            "multi-region-failover:role": "secondary",
            "multi-region-failover:data": JSON.stringify({
                stores: ["aurora", "dynamodb"],
                auroraEngine: "aurora-mysql",
                auroraEngineVersion: "8.0.mysql_aurora.3.08.0",
            }),
        });
        assert.deepStrictEqual(
            primaryMismatches(config, {
                region: "us-east-1",
                kmsKeyArn: "k",
                aurora: {
                    globalClusterIdentifier: "g",
                    engine: "aurora-postgresql",
                    engineVersion: "16.6",
                    clusterArn: "c",
                },
                dynamodb: {
                    tableName: "t",
                    tableArn: "a",
                    consistency: "strong",
                    replicaRegions: ["us-east-1", "us-east-2"],
                },
            }),
            [
                'data.auroraEngine: "aurora-mysql" differs from the primary\'s "aurora-postgresql"; a replica must use the primary\'s auroraEngine',
                'data.dynamodbConsistency: "eventual" differs from the primary\'s "strong"; a replica must use the primary\'s dynamodbConsistency',
                "data.mrscRegions: the primary's MRSC table t has replicas in us-east-1, us-east-2, not in this stack's region us-west-2; MRSC replicas cannot be added after the table is created",
            ],
        );
    });

    describe("data config", () => {
        const parse = (data: Record<string, unknown>) => () =>
            parseStackConfig({
                "aws:region": "us-east-1",
                "multi-region-failover:data": JSON.stringify(data),
            });
        it("rejects short backups, end-of-life engines and bad instance classes together", () =>
            assert.throws(
                parse({
                    backupRetentionDays: 3,
                    rdsEngineVersion: "12.19",
                    auroraInstanceClass: "r6g.large",
                }),
                {
                    message:
                        "invalid configuration (3 problems):\n" +
                        "  - data.backupRetentionDays: 3 is invalid; it must be an integer from 7 to 35\n" +
                        '  - data.auroraInstanceClass: "r6g.large" must be an RDS instance class such as db.r6g.large\n' +
                        '  - data.rdsEngineVersion: "12.19" is postgres 12, which is past the end of RDS standard support; use a supported major version such as 16',
                },
            ));
        it("rejects MRSC settings without MRSC", () =>
            assert.throws(parse({ mrscRegions: ["us-east-1", "us-east-2", "us-west-2"] }), {
                message:
                    "invalid configuration (1 problem):\n" +
                    '  - data.mrscRegions: ["us-east-1","us-east-2","us-west-2"] and data.mrscWitnessRegion "" apply only to data.dynamodbConsistency "strong" with the dynamodb store; remove them or enable MRSC',
            }));
    });
});
