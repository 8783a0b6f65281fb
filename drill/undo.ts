/**
 * Undoing what a drill changed, from its journal entry: on the drill's own exit path, on the next
 * run, and with `--restore`. Each undo is idempotent (un-invert, turn On, stop), retried until it
 * succeeds or the restore deadline passes; each attempt has its own call deadline, so one hung
 * call costs one attempt, not the restore.
 */
import { Route53Client, UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import {
    Route53RecoveryClusterClient,
    UpdateRoutingControlStateCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { FisClient, ListExperimentsCommand, StopExperimentCommand } from "@aws-sdk/client-fis";
import { callAws } from "./calls";
import { Journal, JournalChange, JournalEntry, otherProcessAlive } from "./journal";
import type { PlanApi } from "./plan-drill";
import { finishedStates, successStates } from "./region-switch-api";

/** The AWS clients an undo may need. */
export interface UndoClients {
    route53: Route53Client;
    arcClient(endpoint: { region: string; endpoint: string }): Route53RecoveryClusterClient;
    fisClient?(region: string): FisClient;
    /** The Region switch API in a Region (plan drill entries). */
    planApi?(region: string): PlanApi;
}

export interface UndoTiming {
    /** Longest a single call may take. */
    callTimeoutMs: number;
    /** Epoch ms after which the restore gives up. */
    deadlineAt: number;
    now(): number;
    /** Pause between attempts. */
    pause(ms: number): Promise<void>;
}

/** FIS experiment states in which the experiment still acts on resources. */
const activeStates = new Set(["pending", "initiating", "running"]);

/** The tag every experiment the drill starts carries. */
export const runTagKey = "drill-run";

function permanent(err: unknown): boolean {
    return /AccessDenied|Unauthorized|InvalidClientTokenId|ValidationException|InvalidInput/.test(
        (err as { name?: string })?.name ?? "",
    );
}

async function undoOnce(
    change: JournalChange,
    clients: UndoClients,
    timeoutMs: number,
): Promise<string> {
    switch (change.kind) {
        case "health-check-inverted":
            await callAws(
                "route53:UpdateHealthCheck",
                (abortSignal) =>
                    clients.route53.send(
                        new UpdateHealthCheckCommand({
                            HealthCheckId: change.healthCheckId,
                            Inverted: false,
                        }),
                        { abortSignal },
                    ),
                timeoutMs,
            );
            return `un-inverted health check ${change.healthCheckId}`;
        case "routing-control-off": {
            const failures: string[] = [];
            // ARC's data plane: any one of the cluster's endpoints may be down; try each in turn.
            for (const endpoint of change.arcEndpoints) {
                try {
                    await callAws(
                        "route53-recovery-cluster:UpdateRoutingControlState",
                        (abortSignal) =>
                            clients.arcClient(endpoint).send(
                                new UpdateRoutingControlStateCommand({
                                    RoutingControlArn: change.routingControlArn,
                                    RoutingControlState: "On",
                                }),
                                { abortSignal },
                            ),
                        timeoutMs,
                    );
                    return `turned routing control ${change.routingControlArn} back On`;
                } catch (err) {
                    if (permanent(err)) {
                        throw err;
                    }
                    failures.push(`${endpoint.region}: ${(err as Error).message}`);
                }
            }
            throw new Error(`every ARC cluster endpoint failed: ${failures.join("; ")}`);
        }
        case "fis-experiment":
            return stopExperiments(change, clients, timeoutMs);
        case "plan-execution":
            throw new Error("a plan execution is undone by undoPlanExecution");
        default:
            throw new Error(`unknown journal change ${JSON.stringify(change)}`);
    }
}

async function stopExperiments(
    change: Extract<JournalChange, { kind: "fis-experiment" }>,
    clients: UndoClients,
    timeoutMs: number,
): Promise<string> {
    if (!clients.fisClient) {
        throw new Error("no FIS client configured");
    }
    const fis = clients.fisClient(change.region);
    let ids: string[];
    if (change.experimentId) {
        ids = [change.experimentId];
    } else {
        // Killed between StartExperiment and its answer: find the experiment by its run tag.
        ids = [];
        let nextToken: string | undefined;
        do {
            const page = await callAws(
                "fis:ListExperiments",
                (abortSignal) =>
                    fis.send(new ListExperimentsCommand({ maxResults: 100, nextToken }), {
                        abortSignal,
                    }),
                timeoutMs,
            );
            for (const e of page.experiments ?? []) {
                if (
                    e.id &&
                    e.experimentTemplateId === change.experimentTemplateId &&
                    e.tags?.[runTagKey] === change.runTag &&
                    activeStates.has(e.state?.status ?? "")
                ) {
                    ids.push(e.id);
                }
            }
            nextToken = page.nextToken;
        } while (nextToken);
        if (ids.length === 0) {
            return `no running experiment of ${change.experimentTemplateId} tagged ${runTagKey}=${change.runTag}: nothing was started`;
        }
    }
    for (const id of ids) {
        try {
            await callAws(
                "fis:StopExperiment",
                (abortSignal) => fis.send(new StopExperimentCommand({ id }), { abortSignal }),
                timeoutMs,
            );
        } catch (err) {
            // Stopping an experiment that already ended is the state we want.
            if (!/ResourceNotFound|Conflict/.test((err as Error).name ?? "")) {
                throw err;
            }
        }
    }
    return `stopped FIS experiment ${ids.join(", ")}`;
}

export type UndoResult = { ok: true; detail: string } | { ok: false; error: string };

/**
 * Undo a plan drill's execution: cancel it if it still runs, then activate the failback Region
 * again (graceful) and follow that execution until it finishes or the restore deadline passes.
 * Not retried as a whole: a second failback execution would race the first.
 */
async function undoPlanExecution(
    change: Extract<JournalChange, { kind: "plan-execution" }>,
    clients: UndoClients,
    timing: UndoTiming,
): Promise<UndoResult> {
    if (!clients.planApi) {
        return { ok: false, error: "no Region switch client configured" };
    }
    const within = <T>(what: string, call: () => Promise<T>) =>
        callAws(
            what,
            () => call(),
            Math.max(1, Math.min(timing.callTimeoutMs, timing.deadlineAt - timing.now())),
        );
    try {
        const { planArn } = change;
        if (change.executionId) {
            const api = clients.planApi(change.activateRegion);
            const executionId = change.executionId;
            const state = await within("arc-region-switch:GetPlanExecution", () =>
                api.getPlanExecution({ planArn, executionId }),
            );
            if (!finishedStates.includes(state.executionState)) {
                await within("arc-region-switch:CancelPlanExecution", () =>
                    api.cancelPlanExecution({ planArn, executionId, comment: "drill --restore" }),
                );
            }
        }
        const api = clients.planApi(change.failbackRegion);
        const { executionId } = await within("arc-region-switch:StartPlanExecution", () =>
            api.startPlanExecution({
                planArn,
                targetRegion: change.failbackRegion,
                action: "activate",
                mode: "graceful",
                comment: "multi-region-failover drill --restore: fail back",
            }),
        );
        for (;;) {
            const state = await within("arc-region-switch:GetPlanExecution", () =>
                api.getPlanExecution({ planArn, executionId }),
            );
            if (finishedStates.includes(state.executionState)) {
                return successStates.includes(state.executionState)
                    ? {
                          ok: true,
                          detail: `failed back to ${change.failbackRegion} (execution ${executionId} ${state.executionState})`,
                      }
                    : {
                          ok: false,
                          error: `failback execution ${executionId} ended ${state.executionState}`,
                      };
            }
            if (timing.now() >= timing.deadlineAt) {
                return {
                    ok: false,
                    error: `failback execution ${executionId} still ${state.executionState} (restore deadline passed)`,
                };
            }
            await timing.pause(Math.min(1000, Math.max(0, timing.deadlineAt - timing.now())));
        }
    } catch (err) {
        const e = err as Error;
        return { ok: false, error: `${e.name}: ${e.message}` };
    }
}

/** Undo one change, retrying until it succeeds, fails for good, or the deadline passes. */
export async function undoChange(
    change: JournalChange,
    clients: UndoClients,
    timing: UndoTiming,
): Promise<UndoResult> {
    if (change.kind === "plan-execution") {
        return undoPlanExecution(change, clients, timing);
    }
    let last = "no attempt before the restore deadline";
    for (let attempt = 1; ; attempt++) {
        const left = timing.deadlineAt - timing.now();
        if (left <= 0) {
            return { ok: false, error: `${last} (restore deadline passed)` };
        }
        try {
            return {
                ok: true,
                detail: await undoOnce(change, clients, Math.min(timing.callTimeoutMs, left)),
            };
        } catch (err) {
            const e = err as Error;
            last = `attempt ${attempt}: ${e.name}: ${e.message}`;
            if (permanent(err)) {
                return { ok: false, error: last };
            }
        }
        if (timing.deadlineAt - timing.now() > 1000) {
            await timing.pause(Math.min(1000 * attempt, 5000));
        }
    }
}

export interface JournalRestore {
    restored: { entry: JournalEntry; detail: string }[];
    failed: { entry: JournalEntry; error: string }[];
    /** Entries of a drill that is still running, left alone. */
    skipped: JournalEntry[];
}

/** Finish every undo the journal holds; remove each entry once its undo succeeded. */
export async function restoreJournal(
    journal: Journal,
    clients: UndoClients,
    timing: UndoTiming,
): Promise<JournalRestore> {
    const result: JournalRestore = { restored: [], failed: [], skipped: [] };
    for (const entry of journal.entries()) {
        if (otherProcessAlive(entry.pid)) {
            result.skipped.push(entry);
            continue;
        }
        const outcome = await undoChange(entry.change, clients, timing);
        if (outcome.ok) {
            journal.remove(entry.id);
            result.restored.push({ entry, detail: outcome.detail });
        } else {
            result.failed.push({ entry, error: outcome.error });
        }
    }
    return result;
}
