/**
 * ARC Region switch: the plan's ARN, and the Route 53 health checks the plan's Route 53 health
 * check block creates, which `aws.arcregionswitch.getRoute53HealthChecks` lists by plan ARN.
 */
import { createHash } from "crypto";
import { ShapeFn, hex, mockAccountId } from "./shapes-common";

/** Plan ARN → the Regions and record of its Route 53 health check steps, for the invoke. */
const planHealthChecks = new Map<string, { region: string; zone: string; record: string }[]>();

export const regionSwitchShapes: Record<string, ShapeFn> = {
    "aws:arcregionswitch/plan:Plan": (ctx) => {
        const name = String(ctx.inputs.name ?? ctx.name);
        // The suffix is six lower-case hex characters (API_AbbreviatedPlan: plan/<name>:<6>).
        const value = `arn:aws:arc-region-switch::${mockAccountId}:plan/${name}:${hex(ctx, 6)}`;
        planHealthChecks.set(value, route53Steps(ctx.inputs));
        return { id: value, outputs: { arn: value } };
    },
};

/** The invoke's answer: one health check per Region of each Route 53 health check step. */
export function planRoute53HealthChecks(planArn: string): Record<string, unknown> {
    const records = [...new Set((planHealthChecks.get(planArn) ?? []).map((c) => c.record))];
    const checks = (planHealthChecks.get(planArn) ?? []).map((c) => ({
        // The first record's seed is the one used before plans had a second record (the RDS
        // writer), so existing IDs stay put.
        healthCheckId: deterministicUuid(
            c.record === records[0]
                ? `${planArn}|${c.region}`
                : `${planArn}|${c.region}|${c.record}`,
        ),
        hostedZoneId: c.zone,
        recordName: c.record,
        region: c.region,
        status: "unknown",
    }));
    return { id: planArn, planArn, healthChecks: checks };
}

function route53Steps(inputs: Record<string, unknown>) {
    const found: { region: string; zone: string; record: string }[] = [];
    const visit = (steps: unknown) => {
        for (const step of Array.isArray(steps) ? steps : []) {
            const s = step as Record<string, unknown>;
            for (const config of asList(s.route53HealthCheckConfigs)) {
                for (const set of asList(config.recordSets)) {
                    found.push({
                        region: String(set.region),
                        zone: String(config.hostedZoneId),
                        record: String(config.recordName),
                    });
                }
            }
            for (const parallel of asList(s.parallelConfigs)) {
                visit(parallel.steps);
            }
        }
    };
    for (const workflow of asList(inputs.workflows)) {
        visit(workflow.steps);
    }
    // One check per Region and record: a plan with a routing step and a writer step has two sets.
    const unique = new Map(found.map((f) => [`${f.region}|${f.record}`, f]));
    return [...unique.values()];
}

function asList(value: unknown): Record<string, unknown>[] {
    return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

function deterministicUuid(seed: string): string {
    const h = createHash("sha1").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
