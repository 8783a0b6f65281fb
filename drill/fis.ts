/**
 * The game-day drill: start the region's FIS regional-impairment experiment, watch what users
 * would see (the canaries' success and the DNS answer) until it ends, and stop it on every exit
 * path. Like the DNS drill, the experiment is journaled before StartExperiment, so a killed run
 * leaves the stop to the next run or `--restore`; a signal stops it at once.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { FisClient, GetExperimentCommand, StartExperimentCommand } from "@aws-sdk/client-fis";
import { TestDNSAnswerCommand } from "@aws-sdk/client-route-53";
import { Interrupted, callAws } from "./calls";
import {
    DrillDeps,
    Phase,
    TimelineEntry,
    explainAwsError,
    recordStop,
    rejected,
    restore,
} from "./drill";
import { JournalChange } from "./journal";
import { runTagKey } from "./undo";

/** What the game day acts on and watches, from the global stack's outputs. */
export interface FisTarget {
    region: string;
    experimentTemplateId: string;
    /** The canaries to read, each in the region it runs in. */
    canaries: { name: string; region: string; checks: string }[];
    /** With DNS routing: the name users resolve, its zone, and the region's target host. */
    dns?: { domain: string; hostedZoneId: string; regionTarget: string };
}

export interface FisOptions {
    /** Stop the experiment if it is still running after this long. */
    timeoutSeconds: number;
    intervalSeconds: number;
}

export interface FisDeps extends DrillDeps {
    cloudwatchClient(region: string): CloudWatchClient;
}

/** What each canary saw during the experiment. */
export interface CanaryObservation {
    name: string;
    region: string;
    checks: string;
    /** Lowest per-minute success percentage, or null with no datapoint. */
    minSuccessPercent: number | null;
    datapoints: number;
}

export interface FisReport {
    region: string;
    experimentTemplateId: string;
    experimentId: string | null;
    /** The experiment's last state as FIS reported it. */
    experimentState: string | null;
    experimentReason: string | null;
    outcome: "completed" | "stopped-by-condition" | "timed-out" | "interrupted" | "error";
    /** Seconds from the start to the first DNS answer without the region (DNS routing only). */
    dnsMovedSeconds: number | null;
    canaries: CanaryObservation[];
    /** Whether the experiment is no longer running (true when none was started). */
    stopped: boolean;
    error?: string;
    timeline: TimelineEntry[];
}

const terminal = new Set(["completed", "stopped", "failed", "cancelled"]);

/** One FIS drill run: its inputs, report and timeline, the calls it shares, and what it started. */
interface FisRun {
    target: FisTarget;
    options: FisOptions;
    deps: FisDeps;
    start: number;
    report: FisReport;
    note: (phase: Phase | string, detail: string) => void;
    /** An AWS call with the drill's deadline and interrupt; AWS errors explained. */
    call: <T>(action: string, resource: string, send: (s: AbortSignal) => Promise<T>) => Promise<T>;
    fis: FisClient;
    change?: Extract<JournalChange, { kind: "fis-experiment" }>;
    journalId?: string;
    /** Whether an experiment may be running (and must be stopped at the end). */
    running: boolean;
}

/** A run's report, timeline and shared calls, before anything is called. */
function startFisRun(target: FisTarget, options: FisOptions, deps: FisDeps): FisRun {
    const start = deps.now();
    const timeline: TimelineEntry[] = [];
    const note = (phase: Phase | string, detail: string) => {
        const now = deps.now();
        const entry = {
            at: new Date(now).toISOString(),
            elapsedSeconds: Math.round((now - start) / 100) / 10,
            phase: phase as Phase,
            detail,
        };
        timeline.push(entry);
        deps.log(
            `${entry.at}  +${entry.elapsedSeconds.toFixed(1)}s  ${String(phase).padEnd(18)} ${detail}`,
        );
    };
    const report: FisReport = {
        region: target.region,
        experimentTemplateId: target.experimentTemplateId,
        experimentId: null,
        experimentState: null,
        experimentReason: null,
        outcome: "error",
        dnsMovedSeconds: null,
        canaries: [],
        stopped: true,
        timeline,
    };
    const call = async <T>(
        action: string,
        resource: string,
        send: (s: AbortSignal) => Promise<T>,
    ) => {
        try {
            return await callAws(action, send, deps.callTimeoutMs, deps.signal);
        } catch (err) {
            throw err instanceof Interrupted ? err : explainAwsError(err, action, resource);
        }
    };
    const fis = deps.fisClient!(target.region);
    return { target, options, deps, start, report, note, call, fis, running: false };
}

/** Journal the experiment first, then start it; a refused start (4xx) started nothing. */
async function startExperiment(run: FisRun): Promise<void> {
    const { target, deps, report, call, fis } = run;
    if (deps.signal.aborted) {
        throw new Interrupted();
    }
    const template = `experiment template ${target.experimentTemplateId} in ${target.region}`;
    const runTag = `${Date.now().toString(36)}-${process.pid}`;
    const change: NonNullable<FisRun["change"]> = {
        kind: "fis-experiment",
        region: target.region,
        experimentTemplateId: target.experimentTemplateId,
        runTag,
    };
    run.change = change;
    const journalId = deps.journal.record(change, `started the FIS ${template}`).id;
    run.journalId = journalId;
    run.running = true;
    let started;
    try {
        started = await call("fis:StartExperiment", template, (abortSignal) =>
            fis.send(
                new StartExperimentCommand({
                    experimentTemplateId: target.experimentTemplateId,
                    clientToken: runTag,
                    tags: { [runTagKey]: runTag },
                }),
                { abortSignal },
            ),
        );
    } catch (err) {
        // Refused (a 4xx): nothing started. Anything else may have started it.
        run.running = !(err instanceof Interrupted) && rejected(err) ? false : run.running;
        throw err;
    }
    report.experimentId = started.experiment?.id ?? null;
    if (report.experimentId) {
        run.change = { ...change, experimentId: report.experimentId };
        deps.journal.update(journalId, run.change);
    }
    run.note("triggered", `started experiment ${report.experimentId} from ${template}`);
}

/** Read the canaries, and stop the experiment if it may still run (else drop its journal entry). */
async function finishFisRun(run: FisRun): Promise<void> {
    const { target, deps, report, note, change, journalId } = run;
    report.canaries = await observeCanaries(target, deps, run.start).catch((err: Error) => {
        note("error", `reading the canaries: ${err.message}`);
        return [];
    });
    if (!change || !journalId) {
        return;
    }
    if (run.running) {
        report.stopped = await restore(
            change,
            journalId,
            deps,
            note,
            "yes",
            `experiment ${report.experimentId ?? "(unknown ID)"} may still be running`,
        );
    } else {
        deps.journal.remove(journalId);
        if (report.experimentId === null) {
            note("nothing-to-restore", "no experiment was started");
        }
    }
}

export async function runFisDrill(
    target: FisTarget,
    options: FisOptions,
    deps: FisDeps,
): Promise<FisReport> {
    const run = startFisRun(target, options, deps);
    try {
        await startExperiment(run);
        await watch(run);
    } catch (err) {
        recordStop(run.report, err, deps.signal, "stopping the experiment", run.note);
    } finally {
        await finishFisRun(run);
    }
    return run.report;
}

/** Record when DNS first answers without the region (DNS routing only). */
async function watchDns(run: FisRun, regionIps: Set<string>): Promise<void> {
    const { target, deps, report, call } = run;
    const dns = target.dns;
    if (!dns || report.dnsMovedSeconds !== null) {
        return;
    }
    const out = await call(
        "route53:TestDNSAnswer",
        `hosted zone ${dns.hostedZoneId}`,
        (abortSignal) =>
            deps.route53.send(
                new TestDNSAnswerCommand({
                    HostedZoneId: dns.hostedZoneId,
                    RecordName: dns.domain,
                    RecordType: "A",
                }),
                { abortSignal },
            ),
    );
    const answer = out.RecordData ?? [];
    if (answer.length > 0 && !answer.some((ip) => regionIps.has(ip))) {
        report.dnsMovedSeconds = Math.round((deps.now() - run.start) / 100) / 10;
        run.note(
            "traffic-moved",
            `${dns.domain} answers ${answer.join(", ")}: no ${target.region} address`,
        );
    }
}

/** Poll the experiment until it ends or the timeout; sets the outcome. */
async function watch(run: FisRun): Promise<void> {
    const { target, options, deps, report, note, call, fis } = run;
    const dnsTarget = target.dns?.regionTarget;
    const regionIps = new Set(
        dnsTarget
            ? await callAws(
                  `DNS lookup of ${dnsTarget}`,
                  () => deps.resolve(dnsTarget),
                  deps.callTimeoutMs,
                  deps.signal,
              )
            : [],
    );
    let lastState = "";
    for (;;) {
        const got = await call(
            "fis:GetExperiment",
            `experiment ${report.experimentId}`,
            (abortSignal) =>
                fis.send(new GetExperimentCommand({ id: report.experimentId! }), { abortSignal }),
        );
        const state: string = got.experiment?.state?.status ?? "unknown";
        report.experimentState = state;
        report.experimentReason = got.experiment?.state?.reason ?? null;
        if (state !== lastState) {
            note(
                "experiment",
                `${state}${report.experimentReason ? `: ${report.experimentReason}` : ""}`,
            );
            lastState = state;
        }
        await watchDns(run, regionIps);
        if (terminal.has(state)) {
            run.running = false;
            report.outcome =
                state === "completed"
                    ? "completed"
                    : state === "stopped"
                      ? "stopped-by-condition"
                      : "error";
            if (state === "failed" || state === "cancelled") {
                report.error = `experiment ${report.experimentId} ${state}: ${report.experimentReason ?? "no reason given"}`;
            }
            return;
        }
        if (deps.now() - run.start >= options.timeoutSeconds * 1000) {
            report.outcome = "timed-out";
            note("timed-out", `experiment still ${state} after ${options.timeoutSeconds} s`);
            return;
        }
        try {
            await deps.sleep(options.intervalSeconds * 1000, deps.signal);
        } catch {
            throw new Interrupted();
        }
    }
}

/** Each canary's lowest per-minute success since the experiment started. */
async function observeCanaries(
    target: FisTarget,
    deps: FisDeps,
    start: number,
): Promise<CanaryObservation[]> {
    const never = new AbortController().signal;
    const result: CanaryObservation[] = [];
    for (const c of target.canaries) {
        const out = await callAws(
            "cloudwatch:GetMetricStatistics",
            (abortSignal) =>
                deps.cloudwatchClient(c.region).send(
                    new GetMetricStatisticsCommand({
                        Namespace: "CloudWatchSynthetics",
                        MetricName: "SuccessPercent",
                        Dimensions: [{ Name: "CanaryName", Value: c.name }],
                        StartTime: new Date(start),
                        EndTime: new Date(Math.max(deps.now(), start + 60_000)),
                        Period: 60,
                        Statistics: ["Minimum"],
                    }),
                    { abortSignal },
                ),
            deps.callTimeoutMs,
            never,
        );
        const points = (out.Datapoints ?? []).map((d) => d.Minimum ?? 100);
        result.push({
            name: c.name,
            region: c.region,
            checks: c.checks,
            minSuccessPercent: points.length ? Math.min(...points) : null,
            datapoints: points.length,
        });
    }
    return result;
}

/** The game day's result as text. */
export function formatFisReport(r: FisReport): string {
    const lines = [
        "",
        `game day: ${r.region} (experiment ${r.experimentId ?? "not started"} of ${r.experimentTemplateId}): ${r.outcome}`,
        `experiment state: ${r.experimentState ?? "unknown"}${r.experimentReason ? ` (${r.experimentReason})` : ""}`,
        r.dnsMovedSeconds !== null
            ? `DNS stopped answering with ${r.region} ${r.dnsMovedSeconds} s after the start`
            : "DNS was not seen to move (or the routing mode does not fail over in DNS)",
        ...r.canaries.map(
            (c) =>
                `canary ${c.name} (${c.checks === "public" ? "public name" : `${c.checks} endpoint`}, from ${c.region}): ${
                    c.minSuccessPercent === null
                        ? "no data"
                        : `lowest success ${c.minSuccessPercent}% over ${c.datapoints} min`
                }`,
        ),
        r.stopped
            ? "experiment stopped: yes"
            : "experiment stopped: NO - stop it now; see the restore-failed entry",
    ];
    return lines.join("\n") + "\n";
}

/**
 * Exit code: 0 the experiment ran its course; 1 a stop condition fired (users or a surviving
 * region saw failures) or it timed out; 2 error; 3 the experiment could not be stopped;
 * 130 interrupted (and stopped).
 */
export function fisExitCode(r: FisReport): number {
    if (!r.stopped) {
        return 3;
    }
    switch (r.outcome) {
        case "completed":
            return 0;
        case "stopped-by-condition":
        case "timed-out":
            return 1;
        case "interrupted":
            return 130;
        default:
            return 2;
    }
}
