import { formatSeconds } from "../budget";
import { costMarkdown, fixesMarkdown } from "./budget-text";
import { mermaidDiagram } from "./mermaid";
import { CheckResult, byPolicy, remediationOf, subjectOf, summarize, violationsOf } from "./model";

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A pull-request comment: verdict, stacks, then violations grouped by policy. */
export function markdownReport(result: CheckResult): string {
    const s = summarize(result);
    const lines: string[] = [];
    const verdict = s.mandatory > 0 ? "❌ Failover check failed" : "✅ Failover check passed";
    lines.push(`## ${verdict}`, "");
    lines.push(
        `${s.mandatory} mandatory and ${s.advisory} advisory violations across ${result.records.length} stacks and ${s.resources} resources.`,
        "",
    );
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
    for (const group of byPolicy(result)) {
        lines.push(`### \`${group.policy}\` (${group.violations[0].enforcementLevel})`, "");
        const fix = remediationOf(result, group.policy);
        if (fix) {
            lines.push(`**Fix:** ${cell(fix)}`, "");
        }
        lines.push("| Stack | Resource | Violation |", "|---|---|---|");
        for (const v of group.violations) {
            lines.push(`| ${v.stack} | ${cell(subjectOf(v))} | ${cell(v.message)} |`);
        }
        lines.push("");
    }
    if (result.budget) {
        const f = result.budget.failover;
        lines.push("### Failover budget", "");
        lines.push(
            `Strategy **${f.strategy}**, routing **${f.routing}**: estimated worst-case RTO **${formatSeconds(f.rtoSeconds)}**, RPO **${formatSeconds(f.rpoSeconds)}**` +
                (f.objectives
                    ? `; objectives RTO ${formatSeconds(f.objectives.rtoSeconds)}, RPO ${formatSeconds(f.objectives.rpoSeconds)}: ${f.meetsObjectives ? "met" : "**not met**"}.`
                    : "."),
            "",
        );
        lines.push("| Step | Seconds | Source |", "|---|---:|---|");
        for (const step of f.breakdown) {
            lines.push(`| ${cell(step.step)} | ${step.seconds} | ${cell(step.source)} |`);
        }
        lines.push("", ...fixesMarkdown(f.fixes));
        lines.push(...costMarkdown(result.budget.cost), "");
    }
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
    if (result.evaluation) {
        const { pack } = result.evaluation;
        lines.push(
            `<sub>Policy pack ${pack.name}@${pack.version}, evaluated offline through the analyzer protocol.</sub>`,
        );
    }
    return lines.join("\n") + "\n";
}
