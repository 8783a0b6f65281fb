/**
 * standby-capacity-matches-strategy, compute type by compute type (issue #30: mutation testing
 * left Batch, EKS, Lambda, DAEMON services, App Auto Scaling targets and the stack's exported
 * strategy without a test that fails): each type's zero-capacity field named exactly, and each
 * way the strategy is declared.
 */
import * as assert from "assert";
import { standbyCapacityMatchesStrategy } from "../../../policies/policies";
import { FixtureResource, runStackPolicy } from "../harness";

const west = { region: "us-west-2" };
const tags = { Strategy: "Warm-Standby" };

const run = (resources: FixtureResource[], config: Record<string, unknown> = {}) =>
    runStackPolicy(standbyCapacityMatchesStrategy, resources, config);

const zero = (what: string, field: string, strategy = "warm-standby") =>
    `Run at least one unit of ${what} (${field} is 0): the ${strategy} strategy serves users from this region as soon as it fails over; with none the region cold-starts on failover, which is active-passive, not ${strategy}.`;

const ecs = (props: Record<string, unknown>): FixtureResource => ({
    type: "aws:ecs/service:Service",
    name: "api",
    props: { name: "api", tags, ...props },
    providerProps: west,
});
const target = (props: Record<string, unknown>, name = "api-scaling"): FixtureResource => ({
    type: "aws:appautoscaling/target:Target",
    name,
    props: {
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: "service/cluster/api",
        minCapacity: 2,
        maxCapacity: 4,
        ...props,
    },
    providerProps: west,
});

describe("standby-capacity-matches-strategy: each compute type and each declaration", () => {
    describe("capacity, type by type", () => {
        const cases: [string, FixtureResource, string[]][] = [
            [
                "a Batch environment with minVcpus 0",
                {
                    type: "aws:batch/computeEnvironment:ComputeEnvironment",
                    name: "jobs",
                    props: { tags, computeResources: { minVcpus: 0, maxVcpus: 16 } },
                },
                [zero('Batch compute environment "jobs"', "computeResources.minVcpus")],
            ],
            [
                "a Batch environment with minVcpus 2",
                {
                    type: "aws:batch/computeEnvironment:ComputeEnvironment",
                    name: "jobs",
                    props: { tags, computeResources: { minVcpus: 2, maxVcpus: 16 } },
                },
                [],
            ],
            [
                "an EKS node group of desired size 0",
                {
                    type: "aws:eks/nodeGroup:NodeGroup",
                    name: "nodes",
                    props: { tags, scalingConfig: { desiredSize: 0, maxSize: 3, minSize: 0 } },
                },
                [zero('EKS node group "nodes"', "scalingConfig.desiredSize")],
            ],
            [
                "an EKS node group of desired size 1",
                {
                    type: "aws:eks/nodeGroup:NodeGroup",
                    name: "nodes",
                    props: { tags, scalingConfig: { desiredSize: 1, maxSize: 3, minSize: 0 } },
                },
                [],
            ],
            [
                "a Lambda function with reserved concurrency 0",
                {
                    type: "aws:lambda/function:Function",
                    name: "fn",
                    props: { tags, reservedConcurrentExecutions: 0 },
                },
                [zero('Lambda function "fn"', "reservedConcurrentExecutions")],
            ],
            [
                "a Lambda function with unreserved concurrency",
                { type: "aws:lambda/function:Function", name: "fn", props: { tags } },
                [],
            ],
            [
                "an Auto Scaling group with desiredCapacity 0 above minSize 1",
                {
                    type: "aws:autoscaling/group:Group",
                    name: "web",
                    props: {
                        tags: [{ key: "Strategy", value: "warm-standby" }],
                        desiredCapacity: 0,
                        minSize: 1,
                        maxSize: 2,
                    },
                },
                [zero('Auto Scaling group "web"', "desiredCapacity")],
            ],
            [
                "an Auto Scaling group with minSize 0 and no desiredCapacity",
                {
                    type: "aws:autoscaling/group:Group",
                    name: "web",
                    props: {
                        tags: [{ key: "Strategy", value: "warm-standby" }],
                        minSize: 0,
                        maxSize: 2,
                    },
                },
                [zero('Auto Scaling group "web"', "minSize")],
            ],
            [
                "an Auto Scaling group with desiredCapacity 1 and minSize 0",
                {
                    type: "aws:autoscaling/group:Group",
                    name: "web",
                    props: {
                        tags: [{ key: "Strategy", value: "warm-standby" }],
                        desiredCapacity: 1,
                        minSize: 0,
                        maxSize: 2,
                    },
                },
                [],
            ],
            [
                "an Auto Scaling group whose tag list has no Strategy value",
                {
                    type: "aws:autoscaling/group:Group",
                    name: "web",
                    props: {
                        tags: [
                            { key: "Team", value: "web" },
                            { key: "Strategy" },
                            { value: "pilot-light" },
                        ],
                        minSize: 0,
                        maxSize: 2,
                    },
                },
                [],
            ],
            [
                "a DAEMON service: one task per instance, nothing to count",
                ecs({ schedulingStrategy: "DAEMON", desiredCount: 0 }),
                [],
            ],
            [
                "a REPLICA service with 0 tasks",
                ecs({ schedulingStrategy: "REPLICA", desiredCount: 0 }),
                [zero('ECS service "api"', "desiredCount")],
            ],
            [
                "an EC2 instance (no capacity field): nothing to count",
                { type: "aws:ec2/instance:Instance", name: "vm", props: { tags } },
                [],
            ],
        ];
        for (const [title, resource, violations] of cases) {
            it(title, async () =>
                assert.deepStrictEqual(
                    (await run([{ providerProps: west, ...resource }])).violations,
                    violations,
                ),
            );
        }
    });

    describe("App Auto Scaling targets of an ECS service", () => {
        it("a target's minCapacity above desiredCount runs the service", async () => {
            assert.deepStrictEqual(
                (await run([ecs({ desiredCount: 0 }), target({})])).violations,
                [],
            );
            assert.deepStrictEqual((await run([ecs({}), target({})])).violations, []);
        });

        it("a target at minCapacity 0 is named with desiredCount", async () =>
            assert.deepStrictEqual(
                (await run([ecs({ desiredCount: 0 }), target({ minCapacity: 0 })])).violations,
                [
                    zero(
                        'ECS service "api"',
                        'desiredCount, and minCapacity of App Auto Scaling target "api-scaling",',
                    ),
                ],
            ));

        it("a target of another service, another dimension or another type does not count", async () => {
            const violations = [zero('ECS service "api"', "desiredCount")];
            for (const other of [
                target({ resourceId: "service/cluster/api-2" }),
                target({ resourceId: "service/cluster/xapi" }),
                target({ scalableDimension: "dynamodb:table:ReadCapacityUnits" }),
                { ...target({}), type: "aws:appautoscaling/policy:Policy" },
            ]) {
                assert.deepStrictEqual(
                    (await run([ecs({ desiredCount: 0 }), other])).violations,
                    violations,
                    JSON.stringify(other.props),
                );
            }
        });

        it("a target that depends on the service counts whatever its resourceId; a service without a name is found only so", async () => {
            const unnamed = { ...ecs({ desiredCount: 0 }), props: { tags, desiredCount: 0 } };
            const dependent = {
                ...target({ resourceId: "service/cluster/computed" }),
                propertyDependencies: { resourceId: ["api"] },
            };
            assert.deepStrictEqual((await run([unnamed, dependent])).violations, []);
            assert.deepStrictEqual(
                (await run([unnamed, target({ resourceId: "service/cluster/undefined" })]))
                    .violations,
                [zero('ECS service "api"', "desiredCount")],
            );
            const elsewhere = { ...dependent, propertyDependencies: { resourceId: ["other"] } };
            assert.deepStrictEqual(
                (await run([unnamed, elsewhere, { ...ecs({}), name: "other" }])).violations,
                [zero('ECS service "api"', "desiredCount")],
            );
        });

        it("the first target that applies is used", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        ecs({ desiredCount: 0 }),
                        target({ scalableDimension: "ecs:service:Other", minCapacity: 3 }, "first"),
                        target({ minCapacity: 1 }, "second"),
                    ])
                ).violations,
                [],
            ));
    });

    describe("where the strategy is declared", () => {
        const untagged = { ...ecs({ desiredCount: 0 }), props: { name: "api", desiredCount: 0 } };
        const stack = (props: Record<string, unknown>): FixtureResource => ({
            type: "pulumi:pulumi:Stack",
            name: "proj-dev",
            props,
        });
        it("the stack's exported strategy, directly or under outputs", async () => {
            for (const props of [
                { strategy: "pilot-light" },
                { outputs: { strategy: "pilot-light" } },
            ]) {
                assert.deepStrictEqual(
                    (await run([untagged, stack(props)])).violations,
                    [
                        'Run at least one unit of ECS service "api" (desiredCount is 0): a pilot light keeps a minimal core always on so that failover only scales it up; with none the region cold-starts on failover, which is active-passive, not pilot-light.',
                    ],
                    JSON.stringify(props),
                );
            }
            // A strategy output on another resource is not the stack's.
            assert.deepStrictEqual(
                (
                    await run([
                        untagged,
                        { ...stack({ strategy: "pilot-light" }), type: "aws:s3/bucket:Bucket" },
                    ])
                ).violations,
                [],
            );
        });

        it("a provider's default tag that is not a string is ignored for the next source", async () =>
            assert.deepStrictEqual(
                (
                    await run(
                        [
                            {
                                ...untagged,
                                providerProps: {
                                    region: "us-west-2",
                                    defaultTags: { tags: { Strategy: 3 } },
                                },
                            },
                        ],
                        { strategy: "active-active" },
                    )
                ).violations,
                [zero('ECS service "api"', "desiredCount", "active-active")],
            ));

        it("an unknown strategy names the tag it read", async () =>
            assert.deepStrictEqual(
                (
                    await run(
                        [{ ...untagged, props: { ...untagged.props, tags: { Tier: "gold" } } }],
                        { strategyTag: "Tier" },
                    )
                ).violations,
                [
                    'Set the Tier tag of ECS service "api" to one of active-passive, pilot-light, warm-standby, active-active: "gold" is not a DR strategy this policy knows, so its capacity cannot be checked.',
                ],
            ));
    });
});
