/**
 * The failover budget with an ARC Region switch plan: when the graph holds a plan that activates
 * the standby's Region, the failover is that plan's execution, not "an operator runs `pulumi up`".
 * The plan's steps, in their order and with their timeouts, replace the deployment: capacity and
 * data run side by side when the plan groups them in a Parallel step, so the slower of the two
 * counts, not their sum. Pure functions over the recorded plan's inputs.
 */
import { BudgetResource, field, prop } from "./graph";

export const planType = "aws:arcregionswitch/plan:Plan";

/** One step of the plan's activation workflow, in execution order. */
export interface PlanStepFact {
    name: string;
    type: string;
    timeoutMinutes?: number;
    /** Set for the steps of a Parallel group: the group's name. */
    parallelGroup?: string;
}

/** The plan that activates `region`, as the budget reads it. */
export interface PlanFact {
    name: string;
    steps: PlanStepFact[];
}

/** The activation workflow for `region` in any recorded plan, or undefined. */
export function planActivating(
    resources: readonly BudgetResource[],
    region: string,
): PlanFact | undefined {
    for (const plan of resources.filter((r) => r.type === planType)) {
        const workflows = asList(prop(plan, "workflows"));
        const activation =
            workflows.find(
                (w) =>
                    field(w, "workflowTargetAction") === "activate" &&
                    field(w, "workflowTargetRegion") === region,
            ) ??
            workflows.find(
                (w) =>
                    field(w, "workflowTargetAction") === "activate" &&
                    field(w, "workflowTargetRegion") === undefined,
            );
        if (activation) {
            return {
                name: String(prop(plan, "name") ?? plan.name),
                steps: stepsOf(asList(field(activation, "steps"))),
            };
        }
    }
    return undefined;
}

function stepsOf(steps: unknown[], group?: string): PlanStepFact[] {
    return steps.flatMap((step) => {
        const type = String(field(step, "executionBlockType"));
        const name = String(field(step, "name"));
        if (type === "Parallel") {
            return asList(field(step, "parallelConfigs")).flatMap((p) =>
                stepsOf(asList(field(p, "steps")), name),
            );
        }
        return [{ name, type, timeoutMinutes: timeoutOf(step), parallelGroup: group }];
    });
}

/** The step's own timeout, from whichever block configuration it carries. */
function timeoutOf(step: unknown): number | undefined {
    if (step === null || typeof step !== "object") {
        return undefined;
    }
    for (const [key, value] of Object.entries(step)) {
        if (key.endsWith("Configs")) {
            const minutes = field(asList(value)[0], "timeoutMinutes");
            if (typeof minutes === "number") {
                return minutes;
            }
        }
    }
    return undefined;
}

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** Whether the plan runs capacity and data side by side (both in one Parallel group). */
export function capacityAndDataInParallel(plan: PlanFact): boolean {
    const capacity = plan.steps.find((s) => s.type === "ECSServiceScaling");
    const data = plan.steps.filter((s) =>
        ["AuroraGlobalDatabase", "RdsPromoteReadReplica"].includes(s.type),
    );
    return (
        capacity?.parallelGroup !== undefined &&
        data.every((d) => d.parallelGroup === capacity.parallelGroup)
    );
}

/** The plan's steps in order, with their timeouts: the source text of the budget's steps. */
export function describePlan(plan: PlanFact): string {
    const steps = plan.steps.map((s) => {
        const timeout = s.timeoutMinutes !== undefined ? ` ≤ ${s.timeoutMinutes} min` : "";
        const group = s.parallelGroup ? ` [parallel ${s.parallelGroup}]` : "";
        return `${s.name} (${s.type}${timeout})${group}`;
    });
    return `Region switch plan ${plan.name}: ${steps.join(" → ")}`;
}
