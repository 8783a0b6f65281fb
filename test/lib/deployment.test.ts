/**
 * The deployment-wide facts a stack's policies see (policies/lib/deployment.ts): which types are
 * facts, what the producer passes for each stack, how a user's own `deployment` config wins, and
 * the policy's combined view of its own resources and the other stacks'.
 */
import * as assert from "assert";
import type { PolicyResource } from "@pulumi/policy";
import {
    deploymentFacts,
    deploymentPolicies,
    deploymentView,
    isFactType,
    rawConfig,
    RecordedStack,
    withDeploymentFacts,
} from "../../policies/lib/deployment";

const facts: [string, boolean][] = [
    ["aws:ecs/service:Service", true],
    ["aws:dynamodb/table:Table", true],
    ["aws:s3/bucket:Bucket", true],
    ["aws:s3/bucketReplicationConfig:BucketReplicationConfig", true],
    ["aws:route53/record:Record", true],
    ["aws:route53/healthCheck:HealthCheck", true],
    ["aws:appautoscaling/target:Target", true],
    ["pulumi:pulumi:StackReference", true],
    ["aws:sns/topic:Topic", true],
    ["aws:sns/topicSubscription:TopicSubscription", true],
    ["aws:cloudwatch/compositeAlarm:CompositeAlarm", true],
    ["aws:ecs/taskDefinition:TaskDefinition", true],
    ["aws:lb/targetGroup:TargetGroup", true],
    ["aws:arcregionswitch/plan:Plan", true],
    ["aws:secretsmanager/secret:Secret", true],
    ["aws:secretsmanager/secretVersion:SecretVersion", false],
    ["aws:globalaccelerator/accelerator:Accelerator", true],
    ["aws:lb/loadBalancer:LoadBalancer", true],
    ["aws:cloudfront/distribution:Distribution", true],
    ["aws:s3/bucketLogging:BucketLogging", true],
    ["aws:iam/role:Role", false],
    ["aws:kms/key:Key", false],
    ["xaws:lb/loadBalancer:LoadBalancer", false],
];

function stack(name: string, resources: RecordedStack["resources"]): RecordedStack {
    return { stack: name, fullName: `org/proj/${name}`, resources };
}
const recorded = (type: string, name: string) => ({
    urn: `urn:pulumi:x::p::${type}::${name}`,
    type,
    name,
    region: "us-west-2",
    outputs: { name },
    propertyDependencies: { a: ["urn:other"] },
});
const own = (name: string) =>
    ({
        urn: `urn:own:${name}`,
        type: "aws:s3/bucket:Bucket",
        name,
        props: {},
    }) as unknown as PolicyResource;

describe("pack deployment: facts", () => {
    for (const [type, expected] of facts) {
        it(`${type} is ${expected ? "" : "not "}a fact`, () => {
            assert.strictEqual(isFactType(type), expected);
        });
    }

    it("each other stack's fact resources, none of its own", () => {
        const stacks = [
            stack("primary", [
                recorded("aws:dynamodb/table:Table", "t"),
                recorded("aws:iam/role:Role", "r"),
            ]),
            stack("global", [recorded("aws:route53/record:Record", "www")]),
        ];
        assert.deepStrictEqual(deploymentFacts(stacks, "global"), {
            self: "global",
            stacks: [
                {
                    stack: "primary",
                    fullName: "org/proj/primary",
                    resources: [
                        {
                            urn: "urn:pulumi:x::p::aws:dynamodb/table:Table::t",
                            type: "aws:dynamodb/table:Table",
                            name: "t",
                            region: "us-west-2",
                            props: { name: "t" },
                            propertyDependencies: { a: ["urn:other"] },
                        },
                    ],
                },
                { stack: "global", fullName: "org/proj/global", resources: [] },
            ],
        });
    });

    it("every policy that reads the deployment gets the facts; a user's own facts win", () => {
        assert.deepStrictEqual(deploymentPolicies, [
            "compute-requires-data-replication",
            "dns-failover-pair",
            "dns-ttl-max",
            "dns-health-check-required",
            "analysis-coverage",
            "alarm-topic-subscriptions",
            "failover-simulation",
            "failover-objectives",
        ]);
        const stacks = [stack("primary", [])];
        const userFacts = { self: "mine", stacks: [] };
        const config = {
            "dns-ttl-max": { enforcementLevel: "mandatory", properties: { maxTtlSeconds: 60 } },
            "dns-failover-pair": {
                enforcementLevel: "advisory",
                properties: { deployment: userFacts },
            },
            "analysis-coverage": {
                enforcementLevel: "advisory",
                properties: { deployment: { self: 1 } },
            },
            "other-policy": { enforcementLevel: "mandatory", properties: {} },
        };
        const expected = deploymentFacts(stacks, "global");
        assert.deepStrictEqual(withDeploymentFacts(config, stacks, "global"), {
            "dns-ttl-max": {
                enforcementLevel: "mandatory",
                properties: { maxTtlSeconds: 60, deployment: expected },
            },
            "dns-failover-pair": config["dns-failover-pair"],
            "analysis-coverage": {
                enforcementLevel: "advisory",
                properties: { deployment: expected },
            },
            "other-policy": config["other-policy"],
        });
        assert.deepStrictEqual(config["dns-ttl-max"].properties, { maxTtlSeconds: 60 });
    });
});

describe("pack deployment: the policy's view", () => {
    it("without facts: its own resources only", () => {
        const a = own("a");
        for (const config of [
            {},
            { deployment: {} },
            { deployment: { self: "s" } },
            { deployment: { stacks: [] } },
        ]) {
            const view = deploymentView([a], config);
            assert.deepStrictEqual(
                [view.resources, view.projectWide, [...view.stackNames]],
                [[a], false, []],
            );
            assert.strictEqual(view.isOwn(a), true);
            assert.strictEqual(view.isOwn({ urn: "x" }), false);
            assert.strictEqual(view.stackOf(a), undefined);
        }
    });

    it("with facts: in deploy order, own resources in their stack's place, foreign ones typed and placed", () => {
        const a = own("a");
        const view = deploymentView([a], {
            deployment: {
                self: "secondary",
                stacks: [
                    {
                        stack: "primary",
                        fullName: "org/p/primary",
                        resources: [
                            {
                                urn: "urn:p::t",
                                type: "aws:dynamodb/table:Table",
                                region: "us-east-1",
                                props: { name: "t" },
                                propertyDependencies: {
                                    replicas: ["urn:own:a", "urn:missing", "urn:g::rec"],
                                },
                            },
                            { urn: "urn:own:a", type: "aws:s3/bucket:Bucket" },
                            { type: "no-urn" },
                            { urn: "urn:no-type" },
                            {
                                urn: "urn:p::x::named-by-urn",
                                type: "t",
                                props: "junk",
                                propertyDependencies: "junk",
                            },
                        ],
                    },
                    {
                        stack: "secondary",
                        fullName: "org/p/secondary",
                        resources: [{ urn: "urn:s::ignored", type: "t" }],
                    },
                    {
                        stack: "global",
                        resources: [
                            { urn: "urn:g::rec", type: "aws:route53/record:Record", name: "www" },
                        ],
                    },
                ],
            },
        });
        assert.deepStrictEqual(
            view.resources.map((r) => [r.urn, r.type, r.name, r.props, r.provider?.props]),
            [
                [
                    "urn:p::t",
                    "aws:dynamodb/table:Table",
                    "t",
                    { name: "t" },
                    { region: "us-east-1" },
                ],
                ["urn:p::x::named-by-urn", "t", "named-by-urn", {}, undefined],
                ["urn:own:a", "aws:s3/bucket:Bucket", "a", {}, undefined],
                ["urn:g::rec", "aws:route53/record:Record", "www", {}, undefined],
            ],
        );
        assert.deepStrictEqual(
            view.resources[0]!.propertyDependencies.replicas!.map((r) => r.urn),
            ["urn:own:a", "urn:g::rec"],
        );
        assert.deepStrictEqual(view.resources[1]!.propertyDependencies, {});
        assert.strictEqual(view.projectWide, true);
        assert.deepStrictEqual(
            [...view.stackNames],
            ["org/p/primary", "org/p/secondary", "global"],
        );
        assert.deepStrictEqual(
            view.resources.map((r) => [view.isOwn(r), view.stackOf(r)]),
            [
                [false, "primary"],
                [false, "primary"],
                [true, undefined],
                [false, "global"],
            ],
        );
    });

    it("own resources go last when their stack is not among the facts", () => {
        const a = own("a");
        const view = deploymentView([a], {
            deployment: {
                self: "secondary",
                stacks: [{ stack: "primary", resources: [{ urn: "urn:p", type: "t" }] }, "junk"],
            },
        });
        assert.deepStrictEqual(
            view.resources.map((r) => r.urn),
            ["urn:p", "urn:own:a"],
        );
        assert.deepStrictEqual([...view.stackNames], ["primary", ""]);
    });

    it("rawConfig: the config object, or empty when missing, odd or throwing", () => {
        const config = { a: 1 };
        assert.strictEqual(rawConfig({ getConfig: <C>() => config as C }), config);
        assert.deepStrictEqual(rawConfig({ getConfig: <C>() => null as C }), {});
        assert.deepStrictEqual(rawConfig({ getConfig: <C>() => 5 as unknown as C }), {});
        assert.deepStrictEqual(
            rawConfig({
                getConfig: () => {
                    throw new Error("none");
                },
            }),
            {},
        );
    });
});
