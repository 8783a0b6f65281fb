/**
 * Invariants: predicates over a played history (moments and timeline), each returning the first
 * moment that breaks it, the resource that causes it and a message that names both.
 */
import { checkById, recordsOf, userGroupsOf } from "./lookup";
import { Model, RecordModel, Ref, StoreModel } from "./model";
import { pages } from "./rules";
import { History, Moment } from "./runner";
import {
    State,
    checkHealthy,
    dnsChoice,
    isFixed,
    targetOf,
    recordHealthy,
    regionServing,
    served,
    staleSecrets,
    writeProblem,
} from "./state";

export const invariantNames = [
    "serves-within-rto",
    "no-fail-open",
    "single-writer",
    "deliberate-failback",
    "no-data-left-behind",
    "steady-state-green",
] as const;
export type InvariantName = (typeof invariantNames)[number];

export interface InvariantResult {
    name: InvariantName;
    holds: boolean;
    message: string;
    /** The resource that causes the break. */
    resource?: Ref;
    atSeconds?: number;
}

/** A span of a scenario whose users must be served within the RTO from its start. */
export interface Phase {
    start: number;
    end: number;
    label: string;
}

const at = (t: number) => `at ${t} s`;

/**
 * A break found after a plan step the model cannot read (a Lambda function) is not judged: the
 * step may be what prevents it. Said so, never passed silently.
 */
function unlessOpaque(result: InvariantResult, state: State): InvariantResult {
    if (result.holds || state.opaque.length === 0) {
        return result;
    }
    return {
        name: result.name,
        holds: true,
        message: `not judged: after step ${state.opaque.join(", ")} (a Lambda function whose effect the model cannot read) the model would report: ${result.message}; play it in a live drill`,
    };
}

/** Seconds from `phase.start` until users are served for the rest of the phase; null if never. */
export function servedAfter(model: Model, history: History, phase: Phase): number | null {
    const inPhase = history.moments.filter((m) => m.t >= phase.start && m.t < phase.end);
    const before = history.moments.filter((m) => m.t < phase.start).pop();
    const all = before ? [{ ...before, t: phase.start }, ...inPhase] : inPhase;
    let since: number | null = null;
    for (const m of all) {
        const ok = served(model, m.state);
        if (ok && since === null) {
            since = m.t;
        } else if (!ok) {
            since = null;
        }
    }
    return since === null ? null : Math.max(0, since - phase.start);
}

/** Why users are not served at a moment, and the resource to blame. */
export function notServedReason(model: Model, moment: Moment): { text: string; resource?: Ref } {
    const users = moment.users.regions;
    if (users.length === 0) {
        return { text: "no region takes users" };
    }
    for (const region of users) {
        const stale = staleSecrets(model, moment.state, region);
        if (stale.length > 0) {
            const rotation = model.rotations.find((r) => r.secret === stale[0]);
            return {
                text: `users reach ${region}, whose running tasks hold the password of ${stale.join(", ")} from before its rotation (ECS injects secrets at task start only; ${pages.ecsSecrets})`,
                resource: rotation,
            };
        }
        if (!regionServing(model, moment.state, region)) {
            const record = model.records.find((r) => r.region === region);
            return {
                text: `users reach ${region}, which does not answer (${moment.state.up[region] ? ((moment.state.running[region] ?? 0) === 0 ? "no tasks run" : "the application is down") : "the region is down"})`,
                resource:
                    record ??
                    model.edges[0] ??
                    model.regions.find((r) => r.region === region)?.compute,
            };
        }
        const problem = writeProblem(model, moment.state, region);
        if (problem) {
            return {
                text: `users reach ${region}, but ${problem}`,
                resource: model.compute.find((c) => c.region === region),
            };
        }
    }
    const full = Math.max(0, ...model.regions.map((r) => r.full));
    const capacity = users.reduce((n, r) => n + (moment.state.running[r] ?? 0), 0);
    return {
        text: `users reach ${users.join(", ")}, which run ${capacity} of the ${full} tasks full capacity needs`,
        resource: model.regions.find((r) => r.region === users[0])?.compute,
    };
}

export function servesWithinRto(
    model: Model,
    history: History,
    phases: readonly Phase[],
    rtoSeconds: number,
): InvariantResult {
    for (const phase of phases) {
        const after = servedAfter(model, history, phase);
        if (after !== null && after <= rtoSeconds) {
            continue;
        }
        const deadline = phase.start + rtoSeconds;
        const moment =
            [...history.moments].filter((m) => m.t <= Math.min(deadline, phase.end)).pop() ??
            history.moments[0];
        const reason = notServedReason(model, moment);
        return {
            name: "serves-within-rto",
            holds: false,
            message: `${phase.label}: users are ${after === null ? "not served again by the end of the scenario" : `served only after ${after} s`}, beyond the RTO of ${rtoSeconds} s; ${at(moment.t)} ${reason.text}`,
            ...(reason.resource
                ? { resource: { urn: reason.resource.urn, name: reason.resource.name } }
                : {}),
            atSeconds: moment.t,
        };
    }
    return {
        name: "serves-within-rto",
        holds: true,
        message: `users are served within ${rtoSeconds} s in every phase`,
    };
}

/** A region that could serve if users were sent there. */
function couldServe(model: Model, state: State, region: string): boolean {
    return regionServing(model, state, region);
}

/** The record's health with every gate and routing control open: what only the gates close. */
function healthyUngated(model: Model, state: State, record: RecordModel): boolean {
    const open = Object.fromEntries(Object.keys(state.gates).map((id) => [id, true]));
    return recordHealthy(model, { ...state, gates: open }, record);
}

export function noFailOpen(model: Model, history: History): InvariantResult {
    for (const m of history.moments) {
        for (const group of userGroupsOf(model)) {
            const choice = dnsChoice(model, m.state, group);
            const dead = choice.regions.filter((r) => !couldServe(model, m.state, r));
            if (dead.length === 0) {
                continue;
            }
            const records = recordsOf(model, group);
            // A record Route 53 can never mark unhealthy keeps sending its users to a dead region.
            const blind = records.find(
                (r) =>
                    dead.includes(r.region) &&
                    r.healthCheckId === undefined &&
                    !r.evaluateTargetHealth,
            );
            const alive = records.find((r) => couldServe(model, m.state, r.region));
            if (blind && alive && records[0].policy !== "failover") {
                return {
                    name: "no-fail-open",
                    holds: false,
                    message: `${at(m.t)} Route 53 keeps answering ${records[0].fqdn} with ${blind.region}, which is down, while ${alive.region} could serve: record ${blind.name} has no health check and does not evaluate its target's health, so Route 53 always counts it healthy (${pages.chooseRecords})`,
                    resource: { urn: blind.urn, name: blind.name },
                    atSeconds: m.t,
                };
            }
            if (!choice.failedOpen) {
                continue;
            }
            // Every record unhealthy: a fail-open when a region that serves, and that Route 53
            // sees healthy, is kept out only by a gate (a plan's check, a routing control).
            const able = records.find(
                (r) =>
                    couldServe(model, m.state, r.region) &&
                    !recordHealthy(model, m.state, r) &&
                    healthyUngated(model, m.state, r),
            );
            if (!able) {
                continue;
            }
            const check = checkById(model, able.healthCheckId);
            const closed = [
                check,
                ...(check?.children ?? []).map((id) => checkById(model, id)),
            ].filter(
                (c) =>
                    c &&
                    (c.kind === "gate" || c.kind === "control") &&
                    !checkHealthy(model, m.state, c),
            );
            return {
                name: "no-fail-open",
                holds: false,
                message: `${at(m.t)} every record of ${records[0].fqdn} is unhealthy, so Route 53 answers with ${dead.join(", ")}, which is down, while ${able.region} could serve: its record ${able.name} is kept unhealthy by ${closed.map((c) => c!.name).join(", ") || "a gate"} (${pages.chooseRecords})`,
                resource: check
                    ? { urn: check.urn, name: check.name }
                    : { urn: able.urn, name: able.name },
                atSeconds: m.t,
            };
        }
    }
    return {
        name: "no-fail-open",
        holds: true,
        message: "DNS and the edge never answer only with a dead region while another could serve",
    };
}

export function singleWriter(model: Model, history: History): InvariantResult {
    for (const m of history.moments) {
        for (const region of m.users.regions.filter((r) => regionServing(model, m.state, r))) {
            for (const compute of model.compute.filter((c) => c.region === region)) {
                for (const w of compute.writes) {
                    const store = model.stores.find((s) => s.name === w.store)!;
                    if (!isFixed(w)) {
                        continue;
                    }
                    const writer = m.state.writer[store.name];
                    const target = store.members.find(
                        (x) => x.name === targetOf(m.state, store, w, true),
                    );
                    if (!target) {
                        continue;
                    }
                    const down = !m.state.up[target.region];
                    // A write to the writer itself in a failed region is a break only when the
                    // store has no copy in any region that is up (nothing could ever take it);
                    // otherwise it waits for the promotion, which serves-within-rto times.
                    const elsewhere = store.members.some((x) => m.state.up[x.region]);
                    if ((store.multiWriter || target.name === writer) && (!down || elsewhere)) {
                        continue;
                    }
                    const where = m.state.up[target.region]
                        ? m.state.replicaOf[target.name]
                            ? "a read replica"
                            : "no longer the writer"
                        : `in ${target.region}, which is down`;
                    return unlessOpaque(
                        {
                            name: "single-writer",
                            holds: false,
                            message:
                                store.multiWriter || w.member === writer
                                    ? `${at(m.t)} users reach ${region}, whose ${compute.name} writes ${store.name} at ${target.name} (${w.via}) in ${target.region}, which is down: the region users are sent to writes nowhere it can (${store.kind === "dynamodb" ? pages.dynamoGlobalTables : store.kind === "rds" ? pages.rdsPromote : store.kind === "aurora" ? pages.auroraGlobalFailover : pages.s3Replication})`
                                    : `${at(m.t)} users reach ${region}, whose ${compute.name} writes ${store.name} at ${target.name} (${w.via}), ${where}, while the writer is ${writer}: the address does not follow the promotion (${store.kind === "rds" ? pages.rdsPromote : pages.auroraGlobalWriterEndpoint})`,
                            resource: { urn: compute.urn, name: compute.name },
                            atSeconds: m.t,
                        },
                        m.state,
                    );
                }
            }
        }
    }
    return {
        name: "single-writer",
        holds: true,
        message: "writes only ever go to each store's current writer",
    };
}

/** A write of `region`'s compute that does not reach its store's current writer, described. */
export function strayWrite(model: Model, state: State, region: string): string | undefined {
    for (const compute of model.compute.filter((c) => c.region === region)) {
        for (const w of compute.writes) {
            const store = model.stores.find((s) => s.name === w.store)!;
            if (store.multiWriter) {
                continue;
            }
            const target = targetOf(state, store, w, true);
            const writer = state.writer[store.name];
            if (target !== "" && target !== writer) {
                return `its ${compute.name} writes ${store.name} at ${target} (${w.via}), while the writer is ${writer}`;
            }
        }
    }
    return undefined;
}

export function deliberateFailback(
    model: Model,
    history: History,
    leftBefore: readonly string[] = [],
): InvariantResult {
    // A region users left after its data was promoted away, and that they reach again.
    const left = new Set<string>(leftBefore);
    for (const m of history.moments) {
        for (const region of m.state.movedAway.filter((r) => !m.users.regions.includes(r))) {
            left.add(region);
        }
        for (const region of [...left]) {
            if (!m.state.movedAway.includes(region)) {
                left.delete(region);
            }
        }
        for (const region of m.state.movedAway) {
            if (!left.has(region) || !m.users.regions.includes(region) || !m.state.up[region]) {
                continue;
            }
            // Users sent back because the region holding a promoted writer failed is a
            // failover, not a failback.
            const writerDown = model.stores.some((st) => {
                const w = st.members.find((x) => x.name === m.state.writer[st.name]);
                return (
                    !st.multiWriter &&
                    w !== undefined &&
                    w.region !== region &&
                    !m.state.up[w.region]
                );
            });
            if (writerDown) {
                continue;
            }
            // The return does harm when the region's writes then miss the promoted writer (two
            // writers, or writes to a replica); when every write there follows the writer
            // (Aurora's global writer endpoint, a name the plan moves, or compute the model
            // cannot see), users are only routed back, which is not a split brain.
            const stray = strayWrite(model, m.state, region);
            if (!stray) {
                continue;
            }
            const edge = model.edges[0];
            const member = edge?.members.find((x) => x.region === region);
            const record = model.records.find((r) => r.region === region);
            const cause =
                member ?? record ?? model.regions.find((r) => r.region === region)?.compute;
            return unlessOpaque(
                {
                    name: "deliberate-failback",
                    holds: false,
                    message: `${at(m.t)} users return to ${region} by themselves (${edge ? `${edge.kind === "global-accelerator" ? "Global Accelerator fails back about 30 s after its endpoints pass" : "CloudFront sends every request to the primary origin first"}` : "its record is healthy again"}) while the data was promoted away from it and no failback step ran: ${stray} (${edge?.kind === "cloudfront" ? pages.cloudFrontFailover : edge ? pages.gaUnhealthy : pages.chooseRecords})`,
                    ...(cause ? { resource: { urn: cause.urn, name: cause.name } } : {}),
                    atSeconds: m.t,
                },
                m.state,
            );
        }
    }
    return {
        name: "deliberate-failback",
        holds: true,
        message: "after a promotion, users return to a region only through a deliberate step",
    };
}

function hasPath(store: StoreModel, state: State, from: string, to: string): boolean {
    if (store.kind === "aurora" || store.kind === "dynamodb") {
        return true;
    }
    if (store.kind === "rds") {
        let at = state.replicaOf[to];
        for (let i = 0; at && i < 5; i++) {
            if (at === from) {
                return true;
            }
            at = state.replicaOf[at];
        }
        return false;
    }
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
        const x = queue.shift()!;
        if (x === to) {
            return true;
        }
        for (const e of store.replicates.filter((e) => e.from === x && !seen.has(e.to))) {
            seen.add(e.to);
            queue.push(e.to);
        }
    }
    return false;
}

export function noDataLeftBehind(
    model: Model,
    history: History,
    homeRegions?: readonly string[],
): InvariantResult {
    const home = new Set(homeRegions ?? history.moments[0]?.users.regions ?? []);
    for (let i = 1; i < history.moments.length; i++) {
        const m = history.moments[i];
        const before = history.moments[i - 1];
        for (const region of m.users.regions.filter(
            (r) =>
                home.has(r) &&
                !before.users.regions.includes(r) &&
                regionServing(model, m.state, r),
        )) {
            for (const compute of model.compute.filter((c) => c.region === region)) {
                for (const w of compute.writes) {
                    const store = model.stores.find((s) => s.name === w.store)!;
                    const target = targetOf(m.state, store, w, true);
                    const behind = (m.state.written[store.name] ?? []).filter(
                        (x) => x !== target && !hasPath(store, m.state, x, target),
                    );
                    if (behind.length === 0) {
                        continue;
                    }
                    const member = store.members.find((x) => x.name === behind[0])!;
                    return unlessOpaque(
                        {
                            name: "no-data-left-behind",
                            holds: false,
                            message: `${at(m.t)} users are back in ${region}, whose ${compute.name} uses ${target} of ${store.name}, but what ${member.region} wrote to ${member.name} meanwhile never reaches it (${store.kind === "s3" ? `replication runs ${store.replicates.map((e) => `${e.from} → ${e.to}`).join(", ")} only; ${pages.s3TwoWay}` : `${member.name} does not replicate to ${target}; ${pages.rdsPromote}`})`,
                            resource: { urn: member.urn, name: member.name },
                            atSeconds: m.t,
                        },
                        m.state,
                    );
                }
            }
        }
    }
    return {
        name: "no-data-left-behind",
        holds: true,
        message: "what any region wrote is present where users return",
    };
}

/** Whether a probe can be OK in the given (steady) state, and why not. */
export function probeOk(
    model: Model,
    state: State,
    name: string,
    depth = 0,
): { ok: boolean; why?: string; cause?: Ref } {
    const probe = model.probes.find((p) => p.name === name);
    if (!probe || depth > 4) {
        return { ok: true };
    }
    if (probe.kind === "alarm") {
        if (probe.follows?.kind === "canary") {
            return probeOk(model, state, probe.follows.name, depth + 1);
        }
        if (probe.follows?.kind === "check") {
            const check = checkById(model, probe.follows!.name);
            return check && !checkHealthy(model, state, check)
                ? {
                      ok: false,
                      why: `health check ${check.name} is unhealthy in steady state`,
                      cause: check,
                  }
                : { ok: true };
        }
        return { ok: true };
    }
    if (probe.target?.kind === "alb") {
        const region = model.regions.find(
            (r) => r.region === (probe.target as { region: string }).region,
        );
        if (region?.alb?.internal && !probe.inVpc) {
            return {
                ok: false,
                why: `canary ${probe.name} runs outside any VPC and probes the internal load balancer of ${region.region}, which it cannot reach (${pages.canaryVpc})`,
                cause: probe,
            };
        }
        if (region && !regionServing(model, state, region.region)) {
            return {
                ok: false,
                why: `canary ${probe.name} probes ${region.region}, which runs no tasks in steady state (a load balancer with no healthy targets answers 503; ${pages.albNoTargets})`,
                cause: probe,
            };
        }
    }
    return { ok: true };
}

export function steadyStateGreen(model: Model, state: State): InvariantResult {
    for (const probe of model.probes
        .filter((p) => p.gates.length > 0)
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const result = probeOk(model, state, probe.name);
        if (result.ok) {
            continue;
        }
        return {
            name: "steady-state-green",
            holds: false,
            message: `alarm ${probe.name} gates ${probe.gates.join(", ")} but cannot be OK in steady state: ${result.why}; the ${probe.gates.some((g) => g.startsWith("FIS")) ? `game day stops before it starts (${pages.fisStopConditions})` : "gate stays closed"}`,
            resource: result.cause ? { urn: result.cause.urn, name: result.cause.name } : probe,
            atSeconds: 0,
        };
    }
    return {
        name: "steady-state-green",
        holds: true,
        message: "every alarm and canary that gates something can be OK in steady state",
    };
}
