/**
 * `npm start -- compare`: the table a team needs when choosing a strategy. The program runs once
 * per strategy × routing mode its config accepts, and the failover budget model estimates RTO,
 * RPO and monthly cost of what each combination would deploy.
 */
import { createHash } from "crypto";
import { ConfigError, routingModes, strategies } from "../stacks/config";
import { RunBudget, formatSeconds, formatUsd, runBudget } from "./budget";
import { ProgramError, runStacks } from "./engine/engine";
import { StackRecord } from "./engine/types";

/** One strategy × routing mode, and what the model estimates for it. */
export interface ComparisonRow {
    strategy: string;
    mode: string;
    /** Why the combination is not offered, when the config refuses it. */
    refused?: string;
    budget?: RunBudget;
    /** What the program built for this combination, as a digest of every resource's inputs. */
    digest?: string;
    /** How many resources it built. */
    resources?: number;
}

/** A digest of every resource's URN and inputs: equal digests mean the same deployment. */
export function recordsDigest(records: readonly StackRecord[]): string {
    const hash = createHash("sha256");
    for (const record of records) {
        for (const r of record.resources) {
            hash.update(`${r.urn}\n${JSON.stringify(r.inputs)}\n`);
        }
    }
    return hash.digest("hex");
}

/**
 * When every combination the config accepts built the same resources (a program that does not
 * read the strategy or the routing mode), their number; otherwise undefined.
 */
export function sameForAll(rows: readonly ComparisonRow[]): number | undefined {
    const built = rows.filter((r) => r.digest !== undefined);
    return built.length > 1 && built.every((r) => r.digest === built[0].digest)
        ? built[0].resources
        : undefined;
}

/** Run every strategy × routing mode of the project at `projectDir`. */
export async function compareStrategies(
    projectDir: string,
    overrides: readonly string[] = [],
): Promise<ComparisonRow[]> {
    const rows: ComparisonRow[] = [];
    for (const strategy of strategies) {
        for (const mode of routingModes) {
            try {
                const records = await runStacks({
                    projectDir,
                    overrides: [...overrides, `strategy=${strategy}`, `routing.mode=${mode}`],
                });
                rows.push({
                    strategy,
                    mode,
                    budget: runBudget(records),
                    digest: recordsDigest(records),
                    resources: records.reduce((n, r) => n + r.resources.length, 0),
                });
            } catch (err) {
                // The engine evaluates the program afresh for every run, so its ConfigError is a
                // different class object from the one imported here: match it by shape.
                const cause = (
                    err instanceof ProgramError ? err.cause : err
                ) as Partial<ConfigError>;
                if (cause?.name !== "ConfigError" || !Array.isArray(cause.problems)) {
                    throw err;
                }
                rows.push({ strategy, mode, refused: cause.problems.join("; ") });
            }
        }
    }
    return rows;
}

/**
 * Whether the RTO waits for a person, and what for: the budget's operator step (approving and
 * starting the Region switch plan, or running `pulumi up`), which the RTO already counts.
 */
export function personCell(budget: RunBudget): string {
    const operator = budget.failover.breakdown.find((s) => s.step === "operator");
    if (!operator) {
        return "no";
    }
    const deploys = budget.failover.breakdown.some((s) => s.step === "deployment");
    return `yes, ${operator.seconds} s counted: ${deploys ? "pulumi up" : "approves the plan"}`;
}

function objectivesCell(budget: RunBudget): string {
    const met = budget.failover.meetsObjectives;
    return met === null ? "-" : met ? "yes" : "no";
}

/** The comparison as a fixed-width table. */
export function compareText(rows: readonly ComparisonRow[]): string {
    const header = ["Strategy", "Routing", "RTO", "RPO", "Monthly", "Meets"];
    const body = rows
        .filter((r) => r.budget)
        .map((r) => [
            r.strategy,
            r.mode,
            formatSeconds(r.budget!.failover.rtoSeconds),
            formatSeconds(r.budget!.failover.rpoSeconds),
            formatUsd(r.budget!.cost.monthlyUsd),
            objectivesCell(r.budget!),
        ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
    const refused = rows.filter((r) => r.refused);
    if (refused.length > 0) {
        out.push(
            "",
            `Not offered (${refused.length}): ${refused.map((r) => `${r.strategy} + ${r.mode}`).join(", ")}.`,
        );
    }
    return out.join("\n") + "\n";
}

/** The comparison as a Markdown table, for the README and pull requests. */
export function compareMarkdown(rows: readonly ComparisonRow[]): string {
    const out = [
        "| Strategy | Routing | RTO | Person in the loop | RPO | Monthly cost | Meets objectives |",
        "|---|---|---:|---|---:|---:|---|",
    ];
    for (const r of rows.filter((row) => row.budget)) {
        const b = r.budget!;
        out.push(
            `| ${r.strategy} | ${r.mode} | ${formatSeconds(b.failover.rtoSeconds)} | ${personCell(b)} | ${formatSeconds(b.failover.rpoSeconds)} | ${formatUsd(b.cost.monthlyUsd)} | ${objectivesCell(b)} |`,
        );
    }
    return out.join("\n") + "\n";
}

/** The comparison as JSON. */
export function compareJson(rows: readonly ComparisonRow[]): string {
    return (
        JSON.stringify(
            rows.map((r) =>
                r.budget
                    ? {
                          strategy: r.strategy,
                          mode: r.mode,
                          rtoSeconds: r.budget.failover.rtoSeconds,
                          rpoSeconds: r.budget.failover.rpoSeconds,
                          monthlyUsd: r.budget.cost.monthlyUsd,
                          meetsObjectives: r.budget.failover.meetsObjectives,
                          breakdown: r.budget.failover.breakdown,
                      }
                    : { strategy: r.strategy, mode: r.mode, refused: r.refused },
            ),
            null,
            2,
        ) + "\n"
    );
}
