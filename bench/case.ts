/**
 * One benchmark case, run in a fresh process so its peak memory is its own: the full offline
 * check (`npm start` without the printing) on one project folder. Prints one JSON line of phase
 * timings on stdout for `bench/run.ts`.
 */
import { performance } from "perf_hooks";
import * as path from "path";
import { AnalyzerClient } from "../check/analyzer/client";
import { evaluatePack } from "../check/analyzer/evaluate";
import { runBudget } from "../check/budget";
import { runStacks } from "../check/engine/engine";
import { summarize } from "../check/reports/model";
import { plainPalette, textReport } from "../check/reports/text";

/** What one case measured; times in milliseconds from this process's start. */
export interface CaseTiming {
    resources: number;
    violations: number;
    /** Module loading before the check starts (ts-node, the engine, the SDK). */
    loadMs: number;
    engineMs: number;
    /** Until the pack reported its port; it boots while the engine runs. */
    packStartMs: number;
    /** From the end of the engine run to the last answer from the pack. */
    analysisMs: number;
    budgetAndReportMs: number;
    totalMs: number;
    /** Peak RSS of this process and of the pack's, in bytes. */
    checkMaxRssBytes: number;
    packMaxRssBytes: number | null;
}

async function runCase(projectDir: string): Promise<CaseTiming> {
    const loaded = performance.now();
    const packStarted = AnalyzerClient.start(path.resolve(__dirname, "..", "policies"));
    let packReadyAt = 0;
    const pack = packStarted.then((client) => {
        packReadyAt = performance.now();
        return client;
    });
    pack.catch(() => undefined);
    const records = await runStacks({ projectDir });
    const engineDone = performance.now();
    const client = await pack;
    // VmHWM is a high-water mark, so the last reading before the pack stops is its peak.
    let packMaxRssBytes = peakRssOf(client.pid);
    const poll = setInterval(() => {
        packMaxRssBytes = peakRssOf(client.pid) ?? packMaxRssBytes;
    }, 100);
    const evaluation = await evaluatePack(records, pack).finally(() => clearInterval(poll));
    const analysisDone = performance.now();
    const result = { projectDir, records, evaluation, budget: runBudget(records, evaluation) };
    textReport(result, plainPalette);
    const done = performance.now();
    await client.exited;
    return {
        resources: summarize(result).resources,
        violations: evaluation.violations.length,
        loadMs: loaded,
        engineMs: engineDone - loaded,
        packStartMs: packReadyAt - loaded,
        analysisMs: analysisDone - engineDone,
        budgetAndReportMs: done - analysisDone,
        totalMs: done,
        checkMaxRssBytes: process.resourceUsage().maxRSS * 1024,
        packMaxRssBytes,
    };
}

/** VmHWM of a live process (Linux); null where /proc is not available. */
function peakRssOf(pid: number | undefined): number | null {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const status: string = require("fs").readFileSync(`/proc/${pid}/status`, "utf8");
        const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
        return kb ? Number(kb) * 1024 : null;
    } catch {
        return null;
    }
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
