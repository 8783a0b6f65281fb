import { StackRecord } from "../engine/types";
import { budgetLines } from "./budget-text";
import { wrap } from "./wrap";
import {
    CheckResult,
    byPolicy,
    invokeTemplate,
    oneLineOf,
    placeOf,
    problemText,
    remediationOf,
    reportedOutputs,
    sourceOf,
    subjectOf,
    verdictLine,
    verdictOf,
    objectivesOutsideVerdict,
} from "./model";
import { unusedWarning } from "../suppress";

/** Resource counts by type, most common first, then by name. */
export function countByType(record: StackRecord): [string, number][] {
    const counts = new Map<string, number>();
    for (const r of record.resources) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function formatValue(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return text.length > 72 ? `${text.slice(0, 69)}...` : text;
}

/** ANSI colours, or none when the output is not a terminal. */
export interface Palette {
    red(s: string): string;
    yellow(s: string): string;
    green(s: string): string;
    bold(s: string): string;
}

export const plainPalette: Palette = {
    red: (s) => s,
    yellow: (s) => s,
    green: (s) => s,
    bold: (s) => s,
};
export const ansiPalette: Palette = {
    red: (s) => `\u001b[31m${s}\u001b[39m`,
    yellow: (s) => `\u001b[33m${s}\u001b[39m`,
    green: (s) => `\u001b[32m${s}\u001b[39m`,
    bold: (s) => `\u001b[1m${s}\u001b[22m`,
};

/** What the text report includes beyond the verdict, the problems and the violations. */
export interface TextOptions {
    /** Each stack's resource types and outputs, the cost table and its price sources. */
    verbose?: boolean;
}

/**
 * The readable report. It leads with the verdict, then what the deployment would fail on (the
 * problems, exit 2), the violations by policy with where the program builds each resource, the
 * suppressed ones with their reasons, and the failover estimate; `verbose` adds each stack's
 * resource types, the cost table and its sources (the JSON report always has everything).
 */
export function textReport(
    result: CheckResult,
    palette: Palette = plainPalette,
    options: TextOptions = {},
): string {
    const lines: string[] = [];
    const verdict = verdictOf(result);
    const colour =
        verdict === "pass" ? palette.green : verdict === "fail" ? palette.red : palette.red;
    const total = result.records.reduce((n, r) => n + r.resources.length, 0);
    const pack = result.evaluation?.pack;
    lines.push(
        palette.bold(colour(`${verdictLine(result)}.`)),
        `${result.records.length} stack${result.records.length === 1 ? "" : "s"}, ${total} resources` +
            (pack
                ? `; policy pack ${pack.name}@${pack.version}, ${pack.policies.length} policies`
                : "") +
            ".",
        "",
    );
    lines.push(...problemSection(result, palette));
    lines.push(...violationSection(result, palette));
    lines.push(...suppressedSection(result));
    if (options.verbose) {
        lines.push(...stackSection(result, palette));
    } else if (result.records.length > 0) {
        lines.push(
            ...wrap(
                `Stacks: ${result.records.map((r) => `${r.stack} (${r.region}, ${r.resources.length} resources)`).join(", ")}.`,
                "  ",
            ),
            "",
        );
    }
    if (result.budget) {
        lines.push(
            ...budgetLines(result.budget, {
                cost: options.verbose === true,
                outsideVerdict: objectivesOutsideVerdict(result),
            }),
        );
        lines.push("");
    }
    if (!options.verbose) {
        lines.push("--verbose adds each stack's resources, the cost table and its price sources.");
    }
    return lines.join("\n") + "\n";
}

function problemSection(result: CheckResult, palette: Palette): string[] {
    const problems = result.problems ?? [];
    if (problems.length === 0) {
        return [];
    }
    const lines = [
        `${palette.bold("Problems")} [${palette.red("the deployment would fail")}] ${problems.length}`,
    ];
    for (const p of problems) {
        const where = placeOf(p.source);
        lines.push(
            ...wrap(
                `- ${p.stack ? `${p.stack}: ` : ""}${where ? `${where}: ` : ""}${oneLineOf(problemText(p))}`,
                "  ",
            ),
        );
    }
    const template = invokeTemplate(problems);
    if (Object.keys(template).length > 0) {
        lines.push(
            ...wrap(
                `fix: fill in each result and pass the file with --invoke-fixture FILE: ${JSON.stringify(template)}`,
                "  ",
            ),
        );
    }
    lines.push("");
    return lines;
}

function violationSection(result: CheckResult, palette: Palette): string[] {
    const lines: string[] = [];
    for (const group of byPolicy(result)) {
        const level = group.violations[0].enforcementLevel;
        const tag = level === "mandatory" ? palette.red("mandatory") : palette.yellow(level);
        lines.push(
            `${palette.bold(group.policy)} [${tag}] ${group.violations.length} violation${group.violations.length === 1 ? "" : "s"}`,
        );
        for (const v of group.violations) {
            const where = placeOf(sourceOf(result, v.stack, v.urn));
            // A message may carry its own lines (a breakdown); wrap each, keep the breaks.
            const [first, ...rest] = v.message.split("\n");
            lines.push(
                ...wrap(
                    `- ${v.stack}: ${where ? `${where}: ` : ""}${subjectOf(v)}: ${first}`,
                    "  ",
                ),
            );
            for (const line of rest) {
                lines.push(...wrap(line.trim(), "      "));
            }
        }
        const fix = remediationOf(result, group.policy);
        if (fix) {
            lines.push(...wrap(`fix: ${fix}`, "  "));
        }
        lines.push("");
    }
    return lines;
}

function suppressedSection(result: CheckResult): string[] {
    const suppressed = result.suppressed ?? [];
    const unused = result.unusedSuppressions ?? [];
    if (suppressed.length === 0 && unused.length === 0) {
        return [];
    }
    const lines: string[] = [];
    if (suppressed.length > 0) {
        lines.push(`Suppressed (not in the verdict) ${suppressed.length}`);
        for (const { violation: v, reason } of suppressed) {
            const where = placeOf(sourceOf(result, v.stack, v.urn));
            lines.push(
                ...wrap(
                    `- ${v.policy}: ${v.stack}: ${where ? `${where}: ` : ""}${subjectOf(v)}: suppressed: ${reason}`,
                    "  ",
                ),
            );
        }
    }
    for (const s of unused) {
        lines.push(...wrap(unusedWarning(s), "  "));
    }
    lines.push("");
    return lines;
}

function stackSection(result: CheckResult, palette: Palette): string[] {
    const lines: string[] = [];
    for (const record of result.records) {
        const types = countByType(record);
        lines.push(
            palette.bold(`Stack ${record.stack}`) +
                ` (role ${record.role ?? "-"}, region ${record.region}): ${record.resources.length} resources, ${types.length} types`,
        );
        for (const [type, count] of types) {
            lines.push(`  ${String(count).padStart(4)}  ${type}`);
        }
        const outputs = Object.entries(reportedOutputs(record));
        if (outputs.length > 0) {
            lines.push("  outputs:");
            for (const [key, value] of outputs) {
                lines.push(`    ${key}: ${formatValue(value)}`);
            }
        }
        lines.push("");
    }
    return lines;
}
