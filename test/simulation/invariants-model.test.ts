/**
 * The invariants (policies/simulation/invariants.ts) over hand-built histories: when users are
 * served again within a phase, why they are not (each reason and the resource blamed), the RTO on
 * both sides of its boundary, and the steady-state probes; each message exact, citing its page.
 */
import * as assert from "assert";
import {
    History,
    Moment,
    Phase,
    ProbeModel,
    State,
    initialState,
    notServedReason,
    pages,
    probeOk,
    servedAfter,
    servesWithinRto,
    steadyStateGreen,
    usersChoice,
} from "../../policies/simulation";
import { E, W, region, world } from "./model-fixture";

const m = world();
const s = initialState(m);
const moment = (t: number, state: State): Moment => ({ t, state, users: usersChoice(m, state) });
const history = (...moments: Moment[]): History => ({ lines: [], moments });
const down: State = { ...s, up: { ...s.up, [E]: false } };
const ok0 = moment(0, s);
const outage = history(ok0, moment(100, down), moment(400, s));
const phase = (start: number, end: number, label = "outage of us-east-1"): Phase => ({
    start,
    end,
    label,
});

describe("simulation invariants: when users are served again (servedAfter)", () => {
    const rows: [string, Phase, number | null][] = [
        ["the whole scenario: from the last break", phase(0, Infinity), 400],
        ["a phase starting at the break counts from its start", phase(100, Infinity), 300],
        ["a phase ending before the break: served at once", phase(0, 100), 0],
        ["a phase ending at the recovery excludes it: never", phase(0, 400), null],
        ["a phase after the last moment takes the state before it", phase(500, Infinity), 0],
    ];
    for (const [name, p, expected] of rows) {
        it(`${name}: ${expected}`, () => {
            assert.strictEqual(servedAfter(m, outage, p), expected);
        });
    }
});

describe("simulation invariants: why users are not served (notServedReason)", () => {
    const compute = { urn: "urn:svc-us-east-1", name: "svc-us-east-1" };
    const rows: [string, State, { text: string; resource?: unknown }][] = [
        ["nobody resolved", { ...s, clients: {} }, { text: "no region takes users" }],
        [
            "a rotated password",
            { ...s, secretVersions: { "db-pass": 1 } },
            {
                text: `users reach us-east-1, whose running tasks hold the password of db-pass from before its rotation (ECS injects secrets at task start only; ${pages.ecsSecrets})`,
                resource: m.rotations[0],
            },
        ],
        [
            "the region down",
            down,
            {
                text: "users reach us-east-1, which does not answer (the region is down)",
                resource: m.records[0],
            },
        ],
        [
            "no tasks",
            { ...s, running: { ...s.running, [E]: 0 } },
            {
                text: "users reach us-east-1, which does not answer (no tasks run)",
                resource: m.records[0],
            },
        ],
        [
            "the application down",
            { ...s, appUp: { ...s.appUp, [E]: false } },
            {
                text: "users reach us-east-1, which does not answer (the application is down)",
                resource: m.records[0],
            },
        ],
        [
            "writes to a member that is down",
            { ...s, memberDown: ["db-east"] },
            {
                text: "users reach us-east-1, but svc-east writes db at db-east (DB_HOST) in us-east-1, which is down",
                resource: m.compute[0],
            },
        ],
        [
            "capacity short",
            { ...s, running: { ...s.running, [E]: 1 } },
            {
                text: "users reach us-east-1, which run 1 of the 2 tasks full capacity needs",
                resource: compute,
            },
        ],
    ];
    for (const [name, state, expected] of rows) {
        it(name, () => {
            assert.deepStrictEqual(notServedReason(m, moment(0, state)), expected);
        });
    }
    it("with no record of the region, the edge is blamed, else the region's compute", () => {
        const bare = world({ records: [] });
        const state = { ...initialState(bare), up: { [E]: false, [W]: true } };
        assert.deepStrictEqual(
            notServedReason(bare, { t: 0, state, users: usersChoice(bare, state) }),
            {
                text: "users reach us-east-1, which does not answer (the region is down)",
                resource: compute,
            },
        );
        const edge = {
            urn: "urn:ga",
            name: "ga",
            kind: "global-accelerator" as const,
            members: [{ urn: "urn:g", name: "g", region: E, dial: 100 }],
            downSeconds: 30,
            upSeconds: 30,
            failbackSeconds: 30,
            source: "test",
        };
        const edged = world({ records: [], edges: [edge] });
        const users = { regions: [E], failedOpen: true };
        assert.deepStrictEqual(notServedReason(edged, { t: 0, state, users }).resource, edge);
    });
    it("the first region users reach that fails is the one named", () => {
        const state = { ...s, up: { [E]: true, [W]: true }, running: { [E]: 2, [W]: 0 } };
        assert.strictEqual(
            notServedReason(m, { t: 0, state, users: { regions: [E, W], failedOpen: false } }).text,
            "users reach us-west-2, which does not answer (no tasks run)",
        );
    });
    it("capacity is summed over the regions users reach", () => {
        const two = world({ regions: [region(E, { full: 3 }), region(W, { full: 1 })] });
        const state = { ...initialState(two), running: { [E]: 1, [W]: 1 } };
        assert.deepStrictEqual(
            notServedReason(two, { t: 0, state, users: { regions: [E, W], failedOpen: false } }),
            {
                text: "users reach us-east-1, us-west-2, which run 2 of the 3 tasks full capacity needs",
                resource: compute,
            },
        );
    });
});

describe("simulation invariants: serves within the RTO (servesWithinRto)", () => {
    it("served again exactly at the RTO holds", () => {
        assert.deepStrictEqual(servesWithinRto(m, outage, [phase(0, Infinity)], 400), {
            name: "serves-within-rto",
            holds: true,
            message: "users are served within 400 s in every phase",
        });
    });
    it("one second over the RTO breaks it, naming the moment at the deadline and its cause", () => {
        assert.deepStrictEqual(servesWithinRto(m, outage, [phase(0, Infinity)], 399), {
            name: "serves-within-rto",
            holds: false,
            message:
                "outage of us-east-1: users are served only after 400 s, beyond the RTO of 399 s; at 100 s users reach us-east-1, which does not answer (the region is down)",
            resource: { urn: "urn:rec-east", name: "rec-east" },
            atSeconds: 100,
        });
    });
    it("never served again; a cause with no resource blames none", () => {
        const lost = history(ok0, moment(100, { ...down, clients: {} }));
        assert.deepStrictEqual(servesWithinRto(m, lost, [phase(0, Infinity, "x")], 60), {
            name: "serves-within-rto",
            holds: false,
            message:
                "x: users are not served again by the end of the scenario, beyond the RTO of 60 s; at 0 s users reach us-east-1, which run 2 of the 2 tasks full capacity needs",
            resource: { urn: "urn:svc-us-east-1", name: "svc-us-east-1" },
            atSeconds: 0,
        });
        const nobody = history(
            moment(0, { ...s, clients: {} }),
            moment(100, { ...s, clients: {} }),
        );
        assert.deepStrictEqual(servesWithinRto(m, nobody, [phase(0, Infinity, "x")], 200), {
            name: "serves-within-rto",
            holds: false,
            message:
                "x: users are not served again by the end of the scenario, beyond the RTO of 200 s; at 100 s no region takes users",
            atSeconds: 100,
        });
    });
    it("the moment named is the last before the deadline or the phase's end, whichever is first", () => {
        const h = history(
            moment(0, down),
            moment(100, { ...s, appUp: { ...s.appUp, [E]: false } }),
        );
        const broken = servesWithinRto(m, h, [phase(0, 50, "p")], 1000);
        assert.strictEqual(
            broken.message,
            "p: users are not served again by the end of the scenario, beyond the RTO of 1000 s; at 0 s users reach us-east-1, which does not answer (the region is down)",
        );
    });
    it("every phase is judged; the first that fails is reported", () => {
        const back = history(ok0, moment(100, down), moment(400, s), moment(3600, down));
        const result = servesWithinRto(
            m,
            back,
            [phase(0, 3600, "first"), phase(3600, Infinity, "second")],
            400,
        );
        assert.strictEqual(result.holds, false);
        assert.ok(result.message.startsWith("second: users are not served again"), result.message);
    });
});

describe("simulation invariants: steady state green (probeOk, steadyStateGreen)", () => {
    const probe = (name: string, over: Partial<ProbeModel>): ProbeModel => ({
        urn: `urn:${name}`,
        name,
        kind: "canary",
        region: E,
        inVpc: true,
        gates: [],
        ...over,
    });
    const internal = world({
        regions: [
            region(E, { alb: { urn: "urn:alb", name: "alb", dnsName: "alb", internal: true } }),
            region(W, { servesTraffic: false, desired: 0 }),
        ],
    });
    const probes = [
        probe("c-outside", { inVpc: false, target: { kind: "alb", region: E } }),
        probe("c-inside", { target: { kind: "alb", region: E } }),
        probe("c-west", { target: { kind: "alb", region: W } }),
        probe("c-public", { inVpc: false, target: { kind: "public" } }),
        probe("a-west", { kind: "alarm", follows: { kind: "check", name: "hc-west" } }),
        probe("a-east", { kind: "alarm", follows: { kind: "check", name: "hc-east" } }),
        probe("a-ghost", { kind: "alarm", follows: { kind: "check", name: "ghost" } }),
        probe("a-canary", { kind: "alarm", follows: { kind: "canary", name: "c-west" } }),
        probe("a-loop", { kind: "alarm", follows: { kind: "canary", name: "a-loop" } }),
        probe("a-none", { kind: "alarm" }),
    ];
    const pm = { ...internal, probes };
    const ps = initialState(pm);
    const check = pm.checks.find((c) => c.id === "hc-west")!;
    const rows: [string, ReturnType<typeof probeOk>][] = [
        [
            "c-outside",
            {
                ok: false,
                why: `canary c-outside runs outside any VPC and probes the internal load balancer of us-east-1, which it cannot reach (${pages.canaryVpc})`,
                cause: probes[0],
            },
        ],
        ["c-inside", { ok: true }],
        [
            "c-west",
            {
                ok: false,
                why: `canary c-west probes us-west-2, which runs no tasks in steady state (a load balancer with no healthy targets answers 503; ${pages.albNoTargets})`,
                cause: probes[2],
            },
        ],
        ["c-public", { ok: true }],
        [
            "a-west",
            { ok: false, why: "health check hc-west is unhealthy in steady state", cause: check },
        ],
        ["a-east", { ok: true }],
        ["a-ghost", { ok: true }],
        [
            "a-canary",
            {
                ok: false,
                why: `canary c-west probes us-west-2, which runs no tasks in steady state (a load balancer with no healthy targets answers 503; ${pages.albNoTargets})`,
                cause: probes[2],
            },
        ],
        ["a-loop", { ok: true }],
        ["a-none", { ok: true }],
        ["unknown", { ok: true }],
    ];
    for (const [name, expected] of rows) {
        it(`${name}: ${expected.ok ? "can be OK" : expected.why}`, () => {
            assert.deepStrictEqual(probeOk(pm, ps, name), expected);
        });
    }
    it("a probe that gates nothing is not judged; the first by name that fails is reported", () => {
        const gated = probes.map((p) =>
            p.name === "c-west"
                ? { ...p, gates: ["FIS experiment drill"] }
                : p.name === "a-west"
                  ? { ...p, gates: ["plan trigger"] }
                  : p,
        );
        const g = { ...pm, probes: gated };
        assert.deepStrictEqual(steadyStateGreen(g, ps), {
            name: "steady-state-green",
            holds: false,
            message:
                "alarm a-west gates plan trigger but cannot be OK in steady state: health check hc-west is unhealthy in steady state; the gate stays closed",
            resource: { urn: "urn:hc-west", name: "hc-west" },
            atSeconds: 0,
        });
        const fis = { ...pm, probes: gated.filter((p) => p.name !== "a-west") };
        assert.deepStrictEqual(steadyStateGreen(fis, ps), {
            name: "steady-state-green",
            holds: false,
            message: `alarm c-west gates FIS experiment drill but cannot be OK in steady state: canary c-west probes us-west-2, which runs no tasks in steady state (a load balancer with no healthy targets answers 503; ${pages.albNoTargets}); the game day stops before it starts (${pages.fisStopConditions})`,
            resource: { urn: "urn:c-west", name: "c-west" },
            atSeconds: 0,
        });
        assert.deepStrictEqual(steadyStateGreen(pm, ps), {
            name: "steady-state-green",
            holds: true,
            message: "every alarm and canary that gates something can be OK in steady state",
        });
    });
});
