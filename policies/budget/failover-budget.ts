/**
 * The failover budget: RTO and RPO together, checked against the objectives, with the fixes that
 * would meet missed ones. Apart from budget.ts (the RTO and RPO model), which fixes.ts re-runs for
 * each fix, so that the two do not import each other.
 */
import { BudgetAssumptions } from "./assumptions";
import {
    BudgetStep,
    Objectives,
    RpoBound,
    RtoEstimate,
    StrategyName,
    estimateRpo,
    estimateRto,
    meets,
} from "./budget";
import { Fix, suggestFixes } from "./fixes";
import { BudgetGraph } from "./graph";

export interface FailoverBudget {
    strategy: StrategyName;
    routing: RtoEstimate["routing"];
    rtoSeconds: number | null;
    rpoSeconds: number | null;
    breakdown: BudgetStep[];
    rpoBounds: RpoBound[];
    objectives: Objectives | null;
    /** Null when no objectives were given. */
    meetsObjectives: boolean | null;
    /** When objectives are missed: changes that shorten the estimate, each re-estimated. */
    fixes: Fix[];
    notes: string[];
}

/** RTO and RPO together, checked against `objectives` when given. */
export function failoverBudget(
    graph: BudgetGraph,
    objectives?: Objectives,
    overrides: Partial<BudgetAssumptions> = {},
): FailoverBudget {
    const rto = estimateRto(graph, overrides);
    const rpo = estimateRpo(graph, overrides);
    const meetsObjectives = objectives ? meets(rto.rtoSeconds, rpo.rpoSeconds, objectives) : null;
    return {
        strategy: rto.strategy,
        routing: rto.routing,
        rtoSeconds: rto.rtoSeconds,
        rpoSeconds: rpo.rpoSeconds,
        breakdown: rto.breakdown,
        rpoBounds: rpo.bounds,
        objectives: objectives ?? null,
        meetsObjectives,
        fixes:
            meetsObjectives === false
                ? suggestFixes(graph, overrides, { rto: rto.rtoSeconds, rpo: rpo.rpoSeconds })
                : [],
        notes: [...rto.notes, ...rpo.notes],
    };
}
