import { costJson } from "./budget-text";
import { CheckResult, reportedOutputs, summarize, violationsOf } from "./model";

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
            })),
        })),
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
                      fixes: result.budget.failover.fixes,
                  },
                  cost: costJson(result.budget.cost),
              }
            : {}),
        summary: summarize(result),
    };
    return JSON.stringify(doc, null, 2) + "\n";
}
