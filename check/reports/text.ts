import { StackRecord } from "../engine/types";

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
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A readable summary per stack: region, resource counts by type, outputs. */
export function textReport(records: readonly StackRecord[]): string {
    const lines: string[] = [];
    for (const record of records) {
        lines.push(
            `Stack ${record.stack} (role ${record.role ?? "-"}, region ${record.region}): ${record.resources.length} resources`,
        );
        for (const [type, count] of countByType(record)) {
            lines.push(`  ${String(count).padStart(4)}  ${type}`);
        }
        const outputs = Object.entries(record.outputs);
        if (outputs.length > 0) {
            lines.push("  outputs:");
            for (const [key, value] of outputs) {
                lines.push(`    ${key}: ${formatValue(value)}`);
            }
        }
        lines.push("");
    }
    const total = records.reduce((n, r) => n + r.resources.length, 0);
    lines.push(`${records.length} stack${records.length === 1 ? "" : "s"}, ${total} resources.`);
    return lines.join("\n") + "\n";
}
