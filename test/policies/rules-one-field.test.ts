/**
 * The pack's issue-15 rules, policy by policy: a compliant baseline and one-field changes.
 */
import * as assert from "assert";
import {
    analysisCoverage,
    computeRequiresDataReplication,
    dnsFailoverPair,
    dnsHealthCheckRequired,
    dnsTtlMax,
    standbyCapacityMatchesStrategy,
} from "../../policies/policies";
import { deploymentFacts } from "../../policies/lib/deployment";
import { dataRegionsOfOutputs } from "../../policies/rules/compute-requires-data-replication";
import { FixtureResource, runStackPolicy, withChange } from "./harness";

const east = { region: "us-east-1" };
const west = { region: "us-west-2" };
const zoneId = "Z0000000000000000000";

const service = (name: string, provider: Record<string, unknown>): FixtureResource => ({
    type: "aws:ecs/service:Service",
    name,
    props: { name, desiredCount: 2 },
    providerProps: provider,
});
const table = (name: string, provider: Record<string, unknown>): FixtureResource => ({
    type: "aws:dynamodb/table:Table",
    name,
    props: { name, arn: `arn:aws:dynamodb:${provider.region}:123456789012:table/${name}` },
    providerProps: provider,
});

describe("compute-requires-data-replication (issue 15)", () => {
    const twoRegions = [service("api-use1", east), service("api-usw2", west)];

    it("fails a store outside every compute region as a single point of failure", async () => {
        const outcome = await runStackPolicy(computeRequiresDataReplication, [
            ...twoRegions,
            table("orders", { region: "eu-west-1" }),
        ]);
        assert.deepStrictEqual(outcome.violations, [
            'Replicate DynamoDB table "orders" into the regions that run compute, or move it there; set streamEnabled: true and streamViewType: "NEW_AND_OLD_IMAGES" on it (global tables replicate through the stream, and AWS refuses a replica of a table without one), then add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in eu-west-1, where no compute runs, and compute in us-east-1 and us-west-2 depends on it, so losing eu-west-1 stops every region: the store is a single point of failure.',
        ]);
    });

    const bucket = (name: string, provider: Record<string, unknown>, tags = {}) => ({
        type: "aws:s3/bucket:Bucket",
        name,
        props: { bucket: name, arn: `arn:aws:s3:::${name}`, tags },
        providerProps: provider,
    });

    it("leaves out access-log buckets and buckets tagged regional, but not a plain bucket", async () => {
        const lb: FixtureResource = {
            type: "aws:lb/loadBalancer:LoadBalancer",
            name: "alb-use1",
            props: { accessLogs: { bucket: "alb-logs", enabled: true } },
            providerProps: east,
        };
        const baseline = [...twoRegions, bucket("alb-logs", east), lb];
        assert.deepStrictEqual(
            (await runStackPolicy(computeRequiresDataReplication, baseline)).violations,
            [],
        );
        const unlogged = withChange(baseline[3], "props.accessLogs.bucket", "elsewhere");
        assert.match(
            (
                await runStackPolicy(computeRequiresDataReplication, [
                    ...baseline.slice(0, 3),
                    unlogged,
                ])
            ).violations[0],
            /^Replicate S3 bucket "alb-logs" into us-west-2;/,
        );
        const tagged = bucket("scratch", east, { "multi-region-failover:regional": "true" });
        assert.deepStrictEqual(
            (await runStackPolicy(computeRequiresDataReplication, [...twoRegions, tagged]))
                .violations,
            [],
        );
        const untagged = withChange(tagged, "props.tags", {});
        assert.strictEqual(
            (await runStackPolicy(computeRequiresDataReplication, [...twoRegions, untagged]))
                .violations.length,
            1,
        );
    });

    it("counts a StackReference as a data dependency only when an output names a data store", () => {
        assert.deepStrictEqual(
            [
                ...dataRegionsOfOutputs({
                    region: "us-east-1",
                    topicArn: "arn:aws:sns:us-east-1:123456789012:events",
                    keyArn: "arn:aws:kms:us-east-1:123456789012:key/1",
                    roleArn: "arn:aws:iam::123456789012:role/app",
                }),
            ],
            [],
        );
        assert.deepStrictEqual(
            [...dataRegionsOfOutputs({ region: "us-east-1", tableName: "orders" })],
            ["us-east-1"],
        );
        assert.deepStrictEqual(
            [...dataRegionsOfOutputs({ db: "arn:aws:rds:eu-west-1:123456789012:db:orders" })],
            ["eu-west-1"],
        );
    });

    it("judges stacks together through the deployment facts, once, in the store's stack", async () => {
        const recorded = (stack: string, region: string) => ({
            stack,
            fullName: `organization/p/${stack}`,
            resources: [
                {
                    urn: `urn:pulumi:${stack}::p::aws:ecs/service:Service::api`,
                    type: "aws:ecs/service:Service",
                    name: "api",
                    region,
                    outputs: { name: "api" },
                    propertyDependencies: {},
                },
            ],
        });
        const deployment = deploymentFacts(
            [recorded("east", "us-east-1"), recorded("west", "us-west-2")],
            "east",
        );
        const own = [service("api", east), table("orders", east)];
        assert.deepStrictEqual(
            (await runStackPolicy(computeRequiresDataReplication, own)).violations,
            [],
        );
        assert.deepStrictEqual(
            (await runStackPolicy(computeRequiresDataReplication, own, { deployment })).violations,
            [
                'Replicate DynamoDB table "orders" into us-west-2; set streamEnabled: true and streamViewType: "NEW_AND_OLD_IMAGES" on it (global tables replicate through the stream, and AWS refuses a replica of a table without one), then add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api" of stack "west" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
            ],
        );
    });

    it("follows the new stores' mechanisms", async () => {
        const efs: FixtureResource = {
            type: "aws:efs/fileSystem:FileSystem",
            name: "files",
            props: { id: "fs-1" },
            providerProps: east,
        };
        const replication: FixtureResource = {
            type: "aws:efs/replicationConfiguration:ReplicationConfiguration",
            name: "files-usw2",
            props: { sourceFileSystemId: "fs-1", destination: { region: "us-west-2" } },
            providerProps: east,
        };
        assert.deepStrictEqual(
            (
                await runStackPolicy(computeRequiresDataReplication, [
                    ...twoRegions,
                    efs,
                    replication,
                ])
            ).violations,
            [],
        );
        const elsewhere = withChange(replication, "props.destination.region", "eu-west-1");
        assert.match(
            (await runStackPolicy(computeRequiresDataReplication, [...twoRegions, efs, elsewhere]))
                .violations[0],
            /^Replicate EFS file system "files" into us-west-2; add an aws.efs.ReplicationConfiguration/,
        );
    });
});

const record = (name: string, props: Record<string, unknown>): FixtureResource => ({
    type: "aws:route53/record:Record",
    name,
    props: { zoneId, name: "app.example.com", type: "A", ...props },
});
const healthCheck = (name: string, props: Record<string, unknown>): FixtureResource => ({
    type: "aws:route53/healthCheck:HealthCheck",
    name,
    props: { id: `hc-${name}`, type: "HTTPS", requestInterval: 10, failureThreshold: 3, ...props },
});

describe("dns-health-check-required (issue 15)", () => {
    const pair = [
        healthCheck("primary", { ipAddress: "192.0.2.10" }),
        record("primary", {
            ttl: 60,
            records: ["192.0.2.10"],
            setIdentifier: "p",
            failoverRoutingPolicies: [{ type: "PRIMARY" }],
            healthCheckId: "hc-primary",
        }),
        record("secondary", {
            ttl: 60,
            records: ["198.51.100.10"],
            setIdentifier: "s",
            failoverRoutingPolicies: [{ type: "SECONDARY" }],
        }),
    ];

    it("passes a checked PRIMARY and a SECONDARY without a check", async () => {
        assert.deepStrictEqual((await runStackPolicy(dnsHealthCheckRequired, pair)).violations, []);
    });

    it("counts a disabled check as none on a PRIMARY", async () => {
        const disabled = withChange(pair[0], "props.disabled", true);
        assert.deepStrictEqual(
            (await runStackPolicy(dnsHealthCheckRequired, [disabled, pair[1], pair[2]])).violations,
            [
                'Enable health check "primary" of PRIMARY failover record "primary" (app.example.com) (disabled is true): Route 53 treats a disabled health check as healthy, so the record counts as having no health check and never routes away from a failed endpoint.',
            ],
        );
    });

    it("fails a check that probes another endpoint than its record's", async () => {
        const elsewhere = withChange(pair[0], "props.ipAddress", "203.0.113.9");
        assert.match(
            (await runStackPolicy(dnsHealthCheckRequired, [elsewhere, pair[1], pair[2]]))
                .violations[0],
            /^Point health check "primary" of PRIMARY failover record "primary" \(app.example.com\) at the record's target 192.0.2.10, or attach a check that probes it: it probes 203.0.113.9,/,
        );
    });
});

describe("dns-ttl-max (issue 15)", () => {
    const target = record("east-a", {
        name: "east.app.example.com",
        ttl: 60,
        records: ["192.0.2.10"],
    });
    const alias = record("api", {
        setIdentifier: "east",
        latencyRoutingPolicies: [{ region: "us-east-1" }],
        aliases: [{ name: "east.app.example.com", zoneId, evaluateTargetHealth: true }],
    });

    it("takes an aliased record's TTL, recursively", async () => {
        assert.deepStrictEqual((await runStackPolicy(dnsTtlMax, [target, alias])).violations, []);
        const slow = withChange(target, "props.ttl", 900);
        assert.deepStrictEqual((await runStackPolicy(dnsTtlMax, [slow, alias])).violations, [
            'Lower ttl on record "east-a" (east.app.example.com) from 900 to 60 or less: a latency record "api" (app.example.com) aliases it ("api" -> "east-a"), and an alias to another record is served with that record\'s TTL, so resolvers keep a failed endpoint for up to 900 s after failover.',
        ]);
        const middle = record("mid", {
            name: "mid.app.example.com",
            aliases: [{ name: "east.app.example.com", zoneId, evaluateTargetHealth: true }],
        });
        const viaMiddle = withChange(alias, "props.aliases.0.name", "mid.app.example.com");
        assert.match(
            (await runStackPolicy(dnsTtlMax, [slow, middle, viaMiddle])).violations[0],
            /aliases it \("api" -> "mid" -> "east-a"\)/,
        );
    });
});

describe("dns-failover-pair (issue 15)", () => {
    it("says what a one-stack analysis cannot see, and is quiet when given the other stack", async () => {
        const primary = record("primary", {
            ttl: 60,
            records: ["192.0.2.10"],
            setIdentifier: "p",
            failoverRoutingPolicies: [{ type: "PRIMARY" }],
        });
        const alone = (await runStackPolicy(dnsFailoverPair, [primary])).violations;
        assert.strictEqual(alone.length, 1);
        assert.ok(
            alone[0].endsWith(
                "This analysis saw only this stack: if the record is in another stack of the project, give the pack that stack's facts through this policy's `deployment` config (the offline check does so when it runs every stack of the project).",
            ),
        );
        const deployment = deploymentFacts(
            [
                { stack: "east", fullName: "o/p/east", resources: [] },
                {
                    stack: "west",
                    fullName: "o/p/west",
                    resources: [
                        {
                            urn: "urn:pulumi:west::p::aws:route53/record:Record::secondary",
                            type: "aws:route53/record:Record",
                            name: "secondary",
                            region: "us-west-2",
                            outputs: {
                                zoneId,
                                name: "app.example.com",
                                type: "A",
                                records: ["198.51.100.10"],
                                setIdentifier: "s",
                                failoverRoutingPolicies: [{ type: "SECONDARY" }],
                            },
                            propertyDependencies: {},
                        },
                    ],
                },
            ],
            "east",
        );
        assert.deepStrictEqual(
            (await runStackPolicy(dnsFailoverPair, [primary], { deployment })).violations,
            [],
        );
    });
});

describe("standby-capacity-matches-strategy (issue 15)", () => {
    const svc: FixtureResource = {
        type: "aws:ecs/service:Service",
        name: "api",
        props: { name: "api", tags: { Strategy: "warm-standby" } },
    };
    const target: FixtureResource = {
        type: "aws:appautoscaling/target:Target",
        name: "api",
        props: {
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/app/api",
            minCapacity: 2,
        },
    };

    it("reads the App Auto Scaling minimum when desiredCount is unset", async () => {
        assert.deepStrictEqual(
            (await runStackPolicy(standbyCapacityMatchesStrategy, [svc, target])).violations,
            [],
        );
        assert.deepStrictEqual(
            (
                await runStackPolicy(standbyCapacityMatchesStrategy, [
                    svc,
                    withChange(target, "props.minCapacity", 0),
                ])
            ).violations,
            [
                'Run at least one unit of ECS service "api" (desiredCount, and minCapacity of App Auto Scaling target "api", is 0): the warm-standby strategy serves users from this region as soon as it fails over; with none the region cold-starts on failover, which is active-passive, not warm-standby.',
            ],
        );
    });
});

describe("analysis-coverage", () => {
    it("names a stateful type without a replication model, and a component without children", async () => {
        const redshift: FixtureResource = {
            type: "aws:redshift/cluster:Cluster",
            name: "warehouse",
            props: {},
            providerProps: east,
        };
        assert.deepStrictEqual((await runStackPolicy(analysisCoverage, [redshift])).violations, [
            'Teach the pack how Redshift cluster "warehouse" replicates, or tag it multi-region-failover:regional=true if it is regional on purpose: aws:redshift/cluster:Cluster holds data, and the pack has no replication model for it, so it did not check that this store survives the loss of us-east-1.',
        ]);
        const known = withChange(redshift, "type", "aws:dynamodb/table:Table");
        assert.deepStrictEqual((await runStackPolicy(analysisCoverage, [known])).violations, []);
        const component: FixtureResource = { type: "acme:index:Widget", name: "w", props: {} };
        assert.match(
            (await runStackPolicy(analysisCoverage, [component])).violations[0],
            /^Check component "w" \(acme:index:Widget\) with pulumi preview:/,
        );
        // Decided by the registration (a custom resource has a provider), not the token's shape.
        const image = withChange(
            { ...component, type: "docker-build:index:Image", name: "app" },
            "providerProps",
            {},
        );
        assert.deepStrictEqual((await runStackPolicy(analysisCoverage, [image])).violations, []);
    });

    it("in a one-stack analysis, names the data it could not check against other stacks", async () => {
        const stack = [
            service("api", east),
            table("orders", east),
            // A custom resource reaches the analyzer with its (default) provider.
            {
                ...record("api", {
                    ttl: 60,
                    records: ["192.0.2.10"],
                    setIdentifier: "us-east-1",
                    latencyRoutingPolicies: [{ region: "us-east-1" }],
                }),
                providerProps: east,
            },
        ];
        assert.deepStrictEqual((await runStackPolicy(analysisCoverage, stack)).violations, [
            'Give the pack this project\'s other stacks: this analysis saw only this stack, whose latency record "api" (app.example.com) implies other regions serve app.example.com from stacks it cannot see, so it could not check that DynamoDB table "orders" (only in us-east-1) is replicated to them. Export a "dataStores" manifest from this stack and read it through a StackReference in the others, or pass the other stacks\' facts in compute-requires-data-replication\'s deployment config (the offline check does so when it runs every stack of the project).',
        ]);
        const deployment = deploymentFacts([{ stack: "s", fullName: "o/p/s", resources: [] }], "s");
        assert.deepStrictEqual(
            (await runStackPolicy(analysisCoverage, stack, { deployment })).violations,
            [],
        );
    });
});
