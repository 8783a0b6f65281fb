import { CostEstimate, Fix, fixLine, formatQuantity, formatUnitPrice } from "../../policies/budget";
import { RunBudget, formatSeconds, formatUsd } from "../budget";
import { wrap } from "./wrap";

/** The failover budget as report lines: RTO steps, RPO bounds, objectives, cost per stack. */
export function budgetLines(
    budget: RunBudget,
    options: { cost?: boolean; outsideVerdict?: string } = {},
): string[] {
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
        const outside = options.outsideVerdict ? `, but not in the verdict: ${options.outsideVerdict}` : "";
        lines.push(
            ...wrap(
                `Objectives: RTO ${formatSeconds(f.objectives.rtoSeconds)} (${budget.objectiveSources.rtoSeconds}), RPO ${formatSeconds(f.objectives.rpoSeconds)} (${budget.objectiveSources.rpoSeconds}); the estimate ${verdict} them${outside}.`,
                "  ",
            ),
        );
    }
    if (f.fixes.length > 0) {
        lines.push("  Fixes for this design, each re-estimated by the model:");
        for (const fix of f.fixes) {
            lines.push(...wrap(`- ${fixLine(fix)}`, "    "));
        }
    }
    for (const withheld of budget.withheldFixes ?? []) {
        lines.push(
            ...wrap(
                `Not offered as a fix, because AWS would refuse it: ${withheld.text} (${withheld.refusals.join("; ")})`,
                "  ",
            ),
        );
    }
    if (options.cost === false) {
        lines.push(
            `Monthly cost ${formatUsd(budget.cost.monthlyUsd)} (${budget.cost.currency}, prices of ${budget.cost.priceDate}; --verbose for the table and its sources).`,
        );
    } else {
        lines.push(...costLines(budget.cost));
    }
    return lines;
}

/** Every cost line's source, numbered in order of first use, so lines can cite `[n]`. */
export function costSources(c: CostEstimate): string[] {
    return [...new Set(c.items.map((i) => i.source))];
}

function usageSummary(c: CostEstimate): string {
    const u = c.usage;
    return `${u.requestsPerMonth.toLocaleString("en-US")} requests/month × ${u.averageResponseKb} KiB; per store ${u.store.gbWrittenPerMonth} GB written/month, ${u.store.gbStored} GB stored, ${u.store.objectsReplicatedPerMonth.toLocaleString("en-US")} objects replicated/month${Object.keys(u.stores).length > 0 ? ` (own figures for ${Object.keys(u.stores).join(", ")})` : ""}`;
}

/** Counts by type, most common first: "14 aws:ec2/securityGroup:SecurityGroup, ...". */
function byType(entries: readonly { type: string }[]): string {
    const counts = new Map<string, number>();
    for (const e of entries) {
        counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    }
    return [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([type, n]) => `${n} ${type}`)
        .join(", ");
}

/** The cost for the text report: fixed, then usage-driven lines, each quantity × unit price. */
export function costLines(c: CostEstimate): string[] {
    const sources = costSources(c);
    const lines: string[] = wrap(
        `Monthly cost ${formatUsd(c.monthlyUsd)} (${c.currency}, prices of ${c.priceDate}): fixed ${formatUsd(c.fixedUsd)}, usage-driven ${formatUsd(c.usageUsd)}`,
        "",
    );
    for (const kind of ["fixed", "usage"] as const) {
        lines.push(
            ...wrap(
                kind === "fixed"
                    ? "Fixed (paid while deployed):"
                    : `Usage-driven (${usageSummary(c)}):`,
                "  ",
            ),
        );
        for (const i of c.items.filter((x) => x.kind === kind)) {
            // Amount in a column, the line's arithmetic hanging beside it.
            const body = wrap(
                `${i.resource} (${i.stack}): ${i.item}: ${formatQuantity(i.quantity)} ${i.unit} × $${formatUnitPrice(i.unitUsd)} [${sources.indexOf(i.source) + 1}]`,
                " ".repeat(15),
            );
            body[0] = `  ${formatUsd(i.monthlyUsd).padStart(11)}  ${body[0]!.trimStart()}`;
            lines.push(...body);
        }
    }
    lines.push("  Per stack:");
    for (const [stack, usd] of Object.entries(c.stacks)) {
        lines.push(`  ${formatUsd(usd).padStart(11)}  ${stack}`);
    }
    lines.push(
        ...wrap(
            `Priced at zero (${c.free.length}, each with its reason in --format json): ${byType(c.free) || "none"}.`,
            "  ",
        ),
    );
    lines.push(
        ...wrap(
            `Unpriced (cost money the model cannot price): ${c.unpriced.map((u) => `${u.resource} (${u.type}, ${u.stack}): ${u.reason}`).join("; ") || "none"}.`,
            "  ",
        ),
    );
    lines.push("  Sources:");
    sources.forEach((s, n) => lines.push(...wrap(`[${n + 1}] ${s}`, "    ")));
    return lines;
}

/** The cost for the Markdown report: a table of lines with their sources, then the lists. */
export function costMarkdown(c: CostEstimate): string[] {
    const cell = (t: string) => t.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const sources = costSources(c);
    const lines = [
        `Estimated monthly cost **${formatUsd(c.monthlyUsd)}** (prices of ${c.priceDate}): fixed ${formatUsd(c.fixedUsd)}, usage-driven ${formatUsd(c.usageUsd)} (usage: ${usageSummary(c)}).`,
        "",
        "| Stack | Resource | Kind | Quantity | Unit | Unit price | Source | Monthly |",
        "|---|---|---|---:|---|---:|---:|---:|",
    ];
    for (const i of c.items) {
        lines.push(
            `| ${i.stack} | ${cell(`${i.resource}: ${i.item}`)} | ${i.kind} | ${formatQuantity(i.quantity)} | ${cell(i.unit)} | $${formatUnitPrice(i.unitUsd)} | [${sources.indexOf(i.source) + 1}] | ${formatUsd(i.monthlyUsd)} |`,
        );
    }
    lines.push("", "| Stack | Monthly |", "|---|---:|");
    for (const [stack, usd] of Object.entries(c.stacks)) {
        lines.push(`| ${stack} | ${formatUsd(usd)} |`);
    }
    lines.push("", ...sources.map((s, n) => `${n + 1}. ${cell(s)}`), "");
    lines.push(
        `Priced at zero: ${c.free.length} resources (${byType(c.free) || "none"}). Unpriced: ${c.unpriced.map((u) => `${u.resource} (${u.type}): ${cell(u.reason)}`).join("; ") || "none"}.`,
    );
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

/** Fixes for the Markdown report, when the estimate misses its objectives. */
export function fixesMarkdown(
    fixes: readonly Fix[],
    withheld: readonly { text: string; refusals: string[] }[] = [],
): string[] {
    const lines: string[] = [];
    if (fixes.length > 0) {
        lines.push(
            "Fixes for this design, each re-estimated by the model:",
            "",
            ...fixes.map((f) => `- ${fixLine(f).replace(/\|/g, "\\|")}`),
            "",
        );
    }
    // As the text report: a fix AWS would refuse is named with why, never silently dropped.
    if (withheld.length > 0) {
        lines.push(
            "Not offered as fixes, because AWS would refuse them:",
            "",
            ...withheld.map((w) =>
                `- ${w.text} (${w.refusals.join("; ")})`.replace(/\|/g, "\\|"),
            ),
            "",
        );
    }
    return lines;
}
