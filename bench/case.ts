/**
 * One benchmark case, run in a fresh process so its peak memory is its own: the full offline
 * check (`npm start` without the printing: the program under the engine, the pack analyzing each
 * resource as it registers, the budget and the text report) on one project folder. Prints one
 * JSON line for `bench/run.ts`.
 */
import * as path from "path";
import { performance } from "perf_hooks";
import { runAndEvaluate } from "../check/analyzer/evaluate";
import { runBudget } from "../check/budget";
import { summarize } from "../check/reports/model";
import { plainPalette, textReport } from "../check/reports/text";
import { peakRssOfChildren } from "./proc";

/** What one case measured; times in milliseconds from this process's start. */
export interface CaseTiming {
    resources: number;
    violations: number;
    /** Module loading before the check starts (the engine, the analyzer client). */
    loadMs: number;
    /** The program and the pack's analysis, which overlap, and the budget beside the pack. */
    checkMs: number;
    /** The report (the budget runs beside the pack, in `checkMs`). */
    budgetAndReportMs: number;
    totalMs: number;
    /** Peak RSS of this process (the engine and its workers) and of the pack's, in bytes. */
    checkMaxRssBytes: number;
    packMaxRssBytes: number | null;
}

async function runCase(projectDir: string): Promise<CaseTiming> {
    const loaded = performance.now();
    // VmHWM is a high-water mark, so the last reading before the pack stops is its peak.
    let packMaxRssBytes: number | null = null;
    const poll = setInterval(() => {
        packMaxRssBytes = peakRssOfChildren() ?? packMaxRssBytes;
    }, 250);
    // As the CLI does, the budget runs while the pack judges the last stack.
    const { records, evaluation, problems, alongside } = await runAndEvaluate(
        { projectDir },
        path.resolve(__dirname, "..", "policies"),
        {},
        (ran, config) => runBudget(ran, { config }),
    ).finally(() => clearInterval(poll));
    if (problems.length > 0) {
        // A case the deployment would fail on measures nothing worth comparing.
        throw new Error(`${projectDir}: ${problems[0].message}`);
    }
    const checked = performance.now();
    const result = { projectDir, records, evaluation, budget: alongside! };
    textReport(result, plainPalette);
    const done = performance.now();
    return {
        resources: summarize(result).resources,
        violations: evaluation.violations.length,
        loadMs: loaded,
        checkMs: checked - loaded,
        budgetAndReportMs: done - checked,
        totalMs: done,
        checkMaxRssBytes: process.resourceUsage().maxRSS * 1024,
        packMaxRssBytes,
    };
}

if (require.main === module) {
    runCase(path.resolve(process.argv[2])).then(
        (timing) => {
            process.stdout.write(JSON.stringify(timing) + "\n");
            process.exit(0);
        },
        (err) => {
            process.stderr.write(`bench case failed: ${(err as Error).message}\n`);
            process.exit(1);
        },
    );
}
