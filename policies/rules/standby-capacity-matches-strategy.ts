import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import {
    asArray,
    asNumber,
    asString,
    get,
    tagsOf,
    UnknownTracker,
    unlessUnknown,
} from "../lib/props";
import { providerDefaultTags } from "../lib/region";
import {
    autoScalingGroupType,
    batchComputeEnvironmentType,
    ecsServiceType,
    eksNodeGroupType,
    lambdaFunctionType,
    scalableTargetType,
    stackType,
} from "../lib/types";
import { computeTypes, describe } from "../lib/catalog";

/** DR strategies, in the AWS disaster recovery whitepaper's terms. */
export const drStrategies = [
    "active-passive",
    "pilot-light",
    "warm-standby",
    "active-active",
] as const;

/** Defaults of `standby-capacity-matches-strategy`'s config. */
export const standbyCapacityMatchesStrategyDefaults = {
    /** Strategy for resources with no `Strategy` tag; empty means "read the tag only". */
    strategy: "",
    /** Tag that declares the strategy on a resource or in a provider's defaultTags. */
    strategyTag: "Strategy",
};

/**
 * A resource's own tags. An Auto Scaling group's `tags` is a list of `{ key, value,
 * propagateAtLaunch }` (aws.autoscaling.Group's GroupTag), not a map like other resources'.
 */
function ownTags(props: Record<string, unknown>): Record<string, string> {
    const tags = get(props, "tags");
    if (!Array.isArray(tags)) {
        return tagsOf(tags);
    }
    const out: Record<string, string> = {};
    for (const entry of asArray(tags)) {
        const key = asString(get(entry, "key"));
        const value = asString(get(entry, "value"));
        if (key !== undefined && value !== undefined) {
            out[key] = value;
        }
    }
    return out;
}

/**
 * The strategy declared for the resource: its tag, its provider's default tag, the stack's
 * exported `strategy` output (the regional contract this project's stacks export), or config.
 */
function declaredStrategy(
    args: PolicyResource,
    tag: string,
    fallback: string,
    exported: string | undefined,
) {
    const own = ownTags(args.props)[tag];
    const fromProvider = providerDefaultTags(args)[tag];
    const value =
        own ??
        (typeof fromProvider === "string" ? fromProvider : undefined) ??
        exported ??
        (fallback || undefined);
    return value?.toLowerCase();
}

/**
 * The minimum capacity an Application Auto Scaling target keeps the ECS service at. App Auto
 * Scaling raises the service's desired count to the target's minCapacity, so a service that
 * leaves desiredCount unset (or 0) still runs that many tasks.
 */
function scalingMinimum(
    service: PolicyResource,
    resources: readonly PolicyResource[],
): { min: number; target: PolicyResource } | undefined {
    const serviceName = unlessUnknown(() => asString(service.props.name), undefined);
    for (const target of resources.filter((r) => r.type === scalableTargetType)) {
        const found = unlessUnknown(() => {
            if (asString(target.props.scalableDimension) !== "ecs:service:DesiredCount") {
                return undefined;
            }
            // Stryker disable next-line StringLiteral: a missing resourceId ends with no "/<name>", and neither does any replacement string
            const resourceId = asString(target.props.resourceId) ?? "";
            const linked =
                (serviceName !== undefined && resourceId.endsWith(`/${serviceName}`)) ||
                (target.propertyDependencies?.resourceId ?? []).some((d) => d.urn === service.urn);
            const min = asNumber(target.props.minCapacity);
            return linked && min !== undefined ? { min, target } : undefined;
        }, undefined);
        if (found) {
            return found;
        }
    }
    return undefined;
}

/**
 * Running capacity now and the input that sets it, as far as the inputs say; `undefined` for
 * compute whose capacity is not a count to judge (a DAEMON service runs one task per instance;
 * an EC2 instance or an App Runner service is running by existing).
 */
function capacityOf(
    args: PolicyResource,
    resources: readonly PolicyResource[],
): { now?: number; field: string } | undefined {
    const p = args.props;
    switch (args.type) {
        case ecsServiceType: {
            if (asString(p.schedulingStrategy) === "DAEMON") {
                return undefined;
            }
            // ECS's default desiredCount is 0; App Auto Scaling raises it to minCapacity.
            const desired = asNumber(p.desiredCount) ?? 0;
            const scaling = scalingMinimum(args, resources);
            return {
                now: Math.max(desired, scaling?.min ?? desired),
                field: scaling
                    ? `desiredCount, and minCapacity of App Auto Scaling target "${scaling.target.name}",`
                    : "desiredCount",
            };
        }
        case batchComputeEnvironmentType:
            return {
                now: asNumber(get(p, "computeResources", "minVcpus")),
                field: "computeResources.minVcpus",
            };
        case autoScalingGroupType:
            return {
                now: asNumber(p.desiredCapacity) ?? asNumber(p.minSize),
                field: "desiredCapacity" in p ? "desiredCapacity" : "minSize",
            };
        case eksNodeGroupType:
            return {
                now: asNumber(get(p, "scalingConfig", "desiredSize")),
                field: "scalingConfig.desiredSize",
            };
        case lambdaFunctionType:
            // Reserved concurrency 0 throttles every invocation; unset means unreserved.
            return {
                now: asNumber(p.reservedConcurrentExecutions),
                field: "reservedConcurrentExecutions",
            };
        default:
            return undefined;
    }
}

/**
 * The declared DR strategy promises a recovery time; the capacity deployed must be able to keep
 * it. In this project's terms (README, strategy table): an active-passive standby may run
 * nothing (failover deploys it); a pilot light keeps a minimal core running; a warm standby and
 * an active-active region run capacity that can serve at once.
 */
export const standbyCapacityMatchesStrategy: StackValidationPolicy = {
    name: "standby-capacity-matches-strategy",
    description:
        "Compute capacity matches the declared DR strategy (Strategy tag, the stack's strategy output, or config): pilot-light, warm-standby and active-active run at least one task, instance or node; active-passive may run none.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Run at least one task, instance or node in a pilot-light, warm-standby or active-active region (desiredCount, desiredCapacity/minSize, scalingConfig.desiredSize), and do not set Lambda reserved concurrency to 0. If the region is meant to start cold, declare active-passive.",
    url: "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
    configSchema: schemaFor(
        standbyCapacityMatchesStrategyDefaults,
        {
            strategy:
                "DR strategy for resources without a strategy tag: active-passive, pilot-light, warm-standby or active-active; empty to rely on tags.",
            strategyTag:
                "Tag (on the resource or in the provider's defaultTags) that declares the DR strategy.",
        },
        { strategy: { enum: ["", ...drStrategies] } },
    ),
    validateStack: (args, reportViolation) => {
        const config = configWithDefaults(args, standbyCapacityMatchesStrategyDefaults);
        const compute = args.resources.filter((r) => computeTypes.includes(r.type));
        if (compute.length === 0) {
            args.notApplicable(
                "Policy only applies to compute: ECS services, Auto Scaling groups, EC2 instances, Lambda functions, EKS node groups, App Runner services, Batch compute environments",
            );
        }
        const unknowns = new UnknownTracker();
        const exported = unlessUnknown(() => {
            const stack = args.resources.find((r) => r.type === stackType);
            return (
                asString(get(stack?.props, "strategy")) ??
                asString(get(stack?.props, "outputs", "strategy"))
            );
        }, undefined);
        for (const resource of compute) {
            unknowns.guard(() => {
                const strategy = declaredStrategy(
                    resource,
                    config.strategyTag,
                    config.strategy,
                    exported,
                );
                if (!strategy) {
                    return;
                }
                const report = (message: string) => reportViolation(message, resource.urn);
                if (!(drStrategies as readonly string[]).includes(strategy)) {
                    report(
                        `Set the ${config.strategyTag} tag of ${describe(resource)} to one of ${drStrategies.join(", ")}: ${JSON.stringify(strategy)} is not a DR strategy this policy knows, so its capacity cannot be checked.`,
                    );
                    return;
                }
                const capacity = capacityOf(resource, args.resources);
                if (strategy === "active-passive" || capacity?.now !== 0) {
                    return;
                }
                const why =
                    strategy === "pilot-light"
                        ? "a pilot light keeps a minimal core always on so that failover only scales it up"
                        : `the ${strategy} strategy serves users from this region as soon as it fails over`;
                report(
                    `Run at least one unit of ${describe(resource)} (${capacity.field} is 0): ${why}; with none the region cold-starts on failover, which is active-passive, not ${strategy}.`,
                );
            });
        }
        unknowns.rethrow();
    },
};
