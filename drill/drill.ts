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
    Route53Client,
    TestDNSAnswerCommand,
    UpdateHealthCheckCommand,
} from "@aws-sdk/client-route-53";
import {
    GetRoutingControlStateCommand,
    Route53RecoveryClusterClient,
    UpdateRoutingControlStateCommand,
} from "@aws-sdk/client-route53-recovery-cluster";

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
export interface DrillDeps {
    route53: Route53Client;
    /** A client bound to one ARC cluster endpoint. */
    arcClient(endpoint: { region: string; endpoint: string }): Route53RecoveryClusterClient;
    /** IPv4 addresses a host name resolves to now. */
    resolve(host: string): Promise<string[]>;
    now(): number;
    /** Waits `ms`, rejecting early when `signal` aborts. */
    sleep(ms: number, signal: AbortSignal): Promise<void>;
    /** Aborted on Ctrl-C: the drill stops waiting and restores. */
    signal: AbortSignal;
    /** Receives each timeline entry as it happens. */
    log(line: string): void;
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
    constructor(message: string) {
        super(message);
        this.name = "DrillError";
    }
}

class Interrupted extends Error {
    constructor() {
        super("interrupted");
        this.name = "Interrupted";
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
        );
    }
    return new DrillError(
        `${action} on ${resource} failed: ${e?.name ?? "Error"}: ${e?.message ?? String(err)}`,
    );
}

/** Whether AWS certainly rejected the call (a 4xx), so it changed nothing. */
function rejected(err: unknown): boolean {
    const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    return (
        (status !== undefined && status >= 400 && status < 500) ||
        /AccessDenied|Validation|NoSuchHealthCheck|ResourceNotFound/.test(
            (err as { name?: string })?.name ?? "",
        )
    );
}

export async function runDrill(
    target: DrillTarget,
    options: DrillOptions,
    deps: DrillDeps,
): Promise<DrillReport> {
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
    const hc = `health check ${target.healthCheckId}`;
    const control = `routing control ${target.routingControlArn}`;
    const arc = new ArcEndpoints(target, deps);
    /** "no": untouched; "yes": changed; "maybe": the trigger call failed in a way that may have applied. */
    let changed: "no" | "yes" | "maybe" = "no";

    const checkInterrupt = () => {
        if (deps.signal.aborted) {
            throw new Interrupted();
        }
    };
    const answer = async (): Promise<string[]> => {
        try {
            const out = await deps.route53.send(
                new TestDNSAnswerCommand({
                    HostedZoneId: target.hostedZoneId,
                    RecordName: target.domain,
                    RecordType: "A",
                    ...(options.clientSubnetIp
                        ? { EDNS0ClientSubnetIP: options.clientSubnetIp }
                        : {}),
                }),
            );
            return out.RecordData ?? [];
        } catch (err) {
            throw explainAwsError(
                err,
                "route53:TestDNSAnswer",
                `hosted zone ${target.hostedZoneId}`,
            );
        }
    };
    const regionAddresses = new Set<string>();
    const learnRegionAddresses = async () => {
        for (const ip of await deps.resolve(target.regionTarget)) {
            regionAddresses.add(ip);
        }
    };

    try {
        if (options.trigger === "routing-control" && !target.routingControlArn) {
            throw new DrillError(
                `--trigger routing-control needs ARC: the global stack exports no routingControlArns for ${target.region}; set routing.arc: true, or use --trigger health-check`,
            );
        }
        await learnRegionAddresses();
        const before = await answer();
        if (!before.some((ip) => regionAddresses.has(ip))) {
            throw new DrillError(
                `${target.domain} does not answer with ${target.region} (${target.regionTarget}: ${[...regionAddresses].join(", ") || "no addresses"}; answer: ${before.join(", ") || "empty"}), so losing it moves no traffic; drill a region that serves traffic`,
            );
        }
        note(
            "baseline",
            `${target.domain} answers ${before.join(", ")}, which includes ${target.region} (${target.regionTarget})`,
        );

        if (options.trigger === "health-check") {
            let inverted: boolean | undefined;
            try {
                const out = await deps.route53.send(
                    new GetHealthCheckCommand({ HealthCheckId: target.healthCheckId }),
                );
                inverted = out.HealthCheck?.HealthCheckConfig?.Inverted;
            } catch (err) {
                throw explainAwsError(err, "route53:GetHealthCheck", hc);
            }
            if (inverted === true) {
                throw new DrillError(
                    `${hc} is already inverted: another drill is running or one was not restored; check, then un-invert it (aws route53 update-health-check --health-check-id ${target.healthCheckId} --no-inverted)`,
                );
            }
            checkInterrupt();
            try {
                changed = "maybe";
                await deps.route53.send(
                    new UpdateHealthCheckCommand({
                        HealthCheckId: target.healthCheckId,
                        Inverted: true,
                    }),
                );
                changed = "yes";
            } catch (err) {
                changed = rejected(err) ? "no" : "maybe";
                throw explainAwsError(err, "route53:UpdateHealthCheck", hc);
            }
            note("triggered", `inverted ${hc}: Route 53 now treats ${target.region} as unhealthy`);
        } else {
            const state = await arc.send(
                (client) =>
                    client.send(
                        new GetRoutingControlStateCommand({
                            RoutingControlArn: target.routingControlArn,
                        }),
                    ),
                "route53-recovery-cluster:GetRoutingControlState",
                control,
            );
            if (state.RoutingControlState !== "On") {
                throw new DrillError(
                    `${control} is ${state.RoutingControlState ?? "unknown"}, not On: ${target.region} is already out of service; restore it before drilling`,
                );
            }
            checkInterrupt();
            changed = "maybe";
            try {
                await arc.send(
                    (client) =>
                        client.send(
                            new UpdateRoutingControlStateCommand({
                                RoutingControlArn: target.routingControlArn,
                                RoutingControlState: "Off",
                            }),
                        ),
                    "route53-recovery-cluster:UpdateRoutingControlState",
                    control,
                );
                changed = "yes";
            } catch (err) {
                changed = arc.allRejected ? "no" : "maybe";
                throw err;
            }
            note("triggered", `turned ${control} Off`);
        }
        const triggeredAt = deps.now();

        let lastCheckers = "";
        for (;;) {
            checkInterrupt();
            if (options.trigger === "health-check") {
                let observations;
                try {
                    const out = await deps.route53.send(
                        new GetHealthCheckStatusCommand({ HealthCheckId: target.healthCheckId }),
                    );
                    observations = out.HealthCheckObservations ?? [];
                } catch (err) {
                    throw explainAwsError(err, "route53:GetHealthCheckStatus", hc);
                }
                const failing = observations.filter((o) =>
                    o.StatusReport?.Status?.startsWith("Failure"),
                ).length;
                const summary = `${failing} of ${observations.length} checkers report failure`;
                if (summary !== lastCheckers) {
                    note("checkers", summary);
                    lastCheckers = summary;
                }
            }
            await learnRegionAddresses();
            const now = await answer();
            if (now.length > 0 && !now.some((ip) => regionAddresses.has(ip))) {
                report.failoverSeconds = Math.round((deps.now() - triggeredAt) / 100) / 10;
                note(
                    "traffic-moved",
                    `${target.domain} answers ${now.join(", ")}: no ${target.region} address, ${report.failoverSeconds} s after the trigger`,
                );
                break;
            }
            if (deps.now() - triggeredAt >= options.timeoutSeconds * 1000) {
                note(
                    "timed-out",
                    `${target.domain} still answers ${now.join(", ") || "nothing"} after ${options.timeoutSeconds} s`,
                );
                report.outcome = "timed-out";
                break;
            }
            try {
                await deps.sleep(options.intervalSeconds * 1000, deps.signal);
            } catch {
                throw new Interrupted();
            }
        }
        if (report.failoverSeconds !== null) {
            report.outcome =
                options.expected && report.failoverSeconds > options.expected.seconds
                    ? "slower-than-expected"
                    : "passed";
        }
    } catch (err) {
        if (err instanceof Interrupted) {
            report.outcome = "interrupted";
            note("interrupted", "Ctrl-C: stopping the measurement");
        } else {
            report.outcome = "error";
            report.error = err instanceof Error ? err.message : String(err);
            note("error", report.error);
        }
    } finally {
        if (changed === "no") {
            note("nothing-to-restore", "the drill changed nothing");
        } else {
            report.restored = await restore(target, options.trigger, deps, arc, note, changed);
        }
    }
    return report;
}

async function restore(
    target: DrillTarget,
    trigger: Trigger,
    deps: DrillDeps,
    arc: ArcEndpoints,
    note: (phase: Phase, detail: string) => void,
    changed: "yes" | "maybe",
): Promise<boolean> {
    const why = changed === "maybe" ? " (the trigger call failed but may have applied)" : "";
    try {
        if (trigger === "health-check") {
            await deps.route53.send(
                new UpdateHealthCheckCommand({
                    HealthCheckId: target.healthCheckId,
                    Inverted: false,
                }),
            );
            note("restored", `un-inverted health check ${target.healthCheckId}${why}`);
        } else {
            await arc.send(
                (client) =>
                    client.send(
                        new UpdateRoutingControlStateCommand({
                            RoutingControlArn: target.routingControlArn,
                            RoutingControlState: "On",
                        }),
                    ),
                "route53-recovery-cluster:UpdateRoutingControlState",
                `routing control ${target.routingControlArn}`,
            );
            note("restored", `turned routing control ${target.routingControlArn} back On${why}`);
        }
        return true;
    } catch (err) {
        const manual =
            trigger === "health-check"
                ? `aws route53 update-health-check --health-check-id ${target.healthCheckId} --no-inverted`
                : `aws route53-recovery-cluster update-routing-control-state --routing-control-arn ${target.routingControlArn} --routing-control-state On --endpoint-url <a cluster endpoint> --region <its region>`;
        note(
            "restore-failed",
            `${(err as Error).message}. ${target.region} is still out of service: restore it now with: ${manual}`,
        );
        return false;
    }
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
        call: (client: Route53RecoveryClusterClient) => Promise<T>,
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
                return await call(this.deps.arcClient(endpoint));
            } catch (err) {
                this.allRejected = this.allRejected && rejected(err);
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
