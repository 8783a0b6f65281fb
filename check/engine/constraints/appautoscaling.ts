import { Constraint, get, isSet } from "./types";

const targetDoc =
    "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html";
const policyDoc =
    "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html";

/** A scalable target: non-negative bounds with min <= max, and an ECS resource id's format. */
export const target: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const min = i.minCapacity as number | undefined;
    const max = i.maxCapacity as number | undefined;
    for (const [key, value] of [
        ["minCapacity", min],
        ["maxCapacity", max],
    ] as const) {
        if (value === undefined || !Number.isInteger(value) || value < 0) {
            problems.push(
                `${key} ${JSON.stringify(value ?? null)} must be an integer of at least 0 (${targetDoc})`,
            );
        }
    }
    if (min !== undefined && max !== undefined && min > max) {
        problems.push(`minCapacity ${min} is above maxCapacity ${max} (${targetDoc})`);
    }
    if (
        i.serviceNamespace === "ecs" &&
        !/^service\/[^/]+\/[^/]+$/.test(String(i.resourceId ?? ""))
    ) {
        problems.push(
            `an ECS resourceId must be service/<cluster>/<service>, got ${JSON.stringify(i.resourceId ?? null)} (${targetDoc})`,
        );
    }
    return problems;
};

const ecsMetrics = [
    "ECSServiceAverageCPUUtilization",
    "ECSServiceAverageMemoryUtilization",
    "ALBRequestCountPerTarget",
];

/** A target tracking policy needs its configuration, a target value and a metric that fits. */
export const policy: Constraint = ({ resource }) => {
    const i = resource.inputs;
    if ((i.policyType ?? "StepScaling") !== "TargetTrackingScaling") {
        return [];
    }
    const config = i.targetTrackingScalingPolicyConfiguration;
    if (!isSet(config)) {
        return [
            `TargetTrackingScaling needs targetTrackingScalingPolicyConfiguration (${policyDoc})`,
        ];
    }
    const problems: string[] = [];
    const value = get(config, "targetValue");
    if (typeof value !== "number" || value <= 0) {
        problems.push(
            `targetValue ${JSON.stringify(value ?? null)} must be a number above 0 (${policyDoc})`,
        );
    }
    const metric = get(config, "predefinedMetricSpecification", "predefinedMetricType");
    if (
        i.serviceNamespace === "ecs" &&
        metric !== undefined &&
        !ecsMetrics.includes(String(metric))
    ) {
        problems.push(
            `predefined metric ${JSON.stringify(metric)} does not apply to ECS services; use one of ${ecsMetrics.join(", ")} (${policyDoc})`,
        );
    }
    return problems;
};
