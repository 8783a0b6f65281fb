import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    SwitchPlanInput,
    SwitchRegion,
    SwitchRouting,
    SwitchStrategy,
    SwitchTimeouts,
    switchPlan,
    switchPlanProblems,
} from "./switchPlan";

/** One Region of the plan; ARNs may still be Outputs. */
export type SwitchRegionArgs = { [K in keyof SwitchRegion]: pulumi.Input<SwitchRegion[K]> };

export interface RegionSwitchPlanArgs {
    /** Sets the plan's recovery approach: activeActive for active-active, else activePassive. */
    strategy: SwitchStrategy;
    primary: SwitchRegionArgs;
    secondary: SwitchRegionArgs;
    /** Global database identifier, when Aurora is a store. */
    auroraGlobalClusterIdentifier?: pulumi.Input<string>;
    /** How the plan moves users (ARC routing controls, its own Route 53 health checks, or neither). */
    routing: pulumi.Input<SwitchRouting>;
    /** Hosted zone ARN, for the Route 53 health check block's record lookup. */
    hostedZoneId?: pulumi.Input<string>;
    /** Require an operator's approval before a run changes anything. Default: true. */
    approval?: boolean;
    /** Step timeouts in minutes. */
    timeouts?: Partial<SwitchTimeouts>;
    /** RTO the plan is measured against, minutes. */
    recoveryTimeObjectiveMinutes?: number;
    /** CloudWatch alarms that tell the plan a Region's application is unhealthy: name → ARN. */
    applicationHealthAlarms?: Record<string, pulumi.Input<string>>;
    /** Prefix of the plan's name (AWS allows 32 characters in all). */
    namePrefix?: string;
    /** What tells this deployment apart in the account; hashed into the plan's name. */
    deploymentId?: string;
    /**
     * IAM principals (role or user ARNs) that may assume the approval role. Required with
     * approval: the role trusts these, never the whole account.
     */
    approvers?: string[];
    /** With RDS: the writer record the plan points (see `SwitchPlanInput.rdsWriter`). */
    rdsWriter?: { hostedZoneId: pulumi.Input<string>; recordName: string };
}

const defaults = { approval: true, namePrefix: "mrf" };

/**
 * An ARC Region switch plan for one primary/secondary pair, with its execution role and, when
 * approval is on, the role an operator assumes to approve a run. The plan runs in the Region it
 * activates: nothing in it needs the Region being left (see docs/operations.md).
 */
export class RegionSwitchPlan extends pulumi.ComponentResource {
    public readonly plan: aws.arcregionswitch.Plan;
    public readonly planArn: pulumi.Output<string>;
    public readonly planName: pulumi.Output<string>;
    public readonly executionRoleArn: pulumi.Output<string>;
    /** Role that may approve this plan's runs; unset when approval is off. */
    public readonly approvalRoleArn?: pulumi.Output<string>;
    /**
     * With the Route 53 health check block: Region to the health check the plan sets, to combine
     * with the endpoint check on that Region's records. Empty otherwise.
     */
    public readonly regionGateHealthCheckIds: pulumi.Output<Record<string, string>>;
    /**
     * With `rdsWriter`: Region to the health check the plan sets for that Region's writer record
     * (healthy for the Region it activated last). Empty otherwise.
     */
    public readonly writerHealthCheckIds: pulumi.Output<Record<string, string>>;

    constructor(
        name: string,
        args: RegionSwitchPlanArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:routing:RegionSwitchPlan", name, {}, opts);
        const settings = { ...defaults, ...args };
        const parent = { parent: this };
        const account = aws.getCallerIdentityOutput({}, parent).accountId;

        const executionRole = new aws.iam.Role(
            `${name}-execution`,
            {
                description: "Runs the Region switch plan's steps",
                assumeRolePolicy: JSON.stringify(servicePrincipalTrust()),
            },
            parent,
        );
        if (settings.approval && (args.approvers ?? []).length === 0) {
            throw new Error(
                `${name}: approval is on but approvers is empty; name the IAM roles or users that may approve a run (failover.approvers), the approval role never trusts the whole account`,
            );
        }
        const approvalRole = settings.approval
            ? new aws.iam.Role(
                  `${name}-approval`,
                  {
                      description: "Assumed by an operator to approve a Region switch run",
                      assumeRolePolicy: JSON.stringify(approverTrust(args.approvers ?? [])),
                  },
                  parent,
              )
            : undefined;

        const resolved = pulumi
            .all([
                pulumi.output(args.primary),
                pulumi.output(args.secondary),
                pulumi.output(args.auroraGlobalClusterIdentifier),
                pulumi.output(args.routing),
                approvalRole ? approvalRole.arn : pulumi.output(undefined),
                pulumi.output(args.rdsWriter),
            ])
            .apply(([primary, secondary, aurora, routing, approvalRoleArn, rdsWriter]) => {
                const input: SwitchPlanInput = {
                    strategy: args.strategy,
                    primary,
                    secondary,
                    auroraGlobalClusterIdentifier: aurora,
                    routing,
                    approvalRoleArn,
                    timeouts: args.timeouts,
                    namePrefix: settings.namePrefix,
                    ...(args.deploymentId !== undefined ? { deploymentId: args.deploymentId } : {}),
                    ...(rdsWriter ? { rdsWriter } : {}),
                };
                return { input, spec: switchPlan(input) };
            });

        const alarms = Object.entries(args.applicationHealthAlarms ?? {}).map(([key, arn]) => ({
            mapBlockKey: key,
            alarmType: "applicationHealth",
            resourceIdentifier: arn,
        }));
        this.plan = new aws.arcregionswitch.Plan(
            name,
            {
                name: resolved.spec.name,
                executionRole: executionRole.arn,
                recoveryApproach: resolved.spec.recoveryApproach,
                regions: resolved.spec.regions,
                primaryRegion: resolved.spec.primaryRegion,
                recoveryTimeObjectiveMinutes: args.recoveryTimeObjectiveMinutes,
                workflows: resolved.spec.workflows as pulumi.Input<
                    aws.types.input.arcregionswitch.PlanWorkflow[]
                >,
                ...(alarms.length > 0 ? { associatedAlarms: alarms } : {}),
            },
            parent,
        );

        new aws.iam.RolePolicy(
            `${name}-execution`,
            {
                role: executionRole.id,
                policy: pulumi
                    .all([
                        resolved.input,
                        account,
                        pulumi.output(args.hostedZoneId),
                        pulumi.all(Object.values(args.applicationHealthAlarms ?? {})),
                    ])
                    .apply(([input, id, zone, alarmArns]) =>
                        JSON.stringify(switchExecutionPolicy(input, id, zone, alarmArns)),
                    ),
            },
            parent,
        );
        if (approvalRole) {
            new aws.iam.RolePolicy(
                `${name}-approval`,
                {
                    role: approvalRole.id,
                    policy: this.plan.arn.apply((planArn) =>
                        JSON.stringify(approvalPolicy(planArn)),
                    ),
                },
                parent,
            );
            this.approvalRoleArn = approvalRole.arn;
        }

        const routing = pulumi.output(args.routing);
        const planChecks = (recordName: pulumi.Input<string | undefined>) =>
            pulumi
                .all([recordName, this.plan.arn])
                .apply(([record, planArn]) =>
                    record === undefined
                        ? pulumi.output({} as Record<string, string>)
                        : aws.arcregionswitch
                              .getRoute53HealthChecksOutput({ planArn }, parent)
                              .apply((found) => planChecksFor(found.healthChecks ?? [], record)),
                );
        this.regionGateHealthCheckIds = planChecks(
            routing.apply((r) => (r.kind === "route53-health-check" ? r.recordName : undefined)),
        );
        this.writerHealthCheckIds = planChecks(args.rdsWriter?.recordName);
        this.planArn = this.plan.arn;
        this.planName = this.plan.name;
        this.executionRoleArn = executionRole.arn;
        this.registerOutputs({
            planArn: this.planArn,
            planName: this.planName,
            executionRoleArn: this.executionRoleArn,
            approvalRoleArn: this.approvalRoleArn,
            regionGateHealthCheckIds: this.regionGateHealthCheckIds,
            writerHealthCheckIds: this.writerHealthCheckIds,
        });
    }
}

/** Check the plan's inputs without building anything (for the stacks' early validation). */
export { switchPlanProblems };

/** Trust for the plan's execution role (https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_trust_policy.html). */
export function servicePrincipalTrust(): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "arc-region-switch.amazonaws.com" },
                Action: "sts:AssumeRole",
            },
        ],
    };
}

/**
 * Region to health check ID for the plan checks of one record (a plan with a routing step and a
 * writer step has a set for each record name).
 */
export function planChecksFor(
    checks: readonly { region: string; healthCheckId: string; recordName: string }[],
    recordName: string,
): Record<string, string> {
    const bare = (name: string) => name.replace(/\.$/, "").toLowerCase();
    return Object.fromEntries(
        checks
            .filter((c) => bare(c.recordName) === bare(recordName))
            .map((c) => [c.region, c.healthCheckId]),
    );
}

/**
 * Only the named approvers may assume the approval role: a trust policy naming the account root
 * would delegate the choice to every identity policy in the account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
export function approverTrust(approvers: readonly string[]): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: [...approvers].sort() },
                Action: "sts:AssumeRole",
            },
        ],
    };
}

/** The approval role may approve steps of this plan and read its executions, nothing else. */
export function approvalPolicy(planArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: [
                    "arc-region-switch:ApprovePlanExecutionStep",
                    "arc-region-switch:GetPlanExecution",
                    "arc-region-switch:ListPlanExecutionEvents",
                ],
                Resource: planArn,
            },
        ],
    };
}

/**
 * Least privilege for the steps the plan has, after AWS's sample policy for each execution block
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/security-iam-region-switch.html). Write
 * actions name the two Regions' resources; only the Describe/List calls AWS documents as needing
 * `*` get it.
 */
export function switchExecutionPolicy(
    input: SwitchPlanInput,
    accountId: string,
    hostedZoneId: string | undefined,
    alarmArns: string[],
): object {
    const regions = [input.primary, input.secondary];
    const statements: object[] = [
        {
            Sid: "ScaleService",
            Effect: "Allow",
            Action: ["ecs:DescribeServices", "ecs:UpdateService"],
            Resource: regions.map((r) => r.ecsServiceArn),
        },
        {
            Sid: "DescribeClusters",
            Effect: "Allow",
            Action: ["ecs:DescribeClusters"],
            Resource: regions.map((r) => r.ecsClusterArn),
        },
        {
            Sid: "ReadCapacity",
            Effect: "Allow",
            Action: [
                "ecs:ListServices",
                "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:RegisterScalableTarget",
                "cloudwatch:GetMetricStatistics",
            ],
            Resource: "*",
        },
    ];
    if (input.auroraGlobalClusterIdentifier) {
        statements.push(
            {
                Sid: "DescribeAurora",
                Effect: "Allow",
                Action: ["rds:DescribeGlobalClusters", "rds:DescribeDBClusters"],
                Resource: "*",
            },
            {
                Sid: "PromoteAurora",
                Effect: "Allow",
                Action: ["rds:FailoverGlobalCluster", "rds:SwitchoverGlobalCluster"],
                Resource: [
                    `arn:aws:rds::${accountId}:global-cluster:${input.auroraGlobalClusterIdentifier}`,
                    ...regions.map((r) => r.auroraClusterArn as string),
                ],
            },
        );
    }
    if (input.primary.rdsInstanceArn && input.secondary.rdsInstanceArn) {
        // https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_rds.html:
        // promotion and cross-Region replica creation need Describe, Promote,
        // CreateDBInstanceReadReplica and ModifyDBInstance. The writes name the two instances
        // (a re-created replica keeps its instance's identifier, so its ARN).
        statements.push(
            {
                Sid: "DescribeRds",
                Effect: "Allow",
                Action: ["rds:DescribeDBInstances"],
                Resource: "*",
            },
            {
                Sid: "PromoteAndRecreateRds",
                Effect: "Allow",
                Action: [
                    "rds:PromoteReadReplica",
                    "rds:CreateDBInstanceReadReplica",
                    "rds:ModifyDBInstance",
                ],
                Resource: regions.map((r) => r.rdsInstanceArn as string),
            },
        );
    }
    if (input.routing.kind === "arc-routing-control") {
        statements.push(...routingControlStatements(input.routing.routingControlArns, regions));
    }
    const gate = input.routing;
    if (gate.kind === "edge-gate") {
        // https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_lambda.html
        statements.push({
            Sid: "InvokeEdgeGate",
            Effect: "Allow",
            Action: ["lambda:GetFunction", "lambda:InvokeFunction"],
            Resource: regions.map((r) => gate.functionArns[r.region]),
        });
    }
    const zones = [
        ...(input.routing.kind === "route53-health-check" && hostedZoneId ? [hostedZoneId] : []),
        ...(input.rdsWriter && input.primary.rdsInstanceArn ? [input.rdsWriter.hostedZoneId] : []),
    ];
    if (zones.length > 0) {
        statements.push({
            Sid: "ReadRecords",
            Effect: "Allow",
            Action: ["route53:ListResourceRecordSets"],
            Resource: oneOrMany(
                [...new Set(zones)].map((zone) => `arn:aws:route53:::hostedzone/${zone}`),
            ),
        });
    }
    if (alarmArns.length > 0) {
        statements.push({
            Sid: "ReadAlarms",
            Effect: "Allow",
            Action: ["cloudwatch:DescribeAlarms"],
            Resource: alarmArns,
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

function oneOrMany(values: string[]): string | string[] {
    return values.length === 1 ? values[0] : values;
}

/**
 * The routing control block's permissions, after AWS's sample policy
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_arc_routing.html):
 * DescribeControlPanel and DescribeCluster on the control panel and cluster, state reads and
 * updates on the routing controls. A routing control ARN names its control panel
 * (`.../controlpanel/<id>/routingcontrol/<id>`); the cluster is the panel's, whose ARN the plan
 * input does not carry, so DescribeCluster names the account's clusters.
 */
export function routingControlStatements(
    routingControlArns: Record<string, string>,
    regions: readonly { region: string }[],
): object[] {
    const controls = regions.map((r) => routingControlArns[r.region]);
    const panels = [...new Set(controls.map((arn) => arn.replace(/\/routingcontrol\/.*$/, "")))];
    const account = controls[0]?.split(":")[4] ?? "*";
    return [
        {
            Sid: "DescribeControlPanel",
            Effect: "Allow",
            Action: ["route53-recovery-control-config:DescribeControlPanel"],
            Resource: panels,
        },
        {
            Sid: "DescribeCluster",
            Effect: "Allow",
            Action: ["route53-recovery-control-config:DescribeCluster"],
            Resource: `arn:aws:route53-recovery-control::${account}:cluster/*`,
        },
        {
            Sid: "FlipRoutingControls",
            Effect: "Allow",
            Action: [
                "route53-recovery-cluster:GetRoutingControlState",
                "route53-recovery-cluster:UpdateRoutingControlState",
                "route53-recovery-cluster:UpdateRoutingControlStates",
                "route53-recovery-control-config:DescribeRoutingControl",
            ],
            Resource: controls,
        },
    ];
}
