/**
 * One moment of the simulated deployment (policies/simulation/state.ts) on a hand-built model:
 * the steady state, each condition of a region serving, check and record health (disabled,
 * inverted, calculated, gates, alias target health), where users are sent, where writes land.
 */
import * as assert from "assert";
import {
    State,
    WriteRef,
    canonical,
    checkHealthy,
    dnsChoice,
    initialState,
    isFixed,
    measured,
    recordHealthy,
    regionServing,
    served,
    stableJson,
    staleSecrets,
    targetOf,
    usersChoice,
    writeProblem,
} from "../../policies/simulation";
import { E, G, W, check, compute, member, record, region, store, world } from "./model-fixture";

describe("simulation state: the steady state (initialState)", () => {
    it("every region up, tasks as recorded, checks and edges as true, clients on the current answer", () => {
        const expected: State = {
            t: 0,
            up: { [E]: true, [W]: true },
            appUp: { [E]: true, [W]: true },
            desired: { [E]: 2, [W]: 0 },
            running: { [E]: 2, [W]: 0 },
            taskSecrets: { [E]: { "db-pass": 0 }, [W]: {} },
            secretVersions: { "db-pass": 0 },
            observed: { "hc-east": true, "hc-west": false, alarm: false },
            gates: { "gate-east": true, "gate-west": false },
            edgeSeen: { [E]: true, [W]: false },
            lbSeen: { [E]: true, [W]: false },
            writer: { db: "db-east" },
            replicaOf: { "db-east": "", "db-west": "db-east" },
            memberDown: [],
            answer: { [G]: [E] },
            clients: { [G]: [E] },
            written: {},
            movedAway: [],
            opaque: [],
            pending: [],
        };
        assert.deepStrictEqual(initialState(world()), expected);
    });

    it("with no region serving, the primary's gates start on", () => {
        const m = world({
            primary: W,
            regions: [region(E, { servesTraffic: false }), region(W, { servesTraffic: false })],
        });
        assert.deepStrictEqual(initialState(m).gates, { "gate-east": false, "gate-west": true });
    });

    it("a gate no region places starts off", () => {
        const m = world({ checks: [check("gate", { kind: "gate" })] });
        assert.deepStrictEqual(initialState(m).gates, { gate: false });
    });

    it("writers of single-writer stores only (none recorded: empty); replica sources of RDS only", () => {
        const m = world({
            stores: [
                store("none", [member("n1", E)], { kind: "aurora" }),
                store("t", [member("t1", E, { writer: true })], {
                    kind: "dynamodb",
                    multiWriter: true,
                }),
                store(
                    "c",
                    [member("c1", E, { writer: true }), member("c2", W, { sourceOf: "c1" })],
                    {
                        kind: "aurora",
                    },
                ),
            ],
        });
        const state = initialState(m);
        assert.deepStrictEqual(state.writer, { none: "", c: "c1" });
        assert.deepStrictEqual(state.replicaOf, {});
    });
});

describe("simulation state: a region serves (regionServing, staleSecrets)", () => {
    const m = world();
    const s = initialState(m);
    const rows: [string, State, string, boolean][] = [
        ["steady state", s, E, true],
        ["region down", { ...s, up: { ...s.up, [E]: false } }, E, false],
        ["application down", { ...s, appUp: { ...s.appUp, [E]: false } }, E, false],
        ["no tasks", { ...s, running: { ...s.running, [E]: 0 } }, E, false],
        ["a region the model does not know", s, "eu-west-1", false],
        [
            "tasks hold a rotated single-user password",
            { ...s, secretVersions: { "db-pass": 1 } },
            E,
            false,
        ],
    ];
    for (const [name, state, where, expected] of rows) {
        it(`${name}: ${expected}`, () => {
            assert.strictEqual(regionServing(m, state, where), expected);
        });
    }
    it("alternating users keep one version back working, not two", () => {
        const alt = world({ rotations: [{ ...m.rotations[0], alternatingUsers: true }] });
        assert.deepStrictEqual(
            staleSecrets(alt, { ...s, secretVersions: { "db-pass": 1 } }, E),
            [],
        );
        assert.deepStrictEqual(staleSecrets(alt, { ...s, secretVersions: { "db-pass": 2 } }, E), [
            "db-pass",
        ]);
    });
    it("stale secrets are sorted; one without a rotation counts as single-user; an unrotated one is fresh", () => {
        const state = {
            ...s,
            taskSecrets: { [E]: { b: 0, a: 0, c: 0 } },
            secretVersions: { a: 1, b: 1 },
        };
        assert.deepStrictEqual(staleSecrets(m, state, E), ["a", "b"]);
        assert.deepStrictEqual(staleSecrets(m, state, W), []);
    });
});

describe("simulation state: checks and records", () => {
    const m = world();
    const s = initialState(m);
    const byId = (id: string) => m.checks.find((c) => c.id === id)!;

    it("what a check measures: the watched check, the region's load balancer, or healthy when unplaced", () => {
        assert.strictEqual(measured(m, s, check("x", { watchesCheck: "hc-east" })), true);
        assert.strictEqual(measured(m, s, check("x", { watchesCheck: "hc-west" })), false);
        assert.strictEqual(measured(m, s, check("x", { watchesCheck: "ghost", region: E })), false);
        assert.strictEqual(measured(m, s, check("x")), true);
        assert.strictEqual(measured(m, s, check("x", { region: W })), false);
        assert.strictEqual(measured(m, s, check("x", { region: E })), true);
    });

    it("a check reports what it observed, not what is true now", () => {
        const seenDown = { ...s, observed: { ...s.observed, "hc-east": false } };
        assert.strictEqual(checkHealthy(m, seenDown, byId("hc-east")), false);
        const notYetObserved = { ...s, observed: {} };
        assert.strictEqual(checkHealthy(m, notYetObserved, byId("hc-east")), true);
    });

    it("inverted and disabled checks (a disabled check is healthy)", () => {
        assert.strictEqual(checkHealthy(m, s, { ...byId("hc-east"), inverted: true }), false);
        assert.strictEqual(checkHealthy(m, s, { ...byId("hc-west"), disabled: true }), true);
        assert.strictEqual(checkHealthy(m, s, { ...byId("gate-west"), inverted: true }), true);
    });

    it("gates: their state, off when unknown", () => {
        assert.strictEqual(checkHealthy(m, s, byId("gate-east")), true);
        assert.strictEqual(checkHealthy(m, s, byId("gate-west")), false);
        assert.strictEqual(checkHealthy(m, { ...s, gates: {} }, byId("gate-east")), false);
    });

    it("calculated: its children against the threshold; an unknown child is unhealthy; a cycle is unhealthy", () => {
        assert.strictEqual(checkHealthy(m, s, byId("calc")), true);
        const closed = { ...s, gates: { ...s.gates, "gate-east": false } };
        assert.strictEqual(checkHealthy(m, closed, byId("calc")), false);
        assert.strictEqual(checkHealthy(m, closed, { ...byId("calc"), threshold: 1 }), true);
        const ghost = check("g", { kind: "calculated", children: ["ghost"], threshold: 1 });
        assert.strictEqual(checkHealthy(m, s, ghost), false);
        assert.strictEqual(checkHealthy(m, s, { ...ghost, threshold: 0 }), true);
        const loop = check("loop", { kind: "calculated", children: ["loop"], threshold: 1 });
        // A check that is its own child: cut as unhealthy deep down, so unhealthy at every level.
        assert.strictEqual(checkHealthy(world({ checks: [loop] }), s, loop), false);
        const inverting = check("inv", {
            kind: "calculated",
            children: ["inv"],
            threshold: 1,
            inverted: true,
        });
        // Cut at depth 9 (unhealthy, reported healthy once inverted); each level above inverts its
        // child's status: depth 1 healthy, the top (depth 0) unhealthy. A cut one level earlier
        // or later flips both.
        assert.strictEqual(checkHealthy(world({ checks: [inverting] }), s, inverting), false);
        assert.strictEqual(checkHealthy(world({ checks: [inverting] }), s, inverting, 1), true);
    });

    it("records: no check is healthy; an unknown check is not; alias target health is the load balancer's view", () => {
        const plain = record("r", W);
        assert.strictEqual(recordHealthy(m, s, plain), true);
        assert.strictEqual(recordHealthy(m, s, { ...plain, healthCheckId: "ghost" }), false);
        assert.strictEqual(recordHealthy(m, s, { ...plain, evaluateTargetHealth: true }), false);
        const east = record("r", E, { evaluateTargetHealth: true });
        assert.strictEqual(recordHealthy(m, s, east), true);
        assert.strictEqual(recordHealthy(m, { ...s, lbSeen: { [E]: false } }, east), false);
        assert.strictEqual(recordHealthy(m, { ...s, lbSeen: {} }, east), true);
        assert.strictEqual(
            recordHealthy(m, s, { ...east, healthCheckId: "hc-west" }),
            false,
            "both the check and the target must be healthy",
        );
    });

    it("DNS answers per group; a group without records answers nothing", () => {
        assert.deepStrictEqual(dnsChoice(m, s, G), { regions: [E], failedOpen: false });
        const closed = { ...s, gates: { ...s.gates, "gate-east": false } };
        assert.deepStrictEqual(dnsChoice(m, closed, G), { regions: [E], failedOpen: true });
        assert.deepStrictEqual(dnsChoice(m, s, "Z9/none/A"), { regions: [], failedOpen: false });
    });
});

describe("simulation state: where users are sent (usersChoice)", () => {
    const member = (r: string, dial: number) => ({ urn: `urn:${r}`, name: r, region: r, dial });
    const edge = (kind: "global-accelerator" | "cloudfront", order: string[]) => ({
        urn: "urn:edge",
        name: "edge",
        kind,
        members: order.map((r) => member(r, r === E ? 100 : 0)),
        downSeconds: 30,
        upSeconds: 30,
        failbackSeconds: 30,
        source: "test",
    });
    it("Global Accelerator: the groups it has seen healthy; none seen yet fails open", () => {
        const m = world({ edges: [edge("global-accelerator", [E, W])] });
        const s = initialState(m);
        assert.deepStrictEqual(usersChoice(m, s), { regions: [E], failedOpen: false });
        assert.deepStrictEqual(usersChoice(m, { ...s, edgeSeen: {} }), {
            regions: [E, W],
            failedOpen: true,
        });
    });
    it("CloudFront: the first origin in order seen serving, else the one serving now", () => {
        const m = world({ edges: [edge("cloudfront", [W, E])] });
        const s = initialState(m);
        assert.deepStrictEqual(usersChoice(m, s), { regions: [E], failedOpen: false });
        assert.deepStrictEqual(usersChoice(m, { ...s, edgeSeen: { [W]: true } }), {
            regions: [W],
            failedOpen: false,
        });
        assert.deepStrictEqual(usersChoice(m, { ...s, edgeSeen: {} }), {
            regions: [E],
            failedOpen: false,
        });
    });
    it("records: what the clients resolved (nothing before they resolve)", () => {
        const m = world();
        const s = initialState(m);
        assert.deepStrictEqual(usersChoice(m, { ...s, clients: { [G]: [W] } }), {
            regions: [W],
            failedOpen: false,
        });
        assert.deepStrictEqual(usersChoice(m, { ...s, clients: {} }), {
            regions: [],
            failedOpen: false,
        });
    });
    it("no edge and no users' record: the regions that serve in steady state", () => {
        const writerName = record("db-name", E, {
            group: "Z1/db.example.com/CNAME",
            storeTarget: { store: "db", member: "db-east" },
        });
        for (const records of [[], [writerName]]) {
            const m = world({
                records,
                regions: [region(E), region(W), region("eu-west-1", { servesTraffic: false })],
            });
            assert.deepStrictEqual(usersChoice(m, { ...initialState(m), clients: {} }), {
                regions: [E, W],
                failedOpen: false,
            });
        }
    });
});

describe("simulation state: where writes land", () => {
    const m = world();
    const s = initialState(m);
    const db = m.stores[0];
    const byName: WriteRef = { store: "db", via: "DB_HOST", dnsGroup: "D" };

    it("a DNS name: the member in the region clients resolved, or Route 53 answers now", () => {
        const state = { ...s, answer: { D: [W] }, clients: { D: [E] } };
        assert.strictEqual(targetOf(state, db, byName), "db-east");
        assert.strictEqual(targetOf(state, db, byName, true), "db-west");
        assert.strictEqual(targetOf(s, db, byName), "");
        assert.strictEqual(targetOf({ ...state, clients: { D: ["eu-west-1"] } }, db, byName), "");
    });
    it("a fixed member, else the current writer, else nothing", () => {
        assert.strictEqual(
            targetOf(s, db, { store: "db", via: "X", member: "db-west" }),
            "db-west",
        );
        assert.strictEqual(
            targetOf({ ...s, writer: { db: "db-west" } }, db, { store: "db", via: "X" }),
            "db-west",
        );
        assert.strictEqual(targetOf({ ...s, writer: {} }, db, { store: "db", via: "X" }), "");
    });
    it("fixed: a member or a DNS name; following: neither", () => {
        assert.strictEqual(isFixed({ store: "db", via: "X", member: "m" }), true);
        assert.strictEqual(isFixed(byName), true);
        assert.strictEqual(isFixed({ store: "db", via: "X" }), false);
    });
    it("writes fail to a member that is down or in a down region, or to an RDS read replica", () => {
        assert.strictEqual(writeProblem(m, s, E), undefined);
        assert.strictEqual(
            writeProblem(m, { ...s, up: { ...s.up, [E]: false } }, E),
            "svc-east writes db at db-east (DB_HOST) in us-east-1, which is down",
        );
        assert.strictEqual(
            writeProblem(m, { ...s, memberDown: ["db-east"] }, E),
            "svc-east writes db at db-east (DB_HOST) in us-east-1, which is down",
        );
        assert.strictEqual(
            writeProblem(m, { ...s, replicaOf: { ...s.replicaOf, "db-east": "db-west" } }, E),
            "svc-east writes db at db-east (DB_HOST), a read replica",
        );
        const aurora = world({ stores: [{ ...db, kind: "aurora" }] });
        assert.strictEqual(
            writeProblem(aurora, { ...s, replicaOf: { "db-east": "db-west" } }, E),
            undefined,
        );
        const ghost = world({
            compute: [
                compute("svc-east", E, { writes: [{ store: "db", member: "ghost", via: "X" }] }),
            ],
        });
        assert.strictEqual(
            writeProblem(ghost, { ...s, up: { [E]: false, [W]: false } }, E),
            undefined,
        );
    });
});

describe("simulation state: users served (served)", () => {
    const m = world();
    const s = initialState(m);
    it("every region users reach serves, its writes land, and it runs full capacity", () => {
        assert.strictEqual(served(m, s), true);
        assert.strictEqual(served(m, { ...s, running: { ...s.running, [E]: 1 } }), false);
        assert.strictEqual(served(m, { ...s, running: { ...s.running, [E]: 3 } }), true);
        assert.strictEqual(served(m, { ...s, clients: {} }), false);
        assert.strictEqual(served(m, { ...s, memberDown: ["db-east"] }), false);
        assert.strictEqual(served(m, { ...s, clients: { [G]: [W] } }), false);
    });
    it("capacity is counted over every region users reach, against the largest region's need", () => {
        const two = world({
            regions: [region(E, { full: 3 }), region(W, { full: 1, desired: 1 })],
        });
        const state = { ...initialState(two), clients: { [G]: [E, W] } };
        assert.strictEqual(served(two, { ...state, running: { [E]: 2, [W]: 1 } }), true);
        assert.strictEqual(served(two, { ...state, running: { [E]: 1, [W]: 1 } }), false);
    });
});

describe("simulation state: canonical text", () => {
    it("sorts keys, drops undefined values, keeps arrays in order", () => {
        assert.strictEqual(
            stableJson({ b: 1, a: [2, 1, { d: undefined, c: "x" }], e: null }),
            '{"a":[2,1,{"c":"x"}],"b":1,"e":null}',
        );
    });
    it("ignores time and pending events, nothing else", () => {
        const s = initialState(world());
        assert.strictEqual(canonical({ ...s, t: 50, pending: ["x"] }), canonical(s));
        assert.notStrictEqual(canonical({ ...s, movedAway: [E] }), canonical(s));
        assert.ok(
            canonical(s).startsWith('{"answer":{"Z1/app.example.com/A":["us-east-1"]},"appUp":'),
        );
        assert.ok(canonical(s).includes('"pending":[]'));
        assert.ok(canonical(s).includes('"t":0'));
    });
});
