/**
 * Inputs the resource graph cannot tell about time: how long people and deployments take. Every
 * field has a stated default; callers override any of them (the check command from its options,
 * the policy from its config). How much traffic and data the workload has is `Usage` (usage.ts).
 */

export interface BudgetAssumptions {
    /** Time for a human to notice, decide and start a failover action, seconds. */
    operatorResponseSeconds: number;
    /** Duration of the `pulumi up` that raises a standby's capacity, seconds. */
    deploymentSeconds: number;
    /** ECS/Fargate task start: image pull, container start, first passing target health check. */
    taskStartSeconds: number;
    /** Target tracking scale-out: the AWS-managed alarm's evaluation (3 × 60 s datapoints). */
    autoscalingEvaluationSeconds: number;
    /** RDS cross-region replica promotion, seconds (AWS: "several minutes or longer"). */
    rdsPromotionSeconds: number;
    /** RDS cross-region replica lag used as its RPO bound, seconds (AWS publishes no figure). */
    rdsReplicaLagSeconds: number;
}

export const defaultAssumptions: Readonly<BudgetAssumptions> = {
    operatorResponseSeconds: 600,
    deploymentSeconds: 300,
    taskStartSeconds: 60,
    autoscalingEvaluationSeconds: 180,
    rdsPromotionSeconds: 600,
    rdsReplicaLagSeconds: 300,
};

/**
 * Defaults overlaid with `overrides`; a value that is not a finite, non-negative number is
 * ignored so that odd policy config can never produce a NaN estimate.
 */
export function withDefaults(
    overrides: Partial<Record<keyof BudgetAssumptions, unknown>> = {},
): BudgetAssumptions {
    const result = { ...defaultAssumptions };
    for (const key of Object.keys(defaultAssumptions) as (keyof BudgetAssumptions)[]) {
        const value = overrides[key];
        if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
            result[key] = value;
        }
    }
    return result;
}
