/**
 * One moment of the simulated deployment, as an immutable value, and what follows from it:
 * which checks are healthy, what DNS and the edges answer, where users are served and where
 * their writes go. Pure functions of (model, state); the events (events.ts) are the only way
 * from one state to the next.
 */
import { checkById, groupsOf, recordsOf, userGroupsOf } from "./lookup";
import { CheckModel, Model, RecordModel, StoreModel, WriteRef } from "./model";
import {
    DnsChoice,
    acceleratorChoice,
    calculatedHealth,
    chooseRecords,
    originChoice,
    reportedHealth,
    staleCredentialsBreak,
} from "./rules";

/** A running plan execution. */
export interface Execution {
    plan: string;
    /** The region the workflow activates (or deactivates). */
    region: string;
    action: "activate" | "deactivate";
    /** Index of the first step not yet done. */
    next: number;
    /** Steps started and not yet done. */
    running: string[];
    /** Waiting for an approval since. */
    waitingSince?: number;
}

export interface State {
    t: number;
    up: Record<string, boolean>;
    appUp: Record<string, boolean>;
    desired: Record<string, number>;
    running: Record<string, number>;
    /** The oldest credential version a region's running tasks hold, per injected secret. */
    taskSecrets: Record<string, Record<string, number>>;
    secretVersions: Record<string, number>;
    /** Status Route 53 (or CloudWatch) has observed for endpoint and metric checks. */
    observed: Record<string, boolean>;
    /** Plan-owned health checks and routing controls. */
    gates: Record<string, boolean>;
    /** The accelerator's view of each endpoint group's health, by region. */
    edgeSeen: Record<string, boolean>;
    /** Each load balancer's view of its targets (what alias target health evaluates). */
    lbSeen: Record<string, boolean>;
    /** Current writer member per single-writer store. */
    writer: Record<string, string>;
    /** RDS: member to the member it replicates from ("" when standalone). */
    replicaOf: Record<string, string>;
    /** Members that are unavailable although their region is up (writer-down). */
    memberDown: string[];
    /** Authoritative answer per record group, and what clients use (after the TTL). */
    answer: Record<string, string[]>;
    clients: Record<string, string[]>;
    /** Store name to the members that took writes while users were elsewhere than their home. */
    written: Record<string, string[]>;
    /** Regions whose data was promoted away from them, and not deliberately activated since. */
    movedAway: string[];
    execution?: Execution;
    /** Plan steps that ran whose effect the model cannot read (CustomActionLambda). */
    opaque: string[];
    /** Pending derived events (checks being observed, TTLs, scale-ups), to avoid duplicates. */
    pending: string[];
}

/** The state of the deployment as recorded, before anything happens. */
export function initialState(model: Model): State {
    const up: Record<string, boolean> = {};
    const desired: Record<string, number> = {};
    const taskSecrets: Record<string, Record<string, number>> = {};
    for (const r of model.regions) {
        up[r.region] = true;
        desired[r.region] = r.desired;
        const injected = model.compute
            .filter((c) => c.region === r.region)
            .flatMap((c) => c.injectedSecrets);
        taskSecrets[r.region] = Object.fromEntries(injected.map((s) => [s, 0]));
    }
    const writer: Record<string, string> = {};
    const replicaOf: Record<string, string> = {};
    for (const store of model.stores) {
        if (!store.multiWriter) {
            writer[store.name] = store.members.find((m) => m.writer)?.name ?? "";
        }
        for (const m of store.members) {
            if (store.kind === "rds") {
                replicaOf[m.name] = m.sourceOf ?? "";
            }
        }
    }
    // Gates and routing controls start as a completed activation of the serving regions
    // leaves them: on for a region that serves in steady state, off (the worse, undocumented
    // case before a plan's first run) for a standby (rules.ts, initialGateState).
    const serving = model.regions.filter((r) => r.servesTraffic).map((r) => r.region);
    const home = serving.length > 0 ? serving : [model.primary];
    const gates: Record<string, boolean> = {};
    for (const c of model.checks.filter((c) => c.kind === "gate" || c.kind === "control")) {
        gates[c.id] = c.region !== undefined && home.includes(c.region);
    }
    const base: State = {
        t: 0,
        up,
        appUp: { ...up },
        desired,
        running: { ...desired },
        taskSecrets,
        secretVersions: Object.fromEntries(model.rotations.map((r) => [r.secret, 0])),
        observed: {},
        gates,
        edgeSeen: {},
        lbSeen: {},
        writer,
        replicaOf,
        memberDown: [],
        answer: {},
        clients: {},
        written: {},
        movedAway: [],
        opaque: [],
        pending: [],
    };
    // Steady state: every check has seen what is true, every client has the current answer.
    const observed = Object.fromEntries(
        model.checks
            .filter((c) => c.kind === "endpoint" || c.kind === "metric")
            .map((c) => [c.id, measured(model, base, c)]),
    );
    const seen = { ...base, observed };
    const edgeSeen = Object.fromEntries(
        model.regions.map((r) => [r.region, albHealthy(model, seen, r.region)]),
    );
    const withEdges = { ...seen, edgeSeen, lbSeen: { ...edgeSeen } };
    const answer = Object.fromEntries(
        groupsOf(model).map((g) => [g, dnsChoice(model, withEdges, g).regions]),
    );
    return { ...withEdges, answer, clients: answer };
}

/** Whether a region's tasks answer: region and app up, tasks running, credentials valid. */
export function regionServing(model: Model, state: State, region: string): boolean {
    return (
        state.up[region] === true &&
        state.appUp[region] === true &&
        (state.running[region] ?? 0) > 0 &&
        staleSecrets(model, state, region).length === 0
    );
}

/** The injected secrets whose rotation broke this region's running tasks. */
export function staleSecrets(model: Model, state: State, region: string): string[] {
    return Object.entries(state.taskSecrets[region] ?? {})
        .filter(([secret, held]) => {
            const rotation = model.rotations.find((r) => r.secret === secret);
            return staleCredentialsBreak(
                held,
                state.secretVersions[secret] ?? 0,
                rotation?.alternatingUsers ?? false,
            );
        })
        .map(([secret]) => secret)
        .sort();
}

/**
 * A load balancer is healthy when its target group has a healthy target; one with no
 * registered targets is unhealthy (`aliasTargetHealth`).
 */
export function albHealthy(model: Model, state: State, region: string): boolean {
    return regionServing(model, state, region);
}

/** What an endpoint or metric check would measure now. */
export function measured(model: Model, state: State, check: CheckModel): boolean {
    if (check.watchesCheck) {
        const watched = checkById(model, check.watchesCheck);
        return watched ? checkHealthy(model, state, watched, 0) : false;
    }
    // A check whose target the model cannot place (no record gates it either) is assumed to
    // see its endpoint healthy: what the model cannot see is not counted as down.
    return check.region === undefined || albHealthy(model, state, check.region);
}

/** A check's status as Route 53 reports it (disabled, inverted, calculated children, gates). */
export function checkHealthy(model: Model, state: State, check: CheckModel, depth = 0): boolean {
    let raw: boolean;
    switch (check.kind) {
        case "gate":
        case "control":
            raw = state.gates[check.id] ?? false;
            break;
        case "calculated":
            raw =
                depth > 8
                    ? false
                    : calculatedHealth(
                          check.children.map((id) => {
                              const child = checkById(model, id);
                              return child ? checkHealthy(model, state, child, depth + 1) : false;
                          }),
                          check.threshold,
                      );
            break;
        default:
            raw = state.observed[check.id] ?? measured(model, state, check);
    }
    return reportedHealth(raw, check);
}

export function recordHealthy(model: Model, state: State, record: RecordModel): boolean {
    const check = checkById(model, record.healthCheckId);
    const byCheck =
        record.healthCheckId === undefined
            ? true
            : check
              ? checkHealthy(model, state, check)
              : false;
    // Alias target health is the load balancer's own view of its targets (`aliasTargetHealth`).
    const byTarget = record.evaluateTargetHealth
        ? (state.lbSeen[record.region] ?? albHealthy(model, state, record.region))
        : true;
    return byCheck && byTarget;
}

export function dnsChoice(model: Model, state: State, group: string): DnsChoice {
    const records = recordsOf(model, group);
    return chooseRecords(
        records[0]?.policy ?? "simple",
        records.map((r) => ({
            key: r.name,
            region: r.region,
            healthy: recordHealthy(model, state, r),
            role: r.role,
            weight: r.weight,
        })),
    );
}

/** Where users are sent now: the edge's choice, else what clients resolved, else the serving regions. */
export function usersChoice(model: Model, state: State): DnsChoice {
    const edge = model.edges[0];
    if (edge?.kind === "global-accelerator") {
        return acceleratorChoice(
            edge.members.map((m) => ({
                region: m.region,
                dial: m.dial,
                healthy: state.edgeSeen[m.region] ?? false,
            })),
        );
    }
    if (edge?.kind === "cloudfront") {
        // Each request pays the connection attempts before it fails over: users are answered
        // from the next origin once that delay has passed (edge-observe), per request.
        return originChoice(
            edge.members.map((m) => ({
                region: m.region,
                serving: state.edgeSeen[m.region] ?? albHealthy(model, state, m.region),
            })),
        );
    }
    const group = userGroupsOf(model)[0];
    if (group !== undefined) {
        return { regions: state.clients[group] ?? [], failedOpen: false };
    }
    return {
        regions: model.regions.filter((r) => r.servesTraffic).map((r) => r.region),
        failedOpen: false,
    };
}

/**
 * The member a write reaches now: its fixed address's member; through a DNS name, the member in
 * the region the app's resolver was last answered (after the TTL); else the current writer.
 */
export function targetOf(
    state: State,
    store: StoreModel,
    w: WriteRef,
    authoritative = false,
): string {
    if (w.dnsGroup !== undefined) {
        // The invariants judge the name by what Route 53 answers (it follows the promotion);
        // whether writes land uses what the app's resolver still caches.
        const region = ((authoritative ? state.answer : state.clients)[w.dnsGroup] ?? [])[0];
        return store.members.find((m) => m.region === region)?.name ?? "";
    }
    return w.member ?? state.writer[store.name] ?? "";
}

/** Whether the write's address stays on one member (or a DNS name) rather than following the writer. */
export function isFixed(w: WriteRef): boolean {
    return w.member !== undefined || w.dnsGroup !== undefined;
}

/** Why a region's writes fail now, or undefined when they all land. */
export function writeProblem(model: Model, state: State, region: string): string | undefined {
    for (const compute of model.compute.filter((c) => c.region === region)) {
        for (const w of compute.writes) {
            const store = model.stores.find((s) => s.name === w.store)!;
            const target = targetOf(state, store, w);
            const member = store.members.find((m) => m.name === target);
            if (!member) {
                continue;
            }
            if (!state.up[member.region] || state.memberDown.includes(member.name)) {
                return `${compute.name} writes ${store.name} at ${member.name} (${w.via}) in ${member.region}, which is down`;
            }
            if (store.kind === "rds" && state.replicaOf[member.name]) {
                return `${compute.name} writes ${store.name} at ${member.name} (${w.via}), a read replica`;
            }
        }
    }
    return undefined;
}

/** Users are served: every region they reach serves, its writes land, and capacity is full. */
export function served(model: Model, state: State): boolean {
    const users = usersChoice(model, state).regions;
    if (users.length === 0) {
        return false;
    }
    const full = Math.max(0, ...model.regions.map((r) => r.full));
    const capacity = users.reduce((n, r) => n + (state.running[r] ?? 0), 0);
    return (
        users.every(
            (r) => regionServing(model, state, r) && writeProblem(model, state, r) === undefined,
        ) && capacity >= full
    );
}

/** A canonical text of the state without time, for exploration's visited set. */
export function canonical(state: State): string {
    return stableJson({ ...state, t: 0, pending: [] });
}

export function stableJson(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(stableJson).join(",")}]`;
    }
    if (value !== null && typeof value === "object") {
        return `{${Object.keys(value)
            .sort()
            .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
            .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value);
}
