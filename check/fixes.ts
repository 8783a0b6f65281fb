/**
 * Every fix the check prints is re-checked against the engine's AWS input rules first (issue 26):
 * a fix that would lead straight into a refusal (an input `pulumi up` would fail on) is withheld,
 * from the budget's fixes and from the `failover-objectives` violation that lists them.
 *
 * A fix's changes to a resource's props are applied to a copy of the recorded resource, and the
 * copy is checked with `checkConstraints`, seeing every other resource of the run as it is. A
 * refusal the resource already had before the change is not the fix's doing and does not withhold
 * it. Changes to a stack's exported capacity (a config change, not a resource's input) have no
 * input rule to break; they pass.
 */
import { Fix } from "../policies/budget";
import { RunBudget } from "./budget";
import { checkConstraints } from "./engine/constraints";
import { RecordedResource, StackRecord } from "./engine/types";

/** A fix the engine would refuse, and why (one line per rule the change breaks). */
export interface WithheldFix {
    fix: Fix;
    refusals: string[];
}

/** The resources a fix changes, with the change applied: the recorded resource, then the copy. */
function changedResources(
    fix: Fix,
    resources: readonly RecordedResource[],
): { before: RecordedResource; after: RecordedResource }[] {
    const out: { before: RecordedResource; after: RecordedResource }[] = [];
    for (const change of fix.changes) {
        if (!("resource" in change)) {
            continue;
        }
        for (const before of resources.filter(
            (r) => r.name === change.resource && (change.stack ?? r.stack) === r.stack,
        )) {
            const previous = out.find((c) => c.before === before);
            if (previous) {
                previous.after = {
                    ...previous.after,
                    inputs: { ...previous.after.inputs, ...change.set },
                };
            } else {
                out.push({
                    before,
                    after: { ...before, inputs: { ...before.inputs, ...change.set } },
                });
            }
        }
    }
    return out;
}

/** What the engine would refuse in `fix` that it did not refuse before it: empty when it may be printed. */
export function fixRefusals(fix: Fix, resources: readonly RecordedResource[]): string[] {
    const changed = changedResources(fix, resources);
    if (changed.length === 0) {
        return [];
    }
    const after = resources.map((r) => changed.find((c) => c.before === r)?.after ?? r);
    const refusals: string[] = [];
    for (const { before, after: resource } of changed) {
        const was = new Set(checkConstraints([before], resources).map((v) => v.message));
        for (const v of checkConstraints([resource], after)) {
            if (!was.has(v.message)) {
                refusals.push(`${v.type} "${v.name}": ${v.message}`);
            }
        }
    }
    return refusals;
}

/** `fixes` split into those the engine accepts (in their order) and those it would refuse. */
export function recheckFixes(
    fixes: readonly Fix[],
    resources: readonly RecordedResource[],
): { offered: Fix[]; withheld: WithheldFix[] } {
    const offered: Fix[] = [];
    const withheld: WithheldFix[] = [];
    for (const fix of fixes) {
        const refusals = fixRefusals(fix, resources);
        if (refusals.length === 0) {
            offered.push(fix);
        } else {
            withheld.push({ fix, refusals });
        }
    }
    return { offered, withheld };
}

/**
 * A violation message without the lines that offer a withheld fix: the pack lists its fixes as
 * `  - <fix text> Estimate after it: ...` (policies/rules/failover-objectives.ts); a list left
 * empty loses its heading too.
 */
export function withoutWithheld(message: string, withheld: readonly WithheldFix[]): string {
    if (withheld.length === 0) {
        return message;
    }
    const lines = message
        .split("\n")
        .filter((line) => !withheld.some((w) => line.startsWith(`  - ${w.fix.text} `)));
    const heading = lines.findIndex((l) => l.startsWith("Fixes for this design"));
    if (heading >= 0 && !(lines[heading + 1] ?? "").startsWith("  - ")) {
        lines.splice(heading, 1);
    }
    return lines.join("\n");
}

/**
 * The run's budget and violations with every fix re-checked: withheld fixes leave the budget's
 * list and the violations that list them; the budget's `withheldFixes` say which and why.
 */
export function withRecheckedFixes<V extends { policy: string; message: string }>(
    budget: RunBudget,
    records: readonly StackRecord[],
    violations: readonly V[],
): { budget: RunBudget; violations: V[] } {
    const resources = records.flatMap((r) => r.resources);
    const { offered, withheld } = recheckFixes(budget.failover.fixes, resources);
    if (withheld.length === 0) {
        return { budget, violations: [...violations] };
    }
    return {
        budget: {
            ...budget,
            failover: { ...budget.failover, fixes: offered },
            withheldFixes: withheld.map((w) => ({ text: w.fix.text, refusals: w.refusals })),
        },
        violations: violations.map((v) =>
            v.policy === "failover-objectives"
                ? { ...v, message: withoutWithheld(v.message, withheld) }
                : v,
        ),
    };
}
