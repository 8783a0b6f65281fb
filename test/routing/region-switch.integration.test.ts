import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource, StackRecord } from "../../check/engine/types";
import {
    approverTrust,
    planChecksFor,
    routingControlStatements,
    switchExecutionPolicy,
} from "../../components/routing/regionSwitchPlan";
import { DataEndpointsOutput } from "../../stacks/contract";
import {
    SwitchPlanInput,
    SwitchStrategy,
    deploymentTag,
    flattenSteps,
    planName,
    rdsActiveActiveProblem,
    regionCode,
    switchPlan,
    switchPlanProblems,
} from "../../components/routing/switchPlan";
import { onlyResource, resourceNamed, resourcesOf, runProject, stackOf } from "../helpers/engine";
import { recorded } from "../helpers/recorded";

const east = {
    region: "us-east-1",
    ecsClusterArn: "arn:aws:ecs:us-east-1:111122223333:cluster/app-east",
    ecsServiceArn: "arn:aws:ecs:us-east-1:111122223333:service/app-east/svc",
};
const west = {
    region: "us-west-2",
    ecsClusterArn: "arn:aws:ecs:us-west-2:111122223333:cluster/app-west",
    ecsServiceArn: "arn:aws:ecs:us-west-2:111122223333:service/app-west/svc",
};
const aurora = {
    east: "arn:aws:rds:us-east-1:111122223333:cluster:db-east",
    west: "arn:aws:rds:us-west-2:111122223333:cluster:db-west",
};
const rds = {
    east: "arn:aws:rds:us-east-1:111122223333:db:src",
    west: "arn:aws:rds:us-west-2:111122223333:db:replica",
};
const healthRouting = {
    kind: "route53-health-check" as const,
    hostedZoneId: "Z123",
    recordName: "app.example.com",
    recordSetIdentifiers: { "us-east-1": "us-east-1", "us-west-2": "us-west-2" },
};

function input(over: Partial<SwitchPlanInput> = {}): SwitchPlanInput {
    return {
        strategy: "warm-standby",
        primary: east,
        secondary: west,
        routing: healthRouting,
        approvalRoleArn: "arn:aws:iam::111122223333:role/approve",
        ...over,
    };
}

function withStores(stores: string[]): Partial<SwitchPlanInput> {
    return {
        primary: {
            ...east,
            ...(stores.includes("aurora") ? { auroraClusterArn: aurora.east } : {}),
            ...(stores.includes("rds") ? { rdsInstanceArn: rds.east } : {}),
        },
        secondary: {
            ...west,
            ...(stores.includes("aurora") ? { auroraClusterArn: aurora.west } : {}),
            ...(stores.includes("rds") ? { rdsInstanceArn: rds.west } : {}),
        },
        ...(stores.includes("aurora") ? { auroraGlobalClusterIdentifier: "app-global" } : {}),
    };
}

/** Each step as its type, parallel groups as `Parallel(a+b)`. */
function shape(steps: ReturnType<typeof switchPlan>["workflows"][number]["steps"]): string[] {
    return steps.map((s) =>
        s.executionBlockType === "Parallel"
            ? `Parallel(${s.parallelConfigs![0].steps.map((p) => p.executionBlockType).join("+")})`
            : s.executionBlockType,
    );
}

describe("Region switch plan (pure)", () => {
    const strategies: [SwitchStrategy, string][] = [
        ["active-passive", "activePassive"],
        ["pilot-light", "activePassive"],
        ["warm-standby", "activePassive"],
        ["active-active", "activeActive"],
    ];
    for (const [strategy, approach] of strategies) {
        it(`${strategy}: recovery approach ${approach}`, () => {
            assert.strictEqual(switchPlan(input({ strategy })).recoveryApproach, approach);
        });
    }

    const storeTable: [string[], string[]][] = [
        [[], ["ManualApproval", "ECSServiceScaling", "Route53HealthCheck"]],
        [
            ["aurora"],
            [
                "ManualApproval",
                "Parallel(ECSServiceScaling+AuroraGlobalDatabase)",
                "Route53HealthCheck",
            ],
        ],
        [
            ["rds"],
            [
                "ManualApproval",
                "Parallel(ECSServiceScaling+RdsPromoteReadReplica)",
                "Route53HealthCheck",
            ],
        ],
        [
            ["aurora", "rds"],
            [
                "ManualApproval",
                "Parallel(ECSServiceScaling+AuroraGlobalDatabase+RdsPromoteReadReplica)",
                "Route53HealthCheck",
            ],
        ],
    ];
    for (const [stores, steps] of storeTable) {
        it(`stores [${stores.join(", ")}]: approval, capacity with data, then routing`, () => {
            const plan = switchPlan(input(withStores(stores)));
            assert.deepStrictEqual(
                plan.workflows.map((w) => [w.workflowTargetAction, w.workflowTargetRegion]),
                [
                    ["activate", "us-west-2"],
                    ["activate", "us-east-1"],
                ],
            );
            assert.deepStrictEqual(shape(plan.workflows[0].steps), steps);
            // Failing back to the primary with RDS first re-creates the replica there: the
            // instance it promoted is no longer a replica (issue 25, item 2); and it ends by
            // re-creating the standby's replica, once a person confirms its promoted instance is
            // renamed, so the next failover has a replica to promote.
            assert.deepStrictEqual(
                shape(plan.workflows[1].steps),
                stores.includes("rds")
                    ? [
                          steps[0],
                          "RdsCreateCrossRegionReplica",
                          ...steps.slice(1),
                          "ManualApproval",
                          "RdsCreateCrossRegionReplica",
                      ]
                    : steps,
            );
        });
    }

    it("stores [rds] with a writer record: the plan points it after the promotion, both ways", () => {
        const plan = switchPlan(
            input({
                ...withStores(["rds"]),
                rdsWriter: { hostedZoneId: "Z123", recordName: "rds-writer.app.example.com" },
            }),
        );
        const writerSteps = plan.workflows.map((w) =>
            w.steps.filter((s) => s.name === "point-rds-writer"),
        );
        for (const steps of writerSteps) {
            assert.deepStrictEqual(steps[0].route53HealthCheckConfigs, [
                {
                    hostedZoneId: "Z123",
                    recordName: "rds-writer.app.example.com",
                    timeoutMinutes: 10,
                    recordSets: [
                        { recordSetIdentifier: "us-east-1", region: "us-east-1" },
                        { recordSetIdentifier: "us-west-2", region: "us-west-2" },
                    ],
                },
            ]);
        }
        assert.deepStrictEqual(
            plan.workflows.map((w) => w.steps.map((s) => s.name)),
            [
                ["approve", "capacity-and-data", "point-rds-writer", "route-users"],
                [
                    "approve",
                    "recreate-rds-replica",
                    "capacity-and-data",
                    "point-rds-writer",
                    "route-users",
                    "approve-standby-replica",
                    "recreate-standby-replica",
                ],
            ],
        );
    });

    it("active-active with RDS is refused: the promote block supports active/passive plans only", () => {
        assert.throws(
            () => switchPlan(input({ ...withStores(["rds"]), strategy: "active-active" })),
            {
                message: `Region switch plan: ${rdsActiveActiveProblem}`,
            },
        );
    });

    it("plan names differ between two deployments in one account, and stay within 32 characters", () => {
        const a = planName("mrf", "us-east-1", "us-west-2", "org/multi-region-failover/global");
        const b = planName("mrf", "us-east-1", "us-west-2", "org/multi-region-failover/global-eu");
        assert.match(a, /^mrf-[0-9a-f]{6}-use1-usw2$/);
        assert.notStrictEqual(a, b);
        assert.strictEqual(
            planName("x".repeat(40), "ap-southeast-2", "eu-central-1", "d").length,
            32,
        );
    });

    it("active-active: one activation and one deactivation workflow, no fixed target", () => {
        const plan = switchPlan(input({ strategy: "active-active" }));
        assert.deepStrictEqual(
            plan.workflows.map((w) => [
                w.workflowTargetAction,
                w.workflowTargetRegion,
                shape(w.steps),
            ]),
            [
                // AWS's sample puts the scale-up and the data in the deactivation workflow.
                ["activate", undefined, ["ManualApproval", "Route53HealthCheck"]],
                [
                    "deactivate",
                    undefined,
                    ["ManualApproval", "ECSServiceScaling", "Route53HealthCheck"],
                ],
            ],
        );
    });

    it("no approval step when no approval role is given", () => {
        const plan = switchPlan(input({ approvalRoleArn: undefined }));
        assert.deepStrictEqual(shape(plan.workflows[0].steps), [
            "ECSServiceScaling",
            "Route53HealthCheck",
        ]);
    });

    it("failback with RDS ends by re-creating the standby's replica from both instances' map; with no approval role, without the confirmation", () => {
        const withApproval = switchPlan(input(withStores(["rds"]))).workflows[1].steps;
        const last = withApproval.slice(-2);
        assert.deepStrictEqual(
            last.map((s) => [s.name, s.executionBlockType]),
            [
                ["approve-standby-replica", "ManualApproval"],
                ["recreate-standby-replica", "RdsCreateCrossRegionReplica"],
            ],
        );
        assert.deepStrictEqual(last[1].rdsCreateCrossRegionReadReplicaConfigs, [
            {
                dbInstanceArnMap: withApproval.find((s) => s.name === "recreate-rds-replica")!
                    .rdsCreateCrossRegionReadReplicaConfigs![0].dbInstanceArnMap,
                timeoutMinutes: 60,
            },
        ]);
        const noApproval = switchPlan(input({ ...withStores(["rds"]), approvalRoleArn: undefined }))
            .workflows[1].steps;
        assert.deepStrictEqual(
            noApproval.slice(-2).map((s) => s.name),
            ["route-users", "recreate-standby-replica"],
        );
    });

    it("scales the service to 100% of the other Region, naming both services", () => {
        const step = flattenSteps(switchPlan(input()).workflows[0]).find(
            (s) => s.executionBlockType === "ECSServiceScaling",
        )!;
        assert.deepStrictEqual(step.ecsCapacityIncreaseConfigs, [
            {
                capacityMonitoringApproach: "sampledMaxInLast24Hours",
                targetPercent: 100,
                timeoutMinutes: 30,
                services: [
                    { clusterArn: east.ecsClusterArn, serviceArn: east.ecsServiceArn },
                    { clusterArn: west.ecsClusterArn, serviceArn: west.ecsServiceArn },
                ],
            },
        ]);
    });

    it("Aurora switches over gracefully and fails over ungracefully; RDS maps by Region", () => {
        const steps = flattenSteps(switchPlan(input(withStores(["aurora", "rds"]))).workflows[0]);
        assert.deepStrictEqual(
            steps.find((s) => s.name === "promote-aurora")!.globalAuroraConfigs,
            [
                {
                    behavior: "switchoverOnly",
                    ungracefuls: [{ ungraceful: "failover" }],
                    globalClusterIdentifier: "app-global",
                    databaseClusterArns: [aurora.east, aurora.west],
                    timeoutMinutes: 30,
                },
            ],
        );
        assert.deepStrictEqual(
            steps.find((s) => s.name === "promote-rds")!.rdsPromoteReadReplicaConfigs,
            [
                {
                    dbInstanceArnMap: { "us-east-1": rds.east, "us-west-2": rds.west },
                    timeoutMinutes: 60,
                },
            ],
        );
    });

    it("ARC: failover turns the primary Off; failback turns it On and leaves the secondary On (issue 25, item 1)", () => {
        const plan = switchPlan(
            input({
                routing: {
                    kind: "arc-routing-control",
                    routingControlArns: { "us-east-1": "arn:rc-east", "us-west-2": "arn:rc-west" },
                },
            }),
        );
        const step = plan.workflows[0].steps.at(-1)!;
        assert.strictEqual(step.executionBlockType, "ARCRoutingControl");
        assert.deepStrictEqual(step.arcRoutingControlConfigs![0].regionAndRoutingControls, [
            {
                region: "us-east-1",
                routingControls: [{ routingControlArn: "arn:rc-east", state: "Off" }],
            },
            {
                region: "us-west-2",
                routingControls: [{ routingControlArn: "arn:rc-west", state: "On" }],
            },
        ]);
        // Failback: a secondary held Off would make a later primary failure fail open (both
        // records unhealthy → Route 53 answers the PRIMARY).
        const back = plan.workflows[1].steps.at(-1)!;
        assert.deepStrictEqual(
            back.arcRoutingControlConfigs![0].regionAndRoutingControls.map((r) => [
                r.region,
                r.routingControls[0].state,
            ]),
            [
                ["us-east-1", "On"],
                ["us-west-2", "On"],
            ],
        );
    });

    it("routing by health alone: no routing step", () => {
        const plan = switchPlan(input({ routing: { kind: "follows-health", reason: "GA" } }));
        assert.deepStrictEqual(shape(plan.workflows[0].steps), [
            "ManualApproval",
            "ECSServiceScaling",
        ]);
    });

    const names: [string, string, string, string][] = [
        ["mrf", "us-east-1", "us-west-2", "mrf-use1-usw2"],
        ["mrf", "ap-southeast-2", "eu-central-1", "mrf-apse2-euc1"],
        [
            "a-very-long-prefix-for-the-whole-team",
            "us-east-1",
            "us-west-2",
            "a-very-long-prefix-for-use1-usw2",
        ],
        ["my_team!", "eu-west-1", "eu-north-1", "my-team-euw1-eun1"],
    ];
    for (const [prefix, primary, secondary, expected] of names) {
        it(`names ${prefix} ${primary}→${secondary} ${expected}, within 32 characters`, () => {
            const name = planName(prefix, primary, secondary);
            assert.strictEqual(name, expected);
            assert.ok(name.length <= 32);
        });
    }
    it("region codes", () =>
        assert.deepStrictEqual(
            ["us-east-1", "eu-west-3", "ap-northeast-2", "ca-central-1"].map(regionCode),
            ["use1", "euw3", "apne2", "cac1"],
        ));

    it("refuses impossible pairs with every reason", () => {
        assert.deepStrictEqual(
            switchPlanProblems(
                input({
                    secondary: { ...east, rdsInstanceArn: rds.west },
                    auroraGlobalClusterIdentifier: "g",
                    routing: { ...healthRouting, recordSetIdentifiers: {} },
                }),
            ),
            [
                "primary and secondary are both us-east-1; a plan switches between two different Regions",
                "Aurora needs the global cluster identifier and a cluster ARN in both Regions, or none of them",
                "RDS needs an instance ARN in both Regions (the source and its replica)",
                "no Route 53 record set identifier for us-east-1",
                "no Route 53 record set identifier for us-east-1",
            ],
        );
        assert.throws(
            () => switchPlan(input({ secondary: east })),
            /^Error: Region switch plan: primary and secondary are both us-east-1/,
        );
    });
});

describe("Region switch execution role: least privilege", () => {
    it("names the two Regions' services, clusters, database and zone; * only where AWS documents it", () => {
        const policy = switchExecutionPolicy(
            input(withStores(["aurora", "rds"])),
            "111122223333",
            "Z123",
            ["arn:aws:cloudwatch:us-east-1:111122223333:alarm:app"],
        ) as { Statement: { Sid: string; Action: string[]; Resource: string | string[] }[] };
        assert.deepStrictEqual(
            policy.Statement.map((s) => [s.Sid, s.Resource]),
            [
                ["ScaleService", [east.ecsServiceArn, west.ecsServiceArn]],
                ["DescribeClusters", [east.ecsClusterArn, west.ecsClusterArn]],
                ["ReadCapacity", "*"],
                ["DescribeAurora", "*"],
                [
                    "PromoteAurora",
                    [
                        "arn:aws:rds::111122223333:global-cluster:app-global",
                        aurora.east,
                        aurora.west,
                    ],
                ],
                ["DescribeRds", "*"],
                ["PromoteAndRecreateRds", [rds.east, rds.west]],
                ["ReadRecords", "arn:aws:route53:::hostedzone/Z123"],
                ["ReadAlarms", ["arn:aws:cloudwatch:us-east-1:111122223333:alarm:app"]],
            ],
        );
        const wildcardActions = policy.Statement.filter((s) => s.Resource === "*").flatMap(
            (s) => s.Action,
        );
        assert.deepStrictEqual(wildcardActions, [
            "ecs:ListServices",
            "application-autoscaling:DescribeScalableTargets",
            "application-autoscaling:RegisterScalableTarget",
            "cloudwatch:GetMetricStatistics",
            "rds:DescribeGlobalClusters",
            "rds:DescribeDBClusters",
            "rds:DescribeDBInstances",
        ]);
    });
});

describe("Region switch roles after AWS's sample policies (issue 25, item 9)", () => {
    it("RDS: promotion and replica creation need Promote, CreateDBInstanceReadReplica and ModifyDBInstance", () => {
        const policy = switchExecutionPolicy(
            input(withStores(["rds"])),
            "111122223333",
            "Z1",
            [],
        ) as {
            Statement: { Sid: string; Action: string[] }[];
        };
        assert.deepStrictEqual(
            policy.Statement.find((s) => s.Sid === "PromoteAndRecreateRds")?.Action,
            ["rds:PromoteReadReplica", "rds:CreateDBInstanceReadReplica", "rds:ModifyDBInstance"],
        );
    });

    it("routing controls: DescribeControlPanel on the panel, DescribeCluster, state on the controls", () => {
        const panel = "arn:aws:route53-recovery-control::111122223333:controlpanel/abc";
        const arns = {
            "us-east-1": `${panel}/routingcontrol/e1`,
            "us-west-2": `${panel}/routingcontrol/w2`,
        };
        assert.deepStrictEqual(
            (
                routingControlStatements(arns, [
                    { region: "us-east-1" },
                    { region: "us-west-2" },
                ]) as { Sid: string; Action: string[]; Resource: unknown }[]
            ).map((s) => [s.Sid, s.Action[0], s.Resource]),
            [
                [
                    "DescribeControlPanel",
                    "route53-recovery-control-config:DescribeControlPanel",
                    [panel],
                ],
                [
                    "DescribeCluster",
                    "route53-recovery-control-config:DescribeCluster",
                    "arn:aws:route53-recovery-control::111122223333:cluster/*",
                ],
                [
                    "FlipRoutingControls",
                    "route53-recovery-cluster:GetRoutingControlState",
                    [arns["us-east-1"], arns["us-west-2"]],
                ],
            ],
        );
    });

    it("the approval role trusts the named approvers, not the account", async () => {
        assert.deepStrictEqual(
            approverTrust([
                "arn:aws:iam::111122223333:role/oncall",
                "arn:aws:iam::111122223333:role/lead",
            ]),
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: {
                            AWS: [
                                "arn:aws:iam::111122223333:role/lead",
                                "arn:aws:iam::111122223333:role/oncall",
                            ],
                        },
                        Action: "sts:AssumeRole",
                    },
                ],
            },
        );
        const global = stackOf(await runProject(), "global");
        const role = resourceNamed(global, "aws:iam/role:Role", "switch-us-west-2-approval");
        assert.deepStrictEqual(
            JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal,
            {
                AWS: ["arn:aws:iam::123456789012:role/failover-approver"],
            },
        );
    });

    it("a plan's checks are told apart by record name (routing and writer)", () => {
        const checks = [
            { region: "us-east-1", healthCheckId: "a", recordName: "app.example.com" },
            { region: "us-east-1", healthCheckId: "b", recordName: "rds-writer.app.example.com." },
            { region: "us-west-2", healthCheckId: "c", recordName: "rds-writer.app.example.com" },
        ];
        assert.deepStrictEqual(planChecksFor(checks, "rds-writer.app.example.com"), {
            "us-east-1": "b",
            "us-west-2": "c",
        });
        assert.deepStrictEqual(planChecksFor(checks, "app.example.com"), { "us-east-1": "a" });
    });
});

describe("AWS input constraints: Region switch plan", () => {
    const planType = "aws:arcregionswitch/plan:Plan";
    const createDoc =
        "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_CreatePlan.html";
    const planDoc =
        "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_AbbreviatedPlan.html";
    const workflowsDoc =
        "https://docs.aws.amazon.com/r53recovery/latest/dg/working-with-rs-workflows.html";
    const good = (): Record<string, unknown> => {
        const spec = switchPlan(input(withStores(["rds"])));
        return JSON.parse(JSON.stringify({ ...spec, executionRole: "arn:role" })) as Record<
            string,
            unknown
        >;
    };
    function problems(inputs: Record<string, unknown>): string[] {
        const resource: RecordedResource = recorded(planType, "plan", inputs);
        return checkConstraints([resource], [resource]).map((v) => v.message);
    }

    it("accepts the plan the project builds", () => assert.deepStrictEqual(problems(good()), []));
    it("rejects three Regions, a primary outside them and an unknown approach", () =>
        assert.deepStrictEqual(
            problems({
                ...good(),
                regions: ["us-east-1", "us-west-2", "eu-west-1"],
                primaryRegion: "ap-south-1",
                recoveryApproach: "pilotLight",
            }),
            [
                `regions ["us-east-1","us-west-2","eu-west-1"] must be exactly two different Regions (${planDoc})`,
                `primaryRegion "ap-south-1" is not one of the plan's regions ["us-east-1","us-west-2","eu-west-1"] (${createDoc})`,
                `recoveryApproach "pilotLight" must be activeActive or activePassive (${createDoc})`,
            ],
        ));
    it("rejects an RDS promotion in an activeActive plan (the block supports active/passive only)", () => {
        const spec = good();
        assert.deepStrictEqual(
            problems({
                ...spec,
                recoveryApproach: "activeActive",
                workflows: [(spec.workflows as unknown[])[0]],
            }),
            [
                "workflows[0].steps[1].parallelConfigs[0].steps[1] is an RdsPromoteReadReplica step in an activeActive plan; the RDS promote block supports active/passive plans only (https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html)",
            ],
        );
    });
    it("rejects a 33-character name", () =>
        assert.deepStrictEqual(problems({ ...good(), name: "a".repeat(33) }), [
            `name "${"a".repeat(33)}" must be 1-32 letters, digits and inner hyphens (${createDoc})`,
        ]));
    it("rejects a deactivation workflow in an active/passive plan and a target outside the plan", () => {
        const plan = good();
        plan.workflows = [
            { workflowTargetAction: "deactivate", workflowTargetRegion: "eu-west-1", steps: [] },
        ];
        assert.deepStrictEqual(problems(plan), [
            `workflows[0] is a deactivation workflow, which only an activeActive plan has (${workflowsDoc})`,
            `workflows[0].workflowTargetRegion "eu-west-1" is not one of the plan's regions ["us-east-1","us-west-2"] (${workflowsDoc})`,
        ]);
    });
    it("rejects an ECS block over one service, Parallel in Parallel, and an RDS map keyed by name", () => {
        const plan = good();
        const ecs = {
            name: "scale",
            executionBlockType: "ECSServiceScaling",
            ecsCapacityIncreaseConfigs: [{ services: [{ clusterArn: "c", serviceArn: "s" }] }],
        };
        const promote = {
            name: "promote",
            executionBlockType: "RdsPromoteReadReplica",
            rdsPromoteReadReplicaConfigs: [{ dbInstanceArnMap: { src: rds.west } }],
        };
        plan.workflows = [
            {
                workflowTargetAction: "activate",
                workflowTargetRegion: "us-west-2",
                steps: [
                    {
                        name: "outer",
                        executionBlockType: "Parallel",
                        parallelConfigs: [
                            {
                                steps: [
                                    ecs,
                                    {
                                        name: "inner",
                                        executionBlockType: "Parallel",
                                        parallelConfigs: [{ steps: [promote] }],
                                    },
                                ],
                            },
                        ],
                    },
                    { name: "odd", executionBlockType: "Teleport" },
                ],
            },
        ];
        const found = problems(plan).map((m) => m.replace(/ \(https:[^)]*\)+$/, ""));
        assert.deepStrictEqual(found, [
            "workflows[0].steps[0].parallelConfigs[0].steps[0].ecsCapacityIncreaseConfigs[0].services has 1; the ECS block takes exactly two services, one per Region",
            "workflows[0].steps[0].parallelConfigs[0].steps[1]: a Parallel step cannot contain another Parallel step",
            `workflows[0].steps[0].parallelConfigs[0].steps[1].parallelConfigs[0].steps[0].rdsPromoteReadReplicaConfigs[0].dbInstanceArnMap is keyed by ["src"], which are not the plan's regions ["us-east-1","us-west-2"]`,
            'workflows[0].steps[1].executionBlockType "Teleport" must be one of ARCRegionSwitchPlan, ARCRoutingControl, AuroraGlobalDatabase, CustomActionLambda, DocumentDb, EC2AutoScaling, ECSServiceScaling, EKSResourceScaling, ManualApproval, Parallel, RdsCreateCrossRegionReplica, RdsPromoteReadReplica, Route53HealthCheck',
        ]);
    });
});

describe("Region switch plan through the real stacks", () => {
    const planType = "aws:arcregionswitch/plan:Plan";
    let defaults: StackRecord[];
    before(async () => {
        defaults = await runProject();
    });

    function activateSecondary(global: StackRecord): string[] {
        const plan = onlyResource(global, planType);
        const workflows = plan.inputs.workflows as {
            workflowTargetRegion?: string;
            steps: Record<string, unknown>[];
        }[];
        const workflow = workflows.find((w) => w.workflowTargetRegion === "us-west-2")!;
        return shape(workflow.steps as never);
    }

    it("default config: one plan in the global stack; the secondary's activation scales, then routes", () => {
        const global = stackOf(defaults, "global");
        const plan = onlyResource(global, planType);
        assert.strictEqual(plan.region, "us-east-1");
        assert.deepStrictEqual(
            [
                plan.inputs.name,
                plan.inputs.regions,
                plan.inputs.primaryRegion,
                plan.inputs.recoveryApproach,
            ],
            [
                `mrf-${deploymentTag("organization/multi-region-failover/global")}-use1-usw2`,
                ["us-east-1", "us-west-2"],
                "us-east-1",
                "activePassive",
            ],
        );
        assert.deepStrictEqual(activateSecondary(global), [
            "ManualApproval",
            "ECSServiceScaling",
            "Route53HealthCheck",
        ]);
        assert.deepStrictEqual(Object.keys(global.outputs.regionSwitchPlans as object), [
            "us-west-2",
        ]);
    });

    it("the primary's records use a CALCULATED check of endpoint and plan gate; the secondary's its endpoint check", () => {
        const global = stackOf(defaults, "global");
        // Gating the SECONDARY too made Route 53 fail open to a dead primary after a failback
        // (both records unhealthy → the PRIMARY is answered); issue 25, item 1.
        const secondaryRecord = resourceNamed(
            global,
            "aws:route53/record:Record",
            "routing-failover-domain-us-west-2",
        );
        assert.strictEqual(
            secondaryRecord.inputs.healthCheckId,
            resourceNamed(global, "aws:route53/healthCheck:HealthCheck", "routing-health-us-west-2")
                .outputs.id,
        );
        for (const region of ["us-east-1"]) {
            const gated = resourceNamed(
                global,
                "aws:route53/healthCheck:HealthCheck",
                `routing-gated-${region}`,
            );
            const endpoint = resourceNamed(
                global,
                "aws:route53/healthCheck:HealthCheck",
                `routing-health-${region}`,
            );
            assert.strictEqual(gated.inputs.type, "CALCULATED");
            assert.strictEqual(gated.inputs.childHealthThreshold, 2);
            const children = gated.inputs.childHealthchecks as string[];
            assert.strictEqual(children[0], endpoint.outputs.id);
            assert.notStrictEqual(children[1], endpoint.outputs.id);
            const record = resourceNamed(
                global,
                "aws:route53/record:Record",
                `routing-failover-domain-${region}`,
            );
            assert.strictEqual(record.inputs.healthCheckId, gated.outputs.id);
        }
    });

    it("Aurora and RDS: the data promotion runs beside the scale-up", async () => {
        const records = await runProject({
            overrides: [
                'data.stores=["aurora","rds","dynamodb","s3"]',
                "objectives.rtoSeconds=3600",
            ],
        });
        const global = stackOf(records, "global");
        assert.deepStrictEqual(activateSecondary(global), [
            "ManualApproval",
            "Parallel(ECSServiceScaling+AuroraGlobalDatabase+RdsPromoteReadReplica)",
            "Route53HealthCheck",
            "Route53HealthCheck",
        ]);
        // The tasks write to a name the plan points at the promoted instance (issue 25, item 2).
        const writerRecords = resourcesOf(global, "aws:route53/record:Record").filter((r) =>
            r.name.startsWith("rds-writer-"),
        );
        assert.deepStrictEqual(
            writerRecords.map((r) => [
                r.name,
                r.inputs.name,
                r.inputs.type,
                (r.inputs.failoverRoutingPolicies as { type: string }[])[0].type,
                typeof r.inputs.healthCheckId,
            ]),
            [
                [
                    "rds-writer-us-east-1",
                    "rds-writer.app.example.com",
                    "CNAME",
                    "PRIMARY",
                    "string",
                ],
                [
                    "rds-writer-us-west-2",
                    "rds-writer.app.example.com",
                    "CNAME",
                    "SECONDARY",
                    "string",
                ],
            ],
        );
        // Each guarded by its own plan check: not the routing gate, and one per Region.
        const gate = (
            resourceNamed(global, "aws:route53/healthCheck:HealthCheck", "routing-gated-us-east-1")
                .inputs.childHealthchecks as string[]
        )[1];
        const writerChecks = writerRecords.map((r) => String(r.inputs.healthCheckId));
        assert.strictEqual(new Set([gate, ...writerChecks]).size, 3);
        for (const stack of ["primary", "secondary"]) {
            const env = (stackOf(records, stack).outputs.dataEndpoints as DataEndpointsOutput)
                .environment;
            assert.strictEqual(env.RDS_WRITER_ENDPOINT, "rds-writer.app.example.com");
        }
    });

    it("ARC on: the plan flips the routing controls, records keep the ARC checks", async () => {
        const records = await runProject({ overrides: ["routing.arc=true"] });
        const global = stackOf(records, "global");
        assert.deepStrictEqual(activateSecondary(global), [
            "ManualApproval",
            "ECSServiceScaling",
            "ARCRoutingControl",
        ]);
        assert.deepStrictEqual(
            resourcesOf(global, "aws:route53/healthCheck:HealthCheck")
                .map((r) => r.name)
                .filter((n) => n.includes("gated")),
            [],
        );
    });

    it("failover.approval=false: the run starts at the scale-up; failover.plan=false: no plan, ungated records", async () => {
        const noApproval = await runProject({ overrides: ["failover.approval=false"] });
        const global = stackOf(noApproval, "global");
        assert.deepStrictEqual(activateSecondary(global), [
            "ECSServiceScaling",
            "Route53HealthCheck",
        ]);
        assert.deepStrictEqual(
            resourcesOf(global, "aws:iam/role:Role")
                .map((r) => r.name)
                .filter((n) => n.startsWith("switch-")),
            ["switch-us-west-2-execution"],
        );
        const noPlan = stackOf(await runProject({ overrides: ["failover.plan=false"] }), "global");
        assert.deepStrictEqual(resourcesOf(noPlan, planType), []);
        const record = resourceNamed(
            noPlan,
            "aws:route53/record:Record",
            "routing-failover-domain-us-east-1",
        );
        const endpoint = resourceNamed(
            noPlan,
            "aws:route53/healthCheck:HealthCheck",
            "routing-health-us-east-1",
        );
        assert.strictEqual(record.inputs.healthCheckId, endpoint.outputs.id);
    });

    it("health checks probe from every checker region by default (no regions input)", () => {
        const global = stackOf(defaults, "global");
        const endpoint = resourceNamed(
            global,
            "aws:route53/healthCheck:HealthCheck",
            "routing-health-us-east-1",
        );
        assert.strictEqual("regions" in endpoint.inputs, false);
    });

    it("Global Accelerator: the activation ends with hold-edge, whose functions set this accelerator's dials", async () => {
        const records = await runProject({ overrides: ["routing.mode=global-accelerator"] });
        const global = stackOf(records, "global");
        assert.deepStrictEqual(activateSecondary(global), [
            "ManualApproval",
            "ECSServiceScaling",
            "CustomActionLambda",
        ]);
        const functions = resourcesOf(global, "aws:lambda/function:Function");
        assert.deepStrictEqual(
            functions.map((f) => [f.name, f.region]),
            [
                ["edge-gate-us-east-1", "us-east-1"],
                ["edge-gate-us-west-2", "us-west-2"],
            ],
        );
        const step = (
            onlyResource(global, planType).inputs.workflows as {
                steps: Record<string, unknown>[];
            }[]
        )[0].steps.find((s) => s.name === "hold-edge") as {
            customActionLambdaConfigs: { lambdas: { arn: string }[]; regionToRun: string }[];
        };
        assert.deepStrictEqual(
            step.customActionLambdaConfigs[0].lambdas.map((l) => l.arn),
            functions.map((f) => f.outputs.arn),
        );
        assert.strictEqual(step.customActionLambdaConfigs[0].regionToRun, "activatingRegion");
        const groups = resourcesOf(global, "aws:globalaccelerator/endpointGroup:EndpointGroup");
        const env = JSON.parse(
            String(
                (functions[0].inputs.environment as { variables: Record<string, string> }).variables
                    .ENDPOINT_GROUPS,
            ),
        );
        assert.deepStrictEqual(
            env,
            Object.fromEntries(groups.map((g) => [g.inputs.endpointGroupRegion, g.outputs.arn])),
        );
    });
});
