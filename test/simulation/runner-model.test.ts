/**
 * The event queue (policies/simulation/runner.ts): events play in time order and, at the same
 * second, in the order scheduled; the horizon is inclusive; every event of one second makes one
 * moment, apart from the recorded steady state at 0. A play stops after its event limit, which
 * grows with the model, and says so.
 */
import * as assert from "assert";
import {
    cutShortNotes,
    defaultHorizonSeconds,
    eventLimit,
    eventsPerModelPart,
    initialState,
    minEventLimit,
    play,
    Scheduled,
} from "../../policies/simulation";
import { E, W, world } from "./model-fixture";

const m = world();
// Each load balancer's view is stale: observing it changes it (and adds a line).
const s = { ...initialState(m), lbSeen: { [E]: false, [W]: true } };
const observe = (at: number, region: string): Scheduled => ({
    at,
    event: { kind: "lb-observe", region },
});
const eastHealthy = {
    atSeconds: 100,
    event: "The load balancer in us-east-1 marks its targets healthy (test)",
    resource: "us-east-1",
};
const westUnhealthy = {
    atSeconds: 100,
    event: "The load balancer in us-west-2 marks its targets unhealthy (test)",
    resource: "us-west-2",
    step: "detection",
};

describe("simulation runner: the event queue (play)", () => {
    it("plays by time, then in the order scheduled; one moment per second", () => {
        const h = play(m, s, [observe(200, E), observe(100, W), observe(100, E)]);
        assert.deepStrictEqual(h.lines, [westUnhealthy, eastHealthy]);
        assert.deepStrictEqual(
            h.moments.map((x) => [x.t, x.state.lbSeen]),
            [
                [0, { [E]: false, [W]: true }],
                [100, { [E]: true, [W]: false }],
                [200, { [E]: true, [W]: false }],
            ],
        );
        const swapped = play(m, s, [observe(100, E), observe(100, W)]);
        assert.deepStrictEqual(swapped.lines, [eastHealthy, westUnhealthy]);
    });
    it("an event at 0 adds a moment after the recorded steady state", () => {
        const h = play(m, s, [observe(0, E)]);
        assert.deepStrictEqual(
            h.moments.map((x) => [x.t, x.state.lbSeen[E]]),
            [
                [0, false],
                [0, true],
            ],
        );
    });
    it("the horizon (four hours unless given) is inclusive", () => {
        assert.strictEqual(defaultHorizonSeconds, 14400);
        assert.strictEqual(play(m, s, [observe(14400, E)]).lines.length, 1);
        const late = play(m, s, [observe(14401, E)]);
        assert.deepStrictEqual([late.lines, late.moments.length], [[], 1]);
        const short = play(m, s, [observe(100, W), observe(101, E)], 100);
        assert.deepStrictEqual(short.lines, [westUnhealthy]);
        assert.deepStrictEqual(
            short.moments.map((x) => x.t),
            [0, 100],
        );
    });
});

describe("simulation runner: the event limit", () => {
    it("is 5,000 events for a small model, 50 per part of a large one", () => {
        assert.deepStrictEqual([minEventLimit, eventsPerModelPart], [5000, 50]);
        assert.strictEqual(eventLimit(m), 5000);
        const many = <T>(list: readonly T[], n: number) =>
            Array.from({ length: n }, (_, i) => list[i % list.length]);
        // 120 records, 30 checks, 2 regions, 20 compute, one edge of 10 members, a store of 15
        // members and 3 plans: 200 parts.
        const large = {
            ...m,
            records: many(m.records, 120),
            checks: many(m.checks, 30),
            compute: many(m.compute, 20),
            edges: [{ ...m.edges[0], members: many(m.edges[0]?.members ?? [], 10) }],
            stores: [{ ...m.stores[0], members: many(m.stores[0].members, 15) }],
            plans: many(m.plans, 3),
        } as typeof m;
        assert.strictEqual(eventLimit(large), 10_000);
    });
    it("stops a play at the limit, with a line that says so and what is not judged", () => {
        const limit = eventLimit(m);
        const script = Array.from({ length: limit + 2 }, (_, i) => observe(i, i % 2 ? E : W));
        const h = play(m, s, script, limit + 10);
        assert.deepStrictEqual(h.cutShort, { atSeconds: limit, events: limit });
        assert.deepStrictEqual(h.lines[h.lines.length - 1], {
            atSeconds: limit,
            event: `The simulation stopped after ${limit} events, the most it plays for this model: the rest of this scenario is not played and not judged (an event that keeps scheduling itself, e.g. a check that flaps)`,
            resource: "simulation",
        });
        assert.strictEqual(h.moments[h.moments.length - 1].t, limit - 1);
        const exact = play(m, s, script.slice(0, limit), limit + 10);
        assert.strictEqual(exact.cutShort, undefined);
    });
});

describe("simulation: scenarios cut short are noted", () => {
    it("names each cut-short scenario, where and after how many events", () => {
        assert.deepStrictEqual(
            cutShortNotes([
                { result: { name: "outage-us-east-1" }, history: {} },
                {
                    result: { name: "flap-us-west-2" },
                    history: { cutShort: { atSeconds: 320, events: 5000 } },
                },
            ]),
            [
                "scenario flap-us-west-2 was cut short at 320 s after 5000 events: what follows is not judged",
            ],
        );
    });
});
