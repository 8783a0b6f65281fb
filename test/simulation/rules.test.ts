import * as assert from "assert";
import {
    acceleratorChoice,
    auroraMove,
    calculatedHealth,
    checkDelay,
    chooseRecords,
    inRegionFailoverSeconds,
    originChoice,
    rdsPromotion,
    reportedHealth,
    staleCredentialsBreak,
} from "../../policies/simulation";

describe("simulation rules: Route 53 health check status", () => {
    const rows: [boolean, { disabled: boolean; inverted: boolean }, boolean][] = [
        [true, { disabled: false, inverted: false }, true],
        [false, { disabled: false, inverted: false }, false],
        [true, { disabled: false, inverted: true }, false],
        [false, { disabled: false, inverted: true }, true],
        // A disabled check is healthy whatever it measures, inverted or not.
        [false, { disabled: true, inverted: false }, true],
        [true, { disabled: true, inverted: true }, true],
    ];
    for (const [measured, flags, expected] of rows) {
        it(`measured ${measured}, disabled ${flags.disabled}, inverted ${flags.inverted}: ${expected}`, () => {
            assert.strictEqual(reportedHealth(measured, flags), expected);
        });
    }
    const calculated: [boolean[], number, boolean][] = [
        [[true, true], 2, true],
        [[true, false], 2, false],
        [[true, false], 1, true],
        [[false, false], 1, false],
        [[], 0, true],
    ];
    for (const [children, threshold, expected] of calculated) {
        it(`CALCULATED ${JSON.stringify(children)} threshold ${threshold}: ${expected}`, () => {
            assert.strictEqual(calculatedHealth(children, threshold), expected);
        });
    }
    it("an endpoint check turns unhealthy after interval × threshold + the probe timeout, healthy after interval × threshold", () => {
        assert.strictEqual(checkDelay(10, 3, 6, true), 36);
        assert.strictEqual(checkDelay(10, 3, 6, false), 30);
        assert.strictEqual(checkDelay(30, 3, 10, true), 100);
    });
});

describe("simulation rules: Route 53 chooses records", () => {
    const r = (key: string, region: string, healthy: boolean, extra = {}) => ({
        key,
        region,
        healthy,
        ...extra,
    });
    const rows = [
        {
            name: "failover: primary healthy",
            policy: "failover",
            records: [
                r("a", "east", true, { role: "PRIMARY" }),
                r("b", "west", true, { role: "SECONDARY" }),
            ],
            regions: ["east"],
            failedOpen: false,
        },
        {
            name: "failover: primary unhealthy",
            policy: "failover",
            records: [
                r("a", "east", false, { role: "PRIMARY" }),
                r("b", "west", true, { role: "SECONDARY" }),
            ],
            regions: ["west"],
            failedOpen: false,
        },
        {
            name: "failover: both unhealthy answers the primary",
            policy: "failover",
            records: [
                r("a", "east", false, { role: "PRIMARY" }),
                r("b", "west", false, { role: "SECONDARY" }),
            ],
            regions: ["east"],
            failedOpen: true,
        },
        {
            name: "latency: the healthy ones",
            policy: "latency",
            records: [r("a", "east", false), r("b", "west", true)],
            regions: ["west"],
            failedOpen: false,
        },
        {
            name: "latency: none healthy counts as all healthy",
            policy: "latency",
            records: [r("a", "east", false), r("b", "west", false)],
            regions: ["east", "west"],
            failedOpen: true,
        },
        {
            name: "weighted: zero weight only when the others are unhealthy",
            policy: "weighted",
            records: [r("a", "east", false, { weight: 10 }), r("b", "west", true, { weight: 0 })],
            regions: ["west"],
            failedOpen: false,
        },
        {
            name: "weighted: non-zero first",
            policy: "weighted",
            records: [r("a", "east", true, { weight: 10 }), r("b", "west", true, { weight: 0 })],
            regions: ["east"],
            failedOpen: false,
        },
        {
            name: "multivalue: every healthy record",
            policy: "multivalue",
            records: [r("a", "east", true), r("b", "west", true)],
            regions: ["east", "west"],
            failedOpen: false,
        },
        {
            name: "geolocation: none healthy",
            policy: "geolocation",
            records: [r("a", "east", false)],
            regions: ["east"],
            failedOpen: true,
        },
    ] as const;
    for (const row of rows) {
        it(row.name, () => {
            assert.deepStrictEqual(chooseRecords(row.policy, row.records as never), {
                regions: row.regions,
                failedOpen: row.failedOpen,
            });
        });
    }
});

describe("simulation rules: edges", () => {
    it("Global Accelerator: dialled healthy groups, else any healthy group ignoring the dial, else all (fail open)", () => {
        assert.deepStrictEqual(
            acceleratorChoice([
                { region: "east", dial: 100, healthy: true },
                { region: "west", dial: 100, healthy: true },
            ]),
            { regions: ["east", "west"], failedOpen: false },
        );
        assert.deepStrictEqual(
            acceleratorChoice([
                { region: "east", dial: 0, healthy: true },
                { region: "west", dial: 100, healthy: true },
            ]),
            { regions: ["west"], failedOpen: false },
        );
        assert.deepStrictEqual(
            acceleratorChoice([
                { region: "east", dial: 100, healthy: false },
                { region: "west", dial: 0, healthy: true },
            ]),
            { regions: ["west"], failedOpen: false },
        );
        assert.deepStrictEqual(
            acceleratorChoice([
                { region: "east", dial: 100, healthy: false },
                { region: "west", dial: 0, healthy: false },
            ]),
            { regions: ["east", "west"], failedOpen: true },
        );
    });
    it("CloudFront: the first origin in order that serves", () => {
        assert.deepStrictEqual(
            originChoice([
                { region: "east", serving: true },
                { region: "west", serving: true },
            ]),
            { regions: ["east"], failedOpen: false },
        );
        assert.deepStrictEqual(
            originChoice([
                { region: "east", serving: false },
                { region: "west", serving: true },
            ]),
            { regions: ["west"], failedOpen: false },
        );
    });
});

describe("simulation rules: data and secrets", () => {
    it("RDS: a replica is promoted; an instance that is not a replica fails the step", () => {
        assert.strictEqual(rdsPromotion(true).ok, true);
        assert.deepStrictEqual(rdsPromotion(false), {
            ok: false,
            note: "the instance is not a read replica (it was promoted, or is the source), so the promote step fails and the execution stops",
        });
    });
    it("Aurora: switchover while the writer's region is up, failover when it is down", () => {
        assert.strictEqual(auroraMove(true), "switchover");
        assert.strictEqual(auroraMove(false), "failover");
    });
    it("in-region failover: 120 s with Multi-AZ or an Aurora reader, none without", () => {
        assert.strictEqual(inRegionFailoverSeconds(true, 0), 120);
        assert.strictEqual(inRegionFailoverSeconds(false, 1), 120);
        assert.strictEqual(inRegionFailoverSeconds(false, 0), undefined);
    });
    const secrets: [number, number, boolean, boolean][] = [
        [0, 0, false, false],
        [0, 1, false, true],
        [0, 1, true, false],
        [0, 2, true, true],
        [1, 1, false, false],
    ];
    for (const [held, current, alternating, breaks] of secrets) {
        it(`a task holding version ${held} of ${current}, ${alternating ? "alternating users" : "single user"}: ${breaks ? "breaks" : "works"}`, () => {
            assert.strictEqual(staleCredentialsBreak(held, current, alternating), breaks);
        });
    }
});
