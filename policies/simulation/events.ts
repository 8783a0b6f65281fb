/**
 * Events: each a pure function from one state to the next, with the events it schedules and the
 * lines it adds to the timeline. Faults (a region, an app, a writer), operator actions (start a
 * plan, approve, deploy) and consequences (a check observes, a TTL expires, tasks start, a plan
 * step completes) are all events on the same queue.
 */
import { checkById, groupsOf, recordsOf } from "./lookup";
import { Model, StepModel, StoreModel } from "./model";
import { auroraMove, pages, rdsPromotion } from "./rules";
import {
    Execution,
    State,
    albHealthy,
    dnsChoice,
    measured,
    regionServing,
    targetOf,
    usersChoice,
} from "./state";

export type SimEvent =
    | { kind: "region-down"; region: string }
    | { kind: "region-up"; region: string }
    | { kind: "app-down"; region: string }
    | { kind: "app-up"; region: string }
    | { kind: "writer-down"; store: string }
    | { kind: "writer-up"; member: string }
    | { kind: "observe"; check: string }
    | { kind: "edge-observe"; region: string }
    | { kind: "lb-observe"; region: string }
    | { kind: "ttl"; group: string; regions: string[] }
    | { kind: "tasks-running"; region: string }
    | {
          kind: "scale";
          region: string;
          count: number;
          why: string;
          /** The operator's `pulumi up` (a deployment step of the failover), not autoscaling. */
          deployment?: boolean;
      }
    | {
          kind: "plan-start";
          plan: string;
          region: string;
          action: "activate" | "deactivate";
          operator: boolean;
      }
    | { kind: "step-done"; plan: string; step: string }
    | { kind: "approve" }
    | { kind: "approval-timeout"; plan: string; since: number }
    | { kind: "rotate"; rotation: string }
    | { kind: "deploy"; region: string }
    | { kind: "promote"; store: string; region: string }
    | { kind: "operator-failover"; from: string }
    | { kind: "operator-failback"; to: string };

/** One line of the timeline. */
export interface Line {
    atSeconds: number;
    event: string;
    resource: string;
    /** The failover step this line completes, for the budget's breakdown. */
    step?: string;
}

export interface Next {
    delay: number;
    event: SimEvent;
}

export interface Outcome {
    state: State;
    next: Next[];
    lines: Line[];
}

const line = (state: State, resource: string, event: string, step?: string): Line => ({
    atSeconds: state.t,
    event,
    resource,
    ...(step ? { step } : {}),
});

const without = (list: readonly string[], item: string) => list.filter((x) => x !== item);
const withItem = (list: readonly string[], item: string) =>
    list.includes(item) ? [...list] : [...list, item].sort();

/** Apply one event. */
export function applyEvent(model: Model, state: State, event: SimEvent): Outcome {
    switch (event.kind) {
        case "region-down":
        case "region-up":
        case "app-down":
        case "app-up":
        case "writer-down":
        case "writer-up":
            return outageEvent(model, state, event);
        case "observe":
            return observe(model, state, event.check);
        case "edge-observe":
            return edgeObserve(model, state, event.region);
        case "lb-observe": {
            const now = albHealthy(model, state, event.region);
            const pending = without(state.pending, `lb:${event.region}`);
            const region = model.regions.find((r) => r.region === event.region);
            if (now === state.lbSeen[event.region]) {
                return { state: { ...state, pending }, next: [], lines: [] };
            }
            return {
                state: { ...state, pending, lbSeen: { ...state.lbSeen, [event.region]: now } },
                next: [],
                lines: [
                    line(
                        state,
                        region?.alb?.name ?? event.region,
                        `The load balancer in ${event.region} marks its targets ${now ? "healthy" : "unhealthy"} (${region?.lbSource ?? "ELB defaults"})`,
                        now ? undefined : "detection",
                    ),
                ],
            };
        }
        case "ttl":
            return ttlExpires(model, state, event.group, event.regions);
        case "tasks-running":
            return tasksRunning(model, state, event.region);
        case "scale":
            return {
                state: {
                    ...state,
                    desired: { ...state.desired, [event.region]: event.count },
                    pending: without(state.pending, `scale:${event.region}`),
                },
                next: [
                    {
                        delay: model.timing.taskStartSeconds,
                        event: { kind: "tasks-running", region: event.region },
                    },
                ],
                lines: [
                    line(
                        state,
                        event.region,
                        `${event.why}: desired count of ${event.region} set to ${event.count}`,
                        event.deployment ? "deployment" : undefined,
                    ),
                ],
            };
        case "plan-start":
            return planStart(model, state, event);
        case "step-done":
            return stepDone(model, state, event.plan, event.step);
        case "approve":
            return approve(model, state);
        case "approval-timeout":
            if (!state.execution || state.execution.waitingSince !== event.since) {
                return { state, next: [], lines: [] };
            }
            return {
                state: { ...state, execution: undefined },
                next: [],
                lines: [
                    line(
                        state,
                        event.plan,
                        `The approval of ${event.plan} times out; the execution fails and nothing after it runs (${pages.approvalBlock})`,
                    ),
                ],
            };
        case "rotate":
            return rotate(model, state, event.rotation);
        case "deploy":
            return deploy(model, state, event.region);
        case "promote":
            return promoteManually(model, state, event.store, event.region);
        case "operator-failover":
            return operatorFailover(model, state, event.from);
        case "operator-failback":
            return operatorFailback(model, state, event.to);
        default:
            return { state, next: [], lines: [] };
    }
}

/** The events of an outage and its recovery: a Region, its application or a store's writer. */
type OutageEvent = Extract<
    SimEvent,
    { kind: "region-down" | "region-up" | "app-down" | "app-up" | "writer-down" | "writer-up" }
>;

/** Apply one outage or recovery event (applyEvent's part for them). */
function outageEvent(model: Model, state: State, event: OutageEvent): Outcome {
    switch (event.kind) {
        case "region-down":
            return {
                state: {
                    ...state,
                    up: { ...state.up, [event.region]: false },
                    running: { ...state.running, [event.region]: 0 },
                },
                next: [],
                lines: [
                    line(
                        state,
                        event.region,
                        `Region ${event.region} goes down: its load balancer, tasks and data stores stop answering`,
                    ),
                ],
            };
        case "region-up": {
            const region = model.regions.find((r) => r.region === event.region);
            return {
                state: { ...state, up: { ...state.up, [event.region]: true } },
                next:
                    (state.desired[event.region] ?? 0) > 0
                        ? [
                              {
                                  delay: model.timing.taskStartSeconds,
                                  event: { kind: "tasks-running", region: event.region },
                              },
                          ]
                        : [],
                lines: [
                    line(
                        state,
                        event.region,
                        region?.assumed
                            ? `Region ${event.region} recovers; ${region.compute?.name ?? "what serves there"} is assumed to answer again once started (${model.timing.taskStartSeconds} s, as a task start)`
                            : `Region ${event.region} recovers; ECS restarts ${region?.compute?.name ?? "its service"} at its desired count of ${state.desired[event.region] ?? 0}`,
                    ),
                ],
            };
        }
        case "app-down":
            return {
                state: { ...state, appUp: { ...state.appUp, [event.region]: false } },
                next: [],
                lines: [
                    line(
                        state,
                        event.region,
                        `The application in ${event.region} stops answering (tasks unhealthy); the infrastructure stays up`,
                    ),
                ],
            };
        case "app-up":
            return {
                state: { ...state, appUp: { ...state.appUp, [event.region]: true } },
                next: [],
                lines: [
                    line(state, event.region, `The application in ${event.region} answers again`),
                ],
            };
        case "writer-down": {
            const writer = state.writer[event.store];
            const member = model.stores
                .find((s) => s.name === event.store)
                ?.members.find((m) => m.name === writer);
            const failover = member?.inRegionFailoverSeconds;
            return {
                state: { ...state, memberDown: withItem(state.memberDown, writer) },
                next:
                    failover !== undefined
                        ? [{ delay: failover, event: { kind: "writer-up", member: writer } }]
                        : [],
                lines: [
                    line(
                        state,
                        writer,
                        `The writer ${writer} of ${event.store} fails; the application stays up${failover !== undefined ? `; it fails over inside ${member!.region} within ${failover} s (${pages.rdsMultiAz}; ${pages.auroraFailover})` : ""}`,
                    ),
                ],
            };
        }
        case "writer-up":
            return {
                state: { ...state, memberDown: without(state.memberDown, event.member) },
                next: [],
                lines: [
                    line(
                        state,
                        event.member,
                        `${event.member} takes writes again after its in-region failover`,
                        "data-promotion",
                    ),
                ],
            };
        default:
            // Unreachable: OutageEvent has no other kind.
            return { state, next: [], lines: [] };
    }
}

function observe(model: Model, state: State, id: string): Outcome {
    const check = checkById(model, id)!;
    const pending = without(state.pending, `observe:${id}`);
    const now = measured(model, state, check);
    if (now === (state.observed[id] ?? !now)) {
        return { state: { ...state, pending }, next: [], lines: [] };
    }
    return {
        state: { ...state, pending, observed: { ...state.observed, [id]: now } },
        next: [],
        lines: [
            line(
                state,
                check.name,
                `Health check ${check.name} turns ${now ? "healthy" : "unhealthy"} (${check.source}; ${pages.determineHealth})`,
                now ? undefined : "detection",
            ),
        ],
    };
}

function edgeObserve(model: Model, state: State, region: string): Outcome {
    const edge = model.edges[0];
    const pending = without(state.pending, `edge:${region}`);
    const now = albHealthy(model, state, region);
    if (!edge || now === state.edgeSeen[region]) {
        return { state: { ...state, pending }, next: [], lines: [] };
    }
    const member = edge.members.find((m) => m.region === region);
    return {
        state: { ...state, pending, edgeSeen: { ...state.edgeSeen, [region]: now } },
        next: [],
        lines: [
            line(
                state,
                member?.name ?? edge.name,
                edge.kind === "cloudfront"
                    ? now
                        ? `CloudFront's requests reach the origin in ${region} again: every request tries the primary origin first (${pages.cloudFrontFailover})`
                        : `CloudFront requests to the origin in ${region} fail after ${edge.source} and fail over to the next origin, request by request (${pages.cloudFrontFailover})`
                    : now
                      ? `Global Accelerator sees ${region} healthy again and returns traffic to it (about ${edge.failbackSeconds} s after its endpoints pass; ${pages.gaUnhealthy})`
                      : `Global Accelerator marks ${region}'s endpoints unhealthy (${edge.source})`,
                now ? undefined : "detection",
            ),
        ],
    };
}

function ttlExpires(model: Model, state: State, group: string, regions: string[]): Outcome {
    const pending = without(state.pending, `ttl:${group}:${regions.join(",")}`);
    if ((state.answer[group] ?? []).join(",") !== regions.join(",")) {
        return { state: { ...state, pending }, next: [], lines: [] };
    }
    const record = recordsOf(model, group)[0];
    return {
        state: { ...state, pending, clients: { ...state.clients, [group]: regions } },
        next: [],
        lines: [
            line(
                state,
                record?.name ?? group,
                `Resolvers' cached answers expire (${record?.ttlSource ?? "TTL"}); clients of ${record?.fqdn ?? group} now reach ${regions.join(", ")}`,
                "traffic-shift",
            ),
        ],
    };
}

function tasksRunning(model: Model, state: State, region: string): Outcome {
    if (!state.up[region]) {
        return { state, next: [], lines: [] };
    }
    const count = state.desired[region] ?? 0;
    const before = state.running[region] ?? 0;
    // Tasks started now read every injected secret's current version (`ecsSecrets`).
    const fresh = Object.fromEntries(
        Object.keys(state.taskSecrets[region] ?? {}).map((s) => [s, state.secretVersions[s] ?? 0]),
    );
    const recorded = model.regions.find((r) => r.region === region);
    return {
        state: {
            ...state,
            running: { ...state.running, [region]: count },
            taskSecrets: {
                ...state.taskSecrets,
                [region]: before === 0 || count <= 0 ? fresh : state.taskSecrets[region],
            },
        },
        next: [],
        lines:
            count === before
                ? []
                : [
                      line(
                          state,
                          recorded?.compute?.name ?? region,
                          recorded?.assumed
                              ? `Assumed: ${recorded.compute?.name ?? "what serves"} in ${region} answers again (the program records nothing behind it)`
                              : `${count} tasks run in ${region} (${model.timing.taskStartSeconds} s task start, model assumption)`,
                          "standby-scale-up",
                      ),
                  ],
    };
}

function planOf(model: Model, name: string) {
    return model.plans.find((p) => p.name === name);
}

function planStart(
    model: Model,
    state: State,
    event: Extract<SimEvent, { kind: "plan-start" }>,
): Outcome {
    const plan = planOf(model, event.plan);
    const workflow =
        plan?.workflows.find((w) => w.targetRegion === event.region && w.action === event.action) ??
        plan?.workflows.find((w) => w.targetRegion === "" && w.action === event.action);
    if (!plan || !workflow) {
        return {
            state,
            next: [],
            lines: [
                line(
                    state,
                    event.plan,
                    `No ${event.action} workflow for ${event.region} in ${event.plan}`,
                ),
            ],
        };
    }
    // An activation executes from the Region it activates; a deactivation (active/active) from
    // another Region of the plan, so it can take a failed Region out.
    const runsFrom =
        event.action === "activate"
            ? [event.region]
            : plan.regions.filter((r) => r !== event.region);
    if (!runsFrom.some((r) => state.up[r])) {
        return {
            state,
            next: [],
            lines: [
                line(
                    state,
                    plan.name,
                    `${plan.name} cannot run: a plan executes from ${event.action === "activate" ? "the Region it activates" : "another of its Regions"}, and ${runsFrom.join(", ")} ${runsFrom.length === 1 ? "is" : "are"} down (${pages.planExecution})`,
                ),
            ],
        };
    }
    if (state.execution) {
        return {
            state,
            next: [],
            lines: [
                line(
                    state,
                    plan.name,
                    `${plan.name} is already executing (${state.execution.action} ${state.execution.region}); the new execution is refused`,
                ),
            ],
        };
    }
    const execution: Execution = {
        plan: plan.name,
        region: event.region,
        action: event.action,
        next: 0,
        running: [],
    };
    const started: State = {
        ...state,
        execution,
        // A person started the activation of this region: whatever follows is deliberate.
        movedAway:
            event.action === "activate" ? without(state.movedAway, event.region) : state.movedAway,
    };
    const run = runSteps(model, started, event.operator);
    return {
        ...run,
        lines: [
            line(
                state,
                plan.name,
                `${event.operator ? "The operator starts" : "Someone starts"} ${plan.name}: ${event.action} ${event.region}`,
                "operator",
            ),
            ...run.lines,
        ],
    };
}

function workflowOf(model: Model, execution: Execution): StepModel[] {
    const plan = planOf(model, execution.plan)!;
    return (
        plan.workflows.find(
            (w) => w.targetRegion === execution.region && w.action === execution.action,
        ) ?? plan.workflows.find((w) => w.targetRegion === "" && w.action === execution.action)!
    ).steps;
}

/** Start the next step (or Parallel group) of the execution, or finish it. */
function runSteps(model: Model, state: State, operator: boolean): Outcome {
    const execution = state.execution!;
    const steps = workflowOf(model, execution);
    if (execution.next >= steps.length) {
        return {
            state: { ...state, execution: undefined },
            next: [],
            lines: [
                line(
                    state,
                    execution.plan,
                    `${execution.plan} completes: ${execution.region} ${execution.action}d`,
                ),
            ],
        };
    }
    const first = steps[execution.next];
    const rest = steps.slice(execution.next);
    const end = rest.findIndex((x) => x.group === undefined || x.group !== first.group);
    const batch = first.group ? rest.slice(0, end === -1 ? rest.length : end) : [first];
    const next = execution.next + batch.length;
    if (first.type === "ManualApproval") {
        const since = state.t;
        return {
            state: {
                ...state,
                execution: { ...execution, next, running: [first.name], waitingSince: since },
            },
            next: [
                {
                    delay: (first.timeoutMinutes ?? 60) * 60,
                    event: { kind: "approval-timeout", plan: execution.plan, since },
                },
                ...(operator ? [{ delay: 0, event: { kind: "approve" } as SimEvent }] : []),
            ],
            lines: [
                line(
                    state,
                    execution.plan,
                    `Step ${first.name} waits for a person's approval (times out after ${first.timeoutMinutes ?? 60} min; ${pages.approvalBlock})`,
                ),
            ],
        };
    }
    return {
        state: { ...state, execution: { ...execution, next, running: batch.map((s) => s.name) } },
        next: batch.map((s) => ({
            delay: s.seconds,
            event: { kind: "step-done", plan: execution.plan, step: s.name } as SimEvent,
        })),
        lines: batch.map((s) =>
            line(
                state,
                execution.plan,
                `Step ${s.name} (${s.type}) starts${s.group ? ` in parallel group ${s.group}` : ""}`,
            ),
        ),
    };
}

function approve(model: Model, state: State): Outcome {
    const execution = state.execution;
    if (!execution || execution.waitingSince === undefined) {
        return { state, next: [], lines: [] };
    }
    const approved: State = {
        ...state,
        execution: { ...execution, running: [], waitingSince: undefined },
    };
    const run = runSteps(model, approved, true);
    return {
        ...run,
        lines: [line(state, execution.plan, `A person approves ${execution.plan}`), ...run.lines],
    };
}

function stepDone(model: Model, state: State, planName: string, stepName: string): Outcome {
    const execution = state.execution;
    if (!execution || execution.plan !== planName || !execution.running.includes(stepName)) {
        return { state, next: [], lines: [] };
    }
    const step = workflowOf(model, execution).find((s) => s.name === stepName)!;
    const effect = stepEffect(model, state, execution, step);
    if (!effect.ok) {
        return {
            state: { ...effect.state, execution: undefined },
            next: effect.next,
            lines: effect.lines,
        };
    }
    const running = without(execution.running, stepName);
    const after: State = { ...effect.state, execution: { ...execution, running } };
    if (running.length > 0) {
        return { state: after, next: effect.next, lines: effect.lines };
    }
    const run = runSteps(model, after, true);
    return {
        state: run.state,
        next: [...effect.next, ...run.next],
        lines: [...effect.lines, ...run.lines],
    };
}

type Effect = Outcome & { ok: boolean };

function memberIn(store: StoreModel, region: string, arn?: string) {
    return (
        store.members.find((m) => arn !== undefined && m.addresses.includes(arn.toLowerCase())) ??
        store.members.find((m) => m.region === region)
    );
}

/** What a completed step changes (each block's page in rules.ts). */
function stepEffect(model: Model, state: State, execution: Execution, step: StepModel): Effect {
    const target = execution.region;
    const activate = execution.action === "activate";
    // Where capacity and data go: the activated Region, or for a deactivation (active/active,
    // AWS's sample puts its scaling and data steps there) the plan's other Region that is up.
    const plan = planOf(model, execution.plan);
    const others = (plan?.regions ?? model.regions.map((r) => r.region)).filter(
        (r) => r !== target,
    );
    const dest = activate ? target : (others.find((r) => state.up[r]) ?? others[0] ?? target);
    const ok = (s: State, text: string, stepLabel?: string, next: Next[] = []): Effect => ({
        ok: true,
        state: s,
        next,
        lines: [line(state, step.name, text, stepLabel)],
    });
    switch (step.type) {
        case "ECSServiceScaling":
        case "EC2AutoScaling": {
            if (dest === target && !activate) {
                return ok(state, `Step ${step.name} completes`);
            }
            const full = Math.max(...model.regions.map((r) => r.full), state.desired[dest] ?? 0);
            return ok(
                { ...state, desired: { ...state.desired, [dest]: full } },
                `Step ${step.name} sets ${dest}'s desired count to ${full} (${pages.ecsBlock})`,
                undefined,
                [{ delay: 0, event: { kind: "tasks-running", region: dest } }],
            );
        }
        case "AuroraGlobalDatabase":
            return moveAurora(model, state, step, dest, ok);
        case "RdsPromoteReadReplica":
            return promoteRds(model, state, step, dest, ok);
        case "RdsCreateCrossRegionReplica": {
            let next = state;
            const texts: string[] = [];
            for (const store of model.stores.filter((s) => s.kind === "rds")) {
                const writer = state.writer[store.name];
                for (const m of store.members.filter(
                    (m) => m.name !== writer && Object.keys(step.targets).includes(m.region),
                )) {
                    next = {
                        ...next,
                        replicaOf: { ...next.replicaOf, [m.name]: writer },
                        written: { ...next.written, [store.name]: [] },
                    };
                    texts.push(
                        `${m.name} is recreated as a read replica of ${writer}, with its data`,
                    );
                }
            }
            return ok(
                next,
                `Step ${step.name}: ${texts.join("; ") || "no replica to create"} (${pages.rdsCreateReplicaBlock})`,
            );
        }
        case "Route53HealthCheck":
        case "ARCRoutingControl": {
            const gates = { ...state.gates };
            const set: string[] = [];
            for (const check of model.checks.filter(
                (c) =>
                    (c.kind === "gate" && c.id in step.gates) ||
                    (c.kind === "control" &&
                        c.setBy !== undefined &&
                        Object.values(step.targets).some((t) => t.split(",").includes(c.setBy!))),
            )) {
                // Active/passive: the activated Region healthy, the other unhealthy; active/active:
                // activate turns the Region on and deactivate off, the others unchanged.
                const activeActive = planOf(model, execution.plan)?.approach === "activeActive";
                if (activeActive && check.region !== target) {
                    continue;
                }
                const healthy = activeActive
                    ? activate
                    : activate
                      ? check.region === target
                      : check.region !== target;
                gates[check.id] = healthy;
                set.push(`${check.region} ${healthy ? "healthy" : "unhealthy"}`);
            }
            return ok(
                { ...state, gates },
                `Step ${step.name} sets the plan's health checks: ${set.join(", ") || "none found"} (${step.type === "ARCRoutingControl" ? pages.routingControlBlock : pages.route53Block})`,
            );
        }
        case "CustomActionLambda":
            return ok(
                { ...state, opaque: withItem(state.opaque, step.name) },
                `Step ${step.name} runs a Lambda function whose effect the model cannot read: what follows about failback is not judged (needs a live drill)`,
            );
        default:
            return ok(
                state,
                `Step ${step.name} (${step.type}) completes; the model gives it no effect`,
            );
    }
}

function moveAurora(
    model: Model,
    state: State,
    step: StepModel,
    target: string,
    ok: (s: State, text: string, label?: string) => Effect,
): Effect {
    let next = state;
    const texts: string[] = [];
    for (const store of model.stores.filter((s) => s.kind === "aurora")) {
        const member = memberIn(store, target, step.targets[target]);
        const old = store.members.find((m) => m.name === state.writer[store.name]);
        if (!member || !old || member.name === old.name) {
            continue;
        }
        const how = auroraMove(state.up[old.region] === true);
        next = {
            ...next,
            writer: { ...next.writer, [store.name]: member.name },
            movedAway: withItem(next.movedAway, old.region),
        };
        texts.push(
            `${how} of ${store.name}: ${member.name} in ${target} is the writer${how === "failover" ? "; what had not replicated from " + old.region + " is lost" : ""}`,
        );
    }
    return ok(
        next,
        `Step ${step.name}: ${texts.join("; ") || "the writer is already there"} (${pages.auroraBlock}; ${pages.auroraGlobalFailover})`,
        "data-promotion",
    );
}

function promoteRds(
    model: Model,
    state: State,
    step: StepModel,
    target: string,
    ok: (s: State, text: string, label?: string) => Effect,
): Effect {
    let next = state;
    const texts: string[] = [];
    for (const store of model.stores.filter((s) => s.kind === "rds")) {
        const member = memberIn(store, target, step.targets[target]);
        if (!member) {
            continue;
        }
        const result = rdsPromotion(
            next.replicaOf[member.name] !== "" && next.replicaOf[member.name] !== undefined,
        );
        if (!result.ok) {
            return {
                ok: false,
                state: next,
                next: [],
                lines: [
                    line(
                        state,
                        step.name,
                        `Step ${step.name} fails on ${member.name}: ${result.note} (${pages.rdsPromoteBlock})`,
                    ),
                ],
            };
        }
        const old = store.members.find((m) => m.name === state.writer[store.name]);
        // A replica holds what its source took up to the moment it stopped (the lag is the RPO,
        // which the budget judges, not the simulation): nothing the old writer took before the
        // promotion is left behind on it.
        const caughtUp = old !== undefined && next.replicaOf[member.name] === old.name;
        next = {
            ...next,
            written: caughtUp
                ? {
                      ...next.written,
                      [store.name]: without(next.written[store.name] ?? [], old.name),
                  }
                : next.written,
            writer: { ...next.writer, [store.name]: member.name },
            replicaOf: { ...next.replicaOf, [member.name]: "" },
            movedAway:
                old && old.region !== target
                    ? withItem(next.movedAway, old.region)
                    : next.movedAway,
        };
        texts.push(`${member.name} is promoted: ${result.note}`);
    }
    return ok(
        next,
        `Step ${step.name}: ${texts.join("; ") || "no replica"} (${pages.rdsPromoteBlock}; ${pages.rdsPromote})`,
        "data-promotion",
    );
}

function rotate(model: Model, state: State, name: string): Outcome {
    const rotation = model.rotations.find((r) => r.name === name)!;
    if (!state.up[rotation.region]) {
        return {
            state,
            next: [],
            lines: [
                line(
                    state,
                    rotation.name,
                    `Rotation of ${rotation.secret} fails: its rotation function runs in ${rotation.region}, which is down`,
                ),
            ],
        };
    }
    const version = (state.secretVersions[rotation.secret] ?? 0) + 1;
    const holders = model.compute
        .filter((c) => c.injectedSecrets.includes(rotation.secret))
        .map((c) => c.name);
    return {
        state: {
            ...state,
            secretVersions: { ...state.secretVersions, [rotation.secret]: version },
        },
        next: [],
        lines: [
            line(
                state,
                rotation.name,
                `Secret ${rotation.secret} rotates (${rotation.alternatingUsers ? "alternating users" : "single user: the old password stops working"}); running tasks of ${holders.join(", ") || "no service"} keep the value ECS injected at their start (${pages.ecsSecrets})`,
            ),
        ],
    };
}

function deploy(model: Model, state: State, region: string): Outcome {
    const recorded = model.regions.find((r) => r.region === region);
    if (!recorded || !state.up[region]) {
        return { state, next: [], lines: [] };
    }
    const desired = recorded.desired;
    return {
        state: {
            ...state,
            desired: { ...state.desired, [region]: desired },
            running: { ...state.running, [region]: Math.min(state.running[region] ?? 0, desired) },
        },
        next:
            desired > (state.running[region] ?? 0)
                ? [
                      {
                          delay: model.timing.taskStartSeconds,
                          event: { kind: "tasks-running", region },
                      },
                  ]
                : [],
        lines: [
            line(
                state,
                recorded.compute?.name ?? region,
                `pulumi up of the ${region} stack sets its service back to the recorded desired count ${desired}`,
            ),
        ],
    };
}

function promoteManually(model: Model, state: State, storeName: string, region: string): Outcome {
    const store = model.stores.find((s) => s.name === storeName)!;
    const member = memberIn(store, region);
    if (!member) {
        return { state, next: [], lines: [] };
    }
    const old = store.members.find((m) => m.name === state.writer[store.name]);
    // As the plan's promotion: a replica of the old writer already holds what it took.
    const caughtUp = old !== undefined && state.replicaOf[member.name] === old.name;
    return {
        state: {
            ...state,
            written: caughtUp
                ? {
                      ...state.written,
                      [store.name]: without(state.written[store.name] ?? [], old.name),
                  }
                : state.written,
            writer: { ...state.writer, [store.name]: member.name },
            replicaOf:
                store.kind === "rds" ? { ...state.replicaOf, [member.name]: "" } : state.replicaOf,
            movedAway:
                old && old.region !== region
                    ? withItem(state.movedAway, old.region)
                    : state.movedAway,
        },
        next: [],
        lines: [
            line(
                state,
                member.name,
                `${member.name} is promoted to writer of ${store.name} by hand (${store.promotionSource})`,
                "data-promotion",
            ),
        ],
    };
}

/** The survivor a failover from `from` goes to: a plan's target, else the first other serving region. */
export function survivorOf(model: Model, state: State, from: string): string | undefined {
    const candidates = model.regions
        .filter((r) => r.region !== from && state.up[r.region] && r.compute)
        .map((r) => r.region);
    const planned = model.plans
        .flatMap((p) => p.workflows)
        .filter((w) => w.action === "activate" && candidates.includes(w.targetRegion))
        .map((w) => w.targetRegion);
    return planned[0] ?? candidates[0];
}

/** What a person does once a region's failure is noticed: the plan, else promotions and a deployment. */
function operatorFailover(model: Model, state: State, from: string): Outcome {
    const to = survivorOf(model, state, from);
    if (!to) {
        return {
            state,
            next: [],
            lines: [line(state, from, `No region to fail over to from ${from}`)],
        };
    }
    // An active/active plan fails over by deactivating the impaired Region (its deactivation
    // workflow, which AWS requires for that approach); an active/passive one activates the other.
    const deactivation = model.plans.find(
        (p) =>
            p.approach === "activeActive" &&
            p.workflows.some(
                (w) =>
                    w.action === "deactivate" && (w.targetRegion === from || w.targetRegion === ""),
            ),
    );
    const plan = model.plans.find((p) =>
        p.workflows.some(
            (w) => w.action === "activate" && (w.targetRegion === to || w.targetRegion === ""),
        ),
    );
    if (deactivation || plan) {
        return {
            state,
            next: [
                {
                    delay: 0,
                    event: {
                        kind: "plan-start",
                        plan: (deactivation ?? plan)!.name,
                        region: deactivation ? from : to,
                        action: deactivation ? "deactivate" : "activate",
                        operator: true,
                    },
                },
            ],
            lines: [],
        };
    }
    const next: Next[] = [];
    const lines: Line[] = [];
    for (const store of model.stores.filter((s) => !s.multiWriter)) {
        const writer = store.members.find((m) => m.name === state.writer[store.name]);
        if (
            writer &&
            (writer.region === from || state.memberDown.includes(writer.name)) &&
            memberIn(store, to)
        ) {
            next.push({
                delay: store.promotionSeconds,
                event: { kind: "promote", store: store.name, region: to },
            });
        }
    }
    const region = model.regions.find((r) => r.region === to)!;
    if (region.max < region.full || (state.running[to] ?? 0) === 0) {
        next.push({
            delay: model.timing.deploymentSeconds,
            event: {
                kind: "scale",
                region: to,
                count: region.full,
                deployment: true,
                why: `The operator's pulumi up raises ${to} to full capacity (${model.timing.deploymentSeconds} s deployment, configurable)`,
            },
        });
    }
    lines.push(
        line(
            state,
            to,
            `The operator fails over to ${to} by hand: ${next.length === 0 ? "nothing to do" : next.map((n) => n.event.kind).join(", ")}`,
            next.length > 0 ? "operator" : undefined,
        ),
    );
    return { state, next, lines };
}

/** The failback the design provides: the plan's activation of `to`, else nothing deliberate. */
function operatorFailback(model: Model, state: State, to: string): Outcome {
    const plan = model.plans.find((p) =>
        p.workflows.some(
            (w) => w.action === "activate" && (w.targetRegion === to || w.targetRegion === ""),
        ),
    );
    if (plan) {
        return {
            state,
            next: [
                {
                    delay: 0,
                    event: {
                        kind: "plan-start",
                        plan: plan.name,
                        region: to,
                        action: "activate",
                        operator: true,
                    },
                },
            ],
            lines: [],
        };
    }
    if (model.plans.length > 0) {
        return {
            state,
            next: [],
            lines: [
                line(
                    state,
                    to,
                    `No plan workflow activates ${to}: the design fails back outside the program (a runbook), which the simulation does not play`,
                ),
            ],
        };
    }
    const next: Next[] = [];
    for (const store of model.stores.filter((s) => !s.multiWriter)) {
        const writer = store.members.find((m) => m.name === state.writer[store.name]);
        if (writer && writer.region !== to && memberIn(store, to)) {
            next.push({
                delay: store.promotionSeconds,
                event: { kind: "promote", store: store.name, region: to },
            });
        }
    }
    return {
        state: { ...state, movedAway: without(state.movedAway, to) },
        next,
        lines: [
            line(
                state,
                to,
                `The operator fails back to ${to} by hand${next.length > 0 ? ": moves the writers back" : ""}`,
            ),
        ],
    };
}

/**
 * Consequences the state now implies: checks and the accelerator start observing a change,
 * DNS answers change (and clients follow after the TTL), target tracking scales a region that
 * takes users. Returns the events to schedule and the answer changes as lines.
 */
export function derive(model: Model, state: State): Outcome {
    let s = state;
    const next: Next[] = [];
    const lines: Line[] = [];
    for (const check of model.checks.filter((c) => c.kind === "endpoint" || c.kind === "metric")) {
        const now = measured(model, s, check);
        const key = `observe:${check.id}`;
        if (now !== s.observed[check.id] && !s.pending.includes(key)) {
            s = { ...s, pending: [...s.pending, key] };
            next.push({
                delay: now ? check.upSeconds : check.downSeconds,
                event: { kind: "observe", check: check.id },
            });
        }
    }
    for (const region of model.regions.filter((r) => r.alb)) {
        const now = albHealthy(model, s, region.region);
        const key = `lb:${region.region}`;
        if (now !== s.lbSeen[region.region] && !s.pending.includes(key)) {
            s = { ...s, pending: [...s.pending, key] };
            next.push({
                delay: now ? region.lbUpSeconds : region.lbDownSeconds,
                event: { kind: "lb-observe", region: region.region },
            });
        }
    }
    const edge = model.edges[0];
    for (const member of edge?.members ?? []) {
        const now = albHealthy(model, s, member.region);
        const key = `edge:${member.region}`;
        if (now !== s.edgeSeen[member.region] && !s.pending.includes(key)) {
            s = { ...s, pending: [...s.pending, key] };
            next.push({
                delay: now ? edge!.upSeconds + edge!.failbackSeconds : edge!.downSeconds,
                event: { kind: "edge-observe", region: member.region },
            });
        }
    }
    // Route 53's answers depend on health, never on other answers: the changed groups are
    // collected first and the state copied once (copying it per group is quadratic in groups).
    const answers: Record<string, string[]> = {};
    const ttlKeys: string[] = [];
    for (const group of groupsOf(model)) {
        const choice = dnsChoice(model, s, group);
        if (choice.regions.join(",") !== (s.answer[group] ?? []).join(",")) {
            const records = recordsOf(model, group);
            const ttl = Math.max(...records.map((r) => r.ttlSeconds));
            answers[group] = choice.regions;
            ttlKeys.push(`ttl:${group}:${choice.regions.join(",")}`);
            next.push({ delay: ttl, event: { kind: "ttl", group, regions: choice.regions } });
            lines.push(
                line(
                    s,
                    records[0].name,
                    `Route 53 answers ${records[0].fqdn} with ${choice.regions.join(", ")}${choice.failedOpen ? " although no record is healthy (all unhealthy counts as all healthy)" : ""} (${pages.chooseRecords})`,
                ),
            );
        }
    }
    if (ttlKeys.length > 0) {
        s = { ...s, answer: { ...s.answer, ...answers }, pending: [...s.pending, ...ttlKeys] };
    }
    for (const region of usersChoice(model, s).regions) {
        const r = model.regions.find((x) => x.region === region);
        const key = `scale:${region}`;
        if (
            r &&
            regionServing(model, s, region) &&
            (s.desired[region] ?? 0) < r.full &&
            r.max >= r.full &&
            !s.pending.includes(key) &&
            !s.execution
        ) {
            s = { ...s, pending: [...s.pending, key] };
            next.push({
                delay: model.timing.autoscalingSeconds,
                event: {
                    kind: "scale",
                    region,
                    count: r.full,
                    why: `Target tracking raises ${region} (${model.timing.autoscalingSeconds} s alarm evaluation)`,
                },
            });
        }
    }
    return { state: recordWrites(model, s), next, lines };
}

/** Remember which members took writes from the regions users reach now. */
function recordWrites(model: Model, state: State): State {
    let written = state.written;
    for (const region of usersChoice(model, state).regions.filter((r) =>
        regionServing(model, state, r),
    )) {
        for (const w of model.compute.filter((c) => c.region === region).flatMap((c) => c.writes)) {
            const store = model.stores.find((s) => s.name === w.store)!;
            const target = targetOf(state, store, w, true);
            const list = written[store.name] ?? [];
            // Writes to what is not a single-writer store's writer are single-writer's business.
            const lands = store.multiWriter || target === state.writer[store.name];
            if (target && lands && !list.includes(target)) {
                written = { ...written, [store.name]: [...list, target].sort() };
            }
        }
    }
    return written === state.written ? state : { ...state, written };
}
