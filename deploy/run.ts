/**
 * Runs `preview` or `up` over the planned stacks in order, with the policy pack, streaming the
 * engine's output, and stops at the first failure.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { kindOf, nameOfUrn } from "../project/stateful";
import { PlannedStack } from "./plan";
import { commandAsRun } from "./invoked";
import {
    DeployableStack,
    OperationOptions,
    StackFactory,
    describeError,
    isPulumiCliMissing,
} from "./workspace";

export const deployCommands = ["preview", "up"] as const;
export type DeployCommand = (typeof deployCommands)[number];

/** What happened to one stack. */
export interface StackOutcome {
    stack: string;
    fullName: string;
    status: "succeeded" | "failed" | "not-started";
    /** Resource operation counts (`create`, `update`, `same`, ...), when the command succeeded. */
    changes?: Record<string, number>;
    /** Why it failed. */
    error?: string;
    /** The preview gate stopped it before anything was applied. */
    refused?: boolean;
}

/** The result of a deploy. */
export interface DeployResult {
    command: DeployCommand;
    outcomes: StackOutcome[];
    /** Whether the Pulumi CLI was missing (nothing could start). */
    cliMissing: boolean;
}

export interface DeployOptions {
    command: DeployCommand;
    plan: readonly PlannedStack[];
    /** Folder with `Pulumi.yaml`. */
    workDir: string;
    /** Absolute path of the policy pack folder. */
    policyPack: string;
    /** Absolute path of the policy config JSON, when given. */
    policyConfig?: string;
    factory: StackFactory;
    /** Receives progress text. */
    write: (text: string) => void;
    /** Names (or URNs) of stateful or protected resources `up` may delete or replace. */
    allowDelete?: readonly string[];
}

/** Engine steps that end a resource's data: it is deleted, or replaced by a new, empty one. */
const losingOps = ["delete", "replace", "create-replacement", "delete-replaced", "discard"];

/** A stateful or protected resource the preview deletes or replaces. */
export interface Loss {
    urn: string;
    type: string;
    op: string;
    kind: string;
}

/** The stateful or protected resources a preview's events delete or replace, once each. */
export function lossesOf(events: readonly EngineEvent[]): Loss[] {
    const losses = new Map<string, Loss>();
    for (const event of events) {
        const step = event.resourcePreEvent?.metadata;
        if (!step || !losingOps.includes(step.op)) {
            continue;
        }
        const kind = kindOf(step.type, step.old?.protect === true || step.new?.protect === true);
        if (kind && !losses.has(step.urn)) {
            losses.set(step.urn, { urn: step.urn, type: step.type, op: step.op, kind });
        }
    }
    return [...losses.values()];
}

/**
 * Preview before \`up\` and refuse when the preview loses data that was not allowed by name: the
 * error that stops the deploy, or undefined when \`up\` may go ahead.
 */
async function previewGate(
    stack: DeployableStack,
    operation: OperationOptions,
    allowDelete: readonly string[],
): Promise<string | undefined> {
    const events: EngineEvent[] = [];
    await stack.preview({ ...operation, onEvent: (e) => events.push(e) });
    const blocked = lossesOf(events).filter(
        (l) => !allowDelete.includes(nameOfUrn(l.urn)) && !allowDelete.includes(l.urn),
    );
    if (blocked.length === 0) {
        return undefined;
    }
    const what = blocked
        .map(
            (l) =>
                `${l.kind} ${nameOfUrn(l.urn)} (${l.type}): ${l.op === "delete" ? "delete" : "replace"}`,
        )
        .join("; ");
    return (
        `the preview would delete or replace ${what}; nothing was applied. ` +
        `If that is intended, back up the data and run again with ${blocked.map((l) => `--allow-delete ${nameOfUrn(l.urn)}`).join(" ")}`
    );
}

/** Prefix every complete line of a stack's output with its name, keeping partial lines. */
function lineWriter(stack: string, write: (text: string) => void) {
    let pending = "";
    return {
        push(chunk: string) {
            pending += chunk;
            const lines = pending.split("\n");
            pending = lines.pop() ?? "";
            for (const line of lines) {
                write(`[${stack}] ${line}\n`);
            }
        },
        flush() {
            if (pending !== "") {
                write(`[${stack}] ${pending}\n`);
                pending = "";
            }
        },
    };
}

export async function runDeploy(options: DeployOptions): Promise<DeployResult> {
    const outcomes: StackOutcome[] = options.plan.map((p) => ({
        stack: p.stack,
        fullName: p.fullName,
        status: "not-started",
    }));
    let cliMissing = false;
    for (const [index, planned] of options.plan.entries()) {
        const outcome = outcomes[index];
        const after =
            planned.dependsOn.length > 0 ? ` (after ${planned.dependsOn.join(", ")})` : "";
        options.write(`==> ${options.command} ${planned.fullName}${after}\n`);
        const out = lineWriter(planned.stack, options.write);
        const operation: OperationOptions = {
            policyPacks: [options.policyPack],
            ...(options.policyConfig ? { policyPackConfigs: [options.policyConfig] } : {}),
            onOutput: (chunk) => out.push(chunk),
        };
        try {
            const stack = await options.factory(planned.fullName, options.workDir);
            if (options.command === "up") {
                const refused = await previewGate(stack, operation, options.allowDelete ?? []);
                if (refused) {
                    outcome.status = "failed";
                    outcome.error = refused;
                    outcome.refused = true;
                    break;
                }
                const result = await stack.up(operation);
                outcome.changes = { ...(result.summary.resourceChanges ?? {}) };
            } else {
                const result = await stack.preview(operation);
                outcome.changes = { ...result.changeSummary };
            }
            outcome.status = "succeeded";
        } catch (err) {
            outcome.status = "failed";
            outcome.error = describeError(err);
            cliMissing = isPulumiCliMissing(err);
            break;
        } finally {
            out.flush();
        }
    }
    return { command: options.command, outcomes, cliMissing };
}

function changesText(changes: Record<string, number> | undefined): string {
    const parts = Object.entries(changes ?? {})
        .filter(([, n]) => n > 0)
        .map(([op, n]) => `${op} ${n}`);
    return parts.length > 0 ? parts.join(", ") : "no changes";
}

/** The summary printed at the end: each stack's outcome, then what was and was not applied. */
export function summarize(result: DeployResult): string {
    const width = Math.max(...result.outcomes.map((o) => o.stack.length), 5);
    const lines = [`\n${result.command} summary:`];
    for (const o of result.outcomes) {
        const detail =
            o.status === "succeeded"
                ? changesText(o.changes)
                : o.status === "failed"
                  ? o.error
                  : "";
        lines.push(`  ${o.stack.padEnd(width)}  ${o.status.padEnd(11)}  ${detail}`);
    }
    const done = result.outcomes.filter((o) => o.status === "succeeded").map((o) => o.stack);
    const failed = result.outcomes.find((o) => o.status === "failed");
    const notStarted = result.outcomes
        .filter((o) => o.status === "not-started")
        .map((o) => o.stack);
    const verb = result.command === "up" ? "applied" : "previewed";
    lines.push("");
    lines.push(`${verb}: ${done.length > 0 ? done.join(", ") : "none"}`);
    if (failed) {
        lines.push(
            `not ${verb}: ${[`${failed.stack} (failed)`, ...notStarted.map((s) => `${s} (not started)`)].join(", ")}`,
        );
        if (result.command === "up" && !result.cliMissing && !failed.refused) {
            lines.push(
                `${failed.stack} may be partly updated; fix the error and run \`${commandAsRun("deploy")} up\` again: stacks already applied update in place.`,
            );
        }
    }
    return lines.join("\n") + "\n";
}
