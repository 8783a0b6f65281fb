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
        const approvalRole = settings.approval
            ? new aws.iam.Role(
                  `${name}-approval`,
                  {
                      description: "Assumed by an operator to approve a Region switch run",
                      assumeRolePolicy: account.apply((id) => JSON.stringify(accountTrust(id))),
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
            ])
            .apply(([primary, secondary, aurora, routing, approvalRoleArn]) => {
                const input: SwitchPlanInput = {
                    strategy: args.strategy,
                    primary,
                    secondary,
                    auroraGlobalClusterIdentifier: aurora,
                    routing,
                    approvalRoleArn,
                    timeouts: args.timeouts,
                    namePrefix: settings.namePrefix,
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

        const routingKind = pulumi.output(args.routing).apply((r) => r.kind);
        this.regionGateHealthCheckIds = pulumi
            .all([routingKind, this.plan.arn])
            .apply(([kind, planArn]) =>
                kind === "route53-health-check"
                    ? aws.arcregionswitch
                          .getRoute53HealthChecksOutput({ planArn }, parent)
                          .apply((found) =>
                              Object.fromEntries(
                                  (found.healthChecks ?? []).map((c) => [
                                      c.region,
                                      c.healthCheckId,
                                  ]),
                              ),
                          )
                    : pulumi.output({} as Record<string, string>),
            );
        this.planArn = this.plan.arn;
        this.planName = this.plan.name;
        this.executionRoleArn = executionRole.arn;
        this.registerOutputs({
            planArn: this.planArn,
            planName: this.planName,
            executionRoleArn: this.executionRoleArn,
            approvalRoleArn: this.approvalRoleArn,
            regionGateHealthCheckIds: this.regionGateHealthCheckIds,
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

/** Operators of this account assume the approval role (their own IAM policy must allow it). */
export function accountTrust(accountId: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${accountId}:root` },
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
        statements.push(
            {
                Sid: "DescribeRds",
                Effect: "Allow",
                Action: ["rds:DescribeDBInstances"],
                Resource: "*",
            },
            {
                Sid: "PromoteRds",
                Effect: "Allow",
                Action: ["rds:PromoteReadReplica"],
                Resource: regions.map((r) => r.rdsInstanceArn as string),
            },
        );
    }
    if (input.routing.kind === "arc-routing-control") {
        statements.push({
            Sid: "FlipRoutingControls",
            Effect: "Allow",
            Action: [
                "route53-recovery-cluster:GetRoutingControlState",
                "route53-recovery-cluster:UpdateRoutingControlState",
                "route53-recovery-cluster:UpdateRoutingControlStates",
                "route53-recovery-control-config:DescribeRoutingControl",
            ],
            Resource: regions.map(
                (r) =>
                    (input.routing as { routingControlArns: Record<string, string> })
                        .routingControlArns[r.region],
            ),
        });
    }
    if (input.routing.kind === "route53-health-check" && hostedZoneId) {
        statements.push({
            Sid: "ReadRecords",
            Effect: "Allow",
            Action: ["route53:ListResourceRecordSets"],
            Resource: `arn:aws:route53:::hostedzone/${hostedZoneId}`,
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
