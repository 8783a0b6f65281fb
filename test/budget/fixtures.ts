/**
 * Synthetic resource graphs of the same app under each strategy, shaped like what the project's
 * stacks create: a regional ECS service behind an ALB in each of two regions, a DynamoDB global
 * table and an S3 bucket replicated with RTC, and a global stack with 10 s × 3 HTTPS health
 * checks and alias failover (or latency) records.
 */
import type { BudgetResource } from "../../policies/budget";

export type Strategy = "active-active" | "warm-standby" | "pilot-light" | "active-passive";

const primary = "us-east-1";
const secondary = "us-west-2";
const fullCapacity = 3;

/** Standby tasks now and its autoscaling ceiling, per strategy. */
export const standbyCapacity: Record<Strategy, { desired: number; max: number }> = {
    "active-active": { desired: 3, max: 6 },
    "warm-standby": { desired: 2, max: 6 },
    "pilot-light": { desired: 1, max: 1 },
    "active-passive": { desired: 0, max: 0 },
};

export function resource(
    stack: string,
    region: string,
    type: string,
    name: string,
    props: Record<string, unknown>,
): BudgetResource {
    return {
        urn: `urn:pulumi:${stack}::multi-region-failover::${type}::${name}`,
        type,
        name,
        region,
        stack,
        inputs: props,
        outputs: props,
    };
}

function regional(stack: string, region: string, desired: number, max: number): BudgetResource[] {
    const service = `app-${region}`;
    return [
        // The project's default network: no Private subnets, no NAT (outputs hold the array).
        {
            ...resource(stack, region, "awsx:ec2:Vpc", `${service}-vpc`, {}),
            inputs: {
                numberOfAvailabilityZones: 3,
                natGateways: { strategy: "None" },
                subnetSpecs: [{ type: "Public" }, { type: "Isolated" }],
            },
            outputs: { natGateways: [], numberOfAvailabilityZones: 3 },
        },
        resource(stack, region, "aws:lb/loadBalancer:LoadBalancer", `${service}-alb`, {
            loadBalancerType: "application",
            arn: `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/${service}/abc`,
        }),
        resource(stack, region, "aws:lb/targetGroup:TargetGroup", `${service}-tg`, {
            healthCheck: { interval: 10, unhealthyThreshold: 2, healthyThreshold: 2 },
        }),
        resource(stack, region, "aws:ecs/taskDefinition:TaskDefinition", `${service}-task`, {
            family: service,
            cpu: "256",
            memory: "512",
            arn: `arn:aws:ecs:${region}:123456789012:task-definition/${service}:1`,
        }),
        resource(stack, region, "aws:ecs/service:Service", `${service}-service`, {
            name: service,
            desiredCount: desired,
            launchType: "FARGATE",
            taskDefinition: `arn:aws:ecs:${region}:123456789012:task-definition/${service}:1`,
        }),
        resource(stack, region, "aws:appautoscaling/target:Target", `${service}-scaling`, {
            serviceNamespace: "ecs",
            resourceId: `service/${service}-cluster/${service}`,
            minCapacity: desired,
            maxCapacity: max,
        }),
    ];
}

function data(): BudgetResource[] {
    return [
        resource("primary", primary, "aws:dynamodb/table:Table", "orders", {
            name: "orders",
            arn: `arn:aws:dynamodb:${primary}:123456789012:table/orders`,
            billingMode: "PAY_PER_REQUEST",
            replicas: [{ regionName: secondary }],
        }),
        resource("primary", primary, "aws:s3/bucket:Bucket", "assets-primary", {
            bucket: "assets-primary",
            arn: "arn:aws:s3:::assets-primary",
        }),
        resource(
            "primary",
            primary,
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            "assets-replication",
            {
                bucket: "assets-primary",
                rules: [
                    {
                        status: "Enabled",
                        destination: {
                            bucket: "arn:aws:s3:::assets-secondary",
                            replicationTime: { status: "Enabled", time: { minutes: 15 } },
                            metrics: { status: "Enabled" },
                        },
                    },
                ],
            },
        ),
        resource("secondary", secondary, "aws:s3/bucket:Bucket", "assets-secondary", {
            bucket: "assets-secondary",
            arn: "arn:aws:s3:::assets-secondary",
        }),
    ];
}

const albZone = { [primary]: "Z35SXDOTRQ7X7K", [secondary]: "Z1H1FL5HABSF5" };

function routing(strategy: Strategy): BudgetResource[] {
    const resources: BudgetResource[] = [];
    for (const [region, role] of [
        [primary, "PRIMARY"],
        [secondary, "SECONDARY"],
    ] as const) {
        resources.push(
            resource(
                "global",
                "us-east-1",
                "aws:route53/healthCheck:HealthCheck",
                `health-${region}`,
                {
                    id: `hc-${region}`,
                    type: "HTTPS",
                    fqdn: `app-${region}.${region}.elb.amazonaws.com`,
                    resourcePath: "/",
                    requestInterval: 10,
                    failureThreshold: 3,
                },
            ),
        );
        const policy =
            strategy === "active-active"
                ? { latencyRoutingPolicies: [{ region }] }
                : { failoverRoutingPolicies: [{ type: role }] };
        resources.push(
            resource("global", "us-east-1", "aws:route53/record:Record", `app-${region}`, {
                zoneId: "Z0000000000000000000",
                name: "app.example.com",
                type: "A",
                setIdentifier: region,
                healthCheckId: `hc-${region}`,
                aliases: [
                    {
                        name: `app-${region}.${region}.elb.amazonaws.com`,
                        zoneId: albZone[region],
                        evaluateTargetHealth: true,
                    },
                ],
                ...policy,
            }),
        );
    }
    return resources;
}

/** The whole app, as the three stacks would create it, for `strategy`. */
export function appGraph(strategy: Strategy): BudgetResource[] {
    const standby = standbyCapacity[strategy];
    return [
        ...regional("primary", primary, fullCapacity, 6),
        ...regional("secondary", secondary, standby.desired, standby.max),
        ...data(),
        ...routing(strategy),
    ];
}

/** `resources` with the props of the resource named `name` changed. */
export function withProps(
    resources: readonly BudgetResource[],
    name: string,
    change: Record<string, unknown>,
): BudgetResource[] {
    return resources.map((r) => {
        if (r.name !== name) {
            return r;
        }
        const props = { ...r.inputs, ...change };
        return { ...r, inputs: props, outputs: props };
    });
}

export const strategies: readonly Strategy[] = [
    "active-active",
    "warm-standby",
    "pilot-light",
    "active-passive",
];
