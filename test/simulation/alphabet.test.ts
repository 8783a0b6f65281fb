/**
 * What exploration may do next (policies/simulation/explore.ts, `alphabet`), in its fixed order:
 * per serving region its outage and return, its application's failure and recovery, and a
 * `pulumi up` of its stack; per Region switch plan workflow a start for its target region (every
 * plan region when it names none); an approval and its timeout only when some workflow waits for
 * a person; a run of each rotation. And `regionModel`, the lookup of a region by name.
 */
import * as assert from "assert";
import {
    PlanModel,
    RotationModel,
    StepModel,
    alphabet,
    regionModel,
} from "../../policies/simulation";
import { E, W, world } from "./model-fixture";

const step = (type: string): StepModel => ({
    name: `${type}-step`,
    type: type as StepModel["type"],
    seconds: 60,
    source: "test",
    targets: {},
    gates: {},
});
const plan = (name: string, approval: boolean): PlanModel => ({
    urn: `urn:${name}`,
    name,
    approach: "activePassive",
    regions: [E, W],
    workflows: [
        {
            targetRegion: W,
            action: "activate",
            steps: [step(approval ? "ManualApproval" : "ARCRoutingControl")],
        },
        { targetRegion: "", action: "deactivate", steps: [] },
    ],
});
const rotation: RotationModel = {
    urn: "urn:rotate-db",
    name: "rotate-db",
    secret: "db",
    region: E,
    immediately: false,
    alternatingUsers: true,
};
const regionEvents = (region: string) => [
    `region ${region} goes down`,
    `region ${region} comes back`,
    `the application in ${region} fails (its health checks flip)`,
    `the application in ${region} recovers`,
    `pulumi up of the ${region} stack`,
];

describe("simulation exploration: what may happen next", () => {
    it("per serving region: outage, return, application failure and recovery, a deployment", () => {
        const letters = alphabet(world());
        assert.deepStrictEqual(
            letters.map((l) => l.label),
            [...regionEvents(E), ...regionEvents(W), "rotation r1 runs"],
        );
        assert.deepStrictEqual(
            letters.slice(0, 5).map((l) => l.event),
            [
                { kind: "region-down", region: E },
                { kind: "region-up", region: E },
                { kind: "app-down", region: E },
                { kind: "app-up", region: E },
                { kind: "deploy", region: E },
            ],
        );
    });

    it("plans: a start per workflow and target region; approvals only when a step waits for one", () => {
        const withApproval = alphabet(world({ plans: [plan("mrf", true)], rotations: [rotation] }));
        assert.deepStrictEqual(
            withApproval.slice(10).map((l) => [l.label, l.event]),
            [
                [
                    "someone starts mrf: activate us-west-2",
                    {
                        kind: "plan-start",
                        plan: "mrf",
                        region: W,
                        action: "activate",
                        operator: false,
                    },
                ],
                [
                    "someone starts mrf: deactivate us-east-1",
                    {
                        kind: "plan-start",
                        plan: "mrf",
                        region: E,
                        action: "deactivate",
                        operator: false,
                    },
                ],
                [
                    "someone starts mrf: deactivate us-west-2",
                    {
                        kind: "plan-start",
                        plan: "mrf",
                        region: W,
                        action: "deactivate",
                        operator: false,
                    },
                ],
                ["a person approves the waiting step", { kind: "approve" }],
                [
                    "the waiting approval times out",
                    { kind: "approval-timeout", plan: "", since: -1 },
                ],
                ["rotation rotate-db runs", { kind: "rotate", rotation: "rotate-db" }],
            ],
        );
        const without = alphabet(world({ plans: [plan("mrf", false)] }));
        assert.deepStrictEqual(
            without.slice(10).map((l) => l.label),
            [
                "someone starts mrf: activate us-west-2",
                "someone starts mrf: deactivate us-east-1",
                "someone starts mrf: deactivate us-west-2",
                "rotation r1 runs",
            ],
        );
    });
});

describe("simulation model: a region by name", () => {
    it("finds the region's model, and nothing for a region the model does not hold", () => {
        const m = world();
        assert.strictEqual(
            regionModel(m, W),
            m.regions.find((r) => r.region === W),
        );
        assert.strictEqual(regionModel(m, W)?.region, W);
        assert.strictEqual(regionModel(m, "eu-west-1"), undefined);
    });
});
