import { costJson } from "./budget-text";
import {
    CheckResult,
    invokeTemplate,
    reportedOutputs,
    sourceOf,
    summarize,
    verdictOf,
    violationsOf,
    objectivesOutsideVerdict,
} from "./model";

/** The machine-readable report: every stack, its resources, outputs and violations. */
export function jsonReport(result: CheckResult): string {
    const doc = {
        stacks: result.records.map((r) => ({
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
            outputs: reportedOutputs(r),
            violations: violationsOf(result, r.stack).map((v) => ({
                policy: v.policy,
                enforcementLevel: v.enforcementLevel,
                message: v.message,
                urn: v.urn,
                source: sourceOf(result, r.stack, v.urn) ?? null,
            })),
            suppressed: (result.suppressed ?? [])
                .filter((x) => x.violation.stack === r.stack)
                .map(({ violation: v, reason }) => ({
                    policy: v.policy,
                    enforcementLevel: v.enforcementLevel,
                    message: v.message,
                    urn: v.urn,
                    source: sourceOf(result, r.stack, v.urn) ?? null,
                    reason,
                })),
        })),
        verdict: verdictOf(result),
        problems: (result.problems ?? []).map((p) => ({
            kind: p.kind,
            stack: p.stack || null,
            message: p.message,
            urn: p.urn ?? null,
            type: p.type ?? null,
            name: p.name ?? null,
            token: p.token ?? null,
            source: p.source ?? null,
        })),
        invokeFixtureTemplate: invokeTemplate(result.problems ?? []),
        unusedSuppressions: result.unusedSuppressions ?? [],
        ...(result.budget
            ? {
                  failover: {
                      strategy: result.budget.failover.strategy,
                      routing: result.budget.failover.routing,
                      rtoSeconds: result.budget.failover.rtoSeconds,
                      rpoSeconds: result.budget.failover.rpoSeconds,
                      breakdown: result.budget.failover.breakdown,
                      rpoBounds: result.budget.failover.rpoBounds,
                      objectives: result.budget.failover.objectives,
                      meetsObjectives: result.budget.failover.meetsObjectives,
                      outsideVerdict: objectivesOutsideVerdict(result) ?? null,
                      fixes: result.budget.failover.fixes,
                      withheldFixes: result.budget.withheldFixes ?? [],
                  },
                  cost: costJson(result.budget.cost),
              }
            : {}),
        summary: summarize(result),
    };
    return JSON.stringify(doc, null, 2) + "\n";
}
