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
}

/** Events after this many seconds are not played (a scenario's horizon). */
export const defaultHorizonSeconds = 4 * 3600;
const maxEvents = 5000;

/** Play `script` from `initial` until nothing is scheduled or the horizon. */
export function play(
    model: Model,
    initial: State,
    script: readonly Scheduled[],
    horizon = defaultHorizonSeconds,
    ignore: (event: SimEvent) => boolean = () => false,
): History {
    let seq = 0;
    const queue: { at: number; seq: number; event: SimEvent }[] = script.map((s) => ({
        ...s,
        seq: seq++,
    }));
    let state = initial;
    const lines: Line[] = [];
    const moments: Moment[] = [{ t: 0, state, users: usersChoice(model, state) }];
    let count = 0;
    while (queue.length > 0 && count++ < maxEvents) {
        queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const item = queue.shift()!;
        if (item.at > horizon) {
            break;
        }
        const outcome = applyEvent(model, { ...state, t: item.at }, item.event);
        const derived = derive(model, outcome.state);
        state = derived.state;
        lines.push(...outcome.lines, ...derived.lines);
        for (const n of [...outcome.next, ...derived.next].filter((n) => !ignore(n.event))) {
            queue.push({ at: item.at + n.delay, seq: seq++, event: n.event });
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
