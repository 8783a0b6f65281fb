/**
 * The standard scenarios (policies/simulation/scenarios.ts) on hand-built models: which regions
 * a scenario takes out, how long detection takes, when an operator must act, and the exact
 * events, phases and horizons of each script.
 */
import * as assert from "assert";
import {
    detectionSeconds,
    failoverNeeded,
    initialState,
    outageSeconds,
    regionScripts,
    scripts,
    servingRegions,
} from "../../policies/simulation";
import { check, member, model, region, store } from "./model-fixture";

const alb = { urn: "urn:alb", name: "alb", dnsName: "alb.example.com", internal: false };

describe("simulation scenarios: the regions played and detection", () => {
    it("takes out regions with compute or a load balancer, not a place nothing routes away from", () => {
        const m = model({
            regions: [
                region("us-east-1"),
                region("us-west-2", { compute: undefined, alb }),
                region("eu-west-1", { compute: undefined }),
                region("svc-primary", { alone: "no partner" }),
            ],
        });
        assert.deepStrictEqual(servingRegions(m), ["us-east-1", "us-west-2"]);
    });

    it("detection is the slowest endpoint or metric check of the region, or its edge", () => {
        const checks = [
            check("hc-east", { region: "us-east-1", downSeconds: 36 }),
            check("alarm-east", { kind: "metric", region: "us-east-1", downSeconds: 90 }),
            check("calc-east", { kind: "calculated", region: "us-east-1", downSeconds: 500 }),
            check("gate-east", { kind: "gate", region: "us-east-1", downSeconds: 600 }),
            check("hc-west", { region: "us-west-2", downSeconds: 1000 }),
        ];
        const edge = (regionName: string, downSeconds: number) => ({
            urn: "urn:ga",
            name: "ga",
            kind: "global-accelerator" as const,
            members: [{ urn: "urn:g", name: "g", region: regionName, dial: 100 }],
            downSeconds,
            upSeconds: 30,
            failbackSeconds: 30,
            source: "test",
        });
        assert.strictEqual(detectionSeconds(model({ checks }), "us-east-1"), 90);
        assert.strictEqual(
            detectionSeconds(model({ checks, edges: [edge("us-east-1", 100)] }), "us-east-1"),
            100,
        );
        assert.strictEqual(
            detectionSeconds(model({ checks, edges: [edge("us-east-1", 40)] }), "us-east-1"),
            90,
        );
        assert.strictEqual(
            detectionSeconds(model({ checks, edges: [edge("us-west-2", 2000)] }), "us-east-1"),
            90,
        );
        assert.strictEqual(detectionSeconds(model({ checks }), "eu-west-1"), 0);
        assert.strictEqual(
            detectionSeconds(model({ edges: [edge("eu-west-1", 70)] }), "eu-west-1"),
            70,
        );
    });
});

describe("simulation scenarios: when losing a region needs an operator (failoverNeeded)", () => {
    const plan = {
        urn: "urn:plan",
        name: "plan",
        approach: "activePassive",
        regions: [],
        workflows: [],
    };
    const rows: {
        name: string;
        standby: Partial<ReturnType<typeof region>>;
        plans?: boolean;
        needed: boolean;
    }[] = [
        {
            name: "a standby with no tasks cannot take the users",
            standby: { desired: 0 },
            needed: true,
        },
        {
            name: "a running standby that scales to full takes them alone",
            standby: { desired: 1 },
            needed: false,
        },
        {
            name: "a plan is executed even when the standby could scale",
            standby: { desired: 1 },
            plans: true,
            needed: true,
        },
        {
            name: "a ceiling equal to full capacity is enough",
            standby: { desired: 1, max: 2 },
            needed: false,
        },
        {
            name: "a ceiling below full capacity is not",
            standby: { desired: 1, max: 1 },
            needed: true,
        },
        {
            name: "a standby without compute does not count",
            standby: { desired: 1, compute: undefined },
            needed: true,
        },
    ];
    for (const row of rows) {
        it(`${row.name}: ${row.needed}`, () => {
            const m = model({
                regions: [
                    region("us-east-1"),
                    region("us-west-2", { servesTraffic: false, ...row.standby }),
                ],
                plans: row.plans ? [plan] : [],
            });
            assert.strictEqual(failoverNeeded(m, initialState(m), "us-east-1"), row.needed);
        });
    }

    it("a region without users needs no one unless it holds a single writer", () => {
        const regions = [
            region("us-east-1"),
            region("us-west-2", { servesTraffic: false, desired: 0 }),
        ];
        const members = () => [
            member("db-east", "us-east-1"),
            member("db-west", "us-west-2", { writer: true }),
        ];
        const plain = model({ regions });
        assert.strictEqual(failoverNeeded(plain, initialState(plain), "us-west-2"), false);
        const single = model({ regions, stores: [store("db", members())] });
        assert.strictEqual(failoverNeeded(single, initialState(single), "us-west-2"), true);
        const multi = model({
            regions,
            stores: [store("db", members(), { kind: "dynamodb", multiWriter: true })],
        });
        assert.strictEqual(failoverNeeded(multi, initialState(multi), "us-west-2"), false);
    });
});

describe("simulation scenarios: the scripts of one region (regionScripts)", () => {
    const T = outageSeconds;
    const m = model({
        regions: [region("us-east-1"), region("us-west-2", { servesTraffic: false, desired: 0 })],
        checks: [
            check("hc-east", { region: "us-east-1", downSeconds: 36, upSeconds: 30 }),
            check("gate-east", {
                kind: "gate",
                region: "us-east-1",
                downSeconds: 0,
                upSeconds: 45,
            }),
            check("hc-west", { region: "us-west-2", downSeconds: 36, upSeconds: 999 }),
        ],
    });

    it("an outage lasts an hour", () => {
        assert.strictEqual(outageSeconds, 3600);
    });

    it("a region with users: the operator fails over after detection and fails back after the slowest check recovers", () => {
        const failover = { at: 336, event: { kind: "operator-failover", from: "us-east-1" } };
        // 3600 + 60 s task start + 45 s (the gate's recovery, the slowest of the region) + 300 s.
        const failback = { at: 4005, event: { kind: "operator-failback", to: "us-east-1" } };
        const down = (at: number) => ({ at, event: { kind: "region-down", region: "us-east-1" } });
        assert.deepStrictEqual(regionScripts(m, initialState(m), "us-east-1"), [
            {
                name: "outage:us-east-1",
                region: "us-east-1",
                events: [down(0), failover],
                phases: [{ start: 0, end: Infinity, label: "outage of us-east-1" }],
                horizon: T,
            },
            {
                name: "failover-and-failback:us-east-1",
                region: "us-east-1",
                events: [
                    down(0),
                    failover,
                    { at: T, event: { kind: "region-up", region: "us-east-1" } },
                    failback,
                ],
                phases: [
                    { start: 0, end: T, label: "outage of us-east-1" },
                    { start: T, end: Infinity, label: "recovery of us-east-1" },
                ],
                horizon: 2 * T,
            },
            {
                name: "outage-after-failback:us-east-1",
                region: "us-east-1",
                events: [
                    down(0),
                    failover,
                    { at: T, event: { kind: "region-up", region: "us-east-1" } },
                    failback,
                    down(2 * T),
                    { at: 2 * T + 336, event: { kind: "operator-failover", from: "us-east-1" } },
                ],
                phases: [
                    { start: 0, end: T, label: "outage of us-east-1" },
                    { start: T, end: 2 * T, label: "recovery of us-east-1" },
                    { start: 2 * T, end: Infinity, label: "second outage of us-east-1" },
                ],
                horizon: 3 * T,
            },
            {
                name: "drill:us-east-1",
                region: "us-east-1",
                events: [
                    { at: 0, event: { kind: "operator-failover", from: "us-east-1" } },
                    { at: T, event: { kind: "operator-failback", to: "us-east-1" } },
                ],
                phases: [{ start: 0, end: Infinity, label: "drill away from us-east-1 and back" }],
                horizon: 2 * T,
            },
            {
                name: "app-down:us-east-1",
                region: "us-east-1",
                events: [{ at: 0, event: { kind: "app-down", region: "us-east-1" } }, failover],
                phases: [{ start: 0, end: Infinity, label: "application down in us-east-1" }],
                horizon: T,
            },
        ]);
    });

    it("a standby without users: the faults alone, and a drill with nothing to do", () => {
        const played = regionScripts(m, initialState(m), "us-west-2");
        assert.deepStrictEqual(
            played.map((s) => [s.name, s.events.map((e) => `${e.at} ${e.event.kind}`)]),
            [
                ["outage:us-west-2", ["0 region-down"]],
                ["failover-and-failback:us-west-2", ["0 region-down", "3600 region-up"]],
                [
                    "outage-after-failback:us-west-2",
                    ["0 region-down", "3600 region-up", "7200 region-down"],
                ],
                ["drill:us-west-2", []],
                ["app-down:us-west-2", ["0 app-down"]],
            ],
        );
    });
});

describe("simulation scenarios: the data layer and secrets", () => {
    const regions = [
        region("us-east-1"),
        region("us-west-2", { servesTraffic: false, desired: 0 }),
    ];
    const names = (m: ReturnType<typeof model>) =>
        scripts(m)
            .map((s) => s.name)
            .filter((n) => !n.includes(":"));

    it("writers down: every single-writer store's writer, then the operator fails over from its region", () => {
        const m = model({
            regions,
            stores: [
                store("db", [
                    member("db-west", "us-west-2", { writer: true }),
                    member("db-east", "us-east-1"),
                ]),
                store("table", [member("t-east", "us-east-1", { writer: true })], {
                    kind: "dynamodb",
                    multiWriter: true,
                }),
            ],
        });
        const writerDown = scripts(m).find((s) => s.name === "writer-down");
        assert.deepStrictEqual(writerDown, {
            name: "writer-down",
            region: "us-west-2",
            events: [
                { at: 0, event: { kind: "writer-down", store: "db" } },
                { at: 300, event: { kind: "operator-failover", from: "us-west-2" } },
            ],
            phases: [{ start: 0, end: Infinity, label: "writers in us-west-2 down" }],
            horizon: 3600,
        });
    });

    it("writers that fail over inside their region (Multi-AZ, an Aurora reader) need no operator", () => {
        const m = model({
            regions,
            stores: [
                store("db", [
                    member("db-east", "us-east-1", { writer: true, inRegionFailoverSeconds: 120 }),
                ]),
            ],
        });
        assert.deepStrictEqual(scripts(m).find((s) => s.name === "writer-down")?.events, [
            { at: 0, event: { kind: "writer-down", store: "db" } },
        ]);
    });

    it("one writer without in-region failover is enough to call the operator", () => {
        const m = model({
            regions,
            stores: [
                store("a", [
                    member("a-east", "us-east-1", { writer: true, inRegionFailoverSeconds: 120 }),
                ]),
                store("b", [member("b-east", "us-east-1", { writer: true })]),
            ],
        });
        assert.deepStrictEqual(
            scripts(m)
                .find((s) => s.name === "writer-down")
                ?.events.map((e) => `${e.at} ${e.event.kind}`),
            ["0 writer-down", "0 writer-down", "300 operator-failover"],
        );
    });

    it("a store with no recorded writer is taken down in the primary region", () => {
        const m = model({
            regions,
            primary: "us-west-2",
            stores: [store("db", [member("db-east", "us-east-1")])],
        });
        assert.strictEqual(scripts(m).find((s) => s.name === "writer-down")?.region, "us-west-2");
    });

    it("no single-writer store, no rotation: no data or secret scenario", () => {
        const m = model({
            regions,
            stores: [
                store("t", [member("t-east", "us-east-1", { writer: true })], {
                    kind: "dynamodb",
                    multiWriter: true,
                }),
            ],
        });
        assert.deepStrictEqual(names(m), []);
    });

    it("rotation: every rotation at once, in the first rotation's region", () => {
        const rotation = (name: string, regionName: string) => ({
            urn: `urn:${name}`,
            name,
            secret: `${name}-secret`,
            region: regionName,
            immediately: true,
            alternatingUsers: false,
        });
        const m = model({
            regions,
            rotations: [rotation("r1", "us-west-2"), rotation("r2", "us-east-1")],
        });
        assert.deepStrictEqual(
            scripts(m).find((s) => s.name === "rotation"),
            {
                name: "rotation",
                region: "us-west-2",
                events: [
                    { at: 0, event: { kind: "rotate", rotation: "r1" } },
                    { at: 0, event: { kind: "rotate", rotation: "r2" } },
                ],
                phases: [{ start: 0, end: Infinity, label: "secret rotation in a healthy world" }],
                horizon: 3600,
            },
        );
        assert.deepStrictEqual(names(m), ["rotation"]);
    });
});
