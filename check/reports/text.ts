import { StackRecord } from "../engine/types";
import { budgetLines } from "./budget-text";
import { wrap } from "./wrap";
import {
    CheckResult,
    byPolicy,
    remediationOf,
    reportedOutputs,
    subjectOf,
    summarize,
} from "./model";

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

/** The readable report: per stack a short summary, then violations grouped by policy. */
export function textReport(result: CheckResult, palette: Palette = plainPalette): string {
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
    if (result.budget) {
        lines.push(...budgetLines(result.budget));
        lines.push("");
    }
    if (result.evaluation) {
        const { pack } = result.evaluation;
        for (const group of byPolicy(result)) {
            const level = group.violations[0].enforcementLevel;
            const tag = level === "mandatory" ? palette.red("mandatory") : palette.yellow(level);
            lines.push(
                `${palette.bold(group.policy)} [${tag}] ${group.violations.length} violation${group.violations.length === 1 ? "" : "s"}`,
            );
            for (const v of group.violations) {
                // A message may carry its own lines (a breakdown); wrap each, keep the breaks.
                const [first, ...rest] = v.message.split("\n");
                lines.push(...wrap(`- ${v.stack}: ${subjectOf(v)}: ${first}`, "  "));
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
        const s = summarize(result);
        const verdict =
            s.mandatory > 0
                ? palette.red(`FAIL: ${s.mandatory} mandatory, ${s.advisory} advisory violations`)
                : palette.green(`PASS: 0 mandatory, ${s.advisory} advisory violations`);
        lines.push(
            `${verdict} (policy pack ${pack.name}@${pack.version}, ${pack.policies.length} policies).`,
        );
    }
    const total = result.records.reduce((n, r) => n + r.resources.length, 0);
    lines.push(
        `${result.records.length} stack${result.records.length === 1 ? "" : "s"}, ${total} resources.`,
    );
    return lines.join("\n") + "\n";
}
