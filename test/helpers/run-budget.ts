/**
 * A run's budget for report tests: a warm-standby design over DNS that misses an RTO objective of
 * 60 s, and a cost of one dollar. Tests override the failover part they are about.
 */
import { RunBudget } from "../../check/budget";
import { defaultUsage } from "../../policies/budget/usage";

export function runBudgetFixture(
    failover: Partial<RunBudget["failover"]> = {},
    more: Partial<RunBudget> = {},
): RunBudget {
    return {
        failover: {
            strategy: "warm-standby",
            routing: "dns",
            rtoSeconds: 156,
            rpoSeconds: 900,
            breakdown: [],
            rpoBounds: [],
            objectives: { rtoSeconds: 60, rpoSeconds: 900 },
            meetsObjectives: false,
            notes: [],
            fixes: [],
            ...failover,
        },
        cost: {
            monthlyUsd: 1,
            fixedUsd: 1,
            usageUsd: 0,
            currency: "USD",
            priceDate: "2026-10-01",
            stacks: {},
            items: [],
            free: [],
            unpriced: [],
            usage: defaultUsage,
        },
        objectiveSources: { rtoSeconds: "policy config", rpoSeconds: "policy config" },
        ...more,
    };
}
