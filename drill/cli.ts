/**
 * `npm run drill -- --region <region> [--dry-run] [--timeout SECONDS] [--out FILE]`: proves
 * failover on a live deployment. See docs/operations.md.
 * Exit codes: 0 traffic moved within the model's expectation and the region was restored;
 * 1 traffic did not move in time, or moved slower than the model expects; 2 usage, permission or
 * setup error; 3 the region could not be restored (act now); 130 interrupted (restored).
 */
import * as fs from "fs";
import * as path from "path";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ExitCode } from "../cli/args";
import { DrillArgs, parseDrillArgs, usage } from "./args";
import { DrillClientDeps, DrillEnvironment, liveEnvironment } from "./environment";

import { describeError } from "../deploy/workspace";
import { commandAsRun } from "../deploy/invoked";
import {
    DrillDeps,
    DrillError,
    DrillReport,
    DrillTarget,
    Trigger,
    formatReport,
    interruptReason,
    runDrill,
} from "./drill";
import { Interrupted } from "./calls";
import { Journal } from "./journal";
import { PlanJournal, failbackCommand, runPlanDrill } from "./plan-drill";
import { resolvePlanTarget } from "./plan-target";
import { restoreJournal, runTagKey } from "./undo";
import { FisTarget, fisExitCode, formatFisReport, runFisDrill } from "./fis";
import {
    modelExpectation,
    outputsFromFile,
    outputsFromStacks,
    resolveFisTarget,
    resolveTarget,
} from "./target";

// The command's parts that tests and the dispatcher read through this file.
export { drillOptions, drillSpec, parseDrillArgs, usage } from "./args";
export type { DrillArgs } from "./args";
export type { DrillClientDeps, DrillEnvironment } from "./environment";

export interface DrillIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** The directory relative paths are resolved from (default: the process's). */
    cwd?: string;
}

/**
 * The exit code of a drill that failed while resolving its target, before changing anything: 130
 * when a signal interrupted it, else 2 with the error on stderr.
 */
function resolutionFailed(err: unknown, signal: AbortSignal, io: DrillIo): number {
    if (err instanceof Interrupted) {
        io.stderr(`${interruptReason(signal)}: stopped before changing anything\n`);
        return 130;
    }
    io.stderr(`error: ${err instanceof DrillError ? err.message : describeError(err)}\n`);
    return 2;
}

/** Rejects with Interrupted as soon as `signal` aborts: nothing has been changed yet. */
function untilInterrupted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(new Interrupted());
        if (signal.aborted) {
            onAbort();
        }
        signal.addEventListener("abort", onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
}

export async function drillMain(
    argv: readonly string[],
    io: DrillIo,
    env: DrillEnvironment,
): Promise<number> {
    let args: DrillArgs | undefined;
    try {
        args = parseDrillArgs(argv);
    } catch (err) {
        io.stderr(`error: ${(err as Error).message}\n`);
        return 2;
    }
    if (!args) {
        io.stdout(usage + "\n");
        return 0;
    }
    // Paths on the command line are the caller's: the program folder defaults to where the
    // command runs (npm start passes INIT_CWD through io.cwd).
    const cwd = io.cwd ?? process.cwd();
    const projectDir = path.resolve(cwd, args.programDir ?? ".");
    const callTimeoutMs = args.callTimeoutSeconds * 1000;
    const clientDeps = typeof env.deps === "function" ? env.deps(callTimeoutMs) : env.deps;
    let journal: Journal;
    try {
        journal = new Journal(
            path.resolve(cwd, args.journal ?? path.join(projectDir, ".drill", "journal.json")),
        );
    } catch (err) {
        io.stderr(`error: ${(err as Error).message}\n`);
        return ExitCode.error;
    }
    const deps: DrillDeps & DrillClientDeps = {
        ...(env.planDeps ? { planApi: env.planDeps(callTimeoutMs).api } : {}),
        ...clientDeps,
        journal,
        callTimeoutMs,
        restoreDeadlineMs: args.restoreDeadlineSeconds * 1000,
        log: (line) => io.stdout(line + "\n"),
    };
    const leftover = await finishLeftovers(deps, io, args.dryRun);
    if (leftover !== 0 || args.restoreOnly) {
        return leftover;
    }
    const region = args.region!;
    if (args.fis) {
        return fisMain(args, projectDir, deps, io, env);
    }
    if (args.plan) {
        return planMain(args, cwd, projectDir, deps, io, env);
    }
    let resolved;
    let expected;
    try {
        const readOutputs = args.outputsFile
            ? outputsFromFile(path.resolve(cwd, args.outputsFile))
            : outputsFromStacks(env.factory, projectDir);
        const work = async () => {
            const r = await resolveTarget({
                projectDir,
                globalStack: args.globalStack,
                region,
                trigger: args.trigger,
                readOutputs,
            });
            const e =
                args.expectedSeconds !== undefined
                    ? { seconds: args.expectedSeconds, source: "--expected-seconds" }
                    : await modelExpectation(
                          projectDir,
                          args.globalStack,
                          r.regionalStacks,
                          r.trigger,
                      );
            return [r, e] as const;
        };
        [resolved, expected] = await untilInterrupted(work(), deps.signal);
    } catch (err) {
        return resolutionFailed(err, deps.signal, io);
    }
    const { target, trigger } = resolved;
    if (args.dryRun) {
        io.stdout(dryRunPlan(target, trigger, args, expected));
        return 0;
    }
    const report = await runDrill(
        target,
        {
            trigger,
            timeoutSeconds: args.timeoutSeconds,
            intervalSeconds: args.intervalSeconds,
            expected,
            ...(args.clientSubnetIp ? { clientSubnetIp: args.clientSubnetIp } : {}),
        },
        deps,
    );
    io.stdout(formatReport(report));
    if (args.out) {
        fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + "\n");
        io.stdout(`report written to ${args.out}\n`);
    }
    return exitCode(report);
}

/** `--fis`: resolve the template and canaries, then run the game day. */
async function fisMain(
    args: DrillArgs,
    projectDir: string,
    deps: DrillDeps & { cloudwatchClient?(region: string): CloudWatchClient },
    io: DrillIo,
    env: DrillEnvironment,
): Promise<number> {
    let target: FisTarget;
    try {
        const readOutputs = args.outputsFile
            ? outputsFromFile(args.outputsFile)
            : outputsFromStacks(env.factory, projectDir);
        ({ target } = await untilInterrupted(
            resolveFisTarget({
                projectDir,
                globalStack: args.globalStack,
                region: args.region!,
                readOutputs,
            }),
            deps.signal,
        ));
    } catch (err) {
        return resolutionFailed(err, deps.signal, io);
    }
    if (args.dryRun) {
        io.stdout(
            [
                `dry run: nothing is called. The game day would, in ${target.region}:`,
                `  1. journal, then fis StartExperiment ${target.experimentTemplateId} (tag ${runTagKey})`,
                `  2. every ${args.intervalSeconds} s until it ends or ${args.timeoutSeconds} s pass: fis GetExperiment${target.dns ? `, route53 TestDNSAnswer ${target.dns.hostedZoneId} ${target.dns.domain} A` : ""}`,
                `  3. stop, always (unless it ended on its own): fis StopExperiment`,
                `  4. cloudwatch GetMetricStatistics SuccessPercent of ${target.canaries.map((c) => `${c.name} (${c.region})`).join(", ") || "no canaries"}`,
                "",
            ].join("\n"),
        );
        return 0;
    }
    if (!deps.fisClient || !deps.cloudwatchClient) {
        io.stderr("error: --fis needs FIS and CloudWatch clients\n");
        return 2;
    }
    const report = await runFisDrill(
        target,
        { timeoutSeconds: args.timeoutSeconds, intervalSeconds: args.intervalSeconds },
        { ...deps, cloudwatchClient: deps.cloudwatchClient },
    );
    io.stdout(formatFisReport(report));
    if (args.out) {
        fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + "\n");
        io.stdout(`report written to ${args.out}\n`);
    }
    return fisExitCode(report);
}

/**
 * Finish the undo a killed drill left in the journal before anything else. Returns 0 when the
 * journal is empty afterwards, 3 when an undo failed, 2 when the entries belong to a drill that
 * is still running.
 */
async function finishLeftovers(deps: DrillDeps, io: DrillIo, dryRun: boolean): Promise<number> {
    let entries;
    try {
        entries = deps.journal.entries();
    } catch (err) {
        io.stderr(`error: journal ${deps.journal.file}: ${(err as Error).message}\n`);
        return 2;
    }
    if (entries.length === 0) {
        return 0;
    }
    io.stdout(
        `journal ${deps.journal.file}: a previous drill left ${entries.length} change(s) to undo\n`,
    );
    if (dryRun) {
        // A dry run calls nothing: it says what a real run (or --restore) will undo first.
        for (const e of entries) {
            io.stdout(`  would first ${e.undo}: ${e.awsCli}\n`);
        }
        return 0;
    }
    const never = new AbortController().signal;
    const result = await restoreJournal(deps.journal, deps, {
        callTimeoutMs: deps.callTimeoutMs,
        deadlineAt: deps.now() + deps.restoreDeadlineMs,
        now: deps.now,
        pause: (ms) => deps.sleep(ms, never),
    });
    for (const { entry, detail } of result.restored) {
        io.stdout(
            `restored: ${detail} (${entry.description}, pid ${entry.pid}, ${entry.writtenAt})\n`,
        );
    }
    for (const entry of result.skipped) {
        io.stderr(
            `error: drill pid ${entry.pid} is still running and owns ${entry.description}; wait for it, or stop it (it restores on SIGTERM); if it is gone, run \`${commandAsRun("drill")} --restore\`, or undo by hand: ${entry.awsCli}\n`,
        );
    }
    for (const { entry, error } of result.failed) {
        io.stderr(
            `RESTORE FAILED: ${entry.undo}: ${error}. Run \`${commandAsRun("drill")} --restore\` again, or by hand: ${entry.awsCli}\n`,
        );
    }
    return result.failed.length > 0 ? 3 : result.skipped.length > 0 ? 2 : 0;
}

export function exitCode(report: DrillReport): number {
    if (!report.restored) {
        return 3;
    }
    switch (report.outcome) {
        case "passed":
            return 0;
        case "interrupted":
            return 130;
        case "error":
            return 2;
        default:
            return 1;
    }
}

function dryRunPlan(
    t: DrillTarget,
    trigger: Trigger,
    args: DrillArgs,
    expected: { seconds: number; source: string },
): string {
    const steps =
        trigger === "health-check"
            ? [
                  `route53 GetHealthCheck ${t.healthCheckId} (must not be inverted already)`,
                  `route53 UpdateHealthCheck ${t.healthCheckId} Inverted=true`,
                  `every ${args.intervalSeconds} s until ${t.domain} answers without ${t.region} or ${args.timeoutSeconds} s pass: route53 GetHealthCheckStatus ${t.healthCheckId}, route53 TestDNSAnswer ${t.hostedZoneId} ${t.domain} A`,
                  `restore, always: route53 UpdateHealthCheck ${t.healthCheckId} Inverted=false`,
              ]
            : [
                  `route53-recovery-cluster GetRoutingControlState ${t.routingControlArn} (must be On)`,
                  `route53-recovery-cluster UpdateRoutingControlState ${t.routingControlArn} Off (endpoints in turn: ${(t.arcEndpoints ?? []).map((e) => e.region).join(", ")})`,
                  `every ${args.intervalSeconds} s until ${t.domain} answers without ${t.region} or ${args.timeoutSeconds} s pass: route53 TestDNSAnswer ${t.hostedZoneId} ${t.domain} A`,
                  `restore, always: route53-recovery-cluster UpdateRoutingControlState ${t.routingControlArn} On`,
              ];
    return [
        `dry run: nothing is called. The drill would take ${t.region} out of ${t.domain} (${trigger}):`,
        `  0. resolve ${t.regionTarget} and check that route53 TestDNSAnswer ${t.hostedZoneId} ${t.domain} A includes it`,
        ...steps.map((s, i) => `  ${i + 1}. ${s}`),
        `expected: at most ${expected.seconds} s (${expected.source})`,
        "",
    ].join("\n");
}

/**
 * `--plan`: execute the Region switch plan from the region it activates, measure, fail back.
 * The journal records the execution and the commands that undo it before anything changes.
 */
async function planMain(
    args: DrillArgs,
    cwd: string,
    projectDir: string,
    deps: DrillDeps & DrillClientDeps,
    io: DrillIo,
    env: DrillEnvironment,
): Promise<number> {
    let target;
    try {
        target = await resolvePlanTarget({
            projectDir,
            globalStack: args.globalStack,
            region: args.region,
            readOutputs: args.outputsFile
                ? outputsFromFile(path.resolve(cwd, args.outputsFile))
                : outputsFromStacks(env.factory, projectDir),
        });
    } catch (err) {
        io.stderr(`error: ${err instanceof DrillError ? err.message : describeError(err)}\n`);
        return ExitCode.error;
    }
    if (args.dryRun) {
        io.stdout(
            `dry run: nothing is called. The drill would run ${target.planArn} to activate ${target.activateRegion} (${args.mode}), from ${target.activateRegion}, until ${target.domain} answers from ${target.activateTarget}, then fail back: ${failbackCommand(target)}\n`,
        );
        return ExitCode.ok;
    }
    if (!env.planDeps) {
        io.stderr("error: --plan is not available in this environment\n");
        return ExitCode.error;
    }
    const result = await runPlanDrill(
        target,
        {
            mode: args.mode,
            timeoutSeconds: args.timeoutSeconds,
            intervalSeconds: args.intervalSeconds,
            approve: args.approve,
            failbackTimeoutSeconds: args.restoreDeadlineSeconds,
            ...(args.expectedSeconds !== undefined
                ? { expected: { seconds: args.expectedSeconds, source: "--expected-seconds" } }
                : {}),
        },
        {
            ...env.planDeps(deps.callTimeoutMs),
            log: (line) => io.stdout(line + "\n"),
            journal: planJournalWriter(deps.journal),
        },
        deps.signal,
    );
    io.stdout(JSON.stringify(result, null, 2) + "\n");
    if (result.failback === "left") {
        io.stderr(`FAILBACK NOT DONE: run, in order:\n${result.undo.join("\n")}\n`);
        return ExitCode.restoreFailed;
    }
    if (deps.signal.aborted) {
        return ExitCode.interrupted;
    }
    return result.executionState === "completed" && result.withinBudget !== false
        ? ExitCode.ok
        : ExitCode.failed;
}

/**
 * The plan drill journals in the drill's one journal, as an entry of kind `plan-execution`: the
 * next drill, `--restore` and `--dry-run` find it there, and a pending entry stops a second drill
 * before it starts anything.
 */
function planJournalWriter(journal: Journal): (entry: PlanJournal | undefined) => void {
    let id: string | undefined;
    return (entry) => {
        if (entry === undefined) {
            if (id !== undefined) {
                journal.remove(id);
            }
            id = undefined;
            return;
        }
        const change = {
            kind: "plan-execution" as const,
            planArn: entry.planArn,
            activateRegion: entry.activateRegion,
            failbackRegion: entry.failbackRegion,
            ...(entry.executionId ? { executionId: entry.executionId } : {}),
        };
        if (id === undefined) {
            id = journal.record(
                change,
                `Region switch plan ${entry.planArn} activates ${entry.activateRegion}`,
            ).id;
        } else {
            journal.update(id, change);
        }
    };
}

/** Signals that end a drill: Ctrl-C, `kill`/`timeout`/CI cancellation, a closed terminal. */
export const stopSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** The drill as a process: signals start the restore, a second one is reported, never obeyed. */
export async function runDrillProcess(argv: readonly string[], io: DrillIo): Promise<number> {
    const controller = new AbortController();
    const handlers = stopSignals.map((name) => {
        const handler = () => {
            if (controller.signal.aborted) {
                io.stderr(
                    `\n${name} again: still restoring; the restore continues until it completes or its deadline\n`,
                );
                return;
            }
            io.stderr(`\n${name}: restoring the region before exiting\n`);
            controller.abort(name);
        };
        process.on(name, handler);
        return [name, handler] as const;
    });
    try {
        return await drillMain(argv, io, liveEnvironment(controller.signal));
    } finally {
        for (const [name, handler] of handlers) {
            process.off(name, handler);
        }
    }
}
