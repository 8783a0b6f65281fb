/**
 * ARC Region switch plans and the region rule every AWS resource has (issue #30: mutants of
 * check/engine/constraints/arcregionswitch.ts and regions.ts had no fast test, and the region
 * table's entries could be emptied unnoticed). Exact messages; one change per test.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { awsRegions } from "../../check/engine/constraints/regions";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource): string[] {
    return checkConstraints([resource], [resource]).map((v) => v.message);
}

const createPlanDoc =
    "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_CreatePlan.html";
const planDoc = "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_AbbreviatedPlan.html";
const workflowsDoc =
    "https://docs.aws.amazon.com/r53recovery/latest/dg/working-with-rs-workflows.html";
const ecsDoc =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-arcregionswitch-plan-ecscapacityincreaseconfiguration.html";
const parallelDoc =
    "https://www.pulumi.com/registry/packages/aws/api-docs/arcregionswitch/plan/ (parallelConfig: nested steps do not support parallelConfig)";
const rdsPromoteBlockDoc =
    "https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html";
const rdsDoc =
    "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_RdsPromoteReadReplicaConfiguration.html";
const regionsDoc = "https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints";

const blockTypes = [
    "ARCRegionSwitchPlan",
    "ARCRoutingControl",
    "AuroraGlobalDatabase",
    "CustomActionLambda",
    "DocumentDb",
    "EC2AutoScaling",
    "ECSServiceScaling",
    "EKSResourceScaling",
    "ManualApproval",
    "Parallel",
    "RdsCreateCrossRegionReplica",
    "RdsPromoteReadReplica",
    "Route53HealthCheck",
];

const activate = (steps: unknown[] = [{ executionBlockType: "ManualApproval" }]) => ({
    workflowTargetAction: "activate",
    workflowTargetRegion: "us-west-2",
    steps,
});
const good = {
    name: "app-failover",
    regions: ["us-east-1", "us-west-2"],
    primaryRegion: "us-east-1",
    recoveryApproach: "activePassive",
    workflows: [activate()],
};
const plan = (change: Record<string, unknown>) =>
    recorded("aws:arcregionswitch/plan:Plan", "plan", { ...good, ...change });
const withSteps = (steps: unknown[], change: Record<string, unknown> = {}) =>
    plan({ workflows: [activate(steps)], ...change });

describe("AWS input constraints: ARC Region switch plan", () => {
    it("accepts a valid active/passive plan", () => assert.deepStrictEqual(problems(plan({})), []));

    for (const name of ["a", "A1", "a-b", "a".repeat(32)]) {
        it(`accepts the name ${JSON.stringify(name)}`, () =>
            assert.deepStrictEqual(problems(plan({ name })), []));
    }
    for (const name of ["-ab", "ab-", "a_b", "a".repeat(33), "", "_"]) {
        it(`rejects the name ${JSON.stringify(name)}`, () =>
            assert.deepStrictEqual(problems(plan({ name })), [
                `name ${JSON.stringify(name)} must be 1-32 letters, digits and inner hyphens (${createPlanDoc})`,
            ]));
    }

    it("rejects one region, three regions and the same region twice", () => {
        for (const regions of [
            ["us-east-1"],
            ["us-east-1", "us-west-2", "eu-west-1"],
            ["us-east-1", "us-east-1"],
        ]) {
            const workflows = [{ ...activate(), workflowTargetRegion: "us-east-1" }];
            assert.deepStrictEqual(
                problems(plan({ regions, workflows })),
                [
                    `regions ${JSON.stringify(regions)} must be exactly two different Regions (${planDoc})`,
                ],
                JSON.stringify(regions),
            );
        }
    });
    it("rejects a primaryRegion outside the plan's regions", () =>
        assert.deepStrictEqual(problems(plan({ primaryRegion: "eu-west-1" })), [
            `primaryRegion "eu-west-1" is not one of the plan's regions ["us-east-1","us-west-2"] (${createPlanDoc})`,
        ]));
    it("accepts either region as primary, and no primaryRegion", () => {
        assert.deepStrictEqual(problems(plan({ primaryRegion: "us-west-2" })), []);
        assert.deepStrictEqual(problems(plan({ primaryRegion: undefined })), []);
    });
    it("accepts activeActive and rejects another approach", () => {
        assert.deepStrictEqual(problems(plan({ recoveryApproach: "activeActive" })), []);
        assert.deepStrictEqual(problems(plan({ recoveryApproach: "pilotLight" })), [
            `recoveryApproach "pilotLight" must be activeActive or activePassive (${createPlanDoc})`,
        ]);
    });

    describe("workflows", () => {
        it("rejects an unknown action, naming the workflow by index", () =>
            assert.deepStrictEqual(
                problems(
                    plan({
                        workflows: [activate(), { ...activate(), workflowTargetAction: "go" }],
                    }),
                ),
                [
                    `workflows[1].workflowTargetAction "go" must be activate or deactivate (${workflowsDoc})`,
                ],
            ));
        it("allows a deactivation workflow only in an activeActive plan", () => {
            const deactivate = { ...activate(), workflowTargetAction: "deactivate" };
            assert.deepStrictEqual(problems(plan({ workflows: [deactivate] })), [
                `workflows[0] is a deactivation workflow, which only an activeActive plan has (${workflowsDoc})`,
            ]);
            assert.deepStrictEqual(
                problems(plan({ workflows: [deactivate], recoveryApproach: "activeActive" })),
                [],
            );
        });
        it("rejects a target region outside the plan's, and accepts none", () => {
            assert.deepStrictEqual(
                problems(
                    plan({ workflows: [{ ...activate(), workflowTargetRegion: "eu-west-1" }] }),
                ),
                [
                    `workflows[0].workflowTargetRegion "eu-west-1" is not one of the plan's regions ["us-east-1","us-west-2"] (${workflowsDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problems(plan({ workflows: [{ ...activate(), workflowTargetRegion: undefined }] })),
                [],
            );
        });
    });

    describe("steps", () => {
        it("accepts every block type AWS lists", () => {
            for (const executionBlockType of blockTypes) {
                assert.deepStrictEqual(
                    problems(withSteps([{ executionBlockType }])),
                    [],
                    executionBlockType,
                );
            }
        });
        it("rejects an unknown block type, listing the known ones", () =>
            assert.deepStrictEqual(problems(withSteps([{}, { executionBlockType: "Lambda" }])), [
                `workflows[0].steps[0].executionBlockType undefined must be one of ${blockTypes.join(", ")} (${createPlanDoc})`,
                `workflows[0].steps[1].executionBlockType "Lambda" must be one of ${blockTypes.join(", ")} (${createPlanDoc})`,
            ]));
        it("checks the steps inside a Parallel step and refuses a Parallel inside one", () =>
            assert.deepStrictEqual(
                problems(
                    withSteps([
                        {
                            executionBlockType: "Parallel",
                            parallelConfigs: [
                                {
                                    steps: [
                                        { executionBlockType: "ManualApproval" },
                                        { executionBlockType: "Parallel" },
                                        { executionBlockType: "Nope" },
                                    ],
                                },
                            ],
                        },
                    ]),
                ),
                [
                    `workflows[0].steps[0].parallelConfigs[0].steps[1]: a Parallel step cannot contain another Parallel step (${parallelDoc})`,
                    `workflows[0].steps[0].parallelConfigs[0].steps[2].executionBlockType "Nope" must be one of ${blockTypes.join(", ")} (${createPlanDoc})`,
                ],
            ));
        it("takes exactly two services in an ECS capacity block", () => {
            const ecs = (services: unknown[]) =>
                withSteps([
                    {
                        executionBlockType: "ECSServiceScaling",
                        ecsCapacityIncreaseConfigs: [{ services }],
                    },
                ]);
            assert.deepStrictEqual(problems(ecs([{ a: 1 }, { b: 2 }])), []);
            for (const services of [[{ a: 1 }], [{ a: 1 }, { b: 2 }, { c: 3 }]]) {
                assert.deepStrictEqual(problems(ecs(services)), [
                    `workflows[0].steps[0].ecsCapacityIncreaseConfigs[0].services has ${services.length}; the ECS block takes exactly two services, one per Region (${ecsDoc})`,
                ]);
            }
        });
        it("keys an RDS promotion's map by the plan's regions", () => {
            const rds = (dbInstanceArnMap: Record<string, string>) =>
                withSteps([
                    {
                        executionBlockType: "RdsPromoteReadReplica",
                        rdsPromoteReadReplicaConfigs: [{ dbInstanceArnMap }],
                    },
                ]);
            assert.deepStrictEqual(problems(rds({ "us-east-1": "a", "us-west-2": "b" })), []);
            assert.deepStrictEqual(problems(rds({ "us-east-1": "a", "eu-west-1": "b" })), [
                `workflows[0].steps[0].rdsPromoteReadReplicaConfigs[0].dbInstanceArnMap is keyed by ["eu-west-1"], which are not the plan's regions ["us-east-1","us-west-2"] (${rdsDoc})`,
            ]);
        });
        it("refuses an RDS promotion in an activeActive plan, also inside a Parallel step", () => {
            const promote = { executionBlockType: "RdsPromoteReadReplica" };
            assert.deepStrictEqual(
                problems(
                    withSteps(
                        [
                            promote,
                            {
                                executionBlockType: "Parallel",
                                parallelConfigs: [{ steps: [promote] }],
                            },
                        ],
                        { recoveryApproach: "activeActive" },
                    ),
                ),
                [
                    `workflows[0].steps[0] is an RdsPromoteReadReplica step in an activeActive plan; the RDS promote block supports active/passive plans only (${rdsPromoteBlockDoc})`,
                    `workflows[0].steps[1].parallelConfigs[0].steps[0] is an RdsPromoteReadReplica step in an activeActive plan; the RDS promote block supports active/passive plans only (${rdsPromoteBlockDoc})`,
                ],
            );
            assert.deepStrictEqual(problems(withSteps([promote])), []);
        });
    });
});

describe("AWS input constraints: the region of every AWS resource", () => {
    const topic = (region: unknown, more: Partial<RecordedResource> = {}) =>
        recorded("aws:sns/topic:Topic", "t", region === undefined ? {} : { region }, more);

    it("accepts every AWS Region, as an input and as where the resource lands", () => {
        for (const region of awsRegions) {
            assert.deepStrictEqual(problems(topic(region)), [], region);
            assert.deepStrictEqual(problems(topic(undefined, { region })), [], region);
        }
    });
    it("lists the commercial, GovCloud and China Regions", () => {
        assert.strictEqual(awsRegions.length, 38);
        for (const region of ["us-east-2", "ap-east-2", "us-gov-west-1", "cn-northwest-1"]) {
            assert.ok(awsRegions.includes(region), region);
        }
    });
    it("rejects a region that is not an AWS Region", () =>
        assert.deepStrictEqual(problems(topic("us-east-7")), [
            `region "us-east-7" is not an AWS Region (such as us-east-1); the AWS provider refuses it before calling AWS (${regionsDoc})`,
        ]));
    it("reads the resource's region when the input is not a string", () =>
        assert.deepStrictEqual(problems(topic(5, { region: "mars-1" })), [
            `region "mars-1" is not an AWS Region (such as us-east-1); the AWS provider refuses it before calling AWS (${regionsDoc})`,
        ]));
    it("checks the AWS provider, and no other provider's resources", () => {
        const provider = recorded("pulumi:providers:aws", "p", { region: "mars-1" });
        assert.deepStrictEqual(problems(provider), [
            `region "mars-1" is not an AWS Region (such as us-east-1); the AWS provider refuses it before calling AWS (${regionsDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(recorded("pulumi:providers:gcp", "g", { region: "mars-1" })),
            [],
        );
        assert.deepStrictEqual(
            problems(recorded("gcp:storage/bucket:Bucket", "b", {}, { region: "mars-1" })),
            [],
        );
    });
    it("accepts a resource with no region at all", () =>
        assert.deepStrictEqual(problems(topic(undefined, { region: "" })), []));
    it("shows a region over 80 characters by its first 80", () => {
        const region = "x".repeat(81);
        assert.deepStrictEqual(problems(topic(region)), [
            `region "${"x".repeat(80)}"... is not an AWS Region (such as us-east-1); the AWS provider refuses it before calling AWS (${regionsDoc})`,
        ]);
        assert.deepStrictEqual(problems(topic("y".repeat(80))), [
            `region "${"y".repeat(80)}" is not an AWS Region (such as us-east-1); the AWS provider refuses it before calling AWS (${regionsDoc})`,
        ]);
    });
});
