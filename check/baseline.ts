/**
 * `check --baseline previous.json`: compares this run with a recorded JSON report and fails when
 * a stateful resource would be deleted (its URN is gone) or replaced (an input that forces
 * replacement changed), since either loses its data.
 */
import * as fs from "fs";
import { UsageError } from "../cli/args";
import { StackRecord } from "./engine/types";
import { kindOf, replaceTriggers } from "../project/stateful";

/** A resource as the JSON report records it. */
interface BaselineResource {
    urn: string;
    type: string;
    name: string;
    protect?: boolean;
    inputs?: Record<string, unknown>;
}

/** The parts of a recorded `--format json` report the comparison reads. */
export interface Baseline {
    stacks: { stack: string; resources: BaselineResource[] }[];
}

/** One stateful resource the change would lose. */
export interface BaselineFinding {
    stack: string;
    urn: string;
    type: string;
    name: string;
    kind: string;
    protect: boolean;
    change: "deleted" | "replaced";
    /** For a replacement: the input that forces it, with its old and new values. */
    input?: { name: string; before: unknown; after: unknown };
}

/** Read a report written by `check --format json`. */
export function readBaseline(file: string): Baseline {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new UsageError(`--baseline ${file}: ${(err as Error).message.split("\n")[0]}`);
    }
    const stacks = (doc as { stacks?: unknown })?.stacks;
    if (
        !Array.isArray(stacks) ||
        !stacks.every((s) => typeof s?.stack === "string" && Array.isArray(s?.resources))
    ) {
        throw new UsageError(
            `--baseline ${file}: not a report of check --format json (no "stacks" with "resources")`,
        );
    }
    return doc as Baseline;
}

/**
 * Stateful (or protected) resources of the baseline that this run deletes or replaces. Only the
 * stacks this run checked are compared: a stack left out is not deleted.
 */
export function baselineFindings(
    baseline: Baseline,
    records: readonly StackRecord[],
): BaselineFinding[] {
    const findings: BaselineFinding[] = [];
    for (const before of baseline.stacks) {
        const record = records.find((r) => r.stack === before.stack);
        if (!record) {
            continue;
        }
        const now = new Map(record.resources.map((r) => [r.urn, r]));
        for (const old of before.resources) {
            const protect = old.protect === true;
            const kind = kindOf(old.type, protect);
            if (!kind) {
                continue;
            }
            const base = {
                stack: before.stack,
                urn: old.urn,
                type: old.type,
                name: old.name,
                kind,
                protect,
            };
            const current = now.get(old.urn);
            if (!current) {
                findings.push({ ...base, change: "deleted" });
                continue;
            }
            for (const input of replaceTriggers[old.type] ?? []) {
                const was = old.inputs?.[input];
                const is = current.inputs[input];
                if (JSON.stringify(was) !== JSON.stringify(is)) {
                    findings.push({
                        ...base,
                        change: "replaced",
                        input: { name: input, before: was ?? null, after: is ?? null },
                    });
                    break;
                }
            }
        }
    }
    return findings;
}

/** One line per finding, and how to make the change on purpose. */
export function formatBaselineFindings(findings: readonly BaselineFinding[], file: string): string {
    const lines = findings.map((f) => {
        const why =
            f.change === "deleted"
                ? "would be deleted (its URN is gone)"
                : `would be replaced (${f.input!.name} ${JSON.stringify(f.input!.before)} -> ${JSON.stringify(f.input!.after)} forces a new resource)`;
        return `data loss: stack ${f.stack}: ${f.kind} ${f.name} (${f.type})${f.protect ? ", protected," : ""} ${why}; its data goes with it. URN ${f.urn}`;
    });
    lines.push(
        `To remove or replace it on purpose: back up or migrate the data, ${findings.some((f) => f.protect) ? "unprotect it (protect: false, or `pulumi state unprotect '<URN>'`), " : ""}` +
            `then record a new baseline (check --format json --out ${file}) once the change is agreed, and deploy with --allow-delete NAME.`,
    );
    return lines.join("\n") + "\n";
}
