/**
 * What `drill --plan` acts on, read from the deployed stacks' outputs: the global stack's
 * `regionSwitchPlans` (secondary Region → plan), its endpoint, and the regional stacks' load
 * balancers and roles.
 */
import { planDeploy } from "../deploy/plan";
import { listStacks, loadProject } from "../project/project";
import { DrillError } from "./drill";
import { PlanDrillTarget } from "./plan-drill";
import { OutputsReader } from "./target";

export async function resolvePlanTarget(query: {
    projectDir: string;
    globalStack: string;
    /** The Region to activate: a secondary. */
    region: string;
    readOutputs: OutputsReader;
}): Promise<PlanDrillTarget> {
    const project = loadProject(query.projectDir);
    const [global] = planDeploy(project, listStacks(query.projectDir), [query.globalStack]);
    const outputs = await query.readOutputs(global.stack, global.fullName);
    const plans = (outputs.regionSwitchPlans ?? {}) as Record<string, { planArn: string }>;
    const plan = plans[query.region];
    if (!plan) {
        throw new DrillError(
            `--plan: ${global.stack} has no Region switch plan that activates ${query.region}; plans activate: ${Object.keys(plans).join(", ") || "none (failover.plan is off?)"}`,
        );
    }
    const prefix = global.fullName.slice(0, global.fullName.length - global.stack.length);
    let activateTarget: string | undefined;
    let failbackRegion: string | undefined;
    for (const stack of global.dependsOn) {
        const regional = await query.readOutputs(stack, `${prefix}${stack}`);
        if (regional.region === query.region) {
            activateTarget = String(regional.albDnsName);
        }
        if (regional.role === "primary") {
            failbackRegion = String(regional.region);
        }
    }
    if (!activateTarget || !failbackRegion) {
        throw new DrillError(
            `--plan: the regional stacks of ${global.stack} (${global.dependsOn.join(", ")}) export no ${activateTarget ? "primary" : `region ${query.region}`}`,
        );
    }
    return {
        planArn: plan.planArn,
        activateRegion: query.region,
        failbackRegion,
        domain: String(outputs.endpoint ?? "").replace(/^https:\/\//, ""),
        activateTarget,
    };
}
