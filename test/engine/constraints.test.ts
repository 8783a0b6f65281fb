import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

/** Messages for `resource`, given everything recorded so far. */
function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

const hcDoc = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";
const recordDoc =
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html";

describe("AWS input constraints", () => {
    describe("Route 53 health check", () => {
        const good = {
            type: "HTTPS",
            fqdn: "alb.us-east-1.elb.amazonaws.com",
            resourcePath: "/health",
            requestInterval: 10,
            failureThreshold: 3,
            regions: ["us-east-1", "us-west-2", "eu-west-1"],
        };
        const hc = (change: Record<string, unknown>) =>
            recorded("aws:route53/healthCheck:HealthCheck", "hc", { ...good, ...change });

        it("accepts a valid check", () => assert.deepStrictEqual(problems(hc({})), []));
        it("rejects an interval other than 10 or 30", () =>
            assert.deepStrictEqual(problems(hc({ requestInterval: 20 })), [
                `requestInterval 20 is invalid; it must be 10 or 30 (${hcDoc})`,
            ]));
        it("rejects a failure threshold of 0 and of 11", () => {
            assert.deepStrictEqual(problems(hc({ failureThreshold: 0 })), [
                `failureThreshold 0 is invalid; it must be an integer from 1 to 10 (${hcDoc})`,
            ]);
            assert.deepStrictEqual(problems(hc({ failureThreshold: 11 })), [
                `failureThreshold 11 is invalid; it must be an integer from 1 to 10 (${hcDoc})`,
            ]);
        });
        it("rejects fewer than 3 checker regions", () =>
            assert.deepStrictEqual(problems(hc({ regions: ["us-east-1", "us-west-2"] })), [
                `regions ["us-east-1","us-west-2"] names fewer than 3 checker regions; give at least 3 or none (${hcDoc})`,
            ]));
    });

    describe("Route 53 record", () => {
        const alias = { name: "app.example.com", zoneId: "Z1", evaluateTargetHealth: true };
        const rec = (inputs: Record<string, unknown>) =>
            recorded("aws:route53/record:Record", "rec", {
                zoneId: "Z0000000000000000000",
                name: "app.example.com",
                type: "A",
                ...inputs,
            });

        it("accepts a failover alias with a set identifier", () =>
            assert.deepStrictEqual(
                problems(
                    rec({
                        aliases: [alias],
                        setIdentifier: "us-east-1",
                        failoverRoutingPolicies: [{ type: "PRIMARY" }],
                        healthCheckId: "hc-1",
                    }),
                ),
                [],
            ));
        it("rejects a routing policy without setIdentifier", () =>
            assert.deepStrictEqual(
                problems(
                    rec({ aliases: [alias], latencyRoutingPolicies: [{ region: "us-east-1" }] }),
                ),
                [`latencyRoutingPolicies needs setIdentifier (${recordDoc})`],
            ));
        it("rejects an alias that also sets ttl and records", () =>
            assert.deepStrictEqual(
                problems(rec({ aliases: [alias], ttl: 60, records: ["1.2.3.4"] })),
                [`an alias record cannot also set ttl or records (${recordDoc})`],
            ));
        it("rejects a non-alias PRIMARY without a health check, as Route 53 does", () =>
            assert.deepStrictEqual(
                problems(
                    rec({
                        ttl: 60,
                        records: ["1.2.3.4"],
                        setIdentifier: "a",
                        failoverRoutingPolicies: [{ type: "PRIMARY" }],
                    }),
                ),
                [`a non-alias PRIMARY failover record must have a healthCheckId (${recordDoc})`],
            ));
    });

    describe("S3 replication", () => {
        const doc =
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html";
        const versioning = (bucket: string, status = "Enabled") =>
            recorded("aws:s3/bucketVersioning:BucketVersioning", `${bucket}-versioning`, {
                bucket,
                versioningConfiguration: { status },
            });
        const replication = (inputs: Record<string, unknown> = {}) =>
            recorded("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "repl", {
                bucket: "src",
                role: "arn:aws:iam::123456789012:role/repl",
                rules: [
                    { id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::dst" } },
                ],
                ...inputs,
            });

        it("accepts versioning on both buckets and a role", () =>
            assert.deepStrictEqual(
                problems(replication(), [versioning("src"), versioning("dst")]),
                [],
            ));
        it("rejects a destination without versioning", () =>
            assert.deepStrictEqual(
                problems(replication(), [versioning("src"), versioning("dst", "Suspended")]),
                [`destination bucket "dst" must have versioning Enabled (${doc})`],
            ));
        it("rejects a source without versioning", () =>
            assert.deepStrictEqual(problems(replication(), [versioning("dst")]), [
                `source bucket "src" must have versioning Enabled before replication is configured (${doc})`,
            ]));
        it("rejects replication without a role", () =>
            assert.deepStrictEqual(
                problems(replication({ role: undefined }), [versioning("src"), versioning("dst")]),
                [`replication needs an IAM role that S3 can assume (${doc})`],
            ));
    });

    describe("DynamoDB replica", () => {
        const doc =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_reqs_bestpractices.html";
        const arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
        const table = (inputs: Record<string, unknown>) =>
            recorded("aws:dynamodb/table:Table", "orders", inputs, { outputs: { arn } });
        const replica = recorded(
            "aws:dynamodb/tableReplica:TableReplica",
            "orders-usw2",
            { globalTableArn: arn },
            { region: "us-west-2" },
        );

        it("accepts a source streaming NEW_AND_OLD_IMAGES", () =>
            assert.deepStrictEqual(
                problems(replica, [
                    table({ streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" }),
                ]),
                [],
            ));
        it("rejects a source streaming KEYS_ONLY", () =>
            assert.deepStrictEqual(
                problems(replica, [table({ streamEnabled: true, streamViewType: "KEYS_ONLY" })]),
                [
                    `table "orders" must have streamEnabled true and streamViewType NEW_AND_OLD_IMAGES to have replicas, but has streamEnabled true and streamViewType "KEYS_ONLY" (${doc})`,
                ],
            ));
    });

    describe("Aurora global secondary", () => {
        const doc =
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-attaching.html";
        const primary = recorded(
            "aws:rds/cluster:Cluster",
            "db-primary",
            {
                globalClusterIdentifier: "orders",
                engine: "aurora-postgresql",
                manageMasterUserPassword: true,
                masterUsername: "app",
            },
            { stack: "primary" },
        );
        const secondary = (inputs: Record<string, unknown>) =>
            recorded(
                "aws:rds/cluster:Cluster",
                "db-secondary",
                { globalClusterIdentifier: "orders", engine: "aurora-postgresql", ...inputs },
                { region: "us-west-2", stack: "secondary" },
            );

        it("accepts a secondary without credentials", () =>
            assert.deepStrictEqual(problems(secondary({}), [primary]), []));
        it("rejects a secondary with master credentials", () =>
            assert.deepStrictEqual(
                problems(secondary({ masterUsername: "app", masterPassword: "[secret]" }), [
                    primary,
                ]),
                [
                    `secondary cluster of global cluster "orders" must not set masterUsername, masterPassword; credentials come from the primary (${doc})`,
                ],
            ));
    });

    describe("Application Load Balancer", () => {
        const doc =
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer";
        it("rejects a single subnet", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:lb/loadBalancer:LoadBalancer", "alb", { subnets: ["subnet-1"] }),
                ),
                [
                    `an application load balancer needs at least 2 subnets in different availability zones, got 1 (${doc})`,
                ],
            ));
        it("accepts two subnets", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:lb/loadBalancer:LoadBalancer", "alb", {
                        subnets: ["subnet-1", "subnet-2"],
                    }),
                ),
                [],
            ));
    });

    describe("Fargate task definition", () => {
        const doc =
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size";
        const task = (cpu: string, memory: string) =>
            recorded("aws:ecs/taskDefinition:TaskDefinition", "task", {
                family: "app",
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu,
                memory,
            });
        it("accepts 512 CPU with 1024 MiB", () =>
            assert.deepStrictEqual(problems(task("512", "1024")), []));
        it("rejects 512 CPU with 512 MiB", () =>
            assert.deepStrictEqual(problems(task("512", "512")), [
                `cpu "512" with memory "512" is not a Fargate task size; memory for cpu 512 must be one of 1024, 2048, 3072, 4096 (${doc})`,
            ]));
        it("leaves a size that is unknown until deployment to AWS, as a preview does", () =>
            assert.deepStrictEqual(
                problems(
                    task({ __pulumiUnknown: true } as never, { __pulumiUnknown: true } as never),
                ),
                [],
            ));
    });

    describe("target group health check", () => {
        const doc =
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html";
        const tg = (interval: number, timeout: number) =>
            recorded("aws:lb/targetGroup:TargetGroup", "tg", {
                healthCheck: { path: "/health", interval, timeout },
            });
        it("accepts a timeout below the interval", () =>
            assert.deepStrictEqual(problems(tg(10, 5)), []));
        it("rejects a timeout equal to the interval", () =>
            assert.deepStrictEqual(problems(tg(10, 10)), [
                `healthCheck.timeout 10 must be less than healthCheck.interval 10 (${doc})`,
            ]));
    });
});
