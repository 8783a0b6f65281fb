import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { asNumber, asString, get, tagsOf } from "../lib/props";
import { providerDefaultTags } from "../lib/region";
import {
    autoScalingGroupType,
    computeTypes,
    describe,
    ecsServiceType,
    eksNodeGroupType,
    lambdaFunctionType,
} from "../lib/types";

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

/** The strategy declared for the resource: its tag, its provider's default tag, or config. */
function declaredStrategy(args: ResourceValidationArgs, tag: string, fallback: string) {
    const own = tagsOf(get(args.props, "tags"))[tag];
    const fromProvider = providerDefaultTags(args)[tag];
    const value =
        own ??
        (typeof fromProvider === "string" ? fromProvider : undefined) ??
        (fallback || undefined);
    return value?.toLowerCase();
}

/** Running capacity now, and the most it can scale to, as far as the inputs say. */
function capacityOf(args: ResourceValidationArgs): { now?: number; max?: number; field: string } {
    const p = args.props;
    switch (args.type) {
        case ecsServiceType:
            if (asString(p.schedulingStrategy) === "DAEMON") {
                return { field: "schedulingStrategy" };
            }
            // ECS's default desiredCount is 0.
            return { now: asNumber(p.desiredCount) ?? 0, field: "desiredCount" };
        case autoScalingGroupType: {
            const min = asNumber(p.minSize);
            return {
                now: asNumber(p.desiredCapacity) ?? min,
                max: asNumber(p.maxSize),
                field: "desiredCapacity" in p ? "desiredCapacity" : "minSize",
            };
        }
        case eksNodeGroupType:
            return {
                now: asNumber(get(p, "scalingConfig", "desiredSize")),
                max: asNumber(get(p, "scalingConfig", "maxSize")),
                field: "scalingConfig.desiredSize",
            };
        case lambdaFunctionType:
            // Reserved concurrency 0 throttles every invocation; unset means unreserved.
            return {
                now: asNumber(p.reservedConcurrentExecutions),
                field: "reservedConcurrentExecutions",
            };
        default:
            return { field: "" };
    }
}

/**
 * The declared DR strategy promises a recovery time; the capacity deployed must be able to keep
 * it. In this project's terms (README, strategy table): an active-passive standby may run
 * nothing (failover deploys it); a pilot light keeps a minimal core running; a warm standby and
 * an active-active region run capacity that can serve at once.
 */
export const standbyCapacityMatchesStrategy: ResourceValidationPolicy = {
    name: "standby-capacity-matches-strategy",
    description:
        "Compute capacity matches the declared DR strategy (Strategy tag or config): pilot-light, warm-standby and active-active run at least one task, instance or node; active-passive may run none.",
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
    validateResource: (args, reportViolation) => {
        if (!computeTypes.includes(args.type)) {
            args.notApplicable(
                "Policy only applies to compute: ECS services, Auto Scaling groups, EC2 instances, Lambda functions, EKS node groups and App Runner services",
            );
        }
        const config = configWithDefaults(args, standbyCapacityMatchesStrategyDefaults);
        const strategy = declaredStrategy(args, config.strategyTag, config.strategy);
        if (!strategy) {
            args.notApplicable(`no ${config.strategyTag} tag and no strategy in the policy config`);
        }
        if (!(drStrategies as readonly string[]).includes(strategy)) {
            reportViolation(
                `Set the ${config.strategyTag} tag of ${describe(args)} to one of ${drStrategies.join(", ")}: ${JSON.stringify(strategy)} is not a DR strategy this policy knows, so its capacity cannot be checked.`,
            );
            return;
        }
        const { now, field } = capacityOf(args);
        if (strategy === "active-passive" || now !== 0) {
            return;
        }
        const why =
            strategy === "pilot-light"
                ? "a pilot light keeps a minimal core always on so that failover only scales it up"
                : `the ${strategy} strategy serves users from this region as soon as it fails over`;
        reportViolation(
            `Run at least one unit of ${describe(args)} (${field} is 0): ${why}; with none the region cold-starts on failover, which is active-passive, not ${strategy}.`,
        );
    },
};
