import { Violation } from "../analyzer/evaluate";
import { formatSeconds } from "../budget";
import { costMarkdown, fixesMarkdown } from "./budget-text";
import { mermaidDiagram } from "./mermaid";
import {
    CheckResult,
    byPolicy,
    invokeTemplate,
    placeOf,
    problemSubject,
    remediationOf,
    sourceOf,
    subjectOf,
    summarize,
    verdictLine,
    verdictOf,
    violationsOf,
    objectivesOutsideVerdict,
} from "./model";
import { unusedWarning } from "../suppress";

/**
 * The longest comment the report may be. GitHub refuses a comment body over 65,536 characters;
 * the rest is room for what a commenting action adds (a sticky comment's hidden marker).
 */
export const maxMarkdownChars = 65_000;

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * A violation's message for a table cell. The failover-objectives message carries the RTO
 * breakdown, which the failover budget section already shows as a table: it appears once.
 */
function messageCell(v: Violation, budgetShown: boolean): string {
    const at = v.message.indexOf("Breakdown:\n");
    if (budgetShown && at >= 0) {
        return cell(
            `${v.message.slice(0, at).trimEnd()} Breakdown: see the failover budget below.`,
        );
    }
    return cell(v.message);
}

/** What to leave out so that the comment fits. */
interface Cuts {
    diagram: boolean;
    /** At most this many rows per policy; undefined for all. */
    rowsPerPolicy?: number;
}

/** A pull-request comment: verdict, stacks, then violations grouped by policy. */
export function markdownReport(result: CheckResult, limit = maxMarkdownChars): string {
    const attempts: Cuts[] = [
        { diagram: false },
        { diagram: true },
        ...[50, 20, 5, 1, 0].map((rowsPerPolicy) => ({ diagram: true, rowsPerPolicy })),
    ];
    for (const cuts of attempts) {
        const text = render(result, cuts);
        if (text.length <= limit) {
            return text;
        }
    }
    // Only the stack table and the budget remain; a run with that many stacks is cut by lines.
    const text = render(result, { diagram: true, rowsPerPolicy: 0 });
    const note = `\n\n**Cut:** the comment was cut at ${limit} characters (GitHub's limit is 65,536); the JSON or SARIF report has everything.\n`;
    const kept = text.slice(0, limit - note.length);
    return kept.slice(0, kept.lastIndexOf("\n")) + note;
}

function render(result: CheckResult, cuts: Cuts): string {
    const s = summarize(result);
    const lines: string[] = [];
    const verdict = {
        error: "⛔ Failover check: the deployment would fail",
        fail: "❌ Failover check failed",
        pass: "✅ Failover check passed",
    }[verdictOf(result)];
    lines.push(`## ${verdict}`, "");
    lines.push(
        `${verdictLine(result)} across ${result.records.length} stacks and ${s.resources} resources.`,
        "",
    );
    lines.push(...problemsMarkdown(result));
    lines.push(
        "| Stack | Role | Region | Resources | Mandatory | Advisory |",
        "|---|---|---|---:|---:|---:|",
    );
    for (const r of result.records) {
        const v = violationsOf(result, r.stack);
        lines.push(
            `| ${r.stack} | ${r.role ?? "-"} | ${r.region} | ${r.resources.length} | ${v.filter((x) => x.enforcementLevel === "mandatory").length} | ${v.filter((x) => x.enforcementLevel === "advisory").length} |`,
        );
    }
    lines.push("");
    let rowsCut = 0;
    for (const group of byPolicy(result)) {
        lines.push(
            `### \`${group.policy}\` (${group.violations[0].enforcementLevel}, ${group.violations.length})`,
            "",
        );
        const fix = remediationOf(result, group.policy);
        if (fix) {
            lines.push(`**Fix:** ${cell(fix)}`, "");
        }
        const shown = group.violations.slice(0, cuts.rowsPerPolicy ?? group.violations.length);
        if (shown.length > 0) {
            lines.push("| Stack | Resource | Violation | Where |", "|---|---|---|---|");
            for (const v of shown) {
                lines.push(
                    `| ${v.stack} | ${cell(subjectOf(v))} | ${messageCell(v, result.budget !== undefined)} | ${placeOf(sourceOf(result, v.stack, v.urn)) || "-"} |`,
                );
            }
        }
        const hidden = group.violations.length - shown.length;
        if (hidden > 0) {
            rowsCut += hidden;
            lines.push("", `… and ${hidden} more \`${group.policy}\` violations, not shown.`);
        }
        lines.push("");
    }
    lines.push(...suppressedMarkdown(result));
    lines.push(...budgetSection(result));
    if (!cuts.diagram) {
        lines.push(
            "<details><summary>Architecture</summary>",
            "",
            "```mermaid",
            mermaidDiagram(result.records).trimEnd(),
            "```",
            "",
            "</details>",
            "",
        );
    }
    const cut = [
        ...(cuts.diagram ? ["the architecture diagram"] : []),
        ...(rowsCut > 0 ? [`${rowsCut} violation rows (every count above is complete)`] : []),
    ];
    if (cut.length > 0) {
        lines.push(
            `**Cut to fit GitHub's 65,536-character comment limit:** ${cut.join("; ")}. The JSON and SARIF reports have everything.`,
            "",
        );
    }
    if (result.evaluation) {
        const { pack } = result.evaluation;
        lines.push(
            `<sub>Policy pack ${pack.name}@${pack.version}, evaluated offline through the analyzer protocol.</sub>`,
        );
    }
    return lines.join("\n") + "\n";
}

/** What the deployment would fail on, each where the program does it, and the fixture to fill. */
function problemsMarkdown(result: CheckResult): string[] {
    const problems = result.problems ?? [];
    if (problems.length === 0) {
        return [];
    }
    const lines = [
        `### Problems: the deployment would fail (${problems.length})`,
        "",
        "| Stack | Where | Subject | Problem |",
        "|---|---|---|---|",
        ...problems.map(
            (p) =>
                `| ${p.stack || "-"} | ${placeOf(p.source) || "-"} | ${cell(problemSubject(p))} | ${cell(p.message)} |`,
        ),
        "",
    ];
    const template = invokeTemplate(problems);
    if (Object.keys(template).length > 0) {
        lines.push(
            "**Fix:** fill in each result and pass the file with `--invoke-fixture FILE`:",
            "",
            "```json",
            JSON.stringify(template, null, 2),
            "```",
            "",
        );
    }
    return lines;
}

/** Suppressed violations with their reasons, and suppressions that matched nothing. */
function suppressedMarkdown(result: CheckResult): string[] {
    const suppressed = result.suppressed ?? [];
    const unused = result.unusedSuppressions ?? [];
    const lines: string[] = [];
    if (suppressed.length > 0) {
        lines.push(
            `### Suppressed (${suppressed.length}, not in the verdict)`,
            "",
            "| Policy | Stack | Resource | Where | Reason |",
            "|---|---|---|---|---|",
            ...suppressed.map(
                ({ violation: v, reason }) =>
                    `| \`${v.policy}\` | ${v.stack} | ${cell(subjectOf(v))} | ${placeOf(sourceOf(result, v.stack, v.urn)) || "-"} | ${cell(reason)} |`,
            ),
            "",
        );
    }
    for (const u of unused) {
        lines.push(`> ⚠️ ${cell(unusedWarning(u))}`, "");
    }
    return lines;
}

function budgetSection(result: CheckResult): string[] {
    if (!result.budget) {
        return [];
    }
    const lines: string[] = [];
    const f = result.budget.failover;
    const outside = objectivesOutsideVerdict(result);
    lines.push("### Failover budget", "");
    lines.push(
        `Strategy **${f.strategy}**, routing **${f.routing}**: estimated worst-case RTO **${formatSeconds(f.rtoSeconds)}**, RPO **${formatSeconds(f.rpoSeconds)}**` +
            (f.objectives
                ? `; objectives RTO ${formatSeconds(f.objectives.rtoSeconds)}, RPO ${formatSeconds(f.objectives.rpoSeconds)}: ${f.meetsObjectives ? "met" : "**not met**"}${outside ? ` (not in the verdict: ${cell(outside)})` : ""}.`
                : "."),
        "",
    );
    lines.push("| Step | Seconds | Source |", "|---|---:|---|");
    for (const step of f.breakdown) {
        lines.push(`| ${cell(step.step)} | ${step.seconds} | ${cell(step.source)} |`);
    }
    lines.push("", ...fixesMarkdown(f.fixes, result.budget.withheldFixes));
    lines.push(...costMarkdown(result.budget.cost), "");
    return lines;
}
