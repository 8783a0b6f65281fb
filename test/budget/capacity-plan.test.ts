/**
 * Capacity per region (policies/budget/capacity.ts) and the Region switch plan as the budget
 * reads it (switchPlan.ts), on the boundaries of each comparison. Target tracking cannot scale
 * from zero tasks nor past the scalable target's maxCapacity
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html);
 * a plan's activate workflow names its target Region and its steps, a Parallel step holds its
 * own steps (https://docs.aws.amazon.com/r53recovery/latest/dg/region-switch.plans.html).
 */
import * as assert from "assert";
import {
    BudgetResource,
    RegionCapacity,
    capacityTypes,
    regionCapacities,
    scaleUpPath,
    standbys,
} from "../../policies/budget";
import {
    capacityAndDataInParallel,
    describePlan,
    planActivating,
    planType,
} from "../../policies/budget/switchPlan";

function service(region: string, name: string, props: Record<string, unknown>): BudgetResource {
    return {
        urn: `urn:${name}`,
        type: capacityTypes.service,
        name,
        region,
        inputs: props,
        stack: "s",
    };
}
function target(props: Record<string, unknown>): BudgetResource {
    return { urn: "urn:t", type: capacityTypes.scalableTarget, name: "t", inputs: props };
}

describe("budget capacity: from the graph", () => {
    it("sums services per region; full capacity is the largest region's; targets match by service name", () => {
        const caps = regionCapacities({
            resources: [
                service("us-east-1", "a", { name: "api", desiredCount: 2 }),
                service("us-east-1", "b", { desiredCount: "1" }),
                service("us-west-2", "c", { name: "api-w", desiredCount: 1 }),
                target({ resourceId: "service/cluster/api-w", maxCapacity: 5 }),
                target({
                    resourceId: "service/cluster/api",
                    maxCapacity: 4,
                    serviceNamespace: "ecs",
                }),
                target({
                    resourceId: "service/cluster/b",
                    maxCapacity: 9,
                    serviceNamespace: "dynamodb",
                }),
            ],
        });
        assert.deepStrictEqual(caps, [
            {
                region: "us-east-1",
                source: "ECS services a (s), b (s): desiredCount 3, autoscaling max 5; full capacity taken as the largest region's 3",
                running: 3,
                max: 5,
                full: 3,
                servesTraffic: true,
            },
            {
                region: "us-west-2",
                source: "ECS services c (s): desiredCount 1, autoscaling max 5; full capacity taken as the largest region's 3",
                running: 1,
                max: 5,
                full: 3,
                servesTraffic: false,
            },
        ]);
    });

    it("a service without desiredCount runs 1; a target below it, or without a maximum, never lowers it", () => {
        const caps = regionCapacities({
            resources: [
                service("r", "a", { name: "x" }),
                service("q", "b", { name: "y", desiredCount: 4 }),
                target({ resourceId: "service/c/y", maxCapacity: 2 }),
                service("p", "c", { name: "z", desiredCount: 2 }),
                target({ resourceId: "service/c/z" }),
            ],
        });
        assert.deepStrictEqual(
            caps.map((c) => [c.region, c.running, c.max, c.full, c.servesTraffic]),
            [
                ["r", 1, 1, 4, false],
                ["q", 4, 4, 4, true],
                ["p", 2, 2, 4, false],
            ],
        );
    });

    it("a target's resourceId must end with /<service name>, not merely contain it", () => {
        const caps = regionCapacities({
            resources: [
                service("r", "a", { name: "api", desiredCount: 1 }),
                target({ resourceId: "service/c/api-v2", maxCapacity: 7 }),
                target({ resourceId: "service/c/myapi", maxCapacity: 8 }),
            ],
        });
        assert.strictEqual(caps[0]!.max, 1);
    });

    it("no services: no capacity; contracts win for the regions they describe", () => {
        assert.deepStrictEqual(regionCapacities({ resources: [] }), []);
        const caps = regionCapacities({
            resources: [
                service("us-east-1", "a", { desiredCount: 9 }),
                service("eu-west-1", "b", { desiredCount: 2 }),
            ],
            contracts: [
                {
                    stack: "primary",
                    region: "us-east-1",
                    strategy: "warm-standby",
                    capacity: {
                        desiredCount: 2,
                        minCount: 1,
                        maxCount: 4,
                        fullCapacity: 3,
                        servesTraffic: true,
                    },
                },
                { stack: "other", region: "x" },
                {
                    stack: "named-by-stack",
                    capacity: {
                        desiredCount: 0,
                        minCount: 0,
                        maxCount: 0,
                        fullCapacity: 3,
                        servesTraffic: false,
                    },
                },
            ],
        });
        assert.deepStrictEqual(caps, [
            {
                region: "us-east-1",
                source: "primary capacity output (desiredCount 2, maxCount 4, fullCapacity 3)",
                running: 2,
                max: 4,
                full: 3,
                servesTraffic: true,
                strategy: "warm-standby",
            },
            {
                region: "named-by-stack",
                source: "named-by-stack capacity output (desiredCount 0, maxCount 0, fullCapacity 3)",
                running: 0,
                max: 0,
                full: 3,
                servesTraffic: false,
                strategy: undefined,
            },
            {
                region: "eu-west-1",
                source: "ECS services b (s): desiredCount 2, autoscaling max 2; full capacity taken as the largest region's 9",
                running: 2,
                max: 2,
                full: 9,
                servesTraffic: false,
            },
        ]);
    });
});

describe("budget capacity: standbys and scale-up paths", () => {
    const c = (
        running: number,
        max: number,
        full: number,
        servesTraffic = true,
    ): RegionCapacity => ({
        region: `r${running}-${max}-${full}-${servesTraffic}`,
        source: "s",
        running,
        max,
        full,
        servesTraffic,
    });
    const paths: [RegionCapacity, string][] = [
        [c(3, 3, 3), "none"],
        [c(4, 4, 3), "none"],
        [c(2, 3, 3), "autoscaling"],
        [c(2, 4, 3), "autoscaling"],
        [c(2, 2, 3), "deployment"],
        [c(1, 6, 3), "autoscaling"],
        [c(0, 6, 3), "deployment"],
        [c(0, 0, 0), "none"],
    ];
    for (const [capacity, expected] of paths) {
        it(`${capacity.running} running, max ${capacity.max}, full ${capacity.full}: ${expected}`, () => {
            assert.strictEqual(scaleUpPath(capacity), expected);
        });
    }

    it("a standby serves no traffic or runs below full capacity", () => {
        const all = [c(3, 3, 3), c(2, 3, 3), c(3, 3, 3, false), c(4, 4, 3), c(0, 0, 3, false)];
        assert.deepStrictEqual(standbys(all), [all[1], all[2], all[4]]);
    });
});

function plan(workflows: unknown, name: unknown = "p-name"): BudgetResource {
    return { urn: "urn:p", type: planType, name: "logical", inputs: { name, workflows } };
}
const step = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
    name,
    executionBlockType: type,
    ...extra,
});

describe("budget: the Region switch plan", () => {
    it("takes the activate workflow for the Region, before one without a Region; never a deactivate", () => {
        const workflows = [
            {
                workflowTargetAction: "deactivate",
                workflowTargetRegion: "us-west-2",
                steps: [step("d", "Custom")],
            },
            { workflowTargetAction: "activate", steps: [step("any", "Custom")] },
            {
                workflowTargetAction: "activate",
                workflowTargetRegion: "eu-west-1",
                steps: [step("eu", "Custom")],
            },
            {
                workflowTargetAction: "activate",
                workflowTargetRegion: "us-west-2",
                steps: [step("usw", "Custom")],
            },
        ];
        const names = (region: string) =>
            planActivating([plan(workflows)], region)?.steps.map((s) => s.name);
        assert.deepStrictEqual(names("us-west-2"), ["usw"]);
        assert.deepStrictEqual(names("eu-west-1"), ["eu"]);
        assert.deepStrictEqual(names("ap-south-1"), ["any"]);
        assert.strictEqual(
            planActivating([plan([workflows[0], workflows[2]])], "us-west-2"),
            undefined,
        );
    });

    it("reads the next plan when the first has no activation; other types and odd workflows are skipped", () => {
        const other = {
            ...plan([{ workflowTargetAction: "activate", steps: [] }]),
            type: "aws:x/y:Z",
        };
        const got = planActivating(
            [
                other,
                plan("not-a-list"),
                plan(
                    [{ workflowTargetAction: "activate", workflowTargetRegion: "r", steps: "x" }],
                    null,
                ),
            ],
            "r",
        );
        assert.deepStrictEqual(got, { name: "logical", steps: [] });
        assert.strictEqual(planActivating([], "r"), undefined);
    });

    it("flattens Parallel steps with their group, and reads each step's timeout from its configuration", () => {
        const got = planActivating(
            [
                plan([
                    {
                        workflowTargetAction: "activate",
                        workflowTargetRegion: "r",
                        steps: [
                            step("approve", "ManualApproval", {
                                executionApprovalConfigs: [{ timeoutMinutes: 60 }],
                            }),
                            step("both", "Parallel", {
                                parallelConfigs: [
                                    {
                                        steps: [
                                            step("scale", "ECSServiceScaling", {
                                                ecsCapacityIncreaseConfigs: [
                                                    { timeoutMinutes: 20 },
                                                ],
                                            }),
                                        ],
                                    },
                                    { steps: [step("db", "AuroraGlobalDatabase")] },
                                    { steps: "odd" },
                                ],
                            }),
                            step("note", "Custom", {
                                configs: "x",
                                nameConfigs: [{ timeoutMinutes: "5" }],
                                other: { timeoutMinutes: 3 },
                            }),
                        ],
                    },
                ]),
            ],
            "r",
        );
        assert.deepStrictEqual(got, {
            name: "p-name",
            steps: [
                {
                    name: "approve",
                    type: "ManualApproval",
                    timeoutMinutes: 60,
                    parallelGroup: undefined,
                },
                {
                    name: "scale",
                    type: "ECSServiceScaling",
                    timeoutMinutes: 20,
                    parallelGroup: "both",
                },
                {
                    name: "db",
                    type: "AuroraGlobalDatabase",
                    timeoutMinutes: undefined,
                    parallelGroup: "both",
                },
                {
                    name: "note",
                    type: "Custom",
                    timeoutMinutes: undefined,
                    parallelGroup: undefined,
                },
            ],
        });
        assert.strictEqual(
            describePlan(got!),
            "Region switch plan p-name: approve (ManualApproval ≤ 60 min) → scale (ECSServiceScaling ≤ 20 min) [parallel both] → db (AuroraGlobalDatabase) [parallel both] → note (Custom)",
        );
    });

    it("a timeout of 0 minutes is kept and described", () => {
        const got = planActivating(
            [
                plan([
                    {
                        workflowTargetAction: "activate",
                        steps: [step("s", "Custom", { xConfigs: [{ timeoutMinutes: 0 }] })],
                    },
                ]),
            ],
            "r",
        )!;
        assert.strictEqual(describePlan(got), "Region switch plan p-name: s (Custom ≤ 0 min)");
    });

    const p = (...steps: [string, string | undefined][]) => ({
        name: "p",
        steps: steps.map(([type, parallelGroup], i) => ({ name: `s${i}`, type, parallelGroup })),
    });
    const parallel: [string, ReturnType<typeof p>, boolean][] = [
        [
            "capacity and Aurora in one group",
            p(["ECSServiceScaling", "g"], ["AuroraGlobalDatabase", "g"]),
            true,
        ],
        [
            "capacity and RDS in one group",
            p(["RdsPromoteReadReplica", "g"], ["ECSServiceScaling", "g"]),
            true,
        ],
        ["capacity alone in a group", p(["ECSServiceScaling", "g"], ["Custom", undefined]), true],
        [
            "data in another group",
            p(["ECSServiceScaling", "g"], ["AuroraGlobalDatabase", "h"]),
            false,
        ],
        [
            "data outside any group",
            p(["ECSServiceScaling", "g"], ["RdsPromoteReadReplica", undefined]),
            false,
        ],
        [
            "one of two data steps outside",
            p(
                ["ECSServiceScaling", "g"],
                ["AuroraGlobalDatabase", "g"],
                ["RdsPromoteReadReplica", undefined],
            ),
            false,
        ],
        [
            "capacity outside any group",
            p(["ECSServiceScaling", undefined], ["AuroraGlobalDatabase", undefined]),
            false,
        ],
        ["no capacity step", p(["AuroraGlobalDatabase", "g"]), false],
    ];
    for (const [what, planFact, expected] of parallel) {
        it(`capacityAndDataInParallel: ${what} is ${expected}`, () => {
            assert.strictEqual(capacityAndDataInParallel(planFact), expected);
        });
    }
});
