/**
 * Where a check's fixed cost goes, each part measured on its own, one after another, in this
 * process (started through the compile cache, as the CLI is): loading the CLI's modules, starting
 * a worker thread, loading the SDK and `@pulumi/aws` in a worker, starting the pack (its process,
 * its SDK and its rules, up to its port line), the pack's info and its Configure calls, the
 * program run with its analysis, and the budget and text report. In a real check these overlap:
 * the pack starts first and loads on one core while the first worker loads on the other.
 * Prints one JSON line for `bench/run.ts`.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import { Worker } from "worker_threads";

/** Milliseconds each part took, in the order they are listed in RESULTS.md. */
export interface Phases {
    cliLoadMs: number;
    /** The engine's type check of the program with its result cached (no TypeScript loaded). */
    typeCheckMs: number;
    workerStartMs: number;
    workerSdkLoadMs: number;
    packStartMs: number;
    /** Inside the pack's process: loading @pulumi/policy (and with it the SDK), then the rules. */
    packSdkLoadMs: number;
    packRulesLoadMs: number;
    packInfoMs: number;
    configureMs: number;
    programAndAnalysisMs: number;
    budgetAndReportMs: number;
}

const root = path.resolve(__dirname, "..");

function timed<T>(task: () => T): [T, number] {
    const started = performance.now();
    return [task(), performance.now() - started];
}

async function timedAsync<T>(task: () => Promise<T>): Promise<[T, number]> {
    const started = performance.now();
    return [await task(), performance.now() - started];
}

/** A worker thread that runs `code`; resolves with the ms to `online` and to its one message. */
function workerTiming(code: string): Promise<{ onlineMs: number; messageMs: number }> {
    const started = performance.now();
    const worker = new Worker(code, { eval: true });
    let onlineMs = 0;
    return new Promise((resolve, reject) => {
        worker.once("online", () => (onlineMs = performance.now() - started));
        worker.once("message", () => {
            resolve({ onlineMs, messageMs: performance.now() - started });
            void worker.terminate();
        });
        worker.once("error", reject);
    });
}

/** The pack's own module loading, timed inside a fresh process started as the pack's is. */
function packLoad(): { sdkMs: number; rulesMs: number } {
    const script = [
        `const { performance } = require("perf_hooks");`,
        `let t = performance.now(); require("@pulumi/policy"); const sdkMs = performance.now() - t;`,
        `t = performance.now(); require("./policies"); const rulesMs = performance.now() - t;`,
        `console.log(JSON.stringify({ sdkMs, rulesMs }));`,
    ].join("\n");
    const out = execFileSync(
        process.execPath,
        [
            "-r",
            path.join(root, "check", "engine", "compile-cache.js"),
            "-r",
            path.join(root, "check", "analyzer", "pack-preload.ts"),
            "-e",
            script,
        ],
        { cwd: path.join(root, "policies"), encoding: "utf8" },
    );
    return JSON.parse(out.trim().split("\n").pop()!) as { sdkMs: number; rulesMs: number };
}

async function measurePhases(): Promise<Phases> {
    // The CLI's modules, as `bin/multi-region-failover` loads them for `check`.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const [, cliLoadMs] = timed(() => require(path.join(root, "bin", "main.ts")));
    const { knownTypeErrors, typeCheckProgram } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("../check/engine/typecheck") as typeof import("../check/engine/typecheck");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadProject } = require("../project/project") as {
        loadProject: typeof import("../project/project").loadProject;
    };
    const project = loadProject(root);
    // The checks run before this one have cached the result, so this is what a check pays:
    // hashing the files the result was found from (TypeScript is not loaded).
    const [, typeCheckMs] = timed(
        () =>
            knownTypeErrors(project.dir, project.main) ??
            typeCheckProgram(project.dir, project.main),
    );
    const empty = await workerTiming(`require("worker_threads").parentPort.postMessage(0);`);
    const cache = JSON.stringify(path.join(root, "check", "engine", "compile-cache.js"));
    const sdk = await workerTiming(
        `require(${cache}); require("@pulumi/pulumi"); require("@pulumi/aws");` +
            `require("worker_threads").parentPort.postMessage(0);`,
    );
    const { AnalyzerClient } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("../check/analyzer/client") as typeof import("../check/analyzer/client");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { resolvePolicyConfig } = require("../check/analyzer/policy-config") as {
        resolvePolicyConfig: typeof import("../check/analyzer/policy-config").resolvePolicyConfig;
    };
    const [client, packStartMs] = await timedAsync(() =>
        AnalyzerClient.start(path.join(root, "policies")),
    );
    let packInfoMs: number;
    let configureMs: number;
    try {
        const [info, infoMs] = await timedAsync(() => client.info());
        packInfoMs = infoMs;
        const config = resolvePolicyConfig(info.policies, {}, info.initialConfig);
        [, configureMs] = await timedAsync(async () => {
            await client.configureStack("primary", "multi-region-failover", "organization");
            await client.configure(config);
        });
    } finally {
        await client.close();
    }
    const pack = packLoad();
    const { runAndEvaluate } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("../check/analyzer/evaluate") as typeof import("../check/analyzer/evaluate");
    const [{ records, evaluation }, programAndAnalysisMs] = await timedAsync(() =>
        runAndEvaluate({ projectDir: root }, path.join(root, "policies")),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runBudget } = require("../check/budget") as typeof import("../check/budget");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const text = require("../check/reports/text") as typeof import("../check/reports/text");
    const [, budgetAndReportMs] = timed(() =>
        text.textReport(
            { projectDir: root, records, evaluation, budget: runBudget(records, evaluation) },
            text.plainPalette,
        ),
    );
    return {
        cliLoadMs,
        typeCheckMs,
        workerStartMs: empty.onlineMs,
        workerSdkLoadMs: sdk.messageMs - sdk.onlineMs,
        packStartMs,
        packSdkLoadMs: pack.sdkMs,
        packRulesLoadMs: pack.rulesMs,
        packInfoMs,
        configureMs,
        programAndAnalysisMs,
        budgetAndReportMs,
    };
}

if (require.main === module) {
    measurePhases().then(
        (phases) => {
            process.stdout.write(JSON.stringify(phases) + "\n");
            process.exit(0);
        },
        (err) => {
            process.stderr.write(`bench phases failed: ${(err as Error).message}\n`);
            process.exit(1);
        },
    );
}
