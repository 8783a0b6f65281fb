/**
 * The ARC Region switch plan of a deployment, as pure data: which workflows it has and which
 * steps each runs, in the order a failover needs them. `RegionSwitchPlan` turns it into an
 * `aws.arcregionswitch.Plan`; the failover budget and the drill read the same structure.
 *
 * AWS facts this follows (each checked by the offline engine as well):
 * - A plan covers exactly two Regions
 *   (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_AbbreviatedPlan.html), so a
 *   deployment with several secondaries gets one plan per primary/secondary pair.
 * - Plan names are 1-32 characters of letters, digits and inner hyphens
 *   (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_CreatePlan.html).
 * - An active/passive plan has an activation workflow per Region; an active/active plan has an
 *   activation and a deactivation workflow
 *   (https://docs.aws.amazon.com/r53recovery/latest/dg/working-with-rs-workflows.html).
 * - The ECS scaling block names exactly two services, one per Region, and scales the activated
 *   Region to a percentage of the other's sampled capacity
 *   (https://docs.aws.amazon.com/r53recovery/latest/dg/ecs-service-scaling-block.html).
 * - The Aurora block switches over (no data loss) when run gracefully and fails over
 *   (`AllowDataLoss`) when run ungracefully
 *   (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_GlobalAuroraConfiguration.html).
 * - The RDS block promotes the read replica of the Region being activated; its map is keyed by
 *   Region (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_RdsPromoteReadReplicaConfiguration.html).
 * - The Route 53 health check block creates health checks that the plan sets healthy for the
 *   active Region and unhealthy for the other; records must use them
 *   (https://docs.aws.amazon.com/r53recovery/latest/dg/route53-health-check-block.html).
 */

export type SwitchStrategy = "active-passive" | "pilot-light" | "warm-standby" | "active-active";

/** One Region of a plan, with the ARNs the steps act on. */
export interface SwitchRegion {
    region: string;
    ecsClusterArn: string;
    ecsServiceArn: string;
    /** The Aurora cluster of the global database in this Region. */
    auroraClusterArn?: string;
    /** The RDS instance in this Region: the source in the primary, the replica elsewhere. */
    rdsInstanceArn?: string;
}

/** How the plan moves users. */
export type SwitchRouting =
    | { kind: "arc-routing-control"; routingControlArns: Record<string, string> }
    | {
          kind: "route53-health-check";
          hostedZoneId: string;
          recordName: string;
          /** Region to the set identifier of its record. */
          recordSetIdentifiers: Record<string, string>;
      }
    | {
          kind: "follows-health";
          /** Why the plan has no routing step (Global Accelerator or CloudFront follow health). */
          reason: string;
      };

export interface SwitchPlanInput {
    strategy: SwitchStrategy;
    primary: SwitchRegion;
    secondary: SwitchRegion;
    /** Global database identifier, when Aurora is a store. */
    auroraGlobalClusterIdentifier?: string;
    routing: SwitchRouting;
    /** Role that approves a run; no approval step when unset. */
    approvalRoleArn?: string;
    /** Minutes each kind of step may take before the execution fails. */
    timeouts?: Partial<SwitchTimeouts>;
    /** Prefix of the plan name. */
    namePrefix?: string;
}

export interface SwitchTimeouts {
    approvalMinutes: number;
    ecsMinutes: number;
    auroraMinutes: number;
    rdsMinutes: number;
    routingMinutes: number;
}

/** Step timeouts, minutes: long enough for the operation, short enough to fail loudly. */
export const defaultSwitchTimeouts: SwitchTimeouts = {
    approvalMinutes: 60,
    ecsMinutes: 30,
    auroraMinutes: 30,
    rdsMinutes: 60,
    routingMinutes: 10,
};

export type ExecutionBlockType =
    | "ManualApproval"
    | "ECSServiceScaling"
    | "AuroraGlobalDatabase"
    | "RdsPromoteReadReplica"
    | "ARCRoutingControl"
    | "Route53HealthCheck"
    | "Parallel";

/** One step, in the shape `aws.arcregionswitch.Plan` takes it. */
export interface SwitchStep {
    name: string;
    description: string;
    executionBlockType: ExecutionBlockType;
    executionApprovalConfigs?: { approvalRole: string; timeoutMinutes: number }[];
    ecsCapacityIncreaseConfigs?: {
        capacityMonitoringApproach: "sampledMaxInLast24Hours";
        targetPercent: number;
        timeoutMinutes: number;
        services: { clusterArn: string; serviceArn: string }[];
    }[];
    globalAuroraConfigs?: {
        behavior: "switchoverOnly";
        ungracefuls: { ungraceful: "failover" }[];
        globalClusterIdentifier: string;
        databaseClusterArns: string[];
        timeoutMinutes: number;
    }[];
    rdsPromoteReadReplicaConfigs?: {
        dbInstanceArnMap: Record<string, string>;
        timeoutMinutes: number;
    }[];
    arcRoutingControlConfigs?: {
        timeoutMinutes: number;
        regionAndRoutingControls: {
            region: string;
            routingControls: { routingControlArn: string; state: "On" | "Off" }[];
        }[];
    }[];
    route53HealthCheckConfigs?: {
        hostedZoneId: string;
        recordName: string;
        timeoutMinutes: number;
        recordSets: { recordSetIdentifier: string; region: string }[];
    }[];
    parallelConfigs?: { steps: SwitchStep[] }[];
}

export interface SwitchWorkflow {
    workflowTargetAction: "activate" | "deactivate";
    workflowTargetRegion?: string;
    workflowDescription: string;
    steps: SwitchStep[];
}

export interface SwitchPlanSpec {
    name: string;
    recoveryApproach: "activeActive" | "activePassive";
    regions: [string, string];
    primaryRegion: string;
    recoveryTimeObjectiveMinutes?: number;
    workflows: SwitchWorkflow[];
}

/** A Region code in a few characters: us-east-1 → use1, ap-southeast-2 → apse2. */
export function regionCode(region: string): string {
    const [area, direction, number] = region.split("-");
    const compass = direction
        .replace("north", "n")
        .replace("south", "s")
        .replace("east", "e")
        .replace("west", "w")
        .replace("central", "c");
    return `${area}${compass}${number ?? ""}`;
}

/** The plan's name: within AWS's 32 characters whatever the prefix. */
export function planName(prefix: string, primary: string, secondary: string): string {
    const suffix = `-${regionCode(primary)}-${regionCode(secondary)}`;
    const head = prefix
        .replace(/[^A-Za-z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 32 - suffix.length)
        .replace(/-$/, "");
    return `${head || "plan"}${suffix}`;
}

/** activeActive only for an active-active deployment; every standby strategy is activePassive. */
export function recoveryApproach(strategy: SwitchStrategy): "activeActive" | "activePassive" {
    return strategy === "active-active" ? "activeActive" : "activePassive";
}

/** The whole plan for one primary/secondary pair. */
export function switchPlan(input: SwitchPlanInput): SwitchPlanSpec {
    const problems = switchPlanProblems(input);
    if (problems.length > 0) {
        throw new Error(`Region switch plan: ${problems.join("; ")}`);
    }
    const primary = input.primary.region;
    const secondary = input.secondary.region;
    const approach = recoveryApproach(input.strategy);
    const workflows: SwitchWorkflow[] =
        approach === "activePassive"
            ? [
                  activateWorkflow(input, input.secondary, input.primary),
                  activateWorkflow(input, input.primary, input.secondary),
              ]
            : [activateWorkflow(input, undefined, undefined), deactivateWorkflow(input)];
    return {
        name: planName(input.namePrefix ?? "mrf", primary, secondary),
        recoveryApproach: approach,
        regions: [primary, secondary],
        primaryRegion: primary,
        workflows,
    };
}

/** What makes a plan impossible, before anything is built. */
export function switchPlanProblems(input: SwitchPlanInput): string[] {
    const problems: string[] = [];
    if (input.primary.region === input.secondary.region) {
        problems.push(
            `primary and secondary are both ${input.primary.region}; a plan switches between two different Regions`,
        );
    }
    const bothAurora = Boolean(input.primary.auroraClusterArn && input.secondary.auroraClusterArn);
    if (bothAurora !== Boolean(input.auroraGlobalClusterIdentifier)) {
        problems.push(
            "Aurora needs the global cluster identifier and a cluster ARN in both Regions, or none of them",
        );
    }
    if (Boolean(input.primary.rdsInstanceArn) !== Boolean(input.secondary.rdsInstanceArn)) {
        problems.push("RDS needs an instance ARN in both Regions (the source and its replica)");
    }
    const routing = input.routing;
    if (routing.kind === "arc-routing-control") {
        for (const region of [input.primary.region, input.secondary.region]) {
            if (!routing.routingControlArns[region]) {
                problems.push(`no ARC routing control for ${region}`);
            }
        }
    }
    if (routing.kind === "route53-health-check") {
        for (const region of [input.primary.region, input.secondary.region]) {
            if (!routing.recordSetIdentifiers[region]) {
                problems.push(`no Route 53 record set identifier for ${region}`);
            }
        }
    }
    return problems;
}

/**
 * Activate `target` (leaving `source`): approval, then capacity and data together (independent:
 * tasks start while the database promotes), then routing once both are done. With no target
 * (active/active), the workflow activates whichever Region the execution names.
 */
function activateWorkflow(
    input: SwitchPlanInput,
    target: SwitchRegion | undefined,
    source: SwitchRegion | undefined,
): SwitchWorkflow {
    const timeouts = { ...defaultSwitchTimeouts, ...input.timeouts };
    const steps: SwitchStep[] = [];
    if (input.approvalRoleArn) {
        steps.push({
            name: "approve",
            description: "An operator confirms the switch before anything changes",
            executionBlockType: "ManualApproval",
            executionApprovalConfigs: [
                { approvalRole: input.approvalRoleArn, timeoutMinutes: timeouts.approvalMinutes },
            ],
        });
    }
    const capacityAndData = [ecsStep(input, timeouts), ...dataSteps(input, timeouts)];
    steps.push(
        capacityAndData.length === 1
            ? capacityAndData[0]
            : {
                  name: "capacity-and-data",
                  description: "Scale the service and promote the data at the same time",
                  executionBlockType: "Parallel",
                  parallelConfigs: [{ steps: capacityAndData }],
              },
    );
    const routing = routingStep(input, timeouts, target?.region);
    if (routing) {
        steps.push(routing);
    }
    const where = target ? target.region : "the Region the execution names";
    return {
        workflowTargetAction: "activate",
        ...(target ? { workflowTargetRegion: target.region } : {}),
        workflowDescription: source
            ? `Fail over from ${source.region} to ${where}`
            : `Activate ${where}`,
        steps,
    };
}

/** Active/active: take a Region out of service by moving its traffic away. */
function deactivateWorkflow(input: SwitchPlanInput): SwitchWorkflow {
    const timeouts = { ...defaultSwitchTimeouts, ...input.timeouts };
    const steps: SwitchStep[] = [];
    if (input.approvalRoleArn) {
        steps.push({
            name: "approve",
            description: "An operator confirms the switch before anything changes",
            executionBlockType: "ManualApproval",
            executionApprovalConfigs: [
                { approvalRole: input.approvalRoleArn, timeoutMinutes: timeouts.approvalMinutes },
            ],
        });
    }
    const routing = routingStep(input, timeouts, undefined);
    if (routing) {
        steps.push(routing);
    }
    return {
        workflowTargetAction: "deactivate",
        workflowDescription: "Move users away from the Region the execution names",
        steps,
    };
}

function ecsStep(input: SwitchPlanInput, timeouts: SwitchTimeouts): SwitchStep {
    return {
        name: "scale-service",
        description: "Run the activated Region's service at the other Region's full capacity",
        executionBlockType: "ECSServiceScaling",
        ecsCapacityIncreaseConfigs: [
            {
                capacityMonitoringApproach: "sampledMaxInLast24Hours",
                targetPercent: 100,
                timeoutMinutes: timeouts.ecsMinutes,
                services: [input.primary, input.secondary].map((r) => ({
                    clusterArn: r.ecsClusterArn,
                    serviceArn: r.ecsServiceArn,
                })),
            },
        ],
    };
}

function dataSteps(input: SwitchPlanInput, timeouts: SwitchTimeouts): SwitchStep[] {
    const steps: SwitchStep[] = [];
    if (input.auroraGlobalClusterIdentifier) {
        steps.push({
            name: "promote-aurora",
            description:
                "Switch the global database's writer over (failover with data loss when run ungracefully)",
            executionBlockType: "AuroraGlobalDatabase",
            globalAuroraConfigs: [
                {
                    behavior: "switchoverOnly",
                    ungracefuls: [{ ungraceful: "failover" }],
                    globalClusterIdentifier: input.auroraGlobalClusterIdentifier,
                    databaseClusterArns: [
                        input.primary.auroraClusterArn as string,
                        input.secondary.auroraClusterArn as string,
                    ],
                    timeoutMinutes: timeouts.auroraMinutes,
                },
            ],
        });
    }
    if (input.primary.rdsInstanceArn && input.secondary.rdsInstanceArn) {
        steps.push({
            name: "promote-rds",
            description: "Promote the activated Region's read replica to a standalone writer",
            executionBlockType: "RdsPromoteReadReplica",
            rdsPromoteReadReplicaConfigs: [
                {
                    dbInstanceArnMap: {
                        [input.primary.region]: input.primary.rdsInstanceArn,
                        [input.secondary.region]: input.secondary.rdsInstanceArn,
                    },
                    timeoutMinutes: timeouts.rdsMinutes,
                },
            ],
        });
    }
    return steps;
}

function routingStep(
    input: SwitchPlanInput,
    timeouts: SwitchTimeouts,
    target: string | undefined,
): SwitchStep | undefined {
    const routing = input.routing;
    const regions = [input.primary.region, input.secondary.region];
    switch (routing.kind) {
        case "arc-routing-control":
            return {
                name: "route-users",
                description: "Turn the activated Region's routing control On and the other Off",
                executionBlockType: "ARCRoutingControl",
                arcRoutingControlConfigs: [
                    {
                        timeoutMinutes: timeouts.routingMinutes,
                        regionAndRoutingControls: regions.map((region) => ({
                            region,
                            routingControls: [
                                {
                                    routingControlArn: routing.routingControlArns[region],
                                    // An active/active workflow has no fixed target: AWS flips
                                    // the states for the Region the execution names.
                                    state: target === undefined || region === target ? "On" : "Off",
                                },
                            ],
                        })),
                    },
                ],
            };
        case "route53-health-check":
            return {
                name: "route-users",
                description:
                    "Set the plan's Route 53 health checks: the activated Region healthy, the other unhealthy",
                executionBlockType: "Route53HealthCheck",
                route53HealthCheckConfigs: [
                    {
                        hostedZoneId: routing.hostedZoneId,
                        recordName: routing.recordName,
                        timeoutMinutes: timeouts.routingMinutes,
                        recordSets: regions.map((region) => ({
                            recordSetIdentifier: routing.recordSetIdentifiers[region],
                            region,
                        })),
                    },
                ],
            };
        case "follows-health":
        default:
            return undefined;
    }
}

/** Every step of a workflow in execution order, parallel groups flattened. */
export function flattenSteps(workflow: SwitchWorkflow): SwitchStep[] {
    return workflow.steps.flatMap((step) =>
        step.executionBlockType === "Parallel"
            ? (step.parallelConfigs ?? []).flatMap((p) => p.steps)
            : [step],
    );
}
