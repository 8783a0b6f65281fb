/**
 * The event queue (policies/simulation/runner.ts): events play in time order and, at the same
 * second, in the order scheduled; the horizon is inclusive; every event of one second makes one
 * moment, apart from the recorded steady state at 0.
 */
import * as assert from "assert";
import { defaultHorizonSeconds, initialState, play, Scheduled } from "../../policies/simulation";
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
