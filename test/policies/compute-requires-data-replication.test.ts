import * as assert from "assert";
import { computeRequiresDataReplication } from "../../policies/policies";
import { FixtureResource, runStackPolicy, unknownString, urnOf } from "./harness";

const east = { region: "us-east-1" };
const west = { region: "us-west-2" };

function service(name: string, provider: Record<string, unknown>): FixtureResource {
    return {
        type: "aws:ecs/service:Service",
        name,
        props: { desiredCount: 2 },
        providerProps: provider,
    };
}

const table: FixtureResource = {
    type: "aws:dynamodb/table:Table",
    name: "orders",
    props: { name: "orders", arn: "arn:aws:dynamodb:us-east-1:123456789012:table/orders" },
    providerProps: east,
};

const replica: FixtureResource = {
    type: "aws:dynamodb/tableReplica:TableReplica",
    name: "orders-usw2",
    props: { globalTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/orders" },
    providerProps: west,
};

/** Compliant: compute in two regions, the table replicated into both. */
const baseline = [service("api-use1", east), service("api-usw2", west), table, replica];

describe("compute-requires-data-replication", () => {
    it("passes compute in two regions with the table replicated into both", async () => {
        const outcome = await runStackPolicy(computeRequiresDataReplication, baseline);
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("reports a table in one region when compute runs in two", async () => {
        const outcome = await runStackPolicy(computeRequiresDataReplication, baseline.slice(0, 3));
        assert.deepStrictEqual(outcome.violations, [
            'Replicate DynamoDB table "orders" into us-west-2; set streamEnabled: true and streamViewType: "NEW_AND_OLD_IMAGES" on it (global tables replicate through the stream, and AWS refuses a replica of a table without one), then add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-usw2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
        ]);
        assert.deepStrictEqual(outcome.urns, [urnOf("aws:dynamodb/table:Table", "orders")]);
    });

    it("uses the v7 per-resource region over the provider's", async () => {
        const perResource = [
            service("api-use1", east),
            { ...service("api-usw2", east), props: { desiredCount: 2, region: "us-west-2" } },
            table,
        ];
        const outcome = await runStackPolicy(computeRequiresDataReplication, perResource);
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(outcome.violations[0], /^Replicate DynamoDB table "orders" into us-west-2;/);
    });

    it("accepts inline table replicas, Aurora global databases, RDS replicas and S3 replication", async () => {
        const inline = {
            ...table,
            props: { ...table.props, replicas: [{ regionName: "us-west-2" }] },
        };
        const aurora: FixtureResource[] = [
            {
                type: "aws:rds/globalCluster:GlobalCluster",
                name: "g",
                props: { globalClusterIdentifier: "g" },
                providerProps: east,
            },
            {
                type: "aws:rds/cluster:Cluster",
                name: "db-use1",
                props: { globalClusterIdentifier: "g" },
                providerProps: east,
            },
            {
                type: "aws:rds/cluster:Cluster",
                name: "db-usw2",
                props: { globalClusterIdentifier: "g" },
                providerProps: west,
            },
        ];
        const rds: FixtureResource[] = [
            {
                type: "aws:rds/instance:Instance",
                name: "pg",
                props: { identifier: "pg", arn: "arn:aws:rds:us-east-1:123456789012:db:pg" },
                providerProps: east,
            },
            {
                type: "aws:rds/instance:Instance",
                name: "pg-usw2",
                props: { replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:pg" },
                providerProps: west,
            },
        ];
        const s3: FixtureResource[] = [
            {
                type: "aws:s3/bucket:Bucket",
                name: "assets",
                props: { bucket: "assets", arn: "arn:aws:s3:::assets" },
                providerProps: east,
            },
            {
                type: "aws:s3/bucket:Bucket",
                name: "assets-usw2",
                props: { bucket: "assets-usw2", arn: "arn:aws:s3:::assets-usw2" },
                providerProps: west,
            },
            {
                type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                name: "assets-crr",
                props: {
                    bucket: "assets",
                    rules: [
                        {
                            id: "all",
                            status: "Enabled",
                            destination: { bucket: "arn:aws:s3:::assets-usw2" },
                        },
                    ],
                },
                providerProps: east,
            },
        ];
        for (const stores of [[inline], aurora, rds, s3]) {
            const outcome = await runStackPolicy(computeRequiresDataReplication, [
                service("api-use1", east),
                service("api-usw2", west),
                ...stores,
            ]);
            assert.deepStrictEqual(
                outcome.violations,
                [],
                JSON.stringify(stores.map((s) => s.name)),
            );
        }
    });

    it("reads the data-store manifest of a referenced stack", async () => {
        const reference: FixtureResource = {
            type: "pulumi:pulumi:StackReference",
            name: "organization/app/primary",
            props: {
                name: "organization/app/primary",
                outputs: {
                    region: "us-east-1",
                    dataStores: [
                        {
                            kind: "dynamodb",
                            identifier: "orders",
                            arn: "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                            region: "us-east-1",
                            replication: "dynamodb-global-table",
                        },
                    ],
                },
            },
        };
        const missing = await runStackPolicy(computeRequiresDataReplication, [
            reference,
            service("api-usw2", west),
        ]);
        assert.deepStrictEqual(missing.violations, [
            'Replicate DynamoDB table "orders" from stack "organization/app/primary" into us-west-2; add an aws.dynamodb.TableReplica or a replicas entry there. Compute here runs in us-west-2 (ECS service "api-usw2"), but the store lives in us-east-1 and this stack has no replica of it in us-west-2.',
        ]);
        const covered = await runStackPolicy(computeRequiresDataReplication, [
            reference,
            service("api-usw2", west),
            replica,
        ]);
        assert.deepStrictEqual(covered.violations, []);
    });

    it("treats a reference to another region's stack without a manifest as a data dependency", async () => {
        const reference: FixtureResource = {
            type: "pulumi:pulumi:StackReference",
            name: "acme/db/prod",
            props: {
                name: "acme/db/prod",
                outputs: { tableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/t" },
            },
        };
        const stack = [reference, service("api-usw2", west)];
        assert.deepStrictEqual(
            (await runStackPolicy(computeRequiresDataReplication, stack)).violations,
            [
                'Add a data-store replica in us-west-2, or export a "dataStores" manifest from stack "acme/db/prod": compute here runs in us-west-2 (ECS service "api-usw2") and reads data stores of that stack, which are in us-east-1, through a StackReference, and this stack replicates no data store into us-west-2, so it cannot serve when us-east-1 fails.',
            ],
        );
        assert.deepStrictEqual(
            (
                await runStackPolicy(computeRequiresDataReplication, stack, {
                    stackReferenceHeuristic: false,
                })
            ).violations,
            [],
        );
        assert.deepStrictEqual(
            (await runStackPolicy(computeRequiresDataReplication, [...stack, replica])).violations,
            [],
        );
    });

    it("is not applicable without compute", async () => {
        assert.strictEqual(
            (await runStackPolicy(computeRequiresDataReplication, [table])).notApplicable,
            "the stack runs no compute",
        );
    });

    it("skips resources whose region is unknown during preview", async () => {
        const unknownRegion = {
            ...service("api-usw2", west),
            props: { region: unknownString },
            providerProps: { region: unknownString },
        };
        const outcome = await runStackPolicy(computeRequiresDataReplication, [
            service("api-use1", east),
            unknownRegion,
            table,
        ]);
        assert.deepStrictEqual(outcome.violations, []);
    });
});
