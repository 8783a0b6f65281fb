/**
 * Exploration: every order of up to N events drawn from what can happen to a deployment (a
 * region goes down or comes back, its application fails or recovers, a plan workflow is started,
 * an approval is given or times out, a rotation runs, one stack is deployed), each played to
 * quiescence, the invariants checked after each. Breadth first, so the first sequence found
 * that breaks an invariant is a shortest one; states already seen (canonical form, without
 * time) are not expanded again. Serves-within-rto needs a clock and is judged by the named
 * scenarios only; steady-state-green is judged once, on the recorded state.
 */
import { BudgetAssumptions } from "../budget/assumptions";
import { BudgetGraph } from "../budget/graph";
import { SimEvent } from "./events";
import { extractModel } from "./extract";
import {
    InvariantResult,
    deliberateFailback,
    noDataLeftBehind,
    noFailOpen,
    singleWriter,
} from "./invariants";
import { Model } from "./model";
import { History, settle } from "./runner";
import { servingRegions } from "./scenarios";
import { State, canonical, initialState, usersChoice } from "./state";

export interface Counterexample {
    events: string[];
    invariant: InvariantResult;
}

export interface Exploration {
    depth: number;
    /** Distinct states reached. */
    states: number;
    /** Event sequences played. */
    sequences: number;
    /** The shortest counterexample found first (breadth first, fixed event order). */
    counterexample?: Counterexample;
    /** The shortest counterexample per invariant. */
    counterexamples: Counterexample[];
}

/** What may happen next: the fixed, ordered alphabet of the exploration. */
export function alphabet(model: Model): { label: string; event: SimEvent }[] {
    const out: { label: string; event: SimEvent }[] = [];
    for (const region of servingRegions(model)) {
        out.push({ label: `region ${region} goes down`, event: { kind: "region-down", region } });
        out.push({ label: `region ${region} comes back`, event: { kind: "region-up", region } });
        out.push({
            label: `the application in ${region} fails (its health checks flip)`,
            event: { kind: "app-down", region },
        });
        out.push({
            label: `the application in ${region} recovers`,
            event: { kind: "app-up", region },
        });
        out.push({ label: `pulumi up of the ${region} stack`, event: { kind: "deploy", region } });
    }
    for (const plan of model.plans) {
        for (const w of plan.workflows) {
            for (const region of w.targetRegion ? [w.targetRegion] : plan.regions) {
                out.push({
                    label: `someone starts ${plan.name}: ${w.action} ${region}`,
                    event: {
                        kind: "plan-start",
                        plan: plan.name,
                        region,
                        action: w.action,
                        operator: false,
                    },
                });
            }
        }
    }
    if (
        model.plans.some((p) =>
            p.workflows.some((w) => w.steps.some((s) => s.type === "ManualApproval")),
        )
    ) {
        out.push({ label: "a person approves the waiting step", event: { kind: "approve" } });
        out.push({
            label: "the waiting approval times out",
            event: { kind: "approval-timeout", plan: "", since: -1 },
        });
    }
    for (const rotation of model.rotations) {
        out.push({
            label: `rotation ${rotation.name} runs`,
            event: { kind: "rotate", rotation: rotation.name },
        });
    }
    return out;
}

/** Whether the event would change nothing (pruned before playing it). */
function idle(state: State, event: SimEvent): boolean {
    switch (event.kind) {
        case "region-down":
            return state.up[event.region] === false;
        case "region-up":
            return state.up[event.region] === true;
        case "app-down":
            return state.appUp[event.region] === false || state.up[event.region] === false;
        case "app-up":
            return state.appUp[event.region] === true;
        case "approve":
        case "approval-timeout":
            return state.execution?.waitingSince === undefined;
        case "plan-start":
            return state.execution !== undefined || state.up[event.region] === false;
        default:
            return false;
    }
}

interface Node {
    state: State;
    path: string[];
    /** Regions users left after their data was promoted away. */
    left: string[];
}

function judge(
    model: Model,
    history: History,
    node: Node,
    home: readonly string[],
): InvariantResult[] {
    return [
        noFailOpen(model, history),
        singleWriter(model, history),
        deliberateFailback(model, history, node.left),
        noDataLeftBehind(model, history, home),
    ].filter((r) => !r.holds);
}

/** Explore every order of up to `depth` events from the recorded state. */
export function exploreModel(model: Model, depth: number): Exploration {
    const start = initialState(model);
    const home = usersChoice(model, start).regions;
    const events = alphabet(model);
    const seen = new Set<string>([canonical(start)]);
    let frontier: Node[] = [{ state: start, path: [], left: [] }];
    const found = new Map<string, Counterexample>();
    let sequences = 0;
    for (let level = 1; level <= depth && frontier.length > 0; level++) {
        const next: Node[] = [];
        for (const node of frontier) {
            for (const { label, event } of events) {
                if (idle(node.state, event)) {
                    continue;
                }
                const resolved: SimEvent =
                    event.kind === "approval-timeout"
                        ? {
                              ...event,
                              plan: node.state.execution!.plan,
                              since: node.state.execution!.waitingSince!,
                          }
                        : event;
                const history = settle(model, node.state, resolved);
                sequences++;
                const path = [...node.path, label];
                const last = history.moments[history.moments.length - 1].state;
                const left = [
                    ...new Set([
                        ...node.left,
                        ...history.moments.flatMap((m) =>
                            m.state.movedAway.filter((r) => !m.users.regions.includes(r)),
                        ),
                    ]),
                ]
                    .filter((r) => last.movedAway.includes(r))
                    .sort();
                for (const broken of judge(model, history, node, home)) {
                    if (!found.has(broken.name)) {
                        found.set(broken.name, { events: path, invariant: broken });
                    }
                }
                const key = canonical(last) + "|" + left.join(",");
                if (!seen.has(key)) {
                    seen.add(key);
                    next.push({ state: last, path, left });
                }
            }
        }
        frontier = next;
    }
    const counterexamples = [...found.values()].sort(
        (a, b) =>
            a.events.length - b.events.length || a.invariant.name.localeCompare(b.invariant.name),
    );
    return {
        depth,
        states: seen.size,
        sequences,
        ...(counterexamples[0] ? { counterexample: counterexamples[0] } : {}),
        counterexamples,
    };
}

/** Explore the deployment a resource graph describes. */
export function explore(
    graph: BudgetGraph,
    depth: number,
    assumptions: Partial<BudgetAssumptions> = {},
): Exploration {
    return exploreModel(extractModel(graph, assumptions), depth);
}

export function explorationText(e: Exploration): string {
    const out = [
        `Exploration: every order of up to ${e.depth} events, ${e.sequences} sequences played, ${e.states} distinct states`,
    ];
    if (e.counterexamples.length === 0) {
        out.push("No sequence breaks an invariant.");
    }
    for (const c of e.counterexamples) {
        out.push(
            `Shortest counterexample of ${c.invariant.name} (${c.events.length} event${c.events.length === 1 ? "" : "s"}):`,
        );
        c.events.forEach((label, i) => out.push(`  ${i + 1}. ${label}`));
        out.push(`  then: ${c.invariant.message}`);
    }
    return out.join("\n") + "\n";
}
