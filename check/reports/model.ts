import { PackEvaluation, Violation } from "../analyzer/evaluate";
import { RunBudget } from "../budget";
import { StackRecord } from "../engine/types";

/** Everything a report can show about one check run. */
export interface CheckResult {
    /** Folder of the program that was checked. */
    projectDir: string;
    records: StackRecord[];
    /** The policy pack's verdict, when a pack was evaluated. */
    evaluation?: PackEvaluation;
    /** Estimated RTO, RPO and monthly cost. */
    budget?: RunBudget;
}

/** Violations of one stack. */
export function violationsOf(result: CheckResult, stack: string): Violation[] {
    return (result.evaluation?.violations ?? []).filter((v) => v.stack === stack);
}

/** Totals across the run. */
export function summarize(result: CheckResult): {
    resources: number;
    mandatory: number;
    advisory: number;
} {
    const violations = result.evaluation?.violations ?? [];
    return {
        resources: result.records.reduce((n, r) => n + r.resources.length, 0),
        mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
    };
}

/** Violations grouped by policy, in the pack's policy order. */
export function byPolicy(result: CheckResult): { policy: string; violations: Violation[] }[] {
    const order = (result.evaluation?.pack.policies ?? []).map((p) => p.name);
    const groups = new Map<string, Violation[]>();
    for (const v of result.evaluation?.violations ?? []) {
        groups.set(v.policy, [...(groups.get(v.policy) ?? []), v]);
    }
    return [...groups.entries()]
        .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
        .map(([policy, violations]) => ({ policy, violations }));
}

/** The pack's remediation text for a policy. */
export function remediationOf(result: CheckResult, policy: string): string {
    return result.evaluation?.pack.policies.find((p) => p.name === policy)?.remediationSteps ?? "";
}

/** A short name for where a violation is: the resource's logical name and type, or the stack. */
export function subjectOf(v: Violation): string {
    return v.resourceName ? `${v.resourceName} (${v.resourceType})` : `stack ${v.stack}`;
}

/**
 * A stack's outputs as every report prints them: secret values "[secret]", as `pulumi stack
 * output` shows them (the record's `outputs` keep the values, which StackReferences read).
 */
export function reportedOutputs(record: StackRecord): Record<string, unknown> {
    return record.maskedOutputs ?? record.outputs;
}
