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
 *   It "only supports active/passive plans", and the promoted instance keeps its endpoint, so
 *   applications must be told where the writer now is
 *   (https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html): the
 *   plan points a Route 53 writer record (`rdsWriter`) with its own health check step. A promoted
 *   instance is no longer a replica, so failing back first re-creates a replica in the Region
 *   being activated (RdsCreateCrossRegionReplica, "creating an Amazon RDS cross-Region read
 *   replica during post-recovery":
 *   https://docs.aws.amazon.com/arc-region-switch/latest/api/API_RdsCreateCrossRegionReplicaConfiguration.html).
 * - In an active/active plan the deactivation workflow carries the scale-up and the data steps
 *   (the Region left behind must take the load and the writer), as AWS's own multi-Region sample
 *   does (aws-samples/sample-multi-region-resilient-microservice-on-aws: its deactivate workflow
 *   fails the Aurora global database over and shifts DNS); activation only lets users back in.
 * - Global Accelerator and CloudFront return users to a recovered Region by themselves, so with
 *   either edge the activation ends with a CustomActionLambda step (`hold-edge`) that makes the
 *   activated Region the edge's preferred one (components/routing/edgeGate.ts). The block needs a
 *   function in each of the plan's Regions, runs it in the Region chosen (activating here), retries
 *   it, and is skipped in ungraceful runs
 *   (https://docs.aws.amazon.com/r53recovery/latest/dg/custom-action-lambda-block.html).
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
          /**
           * Global Accelerator or CloudFront with the edge gate (components/routing/edgeGate.ts):
           * a CustomActionLambda step makes the activated Region the edge's preferred one.
           */
          kind: "edge-gate";
          edge: "global-accelerator" | "cloudfront";
          /** Region to the ARN of the gate function in that Region (the block needs one per Region). */
          functionArns: Record<string, string>;
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
    /**
     * What tells this deployment apart from another in the same account (for example the global
     * stack's fully qualified name): plan names are unique per account and Region pair, so two
     * deployments of the project would otherwise collide. Hashed into the name.
     */
    deploymentId?: string;
    /**
     * With RDS: the Route 53 record the applications use as the writer address (a failover pair,
     * one record per Region, set identifier = Region). The plan's `point-rds-writer` step creates
     * a health check per Region and sets the activated Region's healthy, so the name resolves to
     * the promoted instance without a record change (a data-plane operation).
     */
    rdsWriter?: { hostedZoneId: string; recordName: string };
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
    | "RdsCreateCrossRegionReplica"
    | "ARCRoutingControl"
    | "Route53HealthCheck"
    | "CustomActionLambda"
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
    rdsCreateCrossRegionReadReplicaConfigs?: {
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
    customActionLambdaConfigs?: {
        regionToRun: "activatingRegion" | "deactivatingRegion";
        retryIntervalMinutes: number;
        timeoutMinutes: number;
        lambdas: { arn: string }[];
        ungracefuls?: { behavior: "skip" }[];
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

/**
 * Six hex digits from a deployment's identity (FNV-1a, 24 bits): stable across runs, different for
 * two deployments in one account.
 */
export function deploymentTag(deploymentId: string): string {
    let hash = 0x811c9dc5;
    for (const char of deploymentId) {
        hash ^= char.codePointAt(0) as number;
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return (hash & 0xffffff).toString(16).padStart(6, "0");
}

/**
 * The plan's name: within AWS's 32 characters whatever the prefix, and, with a deployment id, its
 * tag before the Regions so that two deployments in one account do not collide.
 */
export function planName(
    prefix: string,
    primary: string,
    secondary: string,
    deploymentId?: string,
): string {
    const tag = deploymentId === undefined ? "" : `-${deploymentTag(deploymentId)}`;
    const suffix = `${tag}-${regionCode(primary)}-${regionCode(secondary)}`;
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
        name: planName(input.namePrefix ?? "mrf", primary, secondary, input.deploymentId),
        recoveryApproach: approach,
        regions: [primary, secondary],
        primaryRegion: primary,
        workflows,
    };
}

/** Why an active/active plan cannot carry RDS (the config rule and the engine say the same). */
export const rdsActiveActiveProblem =
    'strategy "active-active" with an RDS store: the RDS promote block supports active/passive plans only (https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html); use Aurora (a global database, which an active/active plan switches over) or a standby strategy';

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
    if (input.primary.rdsInstanceArn && recoveryApproach(input.strategy) === "activeActive") {
        problems.push(rdsActiveActiveProblem);
    }
    const routing = input.routing;
    if (routing.kind === "arc-routing-control") {
        for (const region of [input.primary.region, input.secondary.region]) {
            if (!routing.routingControlArns[region]) {
                problems.push(`no ARC routing control for ${region}`);
            }
        }
    }
    if (routing.kind === "edge-gate") {
        for (const region of [input.primary.region, input.secondary.region]) {
            if (!routing.functionArns[region]) {
                problems.push(`no edge gate function for ${region}`);
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
 * tasks start while the database promotes), then the RDS writer record and routing once both are
 * done. Failing back to the plan's primary Region with RDS first re-creates the replica there
 * from the current writer, since the instance there is no longer a replica, and ends by
 * re-creating the standby's replica of the new writer. With no target
 * (active/active), the workflow lets the Region the execution names take users again.
 */
function activateWorkflow(
    input: SwitchPlanInput,
    target: SwitchRegion | undefined,
    source: SwitchRegion | undefined,
): SwitchWorkflow {
    const timeouts = { ...defaultSwitchTimeouts, ...input.timeouts };
    const steps: SwitchStep[] = approvalSteps(input, timeouts);
    if (target === undefined) {
        // Active/active: scaling and data belong to the deactivation workflow (see the header).
        const routing = routingStep(input, timeouts, undefined);
        steps.push(...(routing ? [routing] : []));
        return {
            workflowTargetAction: "activate",
            workflowDescription: "Let users back into the Region the execution names",
            steps,
        };
    }
    if (target.region === input.primary.region && input.primary.rdsInstanceArn) {
        steps.push(recreateReplicaStep(input, timeouts));
    }
    steps.push(capacityAndDataStep(input, timeouts));
    steps.push(...writerSteps(input, timeouts));
    const routing = routingStep(input, timeouts, target.region);
    steps.push(...(routing ? [routing] : []));
    if (target.region === input.primary.region && input.primary.rdsInstanceArn) {
        steps.push(...standbyReplicaSteps(input, timeouts));
    }
    return {
        workflowTargetAction: "activate",
        workflowTargetRegion: target.region,
        workflowDescription: `Fail over from ${source?.region} to ${target.region}`,
        steps,
    };
}

/** The approval step, when the plan has an approval role. */
function approvalSteps(input: SwitchPlanInput, timeouts: SwitchTimeouts): SwitchStep[] {
    return input.approvalRoleArn
        ? [
              {
                  name: "approve",
                  description: "An operator confirms the switch before anything changes",
                  executionBlockType: "ManualApproval",
                  executionApprovalConfigs: [
                      {
                          approvalRole: input.approvalRoleArn,
                          timeoutMinutes: timeouts.approvalMinutes,
                      },
                  ],
              },
          ]
        : [];
}

/** The scale-up and the data promotions, side by side when there are several. */
function capacityAndDataStep(input: SwitchPlanInput, timeouts: SwitchTimeouts): SwitchStep {
    const capacityAndData = [ecsStep(input, timeouts), ...dataSteps(input, timeouts)];
    return capacityAndData.length === 1
        ? capacityAndData[0]
        : {
              name: "capacity-and-data",
              description: "Scale the service and promote the data at the same time",
              executionBlockType: "Parallel",
              parallelConfigs: [{ steps: capacityAndData }],
          };
}

/** Failback with RDS: a new replica of the current writer in the Region being activated. */
function recreateReplicaStep(input: SwitchPlanInput, timeouts: SwitchTimeouts): SwitchStep {
    return {
        name: "recreate-rds-replica",
        description:
            "Create the read replica of the current writer in the Region being activated (its old instance is no longer a replica), for the promotion that follows",
        executionBlockType: "RdsCreateCrossRegionReplica",
        rdsCreateCrossRegionReadReplicaConfigs: [
            {
                dbInstanceArnMap: rdsInstanceMap(input),
                timeoutMinutes: timeouts.rdsMinutes,
            },
        ],
    };
}

/**
 * Failback with RDS, once users are back: the standby's instance was promoted by the failover and
 * is standalone now, so a replica of the new writer is created in its place; without it the next
 * failover's promotion fails on an instance that is not a replica
 * (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_RdsPromoteReadReplicaConfiguration.html).
 * The replica takes the identifier the plan's map names, so the promoted instance must be renamed
 * first: with an approval role, a person confirms that before the block runs (docs/operations.md).
 * The block ("creating an Amazon RDS cross-Region read replica during post-recovery":
 * https://docs.aws.amazon.com/arc-region-switch/latest/api/API_RdsCreateCrossRegionReplicaConfiguration.html)
 * needs `rds:CreateDBInstanceReadReplica` (https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_rds.html).
 */
function standbyReplicaSteps(input: SwitchPlanInput, timeouts: SwitchTimeouts): SwitchStep[] {
    const approval: SwitchStep[] = input.approvalRoleArn
        ? [
              {
                  name: "approve-standby-replica",
                  description: `An operator confirms the promoted instance in ${input.secondary.region} is renamed, so the replica can take its identifier`,
                  executionBlockType: "ManualApproval",
                  executionApprovalConfigs: [
                      {
                          approvalRole: input.approvalRoleArn,
                          timeoutMinutes: timeouts.approvalMinutes,
                      },
                  ],
              },
          ]
        : [];
    return [
        ...approval,
        {
            name: "recreate-standby-replica",
            description: `Create the read replica of the new writer in ${input.secondary.region} (its instance was promoted and is standalone), so the next failover has a replica to promote`,
            executionBlockType: "RdsCreateCrossRegionReplica",
            rdsCreateCrossRegionReadReplicaConfigs: [
                {
                    dbInstanceArnMap: rdsInstanceMap(input),
                    timeoutMinutes: timeouts.rdsMinutes,
                },
            ],
        },
    ];
}

/** Point the RDS writer record at the activated Region (its plan health check set healthy). */
function writerSteps(input: SwitchPlanInput, timeouts: SwitchTimeouts): SwitchStep[] {
    if (!input.rdsWriter || !input.primary.rdsInstanceArn) {
        return [];
    }
    return [
        {
            name: "point-rds-writer",
            description:
                "Set the writer record's health checks: the activated Region's instance answers as the writer",
            executionBlockType: "Route53HealthCheck",
            route53HealthCheckConfigs: [
                {
                    hostedZoneId: input.rdsWriter.hostedZoneId,
                    recordName: input.rdsWriter.recordName,
                    timeoutMinutes: timeouts.routingMinutes,
                    recordSets: [input.primary.region, input.secondary.region].map((region) => ({
                        recordSetIdentifier: region,
                        region,
                    })),
                },
            ],
        },
    ];
}

function rdsInstanceMap(input: SwitchPlanInput): Record<string, string> {
    return {
        [input.primary.region]: input.primary.rdsInstanceArn as string,
        [input.secondary.region]: input.secondary.rdsInstanceArn as string,
    };
}

/**
 * Active/active: take a Region out of service. The Region left serving takes the load and the
 * writer first (scale-up beside the Aurora switchover), then users move away.
 */
function deactivateWorkflow(input: SwitchPlanInput): SwitchWorkflow {
    const timeouts = { ...defaultSwitchTimeouts, ...input.timeouts };
    const steps: SwitchStep[] = approvalSteps(input, timeouts);
    steps.push(capacityAndDataStep(input, timeouts));
    const routing = routingStep(input, timeouts, undefined);
    steps.push(...(routing ? [routing] : []));
    return {
        workflowTargetAction: "deactivate",
        workflowDescription:
            "Move the load and the writer to the other Region, then users away from the Region the execution names",
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
                    dbInstanceArnMap: rdsInstanceMap(input),
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
                description:
                    "Turn the activated Region's routing control On, and the primary's Off when failing over from it",
                executionBlockType: "ARCRoutingControl",
                arcRoutingControlConfigs: [
                    {
                        timeoutMinutes: timeouts.routingMinutes,
                        regionAndRoutingControls: regions.map((region) => ({
                            region,
                            routingControls: [
                                {
                                    routingControlArn: routing.routingControlArns[region],
                                    state: routingControlState(
                                        region,
                                        target,
                                        input.primary.region,
                                    ),
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
        case "edge-gate":
            // Active/active has no fixed target: the function's rule (the Region it runs in becomes
            // the only preferred one) fits an active/passive activation only.
            return target === undefined ? undefined : edgeGateStep(routing, regions, timeouts);
        case "follows-health":
        default:
            return undefined;
    }
}

/** Minutes between the gate function's attempts while the edge's control plane does not answer. */
export const edgeGateRetryMinutes = 1;

/**
 * Global Accelerator or CloudFront: the function in the activated Region makes it the edge's
 * preferred Region (dials 100/0, or its origin first), so the Region left behind takes no users
 * when it recovers until a failback activates it. It runs in the activating Region, retries every
 * minute until the routing timeout while the edge's control plane does not answer, and AWS skips
 * it in an ungraceful run (custom-action-lambda-block page), where the runbook invokes it
 * (docs/operations.md).
 */
function edgeGateStep(
    routing: Extract<SwitchRouting, { kind: "edge-gate" }>,
    regions: readonly string[],
    timeouts: SwitchTimeouts,
): SwitchStep {
    return {
        name: "hold-edge",
        description:
            routing.edge === "global-accelerator"
                ? "Set the accelerator's traffic dials: the activated Region 100, the other 0 (no return without a failback)"
                : "Put the activated Region's origin first in the origin group (no return without a failback)",
        executionBlockType: "CustomActionLambda",
        customActionLambdaConfigs: [
            {
                regionToRun: "activatingRegion",
                retryIntervalMinutes: edgeGateRetryMinutes,
                timeoutMinutes: timeouts.routingMinutes,
                lambdas: regions.map((region) => ({ arn: routing.functionArns[region] })),
                ungracefuls: [{ behavior: "skip" }],
            },
        ],
    };
}

/**
 * The state an active/passive workflow sets on a Region's routing control. Activating the
 * secondary turns the primary Off (a failed-away primary returns only by the failback workflow);
 * activating the primary turns it On and leaves the secondary On. The secondary's control is never
 * turned Off: its records' CALCULATED checks require the control, and with both records unhealthy
 * Route 53 answers a failover pair with the PRIMARY
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html),
 * so a secondary held Off after a failback would make a primary failure fail open to the dead
 * primary. Route 53 already prefers a healthy PRIMARY, so the secondary's On costs nothing. An
 * active/active workflow has no fixed target (undefined): AWS flips the states for the Region
 * the execution names.
 */
export function routingControlState(
    region: string,
    target: string | undefined,
    primaryRegion: string,
): "On" | "Off" {
    if (target === undefined || region === target) {
        return "On";
    }
    return region === primaryRegion ? "Off" : "On";
}

/** Every step of a workflow in execution order, parallel groups flattened. */
export function flattenSteps(workflow: SwitchWorkflow): SwitchStep[] {
    return workflow.steps.flatMap((step) =>
        step.executionBlockType === "Parallel"
            ? (step.parallelConfigs ?? []).flatMap((p) => p.steps)
            : [step],
    );
}
