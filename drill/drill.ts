/**
 * The failover drill: take a region out of DNS the way a regional failure would, measure how long
 * Route 53 takes to stop answering with it, and always put it back.
 *
 * Trigger: invert the region's Route 53 endpoint health check (Route 53 then treats a healthy
 * endpoint as unhealthy), or, with ARC, turn the region's routing control Off through the
 * cluster's data-plane endpoints. Measure: poll GetHealthCheckStatus (for the timeline only) and
 * TestDNSAnswer until the answer holds none of the region's addresses. Restore: un-invert, or
 * turn the routing control back On, on success, failure, timeout and interruption alike.
 */
import {
    GetHealthCheckCommand,
    GetHealthCheckStatusCommand,
    TestDNSAnswerCommand,
    UpdateHealthCheckCommand,
} from "@aws-sdk/client-route-53";
import {
    GetRoutingControlStateCommand,
    Route53RecoveryClusterClient,
    UpdateRoutingControlStateCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { CallTimeout, Interrupted, callAws } from "./calls";
import { Journal, JournalChange } from "./journal";
import { UndoClients, undoChange } from "./undo";
import { commandAsRun } from "../deploy/invoked";

export type Trigger = "health-check" | "routing-control";

/** What the drill acts on, resolved from the stacks' outputs and config. */
export interface DrillTarget {
    /** The region whose loss is simulated. */
    region: string;
    /** The name users resolve. */
    domain: string;
    /** The Route 53 hosted zone that holds `domain`. */
    hostedZoneId: string;
    /** The region's endpoint health check. */
    healthCheckId: string;
    /** The host name of the region's target (its ALB), whose addresses mark the region. */
    regionTarget: string;
    /** With ARC: the region's routing control. */
    routingControlArn?: string;
    /** With ARC: the cluster's data-plane endpoints, tried in turn. */
    arcEndpoints?: { region: string; endpoint: string }[];
}

export interface DrillOptions {
    trigger: Trigger;
    /** Give up waiting for traffic to move after this long. */
    timeoutSeconds: number;
    /** Time between polls; GetHealthCheckStatus is a diagnostic API, so keep it modest. */
    intervalSeconds: number;
    /** What the model expects the measured failover to take, and where that figure comes from. */
    expected?: { seconds: number; source: string };
    /** Passed to TestDNSAnswer for latency routing: answer as for a client in this subnet. */
    clientSubnetIp?: string;
}

/** Everything the drill touches, injected so tests run against mocks and a fake clock. */
export interface DrillDeps extends UndoClients {
    /** IPv4 addresses a host name resolves to now. */
    resolve(host: string): Promise<string[]>;
    now(): number;
    /** Waits `ms`, rejecting early when `signal` aborts. */
    sleep(ms: number, signal: AbortSignal): Promise<void>;
    /**
     * Aborted on SIGINT, SIGTERM or SIGHUP (its reason names the signal): the drill stops waiting,
     * abandons any call in flight and restores.
     */
    signal: AbortSignal;
    /** Receives each timeline entry as it happens. */
    log(line: string): void;
    /** Where the drill records a change before making it. */
    journal: Journal;
    /** Longest any single AWS call may take. */
    callTimeoutMs: number;
    /** How long the restore may keep retrying, from the moment it starts. */
    restoreDeadlineMs: number;
}

export type Phase =
    | "baseline"
    | "triggered"
    | "checkers"
    | "waiting"
    | "traffic-moved"
    | "timed-out"
    | "interrupted"
    | "error"
    | "restored"
    | "restore-failed"
    | "nothing-to-restore";

export interface TimelineEntry {
    at: string;
    /** Seconds since the drill started. */
    elapsedSeconds: number;
    phase: Phase;
    detail: string;
}

export type Outcome = "passed" | "slower-than-expected" | "timed-out" | "interrupted" | "error";

export interface DrillReport {
    region: string;
    domain: string;
    trigger: Trigger;
    outcome: Outcome;
    /** Seconds from the trigger to the first answer without the region; null if never seen. */
    failoverSeconds: number | null;
    expected: { seconds: number; source: string } | null;
    /** Whether whatever the drill changed was put back (true when it changed nothing). */
    restored: boolean;
    error?: string;
    timeline: TimelineEntry[];
}

/** A failure with a message meant for the operator. */
export class DrillError extends Error {
    constructor(message: string, cause?: unknown) {
        super(message, cause === undefined ? undefined : { cause });
        this.name = "DrillError";
    }
}

/**
 * Rewrite an AWS error to say what failed: AccessDenied names the IAM action and the resource
 * to grant it on; anything else keeps AWS's message with the action and resource.
 */
export function explainAwsError(err: unknown, action: string, resource: string): DrillError {
    const e = err as { name?: string; message?: string };
    if (/AccessDenied/.test(e?.name ?? "")) {
        return new DrillError(
            `missing permission ${action} on ${resource}: ${e.message ?? e.name}. Grant ${action} to the identity running the drill (docs/operations.md lists the policy)`,
            err,
        );
    }
    return new DrillError(
        `${action} on ${resource} failed: ${e?.name ?? "Error"}: ${e?.message ?? String(err)}`,
        err,
    );
}

/** Whether AWS certainly rejected the call (a 4xx), so it changed nothing. */
export function rejected(err: unknown): boolean {
    if (err instanceof DrillError && err.cause !== undefined) {
        return rejected(err.cause);
    }
    if (err instanceof CallTimeout) {
        return false;
    }
    const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    return (
        (status !== undefined && status >= 400 && status < 500) ||
        /AccessDenied|Validation|NoSuchHealthCheck|ResourceNotFound/.test(
            (err as { name?: string })?.name ?? "",
        )
    );
}

/** The name of what interrupted the drill: the signal, or "interrupted". */
export function interruptReason(signal: AbortSignal): string {
    return typeof signal.reason === "string" ? signal.reason : "interrupted";
}

/**
 * Record why a drill stopped before its end: `interrupted` by a signal (`stopping` says what the
 * drill stops then), or `error` with the error's message; either is noted in the timeline.
 */
export function recordStop<O extends string>(
    report: { outcome: O | "interrupted" | "error"; error?: string },
    err: unknown,
    signal: AbortSignal,
    stopping: string,
    note: (phase: "interrupted" | "error", detail: string) => void,
): void {
    if (err instanceof Interrupted) {
        report.outcome = "interrupted";
        note("interrupted", `${interruptReason(signal)}: ${stopping}`);
    } else {
        report.outcome = "error";
        report.error = err instanceof Error ? err.message : String(err);
        note("error", report.error);
    }
}

/** One drill run: its inputs, its report and timeline, and the calls its steps share. */
interface DrillRun {
    target: DrillTarget;
    options: DrillOptions;
    deps: DrillDeps;
    report: DrillReport;
    note: (phase: Phase, detail: string) => void;
    /** A Route 53 call with the drill's deadline and interrupt; AWS errors explained. */
    route53: <T>(
        action: string,
        resource: string,
        send: (abortSignal: AbortSignal) => Promise<T>,
    ) => Promise<T>;
    /** Throws Interrupted once the drill is interrupted. */
    checkInterrupt: () => void;
    /** The addresses of the region's target seen so far. */
    regionAddresses: Set<string>;
    /** "no": untouched; "yes": changed; "maybe": the trigger call failed in a way that may have applied. */
    changed: "no" | "yes" | "maybe";
    journalId?: string;
    change?: JournalChange;
}

/** A run's report, timeline and shared calls, before anything is called. */
function startRun(target: DrillTarget, options: DrillOptions, deps: DrillDeps): DrillRun {
    const start = deps.now();
    const timeline: TimelineEntry[] = [];
    const note = (phase: Phase, detail: string) => {
        const now = deps.now();
        const entry = {
            at: new Date(now).toISOString(),
            elapsedSeconds: Math.round((now - start) / 100) / 10,
            phase,
            detail,
        };
        timeline.push(entry);
        deps.log(
            `${entry.at}  +${entry.elapsedSeconds.toFixed(1)}s  ${phase.padEnd(18)} ${detail}`,
        );
    };
    const report: DrillReport = {
        region: target.region,
        domain: target.domain,
        trigger: options.trigger,
        outcome: "error",
        failoverSeconds: null,
        expected: options.expected ?? null,
        restored: true,
        timeline,
    };
    const route53 = async <T>(
        action: string,
        resource: string,
        send: (abortSignal: AbortSignal) => Promise<T>,
    ): Promise<T> => {
        try {
            return await callAws(action, send, deps.callTimeoutMs, deps.signal);
        } catch (err) {
            if (err instanceof Interrupted) {
                throw err;
            }
            throw explainAwsError(err, action, resource);
        }
    };
    const checkInterrupt = () => {
        if (deps.signal.aborted) {
            throw new Interrupted();
        }
    };
    const regionAddresses = new Set<string>();
    return {
        target,
        options,
        deps,
        report,
        note,
        route53,
        checkInterrupt,
        regionAddresses,
        changed: "no",
    };
}

/** The addresses `domain` answers with now (from the client subnet, if given). */
async function answer({ target, options, deps, route53 }: DrillRun): Promise<string[]> {
    const out = await route53(
        "route53:TestDNSAnswer",
        `hosted zone ${target.hostedZoneId}`,
        (abortSignal) =>
            deps.route53.send(
                new TestDNSAnswerCommand({
                    HostedZoneId: target.hostedZoneId,
                    RecordName: target.domain,
                    RecordType: "A",
                    ...(options.clientSubnetIp
                        ? { EDNS0ClientSubnetIP: options.clientSubnetIp }
                        : {}),
                }),
                { abortSignal },
            ),
    );
    return out.RecordData ?? [];
}

/** Add the region target's current addresses to the ones seen. */
async function learnRegionAddresses({ target, deps, regionAddresses }: DrillRun): Promise<void> {
    // A resolver that never answers must not hold the drill either.
    const ips = await callAws(
        `DNS lookup of ${target.regionTarget}`,
        () => deps.resolve(target.regionTarget),
        deps.callTimeoutMs,
        deps.signal,
    );
    for (const ip of ips) {
        regionAddresses.add(ip);
    }
}

/** Journal the change first, so that a kill at any later point leaves its undo behind. */
function journalChange(run: DrillRun, change: JournalChange, description: string): void {
    run.change = change;
    run.journalId = run.deps.journal.record(change, description).id;
}

/** Invert the region's health check, refusing one already inverted. */
async function invertHealthCheck(run: DrillRun): Promise<void> {
    const { target, deps, route53 } = run;
    const hc = `health check ${target.healthCheckId}`;
    const out = await route53("route53:GetHealthCheck", hc, (abortSignal) =>
        deps.route53.send(new GetHealthCheckCommand({ HealthCheckId: target.healthCheckId }), {
            abortSignal,
        }),
    );
    if (out.HealthCheck?.HealthCheckConfig?.Inverted === true) {
        throw new DrillError(
            `${hc} is already inverted: another drill is running or one was not restored; check, then un-invert it (aws route53 update-health-check --health-check-id ${target.healthCheckId} --no-inverted)`,
        );
    }
    run.checkInterrupt();
    journalChange(
        run,
        { kind: "health-check-inverted", healthCheckId: target.healthCheckId },
        `inverted ${hc} so that Route 53 treats ${target.region} as unhealthy`,
    );
    try {
        run.changed = "maybe";
        await route53("route53:UpdateHealthCheck", hc, (abortSignal) =>
            deps.route53.send(
                new UpdateHealthCheckCommand({
                    HealthCheckId: target.healthCheckId,
                    Inverted: true,
                }),
                { abortSignal },
            ),
        );
        run.changed = "yes";
    } catch (err) {
        run.changed = !(err instanceof Interrupted) && rejected(err) ? "no" : "maybe";
        throw err;
    }
    run.note("triggered", `inverted ${hc}: Route 53 now treats ${target.region} as unhealthy`);
}

/** Turn the region's ARC routing control Off, refusing one that is not On. */
async function routingControlOff(run: DrillRun): Promise<void> {
    const { target, deps } = run;
    const arc = new ArcEndpoints(target, deps);
    const control = `routing control ${target.routingControlArn}`;
    const state = await arc.send(
        (client, abortSignal) =>
            client.send(
                new GetRoutingControlStateCommand({
                    RoutingControlArn: target.routingControlArn,
                }),
                { abortSignal },
            ),
        "route53-recovery-cluster:GetRoutingControlState",
        control,
    );
    if (state.RoutingControlState !== "On") {
        throw new DrillError(
            `${control} is ${state.RoutingControlState ?? "unknown"}, not On: ${target.region} is already out of service; restore it before drilling`,
        );
    }
    run.checkInterrupt();
    journalChange(
        run,
        {
            kind: "routing-control-off",
            routingControlArn: target.routingControlArn!,
            arcEndpoints: target.arcEndpoints ?? [],
        },
        `turned ${control} Off`,
    );
    run.changed = "maybe";
    try {
        await arc.send(
            (client, abortSignal) =>
                client.send(
                    new UpdateRoutingControlStateCommand({
                        RoutingControlArn: target.routingControlArn,
                        RoutingControlState: "Off",
                    }),
                    { abortSignal },
                ),
            "route53-recovery-cluster:UpdateRoutingControlState",
            control,
        );
        run.changed = "yes";
    } catch (err) {
        run.changed = !(err instanceof Interrupted) && arc.allRejected ? "no" : "maybe";
        throw err;
    }
    run.note("triggered", `turned ${control} Off`);
}

/** Poll until `domain` answers without the region, or the timeout; sets the outcome. */
async function measure(run: DrillRun, triggeredAt: number): Promise<void> {
    const { target, options, deps, report, note, route53 } = run;
    const hc = `health check ${target.healthCheckId}`;
    let lastCheckers = "";
    for (;;) {
        run.checkInterrupt();
        if (options.trigger === "health-check") {
            const out = await route53("route53:GetHealthCheckStatus", hc, (abortSignal) =>
                deps.route53.send(
                    new GetHealthCheckStatusCommand({ HealthCheckId: target.healthCheckId }),
                    { abortSignal },
                ),
            );
            const observations = out.HealthCheckObservations ?? [];
            const failing = observations.filter((o) =>
                o.StatusReport?.Status?.startsWith("Failure"),
            ).length;
            const summary = `${failing} of ${observations.length} checkers report failure`;
            if (summary !== lastCheckers) {
                note("checkers", summary);
                lastCheckers = summary;
            }
        }
        await learnRegionAddresses(run);
        const now = await answer(run);
        if (now.length > 0 && !now.some((ip) => run.regionAddresses.has(ip))) {
            report.failoverSeconds = Math.round((deps.now() - triggeredAt) / 100) / 10;
            note(
                "traffic-moved",
                `${target.domain} answers ${now.join(", ")}: no ${target.region} address, ${report.failoverSeconds} s after the trigger`,
            );
            report.outcome =
                options.expected && report.failoverSeconds > options.expected.seconds
                    ? "slower-than-expected"
                    : "passed";
            return;
        }
        if (deps.now() - triggeredAt >= options.timeoutSeconds * 1000) {
            note(
                "timed-out",
                `${target.domain} still answers ${now.join(", ") || "nothing"} after ${options.timeoutSeconds} s`,
            );
            report.outcome = "timed-out";
            return;
        }
        try {
            await deps.sleep(options.intervalSeconds * 1000, deps.signal);
        } catch {
            throw new Interrupted();
        }
    }
}

/** Check the region serves traffic, take it out, and measure until DNS stops answering with it. */
async function takeOut(run: DrillRun): Promise<void> {
    const { target, options, note } = run;
    if (options.trigger === "routing-control" && !target.routingControlArn) {
        throw new DrillError(
            `--trigger routing-control needs ARC: the global stack exports no routingControlArns for ${target.region}; set routing.arc: true, or use --trigger health-check`,
        );
    }
    await learnRegionAddresses(run);
    const before = await answer(run);
    if (!before.some((ip) => run.regionAddresses.has(ip))) {
        throw new DrillError(
            `${target.domain} does not answer with ${target.region} (${target.regionTarget}: ${[...run.regionAddresses].join(", ") || "no addresses"}; answer: ${before.join(", ") || "empty"}), so losing it moves no traffic; drill a region that serves traffic`,
        );
    }
    note(
        "baseline",
        `${target.domain} answers ${before.join(", ")}, which includes ${target.region} (${target.regionTarget})`,
    );
    if (options.trigger === "health-check") {
        await invertHealthCheck(run);
    } else {
        await routingControlOff(run);
    }
    await measure(run, run.deps.now());
}

export async function runDrill(
    target: DrillTarget,
    options: DrillOptions,
    deps: DrillDeps,
): Promise<DrillReport> {
    const run = startRun(target, options, deps);
    try {
        await takeOut(run);
    } catch (err) {
        recordStop(run.report, err, deps.signal, "stopping the measurement", run.note);
    } finally {
        if (run.changed === "no" || run.change === undefined) {
            if (run.journalId) {
                deps.journal.remove(run.journalId);
            }
            run.note("nothing-to-restore", "the drill changed nothing");
        } else {
            run.report.restored = await restore(
                run.change,
                run.journalId!,
                deps,
                run.note,
                run.changed,
                `${target.region} is still out of service`,
            );
        }
    }
    return run.report;
}

/**
 * Undo the drill's change. Runs whatever interrupted the drill: it does not listen to the
 * interrupt signal (a second Ctrl-C is reported by the CLI and ignored), only to its own deadline.
 * On success the journal entry goes; on failure it stays for `--restore`.
 */
export async function restore(
    change: JournalChange,
    journalId: string,
    deps: Pick<
        DrillDeps,
        "route53" | "arcClient" | "fisClient" | "now" | "sleep" | "journal" | "callTimeoutMs"
    > & { restoreDeadlineMs: number },
    note: (phase: Phase, detail: string) => void,
    changed: "yes" | "maybe",
    consequence: string,
): Promise<boolean> {
    const why = changed === "maybe" ? " (the trigger call failed but may have applied)" : "";
    const never = new AbortController().signal;
    const outcome = await undoChange(change, deps, {
        callTimeoutMs: deps.callTimeoutMs,
        deadlineAt: deps.now() + deps.restoreDeadlineMs,
        now: deps.now,
        pause: (ms) => deps.sleep(ms, never),
    });
    if (outcome.ok) {
        deps.journal.remove(journalId);
        note("restored", `${outcome.detail}${why}`);
        return true;
    }
    const entry = deps.journal.entries().find((e) => e.id === journalId);
    note(
        "restore-failed",
        `${outcome.error}. ${consequence}: restore it now with \`${commandAsRun("drill")} --restore\` (journal ${deps.journal.file}) or by hand: ${entry?.awsCli ?? "see the journal"}`,
    );
    return false;
}

/**
 * ARC's data plane is five regional endpoints; any one may be unavailable, so each call tries
 * them in turn (AWS's guidance for routing control updates). A permission error stops at once:
 * the next endpoint would refuse it too.
 */
class ArcEndpoints {
    /** Whether every attempt of the last failed call was certainly rejected (changed nothing). */
    allRejected = true;
    constructor(
        private readonly target: DrillTarget,
        private readonly deps: DrillDeps,
    ) {}

    async send<T>(
        call: (client: Route53RecoveryClusterClient, abortSignal: AbortSignal) => Promise<T>,
        action: string,
        resource: string,
    ): Promise<T> {
        const endpoints = this.target.arcEndpoints ?? [];
        if (endpoints.length === 0) {
            throw new DrillError(
                `no ARC cluster endpoints in the global stack's outputs (arcClusterEndpoints); cannot call ${action}`,
            );
        }
        this.allRejected = true;
        const failures: string[] = [];
        for (const endpoint of endpoints) {
            try {
                return await callAws(
                    action,
                    (abortSignal) => call(this.deps.arcClient(endpoint), abortSignal),
                    this.deps.callTimeoutMs,
                    this.deps.signal,
                );
            } catch (err) {
                if (err instanceof Interrupted) {
                    throw err;
                }
                this.allRejected =
                    this.allRejected && !(err instanceof CallTimeout) && rejected(err);
                if (/AccessDenied/.test((err as Error).name ?? "")) {
                    throw explainAwsError(err, action, resource);
                }
                failures.push(
                    `${endpoint.region}: ${(err as Error).name}: ${(err as Error).message}`,
                );
            }
        }
        throw new DrillError(
            `${action} on ${resource} failed on every ARC cluster endpoint: ${failures.join("; ")}`,
        );
    }
}

/** The timeline and result as text, for the terminal. */
export function formatReport(report: DrillReport): string {
    const lines = [
        "",
        `drill: ${report.region} (${report.trigger}) on ${report.domain}: ${report.outcome}`,
        report.failoverSeconds !== null
            ? `traffic moved ${report.failoverSeconds} s after the trigger`
            : "traffic was not seen to move",
    ];
    if (report.expected) {
        lines.push(
            `model expects at most ${report.expected.seconds} s (${report.expected.source})${
                report.failoverSeconds !== null
                    ? report.failoverSeconds <= report.expected.seconds
                        ? ": within it"
                        : ": SLOWER than the model; re-check the routing timings"
                    : ""
            }`,
        );
    }
    lines.push(
        report.restored
            ? "restored: yes"
            : "restored: NO - the region is still out of service; see the restore-failed entry",
    );
    if (report.failoverSeconds !== null) {
        lines.push("clients may keep the old answer for up to the record's TTL after this point");
    }
    return lines.join("\n") + "\n";
}
