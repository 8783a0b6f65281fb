/**
 * The deploy order, read from each stack's StackReference config: a secondary's `primaryStack`
 * and the global stack's `regionalStacks`. A stack deploys after every stack it reads, so a
 * StackReference never points at outputs that do not exist yet.
 */
import { ProjectFile, loadStackConfig } from "../project/project";
import { orderStacks } from "../project/stack-order";
import { configDefaults } from "../stacks/config";

/** A deploy plan that cannot be made: an unknown reference, a cycle, a missing stack. */
export class DeployPlanError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DeployPlanError";
    }
}

/** One stack of the plan. */
export interface PlannedStack {
    /** The stack name, as in `Pulumi.<stack>.yaml`. */
    stack: string;
    /**
     * The name handed to the Automation API: `<org>/<project>/<stack>` when the references
     * name an organization, so deploy writes exactly the stacks the program reads; else `stack`.
     */
    fullName: string;
    role?: string;
    /** Stacks of this project this one reads through a StackReference. */
    dependsOn: string[];
}

interface Reference {
    /** The config key that holds it, e.g. `primaryStack`. */
    key: string;
    value: string;
}

/** The references a stack's config makes, by role (a primary references nothing). */
function referencesOf(role: string | undefined, values: Record<string, string>, ns: string) {
    const refs: Reference[] = [];
    if (role === "secondary") {
        // Unset keys get the program's defaults (stacks/config/), as the program itself does.
        const primary = values[`${ns}:primaryStack`] ?? configDefaults.primaryStack;
        refs.push({ key: "primaryStack", value: primary });
    } else if (role === "global") {
        const raw = values[`${ns}:regionalStacks`] ?? JSON.stringify(configDefaults.regionalStacks);
        let list: unknown;
        try {
            list = JSON.parse(raw);
        } catch {
            list = raw;
        }
        if (!Array.isArray(list) || list.some((s) => typeof s !== "string")) {
            throw new DeployPlanError(
                `regionalStacks must be a list of stack names, got ${JSON.stringify(raw)}`,
            );
        }
        refs.push(...list.map((value: string) => ({ key: "regionalStacks", value })));
    }
    return refs;
}

/**
 * Order `requested` stacks (default: every stack of the project) so that each deploys after the
 * stacks it references. References to stacks outside the selection must exist in the project
 * and are taken as already deployed. Ties keep the check's starting order (orderStacks: primary,
 * secondary, global by name, then stacks without a role as given).
 */
export function planDeploy(
    project: ProjectFile,
    available: readonly string[],
    requested: readonly string[] = [],
    organization?: string,
): PlannedStack[] {
    const selection = requested.length > 0 ? [...new Set(requested)] : [...available];
    for (const stack of selection) {
        if (!available.includes(stack)) {
            throw new DeployPlanError(
                `stack ${JSON.stringify(stack)} has no Pulumi.${stack}.yaml in ${project.dir}; stacks: ${available.join(", ") || "none"}`,
            );
        }
    }
    const ns = project.name;
    const orgs = new Map<string, string>();
    const nodes = selection.map((stack) => {
        const { values } = loadStackConfig(project, stack);
        const role = values[`${ns}:role`];
        const dependsOn: string[] = [];
        for (const ref of referencesOf(role, values, ns)) {
            const parts = ref.value.split("/");
            const where = `stack ${stack}: ${ref.key} ${JSON.stringify(ref.value)}`;
            if (parts.length !== 3 || parts.some((p) => p === "")) {
                throw new DeployPlanError(
                    `${where} is not a fully qualified stack name; use <organization>/${ns}/<stack>`,
                );
            }
            const [org, refProject, target] = parts;
            if (refProject !== ns) {
                throw new DeployPlanError(
                    `${where} names project ${JSON.stringify(refProject)}; this deploy orders the stacks of project ${JSON.stringify(ns)} only`,
                );
            }
            if (!available.includes(target)) {
                throw new DeployPlanError(
                    `${where} names an unknown stack: there is no Pulumi.${target}.yaml in ${project.dir}; stacks: ${available.join(", ")}`,
                );
            }
            if (target === stack) {
                throw new DeployPlanError(`${where} names the stack itself`);
            }
            orgs.set(`${where}`, org);
            if (!dependsOn.includes(target)) {
                dependsOn.push(target);
            }
        }
        return { stack, role, dependsOn };
    });

    const org = organizationOf(orgs, organization);
    const order = topologicalOrder(nodes);
    return order.map((node) => ({
        stack: node.stack,
        fullName: org ? `${org}/${ns}/${node.stack}` : node.stack,
        ...(node.role !== undefined ? { role: node.role } : {}),
        dependsOn: node.dependsOn,
    }));
}

function organizationOf(orgs: Map<string, string>, given: string | undefined): string | undefined {
    const distinct = [...new Set(orgs.values())];
    if (distinct.length > 1) {
        const uses = [...orgs].map(([where, org]) => `${where} (organization ${org})`);
        throw new DeployPlanError(
            `stack references name different organizations; use one everywhere: ${uses.join("; ")}`,
        );
    }
    if (given !== undefined && distinct.length === 1 && distinct[0] !== given) {
        throw new DeployPlanError(
            `--org ${given} differs from the organization the stack references name (${distinct[0]}); the program would read other stacks than deploy writes`,
        );
    }
    return given ?? distinct[0];
}

interface Node {
    stack: string;
    role?: string;
    dependsOn: string[];
}

/** Kahn's algorithm over the selected stacks; edges to unselected stacks are already satisfied. */
function topologicalOrder(nodes: Node[]): Node[] {
    // The one ranking of stacks, the check engine's: a hint that ties are broken by.
    const rank = new Map(orderStacks(nodes).map((stack, i) => [stack, i]));
    const compareNodes = (a: Node, b: Node) => rank.get(a.stack)! - rank.get(b.stack)!;
    const selected = new Map(nodes.map((n) => [n.stack, n]));
    const pending = new Map(
        nodes.map((n) => [n.stack, n.dependsOn.filter((d) => selected.has(d)).length]),
    );
    const order: Node[] = [];
    while (order.length < nodes.length) {
        const ready = nodes
            .filter((n) => pending.get(n.stack) === 0 && !order.includes(n))
            .sort(compareNodes);
        if (ready.length === 0) {
            const left = nodes.filter((n) => !order.includes(n));
            throw new DeployPlanError(
                `stack references form a cycle: ${describeCycle([...left].sort(compareNodes), selected)}; a stack can only reference stacks deployed before it`,
            );
        }
        const next = ready[0];
        order.push(next);
        for (const n of nodes) {
            if (n.dependsOn.includes(next.stack)) {
                pending.set(n.stack, pending.get(n.stack)! - 1);
            }
        }
    }
    return order;
}

/** Walk dependencies from the first stuck stack until one repeats; that loop is the cycle. */
function describeCycle(left: Node[], selected: Map<string, Node>): string {
    const path: string[] = [];
    let current: Node | undefined = left[0];
    while (current && !path.includes(current.stack)) {
        path.push(current.stack);
        const nextName: string | undefined = current.dependsOn.find((d) =>
            left.some((n) => n.stack === d),
        );
        current = nextName ? selected.get(nextName) : undefined;
    }
    if (!current) {
        return path.join(" → ");
    }
    const start = path.indexOf(current.stack);
    return [...path.slice(start), current.stack].join(" → ");
}
