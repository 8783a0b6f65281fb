/**
 * Issue 25: the failover works as a sequence. Each block names the item it proves; each test
 * failed before its fix (the function did not exist, or the old design gave the other answer).
 */
import * as assert from "assert";
import {
    RoutingModeName,
    gatedRegions,
    latencyRecordHealthy,
    recordHealthy,
    route53Answer,
} from "../../components/routing/plan";
import { ConfigError, parseStackConfig, projectName } from "../../stacks/config";
import { scalingFloorIgnored } from "../../components/region/service";

const ns = (key: string) => `${projectName}:${key}`;

/** Every combination of endpoint and gate states for a primary and a secondary. */
function everyState(): { up: [boolean, boolean]; gate: [boolean, boolean] }[] {
    const states: { up: [boolean, boolean]; gate: [boolean, boolean] }[] = [];
    for (let bits = 0; bits < 16; bits++) {
        const b = (i: number) => (bits & (1 << i)) !== 0;
        states.push({ up: [b(0), b(1)], gate: [b(2), b(3)] });
    }
    return states;
}

/**
 * The states in which Route 53 may answer with a dead Region while a live one could serve
 * (issue 24's no-fail-open), for records gated as `gated` says. A failover pair answers one
 * record; a latency set with every record unhealthy answers the nearest of all of them, which for
 * some clients is the dead one.
 */
function failOpenStates(
    mode: RoutingModeName,
    gated: readonly string[],
    latency?: typeof latencyRecordHealthy,
): string[] {
    const regions = ["us-east-1", "us-west-2"];
    const found: string[] = [];
    for (const state of everyState()) {
        const records = regions.map((region, i) => ({
            region,
            healthy: latency
                ? latency(state.up[i], state.gate[i], state.up[1 - i])
                : recordHealthy(state.up[i], gated.includes(region), state.gate[i]),
        }));
        const answer = route53Answer(mode === "dns-failover" ? "failover" : "latency", records);
        const live = regions.filter((_, i) => state.up[i]);
        if (live.length > 0 && answer.some((r) => !live.includes(r))) {
            found.push(
                `up=${state.up.map(Number).join("")} gates=${state.gate.map(Number).join("")} → ${answer.join(",")}`,
            );
        }
    }
    return found;
}

describe("issue 25 item 1: no gate state makes Route 53 fail open", () => {
    const regions = ["us-east-1", "us-west-2"];

    it("route53Answer: failover answers the PRIMARY when both records are unhealthy; latency answers all", () => {
        const r = (e: boolean, w: boolean) => [
            { region: "us-east-1", healthy: e },
            { region: "us-west-2", healthy: w },
        ];
        assert.deepStrictEqual(
            [r(true, true), r(false, true), r(true, false), r(false, false)].map((x) =>
                route53Answer("failover", x),
            ),
            [["us-east-1"], ["us-west-2"], ["us-east-1"], ["us-east-1"]],
        );
        assert.deepStrictEqual(route53Answer("latency", r(false, false)), regions);
        assert.deepStrictEqual(route53Answer("latency", r(false, true)), ["us-west-2"]);
    });

    it("gating both failover records (the old design) fails open after a failback", () => {
        // Primary dead, secondary up, the plan's gates as a failback leaves them (primary open,
        // secondary closed): both records unhealthy, so Route 53 answers with the dead primary.
        assert.deepStrictEqual(failOpenStates("dns-failover", regions), [
            "up=01 gates=00 → us-east-1",
            "up=01 gates=10 → us-east-1",
        ]);
    });

    const modes: [RoutingModeName, string[]][] = [
        ["dns-failover", ["us-east-1"]],
        ["global-accelerator", []],
        ["cloudfront", []],
    ];
    for (const [mode, expected] of modes) {
        it(`${mode}: gates ${JSON.stringify(expected)} and fails open in no state`, () => {
            assert.deepStrictEqual(gatedRegions(mode, regions), expected);
            assert.deepStrictEqual(failOpenStates(mode, gatedRegions(mode, regions)), []);
        });
    }

    it("dns-latency (active-active): a gate alone fails open; with the other Region's inverted check it fails open in no state", () => {
        // Every record unhealthy → Route 53 answers the nearest of all, the dead one for its
        // neighbours.
        assert.deepStrictEqual(gatedRegions("dns-latency", regions), regions);
        assert.deepStrictEqual(failOpenStates("dns-latency", regions), [
            "up=10 gates=00 → us-east-1,us-west-2",
            "up=01 gates=00 → us-east-1,us-west-2",
            "up=01 gates=10 → us-east-1,us-west-2",
            "up=10 gates=01 → us-east-1,us-west-2",
        ]);
        assert.deepStrictEqual(failOpenStates("dns-latency", regions, latencyRecordHealthy), []);
        // The gate still moves users while both Regions serve (the deactivation workflow).
        assert.strictEqual(latencyRecordHealthy(true, false, true), false);
        assert.strictEqual(latencyRecordHealthy(true, true, true), true);
    });
});

describe("issue 25 items 3 and 9: config rules", () => {
    function problems(raw: Record<string, string>): readonly string[] {
        try {
            parseStackConfig({ "aws:region": "us-east-1", ...raw });
        } catch (err) {
            assert.ok(err instanceof ConfigError, String(err));
            return err.problems;
        }
        return [];
    }

    it("refuses strategy active-active with an RDS store, naming both keys and the AWS page", () => {
        assert.deepStrictEqual(
            problems({
                [ns("role")]: "primary",
                [ns("strategy")]: "active-active",
                [ns("data")]: JSON.stringify({ stores: ["rds"], replicaRegions: ["us-west-2"] }),
            }),
            [
                'data.stores: includes "rds" with strategy "active-active": the Region switch plan of an active-active deployment is active/active, and its RDS promote block supports active/passive plans only (https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html); use "aurora" (a global database the plan switches over) or a standby strategy',
            ],
        );
    });

    it("approval needs named approvers on the global stack; bad ARNs are named", () => {
        assert.deepStrictEqual(problems({ [ns("role")]: "global" }), [
            'failover.approvers: is empty, but failover.approval is true: name the IAM roles or users that may approve a Region switch run, e.g. ["arn:aws:iam::123456789012:role/failover-approver"] (the approval role never trusts the whole account), or set failover.approval to false',
        ]);
        assert.deepStrictEqual(
            problems({
                [ns("role")]: "global",
                [ns("failover")]: JSON.stringify({
                    approval: false,
                    approvers: ["arn:aws:iam::123456789012:root"],
                }),
            }),
            [
                'failover.approvers: ["arn:aws:iam::123456789012:root"] has "arn:aws:iam::123456789012:root"; each must be an IAM role or user ARN such as "arn:aws:iam::123456789012:role/failover-approver"',
            ],
        );
        assert.deepStrictEqual(
            problems({
                [ns("role")]: "global",
                [ns("failover")]: JSON.stringify({ approval: false }),
            }),
            [],
        );
    });
});

describe("issue 25 item 9: a deploy keeps the floor a plan raised", () => {
    it("a standby not being activated ignores minCapacity; an activation or the primary sets it", () => {
        assert.deepStrictEqual(
            [true, false, undefined].map((keep) => scalingFloorIgnored(keep)),
            [["minCapacity"], [], []],
        );
    });
});
