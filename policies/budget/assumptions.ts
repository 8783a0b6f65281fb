/**
 * Inputs the resource graph cannot tell: how long people and deployments take, and how much
 * traffic and data the workload has. Every field has a stated default; callers override any of
 * them (the check command from its options, the policy from its config).
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
    /** User requests per month, across all regions. */
    requestsPerMonth: number;
    /** GB served to users per month (load balancer processed bytes, CDN/accelerator transfer). */
    gbServedPerMonth: number;
    /** GB written into each replicated store per month (replication traffic, write units, I/O). */
    gbWrittenPerMonth: number;
    /** GB held in each data store (and in each replica). */
    gbStoredPerStore: number;
    /** DNS queries per month that reach Route 53 for each non-alias record name. */
    dnsQueriesPerMonth: number;
    /** Average Aurora Serverless v2 capacity, ACUs, for `db.serverless` instances. */
    auroraServerlessAcus: number;
}

export const defaultAssumptions: Readonly<BudgetAssumptions> = {
    operatorResponseSeconds: 600,
    deploymentSeconds: 300,
    taskStartSeconds: 60,
    autoscalingEvaluationSeconds: 180,
    rdsPromotionSeconds: 600,
    rdsReplicaLagSeconds: 300,
    requestsPerMonth: 10_000_000,
    gbServedPerMonth: 100,
    gbWrittenPerMonth: 10,
    gbStoredPerStore: 50,
    dnsQueriesPerMonth: 1_000_000,
    auroraServerlessAcus: 2,
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
