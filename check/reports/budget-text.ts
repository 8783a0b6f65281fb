import { CostEstimate } from "../../policies/budget";
import { RunBudget, formatSeconds, formatUsd } from "../budget";
import { wrap } from "./wrap";

/** The failover budget as report lines: RTO steps, RPO bounds, objectives, cost per stack. */
export function budgetLines(budget: RunBudget): string[] {
    const f = budget.failover;
    const lines: string[] = [];
    lines.push(`Failover budget (strategy ${f.strategy}, routing ${f.routing}):`);
    lines.push(`  RTO ${formatSeconds(f.rtoSeconds)}, worst case:`);
    for (const step of f.breakdown) {
        lines.push(`    ${String(step.seconds).padStart(6)} s  ${step.step}`);
        lines.push(...wrap(step.source, "              "));
    }
    lines.push(`  RPO ${formatSeconds(f.rpoSeconds)}, the worst store:`);
    for (const bound of f.rpoBounds) {
        lines.push(
            `    ${formatSeconds(bound.seconds)}  ${bound.kind} ${bound.store} in ${bound.region}`,
        );
        lines.push(...wrap(bound.source, "              "));
    }
    if (f.objectives) {
        const verdict = f.meetsObjectives ? "meets" : "does NOT meet";
        lines.push(
            ...wrap(
                `Objectives: RTO ${formatSeconds(f.objectives.rtoSeconds)} (${budget.objectiveSources.rtoSeconds}), RPO ${formatSeconds(f.objectives.rpoSeconds)} (${budget.objectiveSources.rpoSeconds}); the estimate ${verdict} them.`,
                "  ",
            ),
        );
    }
    const c = budget.cost;
    lines.push(
        `Monthly cost ${formatUsd(c.monthlyUsd)} (${c.currency}, prices of ${c.priceDate}):`,
    );
    for (const [stack, usd] of Object.entries(c.stacks)) {
        lines.push(`  ${formatUsd(usd).padStart(12)}  ${stack}`);
    }
    return lines;
}

/** The cost estimate for the JSON report: every line with quantity × unit price and source. */
export function costJson(c: CostEstimate): Record<string, unknown> {
    return {
        monthlyUsd: c.monthlyUsd,
        fixedUsd: c.fixedUsd,
        usageUsd: c.usageUsd,
        currency: c.currency,
        priceDate: c.priceDate,
        stacks: c.stacks,
        items: c.items.map((i) => ({
            stack: i.stack,
            resource: i.resource,
            type: i.type,
            region: i.region,
            kind: i.kind,
            item: i.item,
            quantity: i.quantity,
            unit: i.unit,
            unitUsd: i.unitUsd,
            source: i.source,
            monthlyUsd: i.monthlyUsd,
        })),
        pricedAtZero: c.free,
        unpriced: c.unpriced,
        usage: c.usage,
    };
}
