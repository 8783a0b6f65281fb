/**
 * The standard scenarios, as short scripts of events over time, and the phases in which users
 * must be served within the RTO. Every scenario starts from the recorded steady state.
 */
import { SimEvent } from "./events";
import { Model } from "./model";
import { Phase } from "./invariants";
import { Scheduled } from "./runner";
import { State, initialState, usersChoice } from "./state";

export interface Script {
    name: string;
    region: string;
    events: Scheduled[];
    phases: Phase[];
    horizon: number;
}

/** Seconds of the outage before the region recovers, and between a failback and the next outage. */
export const outageSeconds = 3600;

/**
 * Regions with compute behind a load balancer: the regions a scenario can take out. A place only
 * assumed, that nothing routes away from (`alone`), is left out: users of its name have nowhere
 * else to go whatever happens, and every outage of it would only repeat that.
 */
export function servingRegions(model: Model): string[] {
    return model.regions.filter((r) => (r.compute || r.alb) && !r.alone).map((r) => r.region);
}

/** How long until a failure in `region` is visible to the routing layer (worst check or edge). */
export function detectionSeconds(model: Model, region: string): number {
    const checks = model.checks.filter(
        (c) => (c.kind === "endpoint" || c.kind === "metric") && c.region === region,
    );
    const edge = model.edges.find((e) => e.members.some((m) => m.region === region));
    const times = [...checks.map((c) => c.downSeconds), ...(edge ? [edge.downSeconds] : [])];
    return times.length > 0 ? Math.max(...times) : 0;
}

/** Whether losing `region` needs anyone to act: it takes users, or holds a single writer. */
export function failoverNeeded(model: Model, state: State, region: string): boolean {
    const users = usersChoice(model, state).regions;
    const writes = model.stores.some(
        (s) =>
            !s.multiWriter &&
            s.members.find((m) => m.name === state.writer[s.name])?.region === region,
    );
    const survivors = model.regions.filter((r) => r.region !== region && r.compute);
    const automatic = survivors.some((r) => r.max >= r.full && r.desired > 0);
    return writes || (users.includes(region) && (!automatic || model.plans.length > 0));
}

const ev = (at: number, event: SimEvent): Scheduled => ({ at, event });

function outageEvents(
    model: Model,
    state: State,
    region: string,
    start: number,
    fault: "region-down" | "app-down",
): Scheduled[] {
    const events = [ev(start, { kind: fault, region } as SimEvent)];
    if (failoverNeeded(model, state, region)) {
        events.push(
            ev(start + detectionSeconds(model, region) + model.timing.operatorSeconds, {
                kind: "operator-failover",
                from: region,
            }),
        );
    }
    return events;
}

function recoveryEvents(
    model: Model,
    state: State,
    region: string,
    at: number,
    fault: "region-up" | "app-up",
): Scheduled[] {
    const recoverySeconds = Math.max(
        0,
        ...model.checks.filter((c) => c.region === region).map((c) => c.upSeconds),
    );
    const events = [ev(at, { kind: fault, region } as SimEvent)];
    if (failoverNeeded(model, state, region)) {
        events.push(
            ev(
                at + model.timing.taskStartSeconds + recoverySeconds + model.timing.operatorSeconds,
                { kind: "operator-failback", to: region },
            ),
        );
    }
    return events;
}

/** Every standard scenario for the model. */
export function scripts(model: Model): Script[] {
    const start = initialState(model);
    const out: Script[] = servingRegions(model).flatMap((region) =>
        regionScripts(model, start, region),
    );
    out.push(...dataAndSecretScripts(model));
    return out;
}

/**
 * The five scenarios of one region, from the steady state `start`: its outage, failover and
 * failback, a second outage after the failback, a drill, and its application down.
 */
export function regionScripts(model: Model, start: State, region: string): Script[] {
    const out: Script[] = [];
    const T = outageSeconds;
    const outage = outageEvents(model, start, region, 0, "region-down");
    out.push({
        name: `outage:${region}`,
        region,
        events: outage,
        phases: [{ start: 0, end: Infinity, label: `outage of ${region}` }],
        horizon: T,
    });
    const back = [...outage, ...recoveryEvents(model, start, region, T, "region-up")];
    out.push({
        name: `failover-and-failback:${region}`,
        region,
        events: back,
        phases: [
            { start: 0, end: T, label: `outage of ${region}` },
            { start: T, end: Infinity, label: `recovery of ${region}` },
        ],
        horizon: 2 * T,
    });
    const again = [...back, ...outageEvents(model, start, region, 2 * T, "region-down")];
    out.push({
        name: `outage-after-failback:${region}`,
        region,
        events: again,
        phases: [
            { start: 0, end: T, label: `outage of ${region}` },
            { start: T, end: 2 * T, label: `recovery of ${region}` },
            { start: 2 * T, end: Infinity, label: `second outage of ${region}` },
        ],
        horizon: 3 * T,
    });
    out.push({
        name: `drill:${region}`,
        region,
        // A drill moves users away from a region that has them (or holds a writer) and back.
        events: failoverNeeded(model, start, region)
            ? [
                  ev(0, { kind: "operator-failover", from: region }),
                  ev(T, { kind: "operator-failback", to: region }),
              ]
            : [],
        phases: [{ start: 0, end: Infinity, label: `drill away from ${region} and back` }],
        horizon: 2 * T,
    });
    out.push({
        name: `app-down:${region}`,
        region,
        events: outageEvents(model, start, region, 0, "app-down"),
        phases: [{ start: 0, end: Infinity, label: `application down in ${region}` }],
        horizon: T,
    });
    return out;
}

/** The scenarios of the data layer and secrets: the writers down, a rotation. */
function dataAndSecretScripts(model: Model): Script[] {
    const out: Script[] = [];
    const T = outageSeconds;
    const writers = model.stores.filter((s) => !s.multiWriter);
    if (writers.length > 0) {
        const region =
            writers.map((s) => s.members.find((m) => m.writer)?.region).find((r) => r) ??
            model.primary;
        const inPlace = writers.every(
            (s) => s.members.find((m) => m.writer)?.inRegionFailoverSeconds !== undefined,
        );
        out.push({
            name: "writer-down",
            region,
            events: [
                ...writers.map((s) => ev(0, { kind: "writer-down", store: s.name })),
                ...(inPlace
                    ? []
                    : [
                          ev(model.timing.operatorSeconds, {
                              kind: "operator-failover",
                              from: region,
                          }),
                      ]),
            ],
            phases: [{ start: 0, end: Infinity, label: `writers in ${region} down` }],
            horizon: T,
        });
    }
    if (model.rotations.length > 0) {
        out.push({
            name: "rotation",
            region: model.rotations[0].region,
            events: model.rotations.map((r) => ev(0, { kind: "rotate", rotation: r.name })),
            phases: [{ start: 0, end: Infinity, label: "secret rotation in a healthy world" }],
            horizon: T,
        });
    }
    return out;
}
