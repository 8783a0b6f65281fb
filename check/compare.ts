/**
 * `npm start -- compare`: the table a team needs when choosing a strategy. The program runs once
 * per strategy × routing mode its config accepts, and the failover budget model estimates RTO,
 * RPO and monthly cost of what each combination would deploy.
 *
 * The rows are independent runs, so they run side by side, one per core: each row's stacks still
 * run in dependency order in workers of their own. When the program is this package's own
 * (`stacks/index.ts`, which validates its config before it registers anything), a combination
 * the config refuses is refused here, with the same problems, without starting a worker for it.
 */
import { createHash } from "crypto";
import * as os from "os";
import * as path from "path";
import type { ConfigError } from "../stacks/config";
import { RunBudget, formatSeconds, formatUsd, runBudget } from "./budget";
import { ProgramError, orderStacks, runStacks } from "./engine/engine";
import { WorkerPool } from "./engine/pool";
import { loadProject, loadStackConfig, selectStacks } from "../project/project";
import { StackRecord } from "./engine/types";

/** The config module, loaded when a comparison runs: `check` never needs it (nor zod). */
function stackConfig(): typeof import("../stacks/config") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../stacks/config") as typeof import("../stacks/config");
}

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

/**
 * Run every strategy × routing mode of the project at `projectDir`, rows side by side;
 * `onRow` hears of each row as it is done (the progress a terminal shows).
 */
export async function compareStrategies(
    projectDir: string,
    overrides: readonly string[] = [],
    concurrency = os.availableParallelism(),
    onRow?: (row: ComparisonRow, done: number, total: number) => void,
): Promise<ComparisonRow[]> {
    const { strategies, routingModes } = stackConfig();
    const combinations = strategies.flatMap((strategy) =>
        routingModes.map((mode) => ({ strategy, mode })),
    );
    const refuse = ownProgramRefusal(projectDir);
    // The rows share warm workers: the SDK loads once per row running at a time, not once per
    // stack of every row (./engine/pool).
    const pool = new WorkerPool();
    const task = async ({ strategy, mode }: Combination): Promise<ComparisonRow> => {
        const rowOverrides = [...overrides, `strategy=${strategy}`, `routing.mode=${mode}`];
        const refused = refuse?.(rowOverrides);
        if (refused) {
            return { strategy, mode, refused: refused.join("; ") };
        }
        try {
            const records = await runStacks({ projectDir, overrides: rowOverrides, pool });
            return {
                strategy,
                mode,
                budget: runBudget(records),
                digest: recordsDigest(records),
                resources: records.reduce((n, r) => n + r.resources.length, 0),
            };
        } catch (err) {
            // The engine evaluates the program afresh for every run, so its ConfigError is a
            // different class object from the one imported here: match it by shape.
            const cause = (err instanceof ProgramError ? err.cause : err) as Partial<ConfigError>;
            if (cause?.name !== "ConfigError" || !Array.isArray(cause.problems)) {
                throw err;
            }
            return { strategy, mode, refused: cause.problems.join("; ") };
        }
    };
    try {
        return await mapConcurrent(
            combinations,
            concurrency,
            reporting(combinations.length, onRow, task),
        );
    } finally {
        await pool.close();
    }
}

type Combination = { strategy: string; mode: string };

/** `task`, telling `onRow` of each row it finishes, with how many are done of `total`. */
function reporting(
    total: number,
    onRow: ((row: ComparisonRow, done: number, total: number) => void) | undefined,
    task: (item: Combination) => Promise<ComparisonRow>,
): (item: Combination) => Promise<ComparisonRow> {
    let done = 0;
    return async (item) => {
        const row = await task(item);
        onRow?.(row, ++done, total);
        return row;
    };
}

/**
 * For this package's own program, what its config refuses for a set of overrides: the problems
 * the first stack in run order would throw as a ConfigError (`stacks/index.ts` calls
 * `parseStackConfig` on the same values first thing), or undefined when every stack accepts it.
 * For any other program, undefined: only running it can tell.
 */
export function ownProgramRefusal(
    projectDir: string,
): ((overrides: readonly string[]) => readonly string[] | undefined) | undefined {
    const project = loadProject(projectDir);
    if (entryFile(project.main) !== entryFile(path.resolve(__dirname, "..", "stacks") + path.sep)) {
        return undefined;
    }
    const { parseStackConfig } = stackConfig();
    const stacks = selectStacks(project.dir, []);
    return (overrides) => {
        const configs = stacks.map((stack) => ({
            stack,
            values: loadStackConfig(project, stack, [...overrides]).values,
        }));
        const order = orderStacks(
            configs.map((c) => ({ stack: c.stack, role: c.values[`${project.name}:role`] })),
        );
        for (const stack of order) {
            try {
                parseStackConfig(configs.find((c) => c.stack === stack)!.values);
            } catch (err) {
                const problems = (err as Partial<ConfigError>).problems;
                if ((err as Error).name === "ConfigError" && Array.isArray(problems)) {
                    return problems;
                }
                // Anything else is the program's to report when it runs.
                return undefined;
            }
        }
        return undefined;
    };
}

/** The file `require` would load for a program entry, or undefined when there is none. */
function entryFile(main: string): string | undefined {
    try {
        return require.resolve(main);
    } catch {
        return undefined;
    }
}

/**
 * `task` over every item with at most `limit` running at once, started in order; the results are
 * in the items' order whatever order they finish in. The first failure rejects, after the tasks
 * already running have settled (so no worker outlives the call).
 */
export async function mapConcurrent<T, R>(
    items: readonly T[],
    limit: number,
    task: (item: T) => Promise<R>,
): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    let failed: { error: unknown } | undefined;
    const lane = async () => {
        while (next < items.length && !failed) {
            const index = next++;
            try {
                results[index] = await task(items[index]);
            } catch (error) {
                failed ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
    if (failed) {
        throw failed.error;
    }
    return results;
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

/** The progress line of a finished row, for a terminal's stderr. */
export function rowProgress(row: ComparisonRow, done: number, total: number): string {
    const outcome = row.refused
        ? "not offered (the config refuses it)"
        : row.budget
          ? `RTO ${formatSeconds(row.budget.failover.rtoSeconds)}, RPO ${formatSeconds(row.budget.failover.rpoSeconds)}`
          : "done";
    return `compare: ${done} of ${total} rows: ${row.strategy} × ${row.mode}: ${outcome}`;
}
