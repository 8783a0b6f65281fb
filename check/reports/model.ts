import { PackEvaluation, Violation } from "../analyzer/evaluate";
import { hasRoutingLayer } from "../../policies/budget/routing";
import { invokedAs } from "../../cli/args";
import { RunBudget } from "../budget";
import { RunProblem, SourceLocation, StackRecord } from "../engine/types";
import { Suppressed, Suppression } from "../suppress";

/** Everything a report can show about one check run. */
export interface CheckResult {
    /** Folder of the program that was checked. */
    projectDir: string;
    records: StackRecord[];
    /** What the deployment would fail on (exit 2), every one of the run. */
    problems?: RunProblem[];
    /** Violations a suppression with a reason took out of the verdict; still reported. */
    suppressed?: Suppressed[];
    /** Suppressions that matched no violation (a warning: stale or misspelt). */
    unusedSuppressions?: Suppression[];
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

/** The verdict of a run: a problem (exit 2) outranks a mandatory violation (exit 1). */
export function verdictOf(result: CheckResult): "error" | "fail" | "pass" {
    if ((result.problems ?? []).length > 0) {
        return "error";
    }
    return summarize(result).mandatory > 0 ? "fail" : "pass";
}

/** The one-line verdict every report leads with. */
export function verdictLine(result: CheckResult): string {
    const s = summarize(result);
    const problems = (result.problems ?? []).length;
    const suppressed = (result.suppressed ?? []).length;
    const counts = `${s.mandatory} mandatory, ${s.advisory} advisory violation${s.mandatory + s.advisory === 1 ? "" : "s"}${suppressed > 0 ? `, ${suppressed} suppressed` : ""}`;
    switch (verdictOf(result)) {
        case "error":
            return `ERROR: ${problems} problem${problems === 1 ? "" : "s"} the deployment would fail on; ${counts}`;
        case "fail":
            return `FAIL: ${counts}`;
        default:
            return `PASS: ${counts}`;
    }
}

/** Where a resource of a stack is constructed, when the engine saw it. */
export function sourceOf(
    result: CheckResult,
    stack: string,
    urn: string,
): SourceLocation | undefined {
    return result.records.find((r) => r.stack === stack)?.resources.find((r) => r.urn === urn)
        ?.source;
}

/** `file:line` of a location, or the empty string. */
export function placeOf(source: SourceLocation | undefined): string {
    return source ? `${source.file}:${source.line}` : "";
}

/** A problem's subject: the resource, the invoke or the program. */
export function problemSubject(p: RunProblem): string {
    return p.kind === "input"
        ? `${p.name} (${p.type})`
        : p.kind === "invoke"
          ? `invoke ${p.token}`
          : "the program";
}

/** A problem as one line: its subject, unless the message already starts by naming it. */
export function problemText(p: RunProblem): string {
    const subject = problemSubject(p);
    return p.message.startsWith(subject) ? p.message : `${subject}: ${p.message}`;
}

/** `{"<token>": {}}` for every missing invoke: the --invoke-fixture file to fill in. */
export function invokeTemplate(problems: readonly RunProblem[]): Record<string, object> {
    return Object.fromEntries(
        problems.filter((p) => p.kind === "invoke").map((p) => [p.token!, {}]),
    );
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

/** The pack's remediation text for a policy, its commands as the user runs the check. */
export function remediationOf(result: CheckResult, policy: string): string {
    return asRun(
        result.evaluation?.pack.policies.find((p) => p.name === policy)?.remediationSteps ?? "",
    );
}

/**
 * `text` with the check's commands as the user ran it: the pack names them as this project's
 * start script (`npm start -- compare`), which a team that runs `npx multi-region-failover`
 * (or the bin itself) does not have.
 */
export function asRun(text: string, command: string = invokedAs()): string {
    return command === "npm start --" ? text : text.replace(/`npm start --(?= )/g, `\`${command}`);
}

/** A short name for where a violation is: the resource's logical name and type, or the stack. */
export function subjectOf(v: Violation): string {
    return v.resourceName ? `${v.resourceName} (${v.resourceType})` : `stack ${v.stack}`;
}

/**
 * The problems as stderr lines, one per stack and kind: the inputs AWS would refuse, the
 * invokes without an answer (with the fixture to fill in), the program's error.
 */
export function problemLines(problems: readonly RunProblem[]): string[] {
    const lines: string[] = [];
    const stacks = [...new Set(problems.map((p) => p.stack))];
    for (const stack of stacks) {
        const prefix = stack === "" ? "" : `stack ${stack}: `;
        const of = (kind: RunProblem["kind"]) =>
            problems.filter((p) => p.stack === stack && p.kind === kind);
        const inputs = of("input");
        if (inputs.length > 0) {
            lines.push(
                `${prefix}AWS would reject ${inputs.length} input${inputs.length === 1 ? "" : "s"}: ` +
                    inputs.map((p) => `- ${p.type} "${p.name}"${at(p)}: ${p.message}`).join(" "),
            );
        }
        const invokes = of("invoke");
        if (invokes.length === 1) {
            lines.push(`${prefix}${invokes[0].message}${at(invokes[0])}`);
        } else if (invokes.length > 1) {
            lines.push(
                `${prefix}${invokes.length} invokes have no offline answer: ${invokes.map((p) => `${p.token}${at(p)}`).join(", ")}; ` +
                    `supply them with --invoke-fixture FILE, starting from ${JSON.stringify(invokeTemplate(invokes))}`,
            );
        }
        for (const p of of("program")) {
            lines.push(`${prefix}${oneLineOf(p.message)}`);
        }
    }
    return lines;
}

function at(p: RunProblem): string {
    return p.source ? ` (${placeOf(p.source)})` : "";
}

/** A message that may list things on lines of their own, on one line. */
export function oneLineOf(text: string): string {
    return text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "")
        .join(" ");
}

/**
 * A stack's outputs as every report prints them: secret values "[secret]", as `pulumi stack
 * output` shows them (the record's `outputs` keep the values, which StackReferences read).
 */
export function reportedOutputs(record: StackRecord): Record<string, unknown> {
    return record.maskedOutputs ?? record.outputs;
}

/**
 * Why a missed objective is not in the verdict, or undefined when it is (or nothing is missed).
 * The verdict is the pack's: `failover-objectives` judges a deployment that routes users between
 * regions (or that runs compute in two regions with nothing routing them), so the budget's
 * estimate can miss an objective the verdict never counts. The report says so instead of a bare
 * "does NOT meet" beside a PASS.
 */
export function objectivesOutsideVerdict(result: CheckResult): string | undefined {
    if (result.budget?.failover.meetsObjectives !== false) {
        return undefined;
    }
    const policy = "failover-objectives";
    const judged = [
        ...(result.evaluation?.violations ?? []),
        ...(result.suppressed ?? []).map((s) => s.violation),
    ].some((v) => v.policy === policy);
    if (judged) {
        return undefined;
    }
    if (!result.evaluation?.pack.policies.some((p) => p.name === policy)) {
        return `the policy pack has no ${policy} policy, so the verdict does not count it`;
    }
    const resources = result.records.flatMap((r) => r.resources);
    if (!hasRoutingLayer(resources)) {
        return `nothing routes users between regions (no Route 53 record with a routing policy, Global Accelerator endpoint group or CloudFront origin group), and ${policy} judges only a deployment that does, so the verdict does not count it`;
    }
    return `${policy} did not find it (disabled in the policy config, or its view of the deployment meets them), so the verdict does not count it`;
}
