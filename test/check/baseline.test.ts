/**
 * `check --baseline` per stateful type: the table below is the README's promise (a database,
 * table, replica, bucket, file system, key or secret that would be deleted or replaced fails the
 * check), written out type by type, so a type dropped from project/stateful.ts, or given another
 * kind, fails here rather than only in the one integration test that uses a table and a bucket.
 */
import * as assert from "assert";
import {
    Baseline,
    baselineFindings,
    BaselineFinding,
    formatBaselineFindings,
} from "../../check/baseline";
import { RecordedResource, StackRecord } from "../../check/engine/types";
import { kindOf, nameOfUrn, replaceTriggers, statefulTypes } from "../../project/stateful";

/** Every stateful type and the kind messages call it (README, "--baseline FILE"). */
const expectedKinds: [string, string][] = [
    ["aws:rds/cluster:Cluster", "database"],
    ["aws:rds/instance:Instance", "database"],
    ["aws:rds/globalCluster:GlobalCluster", "database"],
    ["aws:docdb/cluster:Cluster", "database"],
    ["aws:neptune/cluster:Cluster", "database"],
    ["aws:elasticache/replicationGroup:ReplicationGroup", "database"],
    ["aws:dynamodb/table:Table", "table"],
    ["aws:dynamodb/tableReplica:TableReplica", "replica"],
    ["aws:s3/bucket:Bucket", "bucket"],
    ["aws:s3/bucketV2:BucketV2", "bucket"],
    ["aws:efs/fileSystem:FileSystem", "file system"],
    ["aws:kms/key:Key", "key"],
    ["aws:kms/replicaKey:ReplicaKey", "key"],
    ["aws:secretsmanager/secret:Secret", "secret"],
];

/**
 * The inputs the AWS provider's schema marks ForceNew (a change replaces the resource), per type:
 * written out here as the specification, so an input dropped from project/stateful.ts (a change
 * that would then pass --baseline and lose the data) fails the table test below.
 */
const expectedTriggers: Record<string, string[]> = {
    "aws:rds/cluster:Cluster": [
        "clusterIdentifier",
        "engine",
        "databaseName",
        "masterUsername",
        "storageEncrypted",
        "kmsKeyId",
        "dbSubnetGroupName",
        "globalClusterIdentifier",
    ],
    "aws:rds/instance:Instance": [
        "identifier",
        "engine",
        "dbName",
        "storageEncrypted",
        "kmsKeyId",
        "availabilityZone",
        "characterSetName",
    ],
    "aws:rds/globalCluster:GlobalCluster": [
        "globalClusterIdentifier",
        "engine",
        "databaseName",
        "storageEncrypted",
    ],
    "aws:dynamodb/table:Table": ["name", "hashKey", "rangeKey"],
    "aws:dynamodb/tableReplica:TableReplica": ["globalTableArn"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
    "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix"],
    "aws:efs/fileSystem:FileSystem": ["encrypted", "kmsKeyId", "performanceMode"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keySpec", "multiRegion"],
    "aws:kms/replicaKey:ReplicaKey": ["primaryKeyArn"],
    "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
};

const urnOf = (type: string, name: string) => `urn:pulumi:dev::shop::${type}::${name}`;

function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    protect = false,
): RecordedResource {
    return {
        urn: urnOf(type, name),
        type,
        name,
        region: "us-east-1",
        custom: true,
        inputs,
        outputs: {},
        protect,
        retainOnDelete: false,
        dependencies: [],
        propertyDependencies: {},
        stack: "dev",
    };
}

function record(resources: RecordedResource[], stack = "dev"): StackRecord {
    return {
        stack,
        fullName: `organization/shop/${stack}`,
        project: "shop",
        region: "us-east-1",
        resources,
        outputs: {},
    };
}

/** A baseline holding `resources` as `check --format json` records them. */
function baselineOf(resources: RecordedResource[], stack = "dev"): Baseline {
    return {
        stacks: [
            {
                stack,
                resources: resources.map((r) => ({
                    urn: r.urn,
                    type: r.type,
                    name: r.name,
                    protect: r.protect,
                    inputs: r.inputs,
                })),
            },
        ],
    };
}

describe("check/stateful", () => {
    it("lists exactly the stateful types the README promises", () => {
        assert.deepStrictEqual(Object.entries(statefulTypes).sort(), [...expectedKinds].sort());
    });

    for (const [type, kind] of expectedKinds) {
        it(`kindOf ${type} is ${JSON.stringify(kind)}, protected or not`, () => {
            assert.strictEqual(kindOf(type, false), kind);
            assert.strictEqual(kindOf(type, true), kind);
        });
    }

    it("kindOf a stateless type is a protected resource only when protected", () => {
        assert.strictEqual(kindOf("aws:sns/topic:Topic", false), undefined);
        assert.strictEqual(kindOf("aws:sns/topic:Topic", true), "protected resource");
    });

    it("nameOfUrn is the URN's last part", () => {
        assert.strictEqual(nameOfUrn("urn:pulumi:dev::shop::a$aws:s3/bucket:Bucket::logs"), "logs");
    });

    it("lists exactly the ForceNew inputs of each stateful type, in order", () => {
        assert.deepStrictEqual(replaceTriggers, expectedTriggers);
    });
});

describe("check --baseline per stateful type", () => {
    for (const [type, kind] of expectedKinds) {
        it(`fails when a ${kind} (${type}) would be deleted`, () => {
            const old = resource(type, "data", { name: "a" });
            const lost = baselineFindings(baselineOf([old]), [record([])]);
            assert.deepStrictEqual(lost, [
                {
                    stack: "dev",
                    urn: urnOf(type, "data"),
                    type,
                    name: "data",
                    kind,
                    protect: false,
                    change: "deleted",
                },
            ]);
            assert.strictEqual(
                formatBaselineFindings(lost, "previous.json").split("\n")[0],
                `data loss: stack dev: ${kind} data (${type}) would be deleted (its URN is gone); its data goes with it. URN ${urnOf(type, "data")}`,
            );
        });

        it(`passes when the ${kind} (${type}) is unchanged`, () => {
            const inputs = Object.fromEntries(
                (expectedTriggers[type] ?? []).map((input) => [input, `${input}-value`]),
            );
            const r = resource(type, "data", inputs);
            assert.deepStrictEqual(baselineFindings(baselineOf([r]), [record([r])]), []);
        });

        for (const input of expectedTriggers[type] ?? []) {
            it(`fails when the ${kind}'s ${input} changes (${type})`, () => {
                const before = resource(type, "data", { [input]: "old" });
                const after = resource(type, "data", { [input]: "new" });
                const lost = baselineFindings(baselineOf([before]), [record([after])]);
                const expected: BaselineFinding = {
                    stack: "dev",
                    urn: urnOf(type, "data"),
                    type,
                    name: "data",
                    kind,
                    protect: false,
                    change: "replaced",
                    input: { name: input, before: "old", after: "new" },
                };
                assert.deepStrictEqual(lost, [expected]);
            });
        }
    }

    it("names the first trigger only, once per resource", () => {
        const type = "aws:rds/cluster:Cluster";
        const before = resource(type, "db", { engine: "aurora-postgresql", kmsKeyId: "k1" });
        const after = resource(type, "db", { engine: "aurora-mysql", kmsKeyId: "k2" });
        const lost = baselineFindings(baselineOf([before]), [record([after])]);
        assert.deepStrictEqual(
            lost.map((f) => f.input),
            [{ name: "engine", before: "aurora-postgresql", after: "aurora-mysql" }],
        );
    });

    it("reports a trigger that appears or disappears with null on the missing side", () => {
        const type = "aws:secretsmanager/secret:Secret";
        const before = resource(type, "s", {});
        const after = resource(type, "s", { name: "db-credentials" });
        assert.deepStrictEqual(
            baselineFindings(baselineOf([before]), [record([after])]).map((f) => f.input),
            [{ name: "name", before: null, after: "db-credentials" }],
        );
        assert.deepStrictEqual(
            baselineFindings(baselineOf([after]), [record([before])]).map((f) => f.input),
            [{ name: "name", before: "db-credentials", after: null }],
        );
    });

    it("ignores a stateless resource that is deleted, and fails for a protected one", () => {
        const topic = resource("aws:sns/topic:Topic", "events", {});
        const guarded = resource("aws:sns/topic:Topic", "audit", {}, true);
        const lost = baselineFindings(baselineOf([topic, guarded]), [record([])]);
        assert.deepStrictEqual(
            lost.map((f) => [f.name, f.kind, f.protect, f.change]),
            [["audit", "protected resource", true, "deleted"]],
        );
        assert.strictEqual(
            formatBaselineFindings(lost, "b.json"),
            `data loss: stack dev: protected resource audit (aws:sns/topic:Topic), protected, would be deleted (its URN is gone); its data goes with it. URN ${urnOf("aws:sns/topic:Topic", "audit")}\n` +
                "To remove or replace it on purpose: back up or migrate the data, unprotect it (protect: false, or `pulumi state unprotect '<URN>'`), then record a new baseline (check --format json --out b.json) once the change is agreed, and deploy with --allow-delete NAME.\n",
        );
    });

    it("compares only the stacks this run checked", () => {
        const table = resource("aws:dynamodb/table:Table", "orders", { hashKey: "id" });
        assert.deepStrictEqual(
            baselineFindings(baselineOf([table], "prod"), [record([], "dev")]),
            [],
        );
    });
});
