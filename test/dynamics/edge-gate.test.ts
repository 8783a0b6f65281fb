/**
 * Issue 25 item 4: behind Global Accelerator and CloudFront, a Region the plan failed away from
 * takes no users when it recovers, until the failback activates it. The timeline tests run the
 * gate function's real source (components/routing/edgeGate.ts) against a fake edge whose routing
 * follows AWS's documented rules (`edgeUsers`), in the order a failover and a failback happen.
 */
import * as assert from "assert";
import {
    GatedEdgeMode,
    EdgeRegionState,
    acceleratorDials,
    edgeControlPlaneRegion,
    edgeGateFunctionName,
    edgeGateLogKeyPolicy,
    edgeGatePolicy,
    edgeGateGaps,
    edgeGateSource,
    edgeUsers,
    originOrder,
} from "../../components/routing/edgeGate";
import {
    SwitchPlanInput,
    SwitchWorkflow,
    edgeGateRetryMinutes,
    switchPlan,
    switchPlanProblems,
} from "../../components/routing/switchPlan";
import { switchExecutionPolicy } from "../../components/routing/regionSwitchPlan";

const east = "us-east-1";
const west = "us-west-2";
const fn = (region: string) => `arn:aws:lambda:${region}:123456789012:function:edge-gate-${region}`;
const groupArn = (region: string) =>
    `arn:aws:globalaccelerator::123456789012:accelerator/abc/listener/def/endpoint-group/${region}`;

/** A fake edge: the accelerator's dials or the distribution's origin order, and who answers. */
interface Edge {
    mode: GatedEdgeMode;
    healthy: Record<string, boolean>;
    dials: Record<string, number>;
    order: string[];
    /** Whether the edge's control plane answers (its Region is up). */
    controlPlaneUp: boolean;
    calls: string[];
}

function edge(mode: GatedEdgeMode, dials: Record<string, number>): Edge {
    return {
        mode,
        healthy: { [east]: true, [west]: true },
        dials,
        order: [east, west],
        controlPlaneUp: true,
        calls: [],
    };
}

function users(e: Edge): string[] {
    const states: EdgeRegionState[] =
        e.mode === "cloudfront"
            ? e.order.map((region) => ({ region, healthy: e.healthy[region] }))
            : [east, west].map((region) => ({
                  region,
                  healthy: e.healthy[region],
                  dial: e.dials[region],
              }));
    return edgeUsers(e.mode, states);
}

/** The SDK clients the function requires, acting on the fake edge. */
function fakeSdk(e: Edge): (name: string) => unknown {
    const unavailable = () => {
        throw new Error("connect ETIMEDOUT (control plane unavailable)");
    };
    class Command {
        constructor(public input: Record<string, unknown>) {}
    }
    class UpdateEndpointGroupCommand extends Command {}
    class GetDistributionConfigCommand extends Command {}
    class UpdateDistributionCommand extends Command {}
    const ga = {
        UpdateEndpointGroupCommand,
        GlobalAcceleratorClient: class {
            constructor(public config: { region: string }) {
                e.calls.push(`globalaccelerator client in ${config.region}`);
            }
            async send(command: Command) {
                if (!e.controlPlaneUp) {
                    unavailable();
                }
                const arn = String(command.input.EndpointGroupArn);
                const region = arn.split("/").pop() as string;
                e.dials[region] = Number(command.input.TrafficDialPercentage);
                e.calls.push(`UpdateEndpointGroup ${region} ${e.dials[region]}`);
                return {};
            }
        },
    };
    const cf = {
        GetDistributionConfigCommand,
        UpdateDistributionCommand,
        CloudFrontClient: class {
            constructor(public config: { region: string }) {
                e.calls.push(`cloudfront client in ${config.region}`);
            }
            async send(command: Command) {
                if (!e.controlPlaneUp) {
                    unavailable();
                }
                if (command instanceof GetDistributionConfigCommand) {
                    e.calls.push(`GetDistributionConfig ${String(command.input.Id)}`);
                    return {
                        ETag: "E1",
                        DistributionConfig: {
                            Comment: "kept as it was",
                            OriginGroups: {
                                Quantity: 1,
                                Items: [
                                    {
                                        Id: "routing-cdn-failover",
                                        Members: {
                                            Quantity: 2,
                                            Items: e.order.map((OriginId) => ({ OriginId })),
                                        },
                                    },
                                ],
                            },
                        },
                    };
                }
                const config = command.input.DistributionConfig as {
                    Comment: string;
                    OriginGroups: { Items: { Members: { Items: { OriginId: string }[] } }[] };
                };
                assert.strictEqual(config.Comment, "kept as it was");
                e.order = config.OriginGroups.Items[0].Members.Items.map((m) => m.OriginId);
                e.calls.push(
                    `UpdateDistribution ${String(command.input.Id)} IfMatch ${String(command.input.IfMatch)} ${e.order.join(",")}`,
                );
                return {};
            }
        },
    };
    return (name: string) => {
        if (name === "@aws-sdk/client-global-accelerator") {
            return ga;
        }
        if (name === "@aws-sdk/client-cloudfront") {
            return cf;
        }
        throw new Error(`unexpected require ${name}`);
    };
}

/** Runs the function's source as Lambda would, in `region`, against the fake edge. */
async function invokeGate(e: Edge, region: string, mode: string = e.mode): Promise<unknown> {
    const env: Record<string, string> = {
        AWS_REGION: region,
        EDGE_MODE: mode,
        CONTROL_PLANE_REGION: edgeControlPlaneRegion[e.mode],
        ENDPOINT_GROUPS: JSON.stringify({ [east]: groupArn(east), [west]: groupArn(west) }),
        DISTRIBUTION_ID: "E2DIST",
        ORIGIN_GROUP_ID: "routing-cdn-failover",
    };
    const exports: { handler?: (event: unknown) => Promise<unknown> } = {};
    new Function("require", "process", "exports", edgeGateSource())(fakeSdk(e), { env }, exports);
    return exports.handler!({ StepName: "hold-edge", InvokedBy: "arc-region-switch" });
}

function planInput(mode: GatedEdgeMode): SwitchPlanInput {
    return {
        strategy: "warm-standby",
        primary: {
            region: east,
            ecsClusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/app",
            ecsServiceArn: "arn:aws:ecs:us-east-1:123456789012:service/app/web",
            auroraClusterArn: "arn:aws:rds:us-east-1:123456789012:cluster:app-east",
        },
        secondary: {
            region: west,
            ecsClusterArn: "arn:aws:ecs:us-west-2:123456789012:cluster/app",
            ecsServiceArn: "arn:aws:ecs:us-west-2:123456789012:service/app/web",
            auroraClusterArn: "arn:aws:rds:us-west-2:123456789012:cluster:app-west",
        },
        auroraGlobalClusterIdentifier: "app-global",
        routing: {
            kind: "edge-gate",
            edge: mode,
            functionArns: { [east]: fn(east), [west]: fn(west) },
        },
        approvalRoleArn: "arn:aws:iam::123456789012:role/approver",
    };
}

function activation(mode: GatedEdgeMode, region: string): SwitchWorkflow {
    return switchPlan(planInput(mode)).workflows.find((w) => w.workflowTargetRegion === region)!;
}

/**
 * Runs an activation workflow's steps against the fake edge: the hold-edge step invokes the
 * function in the activated Region (unless `ungraceful`, in which AWS skips Lambda steps); the
 * other steps do not touch the edge. Returns the step names, in order.
 */
async function runActivation(
    e: Edge,
    mode: GatedEdgeMode,
    region: string,
    ungraceful = false,
): Promise<string[]> {
    const steps = activation(mode, region).steps;
    for (const step of steps) {
        if (step.executionBlockType === "CustomActionLambda" && !ungraceful) {
            const config = step.customActionLambdaConfigs![0];
            assert.strictEqual(config.regionToRun, "activatingRegion");
            await invokeGate(e, region);
        }
    }
    return steps.map((s) => s.name);
}

describe("issue 25 item 4: the edge's preference follows the plan", () => {
    it("acceleratorDials raises the activated Region before lowering the others", () => {
        assert.deepStrictEqual(acceleratorDials([east, west], west), [
            [west, 100],
            [east, 0],
        ]);
        assert.deepStrictEqual(acceleratorDials([east, west, "eu-west-1"], east), [
            [east, 100],
            [west, 0],
            ["eu-west-1", 0],
        ]);
        assert.throws(
            () => acceleratorDials([east, west], "eu-west-1"),
            /^Error: edge gate: eu-west-1 has no endpoint group \(groups: us-east-1, us-west-2\); the function runs only in a Region of the accelerator$/,
        );
    });

    it("originOrder puts the activated Region's origin first and keeps the rest", () => {
        assert.deepStrictEqual(originOrder([east, west], west), [west, east]);
        assert.deepStrictEqual(originOrder([west, east], west), [west, east]);
        assert.throws(
            () => originOrder([east, west], "eu-west-1"),
            /^Error: edge gate: eu-west-1 is not an origin of the group \(origins: us-east-1, us-west-2\)/,
        );
    });

    const routingRules: [string, GatedEdgeMode, EdgeRegionState[], string[]][] = [
        [
            "GA: healthy groups with a dial above 0",
            "global-accelerator",
            [
                { region: east, healthy: true, dial: 0 },
                { region: west, healthy: true, dial: 100 },
            ],
            [west],
        ],
        [
            "GA: the dial is ignored when no dialled group is healthy",
            "global-accelerator",
            [
                { region: east, healthy: true, dial: 0 },
                { region: west, healthy: false, dial: 100 },
            ],
            [east],
        ],
        [
            "GA: no healthy group fails open to all",
            "global-accelerator",
            [
                { region: east, healthy: false, dial: 100 },
                { region: west, healthy: false, dial: 0 },
            ],
            [east, west],
        ],
        [
            "CloudFront: the first origin that answers",
            "cloudfront",
            [
                { region: east, healthy: false },
                { region: west, healthy: true },
            ],
            [west],
        ],
        [
            "CloudFront: the first origin when it answers, whatever the second",
            "cloudfront",
            [
                { region: east, healthy: true },
                { region: west, healthy: true },
            ],
            [east],
        ],
    ];
    for (const [name, mode, states, expected] of routingRules) {
        it(`edgeUsers, ${name}`, () => {
            assert.deepStrictEqual(edgeUsers(mode, states), expected);
        });
    }

    it("each activation ends with hold-edge, a CustomActionLambda step over both Regions' functions", () => {
        for (const mode of ["global-accelerator", "cloudfront"] as const) {
            for (const region of [east, west]) {
                const steps = activation(mode, region).steps;
                const last = steps[steps.length - 1];
                assert.strictEqual(last.name, "hold-edge");
                assert.deepStrictEqual(last.customActionLambdaConfigs, [
                    {
                        regionToRun: "activatingRegion",
                        retryIntervalMinutes: edgeGateRetryMinutes,
                        timeoutMinutes: 10,
                        lambdas: [{ arn: fn(east) }, { arn: fn(west) }],
                        ungracefuls: [{ behavior: "skip" }],
                    },
                ]);
            }
        }
        assert.deepStrictEqual(
            switchPlanProblems({
                ...planInput("cloudfront"),
                routing: {
                    kind: "edge-gate",
                    edge: "cloudfront",
                    functionArns: { [east]: fn(east) },
                },
            }),
            ["no edge gate function for us-west-2"],
        );
    });

    it("the execution role may invoke exactly the two gate functions", () => {
        const policy = switchExecutionPolicy(
            planInput("global-accelerator"),
            "123456789012",
            undefined,
            [],
        ) as {
            Statement: { Sid: string; Action: string[]; Resource: unknown }[];
        };
        assert.deepStrictEqual(
            policy.Statement.find((s) => s.Sid === "InvokeEdgeGate"),
            {
                Sid: "InvokeEdgeGate",
                Effect: "Allow",
                Action: ["lambda:GetFunction", "lambda:InvokeFunction"],
                Resource: [fn(east), fn(west)],
            },
        );
    });

    it("the function's role may change only the edge it gates, and write its own logs", () => {
        const logs =
            "arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/edge-gate-us-west-2";
        assert.deepStrictEqual(
            edgeGatePolicy(
                { mode: "global-accelerator", resources: [groupArn(east), groupArn(west)] },
                logs,
            ),
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "SetTrafficDials",
                        Effect: "Allow",
                        Action: ["globalaccelerator:UpdateEndpointGroup"],
                        Resource: [groupArn(east), groupArn(west)],
                    },
                    {
                        Sid: "WriteOwnLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: `${logs}:*`,
                    },
                ],
            },
        );
        const cdn = edgeGatePolicy(
            {
                mode: "cloudfront",
                resources: ["arn:aws:cloudfront::123456789012:distribution/E2DIST"],
            },
            logs,
        ) as { Statement: { Action: string[]; Resource: unknown }[] };
        assert.deepStrictEqual(cdn.Statement[0].Action, [
            "cloudfront:GetDistributionConfig",
            "cloudfront:UpdateDistribution",
        ]);
        assert.deepStrictEqual(cdn.Statement[0].Resource, [
            "arn:aws:cloudfront::123456789012:distribution/E2DIST",
        ]);
    });

    it("the log key lets CloudWatch Logs use it for the function's log group only", () => {
        const policy = edgeGateLogKeyPolicy(
            "123456789012",
            west,
            "/aws/lambda/edge-gate-us-west-2",
        ) as {
            Statement: { Sid: string; Principal: unknown; Condition?: unknown }[];
        };
        assert.deepStrictEqual(
            policy.Statement.map((s) => s.Sid),
            ["AccountAdministers", "LogsEncryptsTheFunctionLog"],
        );
        assert.deepStrictEqual(policy.Statement[1].Principal, {
            Service: "logs.us-west-2.amazonaws.com",
        });
        assert.deepStrictEqual(policy.Statement[1].Condition, {
            ArnEquals: {
                "kms:EncryptionContext:aws:logs:arn":
                    "arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/edge-gate-us-west-2",
            },
        });
    });

    it("function names carry the deployment's tag, as the plan's name does, so two deployments do not collide", () => {
        const id = "organization/multi-region-failover/global";
        assert.strictEqual(edgeGateFunctionName("edge-gate", id, west), "edge-gate-2ddf3a-usw2");
        assert.strictEqual(
            switchPlan({ ...planInput("cloudfront"), namePrefix: "mrf", deploymentId: id }).name,
            "mrf-2ddf3a-use1-usw2",
        );
        assert.notStrictEqual(
            edgeGateFunctionName("edge-gate", "organization/multi-region-failover/global-b", west),
            "edge-gate-2ddf3a-usw2",
        );
    });

    it("the function refuses an unknown mode with one line", async () => {
        await assert.rejects(
            invokeGate(edge("global-accelerator", {}), west, "dns-failover"),
            /^Error: edge gate: EDGE_MODE "dns-failover" must be global-accelerator or cloudfront$/,
        );
    });
});

describe("issue 25 item 4: timeline, outage → promotion → recovery → held out → failback", () => {
    it("Global Accelerator: the recovered primary takes no users until the failback runs", async () => {
        // Warm standby: the primary dialled 100, the standby 0 (trafficDial(servesTraffic)).
        const e = edge("global-accelerator", { [east]: 100, [west]: 0 });
        assert.deepStrictEqual(users(e), [east], "steady state");

        e.healthy[east] = false;
        assert.deepStrictEqual(users(e), [west], "the primary fails: the dial is ignored");

        // Ungraceful failover: AWS skips the Lambda step; the runbook invokes the function.
        const steps = await runActivation(e, "global-accelerator", west, true);
        assert.deepStrictEqual(steps, ["approve", "capacity-and-data", "hold-edge"]);
        assert.deepStrictEqual(e.dials, { [east]: 100, [west]: 0 }, "skipped in an ungraceful run");
        await invokeGate(e, west); // docs/operations.md, failover step 4
        assert.deepStrictEqual(e.calls, [
            "globalaccelerator client in us-west-2",
            "UpdateEndpointGroup us-west-2 100",
            "UpdateEndpointGroup us-east-1 0",
        ]);

        e.healthy[east] = true;
        assert.deepStrictEqual(users(e), [west], "the primary recovers and stays out");

        e.healthy[west] = false;
        assert.deepStrictEqual(
            users(e),
            [east],
            "the writer's Region fails in its turn: the accelerator fails over to the held Region (a failover, not a failback)",
        );
        e.healthy[west] = true;

        await runActivation(e, "global-accelerator", east);
        assert.deepStrictEqual(e.dials, { [east]: 100, [west]: 0 });
        assert.deepStrictEqual(users(e), [east], "the failback returns the users");
    });

    it("Global Accelerator without the gate (before the fix): users return to the recovered primary by themselves", () => {
        const e = edge("global-accelerator", { [east]: 100, [west]: 0 });
        e.healthy[east] = false;
        assert.deepStrictEqual(users(e), [west]);
        e.healthy[east] = true;
        assert.deepStrictEqual(users(e), [east]);
    });

    it("CloudFront: the recovered primary's origin is tried second until the failback runs", async () => {
        const e = edge("cloudfront", {});
        assert.deepStrictEqual(users(e), [east], "steady state");
        e.healthy[east] = false;
        assert.deepStrictEqual(users(e), [west], "per request, the secondary origin answers");

        await runActivation(e, "cloudfront", west); // a graceful run (drill or planned move)
        assert.deepStrictEqual(e.order, [west, east]);
        assert.deepStrictEqual(e.calls, [
            "cloudfront client in us-east-1",
            "GetDistributionConfig E2DIST",
            "UpdateDistribution E2DIST IfMatch E1 us-west-2,us-east-1",
        ]);

        e.healthy[east] = true;
        assert.deepStrictEqual(users(e), [west], "the primary recovers and stays out");

        e.calls = [];
        await invokeGate(e, west);
        assert.deepStrictEqual(
            e.calls,
            ["cloudfront client in us-east-1", "GetDistributionConfig E2DIST"],
            "already first: no update",
        );

        await runActivation(e, "cloudfront", east);
        assert.deepStrictEqual(e.order, [east, west]);
        assert.deepStrictEqual(users(e), [east], "the failback returns the users");
    });

    it("where the gate's control plane is in the Region left behind, the step cannot succeed until it returns", async () => {
        assert.deepStrictEqual(edgeGateGaps("cloudfront", [east, west]), [
            { leaving: east, activating: west },
        ]);
        assert.deepStrictEqual(edgeGateGaps("global-accelerator", [east, west]), [
            { leaving: west, activating: east },
        ]);
        assert.deepStrictEqual(edgeGateGaps("global-accelerator", [east, "eu-west-1"]), []);

        // CloudFront with the primary in us-east-1: the outage takes the control plane with it.
        const e = edge("cloudfront", {});
        e.healthy[east] = false;
        e.controlPlaneUp = false;
        await assert.rejects(invokeGate(e, west), /control plane unavailable/);
        e.healthy[east] = true;
        assert.deepStrictEqual(
            users(e),
            [east],
            "the recovered primary is first again: the runbook's hold (scale to 0) covers this window",
        );
        e.controlPlaneUp = true;
        await invokeGate(e, west); // the step's retry, once us-east-1 answers
        assert.deepStrictEqual(users(e), [west]);
    });
});
