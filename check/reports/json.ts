import { StackRecord } from "../engine/types";

/** The machine-readable report: every stack, its resources and outputs, and a summary. */
export function jsonReport(records: readonly StackRecord[]): string {
    const doc = {
        stacks: records.map((r) => ({
            stack: r.stack,
            role: r.role ?? null,
            region: r.region,
            resources: r.resources.map((res) => ({
                urn: res.urn,
                type: res.type,
                name: res.name,
                region: res.region,
                parent: res.parent ?? null,
                protect: res.protect,
                inputs: res.inputs,
                outputs: res.outputs,
            })),
            outputs: r.outputs,
        })),
        summary: { resources: records.reduce((n, r) => n + r.resources.length, 0) },
    };
    return JSON.stringify(doc, null, 2) + "\n";
}
