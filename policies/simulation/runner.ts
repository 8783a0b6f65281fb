/**
 * Time: a queue of scheduled events, played in (time, order of scheduling) order, so that the
 * same model and script give the same history byte for byte.
 */
import { Line, SimEvent, applyEvent, derive } from "./events";
import { Model } from "./model";
import { DnsChoice } from "./rules";
import { State, usersChoice } from "./state";

export interface Scheduled {
    at: number;
    event: SimEvent;
}

/** The state after an event, and where users were sent then. */
export interface Moment {
    t: number;
    state: State;
    users: DnsChoice;
}

export interface History {
    lines: Line[];
    moments: Moment[];
    /** Set when the event limit stopped the play before its horizon: the rest is not judged. */
    cutShort?: { atSeconds: number; events: number };
}

/** Events after this many seconds are not played (a scenario's horizon). */
export const defaultHorizonSeconds = 4 * 3600;

/** The fewest events a play may run, whatever the model's size. */
export const minEventLimit = 5000;
/**
 * Events per part of the model a play may run. An outage plays a handful of events per record,
 * check, member and compute (a check observed, a TTL ending, a scale-up, a step): a connected
 * program with 1,200 failover groups played about 7,200 per scenario. The limit stops an event
 * that keeps scheduling itself; it must never stop a large design's honest timeline.
 */
export const eventsPerModelPart = 50;

/** How many events a play of `model` may run before it is cut short. */
export function eventLimit(model: Model): number {
    const parts =
        model.records.length +
        model.checks.length +
        model.regions.length +
        model.compute.length +
        model.edges.reduce((n, e) => n + e.members.length, 0) +
        model.stores.reduce((n, st) => n + st.members.length, 0) +
        model.plans.length;
    return Math.max(minEventLimit, eventsPerModelPart * parts);
}

/** Put `item` after every queued event due at its time or before (the queue stays sorted). */
function enqueue<T extends { at: number }>(queue: T[], item: T) {
    let low = 0;
    let high = queue.length;
    while (low < high) {
        const mid = (low + high) >> 1;
        if (queue[mid].at <= item.at) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    queue.splice(low, 0, item);
}

/** Play `script` from `initial` until nothing is scheduled or the horizon. */
export function play(
    model: Model,
    initial: State,
    script: readonly Scheduled[],
    horizon = defaultHorizonSeconds,
    ignore: (event: SimEvent) => boolean = () => false,
): History {
    // Ordered by time, then by when it was scheduled: a later event of the same second runs
    // after the ones scheduled before it (the script's own order first).
    const queue: { at: number; event: SimEvent }[] = [];
    script.forEach((s) => enqueue(queue, { ...s }));
    let state = initial;
    const lines: Line[] = [];
    const moments: Moment[] = [{ t: 0, state, users: usersChoice(model, state) }];
    const limit = eventLimit(model);
    let count = 0;
    while (queue.length > 0 && queue[0].at <= horizon) {
        if (count === limit) {
            const atSeconds = queue[0].at;
            lines.push({
                atSeconds,
                event: `The simulation stopped after ${limit} events, the most it plays for this model: the rest of this scenario is not played and not judged (an event that keeps scheduling itself, e.g. a check that flaps)`,
                resource: "simulation",
            });
            return { lines, moments, cutShort: { atSeconds, events: limit } };
        }
        count++;
        const item = queue.shift()!;
        const outcome = applyEvent(model, { ...state, t: item.at }, item.event);
        const derived = derive(model, outcome.state);
        state = derived.state;
        lines.push(...outcome.lines, ...derived.lines);
        for (const n of [...outcome.next, ...derived.next].filter((n) => !ignore(n.event))) {
            enqueue(queue, { at: item.at + n.delay, event: n.event });
        }
        // Invariants judge what holds once every event of an instant has run: a later event of
        // the same second replaces the moment (a step that completes and the next one that
        // starts at once are one moment).
        const moment = { t: item.at, state, users: usersChoice(model, state) };
        if (moments.length > 1 && moments[moments.length - 1].t === item.at) {
            moments[moments.length - 1] = moment;
        } else {
            moments.push(moment);
        }
    }
    return { lines, moments };
}

/**
 * Play one event and everything it causes, to quiescence (for exploration). Approval timeouts
 * are events of their own there, so the ones a step schedules are not played.
 */
export function settle(model: Model, state: State, event: SimEvent, horizon = 12 * 3600): History {
    return play(
        model,
        { ...state, t: 0, pending: [] },
        [{ at: 0, event }],
        horizon,
        (e) => e.kind === "approval-timeout",
    );
}
