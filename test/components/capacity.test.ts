import * as assert from "assert";
import {
    Capacity,
    CapacityError,
    CapacityInputs,
    CapacityStrategy,
    RegionalRole,
    capacityFor,
    capacityProblems,
    warmStandbyCount,
} from "../../components/capacity";

const app: CapacityInputs = {
    desiredCount: 4,
    maxCount: 8,
    standbyPercent: 50,
    pilotLightCount: 1,
    azCount: 3,
};
const full: Capacity = {
    desiredCount: 4,
    minCount: 4,
    maxCount: 8,
    fullCapacity: 4,
    servesTraffic: true,
    readyForTraffic: true,
};

describe("capacity by strategy and role", () => {
    const table: [CapacityStrategy, RegionalRole, boolean, Capacity][] = [
        ["active-passive", "primary", false, full],
        ["pilot-light", "primary", false, full],
        ["warm-standby", "primary", false, full],
        ["active-active", "primary", false, full],
        [
            "active-passive",
            "secondary",
            false,
            {
                ...full,
                desiredCount: 0,
                minCount: 0,
                maxCount: 0,
                servesTraffic: false,
                readyForTraffic: false,
            },
        ],
        [
            "pilot-light",
            "secondary",
            false,
            {
                ...full,
                desiredCount: 1,
                minCount: 1,
                servesTraffic: false,
                readyForTraffic: false,
            },
        ],
        // ceil(4 × 50%) = 2 is below one task per AZ, so it is raised to 3.
        [
            "warm-standby",
            "secondary",
            false,
            { ...full, desiredCount: 3, minCount: 3, servesTraffic: false, readyForTraffic: true },
        ],
        ["active-active", "secondary", false, full],
        ["active-passive", "secondary", true, full],
        ["pilot-light", "secondary", true, full],
        ["warm-standby", "secondary", true, full],
        ["active-active", "secondary", true, full],
    ];
    for (const [strategy, role, activate, expected] of table) {
        it(`${strategy} ${role}${activate ? " with failover.activate" : ""}: ${expected.desiredCount} tasks (${expected.minCount}-${expected.maxCount})`, () =>
            assert.deepStrictEqual(capacityFor(strategy, role, app, activate), expected));
    }

    it("warm standby takes the configured share when it is above one task per AZ", () => {
        assert.strictEqual(warmStandbyCount({ ...app, desiredCount: 10, standbyPercent: 50 }), 5);
        assert.strictEqual(warmStandbyCount({ ...app, desiredCount: 10, standbyPercent: 25 }), 3);
        assert.strictEqual(warmStandbyCount({ ...app, desiredCount: 10, standbyPercent: 100 }), 10);
        assert.strictEqual(warmStandbyCount({ ...app, desiredCount: 7, standbyPercent: 50 }), 4);
    });

    it("a pilot light's ceiling stays above its core, so load routed to it scales it out", () => {
        const pilot = capacityFor("pilot-light", "secondary", app);
        assert.ok(pilot.maxCount > app.pilotLightCount, `maxCount ${pilot.maxCount}`);
        assert.strictEqual(pilot.maxCount, app.maxCount);
    });

    it("every number is taken from the settings", () =>
        assert.deepStrictEqual(
            capacityFor("pilot-light", "secondary", {
                ...app,
                desiredCount: 9,
                maxCount: 20,
                pilotLightCount: 2,
            }),
            {
                desiredCount: 2,
                minCount: 2,
                maxCount: 20,
                fullCapacity: 9,
                servesTraffic: false,
                readyForTraffic: false,
            },
        ));
});

describe("invalid capacity settings", () => {
    it("refuses active-active with a 0 standby", () => {
        assert.throws(
            () => capacityFor("active-active", "secondary", { ...app, desiredCount: 0 }),
            (err: unknown) =>
                err instanceof CapacityError &&
                err.message ===
                    'app.desiredCount: 0 is invalid; strategy "active-active" runs full capacity in every region, a standby of 0 tasks included, so it must be an integer of at least 1',
        );
    });
    it("refuses a pilot light as large as full capacity", () =>
        assert.deepStrictEqual(capacityProblems("pilot-light", { ...app, pilotLightCount: 4 }), [
            'app.pilotLightCount: 4 is not below app.desiredCount 4; a pilot light is a minimal core, use strategy "warm-standby" or "active-active" for a standby at full size',
        ]));
    it("refuses a pilot light of 0 tasks", () =>
        assert.deepStrictEqual(capacityProblems("pilot-light", { ...app, pilotLightCount: 0 }), [
            "app.pilotLightCount: 0 is invalid; a pilot light keeps a running core, so it must be an integer of at least 1",
        ]));
    it("refuses a warm standby share outside 1-100 percent", () =>
        assert.deepStrictEqual(capacityProblems("warm-standby", { ...app, standbyPercent: 0 }), [
            "app.standbyPercent: 0 is invalid; a warm standby runs 1 to 100 percent of full capacity",
        ]));
    it("refuses a warm standby whose ceiling is below one task per AZ", () =>
        assert.deepStrictEqual(
            capacityProblems("warm-standby", { ...app, desiredCount: 2, maxCount: 2 }),
            [
                "app.maxCount: 2 is below app.azCount 3; a warm standby runs at least one task per availability zone",
            ],
        ));
    it("refuses a ceiling below full capacity", () =>
        assert.deepStrictEqual(capacityProblems("active-passive", { ...app, maxCount: 3 }), [
            "app.maxCount: 3 is below app.desiredCount 4; it must be at least the full capacity",
        ]));
    it("refuses failover.activate on a primary", () =>
        assert.throws(
            () => capacityFor("warm-standby", "primary", app, true),
            /^CapacityError: failover\.activate: true is only meaningful on a secondary stack; this stack's role is "primary"$/,
        ));
});
