/**
 * `drill --plan`: run the deployment's ARC Region switch plan the way an outage would, from the
 * Region it activates; measure the real RTO from the start of the execution to DNS answering from
 * that Region; compare it with the failover budget; then always fail back with the plan's other
 * activation workflow, or leave the exact command that does.
 *
 * Nothing here calls the Region being left: the plan executes in the Region it activates, and
 * DNS is observed with an ordinary resolver, not Route 53's API.
 */
import {
    ExecutionMode,
    GetPlanExecutionResponse,
    RegionSwitchError,
    finishedStates,
    successStates,
} from "./region-switch-api";

/** What the plan drill acts on, from the global stack's `regionSwitchPlans` output. */
export interface PlanDrillTarget {
    planArn: string;
    /** The Region to activate (a secondary). */
    activateRegion: string;
    /** The Region to fail back to afterwards (the primary). */
    failbackRegion: string;
    /** The name users resolve. */
    domain: string;
    /** Host name of the activated Region's load balancer, whose addresses mark that Region. */
    activateTarget: string;
}

export interface PlanDrillOptions {
    mode: ExecutionMode;
    /** Give up waiting for the execution and DNS after this long. */
    timeoutSeconds: number;
    intervalSeconds: number;
    /** Approve the plan's manual approval steps as they come (the operator ran the drill). */
    approve: boolean;
    /** What the failover budget expects, and where that figure comes from. */
    expected?: { seconds: number; source: string };
    /** Deadline of the failback execution, seconds. */
    failbackTimeoutSeconds: number;
}

/** The subset of the Region switch client the drill uses (tests pass a fake). */
export interface PlanApi {
    startPlanExecution(req: {
        planArn: string;
        targetRegion: string;
        action: "activate";
        mode: ExecutionMode;
        comment: string;
    }): Promise<{ executionId: string }>;
    getPlanExecution(req: {
        planArn: string;
        executionId: string;
    }): Promise<GetPlanExecutionResponse>;
    cancelPlanExecution(req: {
        planArn: string;
        executionId: string;
        comment: string;
    }): Promise<unknown>;
    approvePlanExecutionStep(req: {
        planArn: string;
        executionId: string;
        stepName: string;
        approval: "approve";
        comment: string;
    }): Promise<unknown>;
}

export interface PlanDrillDeps {
    /** A client whose calls go to `region`. */
    api(region: string): PlanApi;
    /** Whether `domain` now resolves to the activated Region's addresses. */
    answersFrom(domain: string, target: string): Promise<boolean>;
    now(): number;
    sleep(ms: number, signal: AbortSignal): Promise<void>;
    log(line: string): void;
    /** Records what is in flight and how to undo it; `undefined` clears it. */
    journal(entry: PlanJournal | undefined): void;
}

/** What a killed drill leaves behind: the execution in flight and the commands that undo it. */
export interface PlanJournal {
    planArn: string;
    executionId?: string;
    activateRegion: string;
    failbackRegion: string;
    /** Run these, in order, to put the deployment back. */
    undo: string[];
}

export interface PlanDrillResult {
    /** Seconds from StartPlanExecution to DNS answering from the activated Region. */
    measuredSeconds?: number;
    executionState: string;
    steps: { name: string; status: string; seconds?: number }[];
    expected?: { seconds: number; source: string };
    withinBudget?: boolean;
    failback: "done" | "left";
    /** Non-empty when the failback did not finish: the exact commands to run. */
    undo: string[];
}

/** The AWS CLI command that fails back (also what the journal says). */
export function failbackCommand(target: PlanDrillTarget): string {
    return [
        "aws arc-region-switch start-plan-execution",
        `--region ${target.failbackRegion}`,
        `--plan-arn ${target.planArn}`,
        `--target-region ${target.failbackRegion}`,
        "--action activate --mode graceful",
    ].join(" ");
}

export function cancelCommand(target: PlanDrillTarget, executionId: string): string {
    return [
        "aws arc-region-switch cancel-plan-execution",
        `--region ${target.activateRegion}`,
        `--plan-arn ${target.planArn}`,
        `--execution-id ${executionId}`,
    ].join(" ");
}

/**
 * Run the drill. `signal` aborts the failover part (a SIGINT/SIGTERM/SIGHUP handler aborts it);
 * the failback then runs anyway, under its own deadline.
 */
export async function runPlanDrill(
    target: PlanDrillTarget,
    options: PlanDrillOptions,
    deps: PlanDrillDeps,
    signal: AbortSignal,
): Promise<PlanDrillResult> {
    const journal: PlanJournal = {
        planArn: target.planArn,
        activateRegion: target.activateRegion,
        failbackRegion: target.failbackRegion,
        undo: [failbackCommand(target)],
    };
    // Written before anything changes: a drill killed from here on leaves its undo behind.
    deps.journal(journal);
    const started = deps.now();
    let executionId: string | undefined;
    const progress: Progress = {};
    try {
        const api = deps.api(target.activateRegion);
        executionId = (
            await orAbort(
                api.startPlanExecution({
                    planArn: target.planArn,
                    targetRegion: target.activateRegion,
                    action: "activate",
                    mode: options.mode,
                    comment: "multi-region-failover drill",
                }),
                signal,
            )
        ).executionId;
        journal.executionId = executionId;
        journal.undo = [cancelCommand(target, executionId), failbackCommand(target)];
        deps.journal(journal);
        deps.log(
            `started execution ${executionId} of ${target.planArn} in ${target.activateRegion}`,
        );
        await follow(target, options, deps, signal, api, executionId, started, progress);
    } catch (err) {
        deps.log(`failover part stopped: ${(err as Error).message}`);
        const state = progress.state;
        if (executionId && !(state && finishedStates.includes(state.executionState))) {
            await cancelQuietly(deps, target, executionId);
        }
    }
    const failedBack = await failback(target, options, deps);
    if (failedBack) {
        deps.journal(undefined);
    }
    const expected = options.expected;
    const { state, measuredSeconds } = progress;
    return {
        measuredSeconds,
        executionState: state?.executionState ?? "not started",
        steps: stepTimeline(state),
        expected,
        withinBudget:
            expected && measuredSeconds !== undefined
                ? measuredSeconds <= expected.seconds
                : undefined,
        failback: failedBack ? "done" : "left",
        undo: failedBack ? [] : journal.undo,
    };
}

/**
 * `work`, or a rejection the moment `signal` aborts: a signal during a hung call stops the
 * failover part at once (the call's own deadline is 20 s, longer than a CI runner waits before
 * SIGKILL), and the cancel and failback take over.
 */
export function orAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
    // The reason as the abortable sleeps report it: an Error as is, a signal name explained.
    const aborted = () =>
        signal.reason instanceof Error
            ? signal.reason
            : new Error(`interrupted (${String(signal.reason)})`);
    if (signal.aborted) {
        return Promise.reject(aborted());
    }
    return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(aborted());
        signal.addEventListener("abort", onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
}

/** What the follower has seen so far; kept when it throws. */
interface Progress {
    state?: GetPlanExecutionResponse;
    measuredSeconds?: number;
}

/** Poll the execution and DNS until both say the Region is active, or the deadline passes. */
async function follow(
    target: PlanDrillTarget,
    options: PlanDrillOptions,
    deps: PlanDrillDeps,
    signal: AbortSignal,
    api: PlanApi,
    executionId: string,
    started: number,
    progress: Progress,
): Promise<void> {
    const deadline = started + options.timeoutSeconds * 1000;
    const approved = new Set<string>();
    for (;;) {
        signal.throwIfAborted();
        const state = await orAbort(
            api.getPlanExecution({ planArn: target.planArn, executionId }),
            signal,
        );
        progress.state = state;
        if (options.approve) {
            await approveWaitingSteps(api, target.planArn, executionId, state, {
                approved,
                log: deps.log,
            });
        }
        if (
            progress.measuredSeconds === undefined &&
            (await orAbort(deps.answersFrom(target.domain, target.activateTarget), signal))
        ) {
            progress.measuredSeconds = Math.round((deps.now() - started) / 1000);
            deps.log(
                `${target.domain} answers from ${target.activateRegion} after ${progress.measuredSeconds} s`,
            );
        }
        if (finishedStates.includes(state.executionState)) {
            if (!successStates.includes(state.executionState)) {
                throw new RegionSwitchError(
                    `execution ${executionId} ended ${state.executionState}${failedStep(state)}`,
                    state.executionState,
                );
            }
            if (progress.measuredSeconds !== undefined) {
                return;
            }
        }
        if (deps.now() >= deadline) {
            throw new RegionSwitchError(
                `execution ${executionId} is ${state.executionState} and ${target.domain} does not answer from ${target.activateRegion} after ${options.timeoutSeconds} s`,
                "Timeout",
            );
        }
        await deps.sleep(options.intervalSeconds * 1000, signal);
    }
}

/**
 * Approve each step of an execution that waits for a manual approval (the operator who ran the
 * drill approves them), once: a step already in `once.approved` is skipped, since a step that
 * was approved and is still reported waiting (the next poll came first) must not be approved
 * twice. Each approval is added to it and logged.
 */
async function approveWaitingSteps(
    api: PlanApi,
    planArn: string,
    executionId: string,
    state: GetPlanExecutionResponse,
    once: { approved: Set<string>; log(line: string): void },
): Promise<void> {
    if (state.executionState !== "pendingManualApproval") {
        return;
    }
    for (const step of state.stepStates ?? []) {
        if (step.status !== "pendingApproval" || !step.name || once.approved.has(step.name)) {
            continue;
        }
        once.approved.add(step.name);
        await api.approvePlanExecutionStep({
            planArn,
            executionId,
            stepName: step.name,
            approval: "approve",
            comment: "approved by the drill's operator",
        });
        once.log(`approved step ${step.name}`);
    }
}

function failedStep(state: GetPlanExecutionResponse): string {
    const failed = (state.stepStates ?? []).find((s) => s.status === "failed");
    return failed?.name ? ` (step ${failed.name} failed)` : "";
}

async function cancelQuietly(deps: PlanDrillDeps, target: PlanDrillTarget, executionId: string) {
    try {
        await deps.api(target.activateRegion).cancelPlanExecution({
            planArn: target.planArn,
            executionId,
            comment: "drill interrupted",
        });
        deps.log(`canceled execution ${executionId}`);
    } catch (err) {
        deps.log(`could not cancel execution ${executionId}: ${(err as Error).message}`);
    }
}

/** Activate the original Region again, gracefully; true when that execution completed. */
async function failback(
    target: PlanDrillTarget,
    options: PlanDrillOptions,
    deps: PlanDrillDeps,
): Promise<boolean> {
    // The failover's abort signal must not stop the failback: it gets its own deadline.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.failbackTimeoutSeconds * 1000);
    try {
        const api = deps.api(target.failbackRegion);
        const { executionId } = await orAbort(
            api.startPlanExecution({
                planArn: target.planArn,
                targetRegion: target.failbackRegion,
                action: "activate",
                mode: "graceful",
                comment: "multi-region-failover drill: fail back",
            }),
            controller.signal,
        );
        deps.log(`failing back: execution ${executionId} in ${target.failbackRegion}`);
        const deadline = deps.now() + options.failbackTimeoutSeconds * 1000;
        const approved = new Set<string>();
        for (;;) {
            // A hung call ends at the failback's deadline, not at the call's own timeout.
            const state = await orAbort(
                api.getPlanExecution({ planArn: target.planArn, executionId }),
                controller.signal,
            );
            if (options.approve) {
                await approveWaitingSteps(api, target.planArn, executionId, state, {
                    approved,
                    log: deps.log,
                });
            }
            if (finishedStates.includes(state.executionState)) {
                const ok = successStates.includes(state.executionState);
                deps.log(`failback execution ${executionId} ended ${state.executionState}`);
                return ok;
            }
            if (deps.now() >= deadline) {
                deps.log(
                    `failback execution ${executionId} still ${state.executionState} at its deadline`,
                );
                return false;
            }
            await deps.sleep(options.intervalSeconds * 1000, controller.signal);
        }
    } catch (err) {
        deps.log(`failback did not finish: ${(err as Error).message}`);
        return false;
    } finally {
        clearTimeout(timer);
    }
}

function stepTimeline(state: GetPlanExecutionResponse | undefined) {
    return (state?.stepStates ?? []).map((s) => ({
        name: s.name ?? "?",
        status: s.status ?? "?",
        ...(s.startTime !== undefined && s.endTime !== undefined
            ? { seconds: Math.round(s.endTime - s.startTime) }
            : {}),
    }));
}
