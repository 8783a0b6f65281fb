/**
 * no-fail-open (policies/simulation/invariants.ts) over hand-built moments: a record Route 53
 * can never mark unhealthy, and a fail-open caused only by a gate (a plan's check, a routing
 * control), with the exact message and the resource blamed (`chooseRecords`).
 */
import * as assert from "assert";
import {
    History,
    Model,
    State,
    initialState,
    noFailOpen,
    pages,
    usersChoice,
} from "../../policies/simulation";
import { E, W, check, record, region, world } from "./model-fixture";

const at = (m: Model, t: number, state: State) => ({ t, state, users: usersChoice(m, state) });
const h = (...moments: ReturnType<typeof at>[]): History => ({ lines: [], moments });
const holds = {
    name: "no-fail-open",
    holds: true,
    message: "DNS and the edge never answer only with a dead region while another could serve",
};
const regions = [region(E), region(W, { servesTraffic: false })];

describe("simulation invariants: no fail-open", () => {
    it("holds in the steady state", () => {
        const m = world();
        assert.deepStrictEqual(noFailOpen(m, h(at(m, 0, initialState(m)))), holds);
    });

    it("a record with no health check and no target health keeps users on a dead region", () => {
        const m = world({
            regions,
            records: [
                record("rec-east", E, { policy: "latency" }),
                record("rec-west", W, { policy: "latency" }),
            ],
        });
        const s = initialState(m);
        const down = { ...s, up: { [E]: false, [W]: true } };
        assert.deepStrictEqual(noFailOpen(m, h(at(m, 0, s), at(m, 10, down))), {
            name: "no-fail-open",
            holds: false,
            message: `at 10 s Route 53 keeps answering app.example.com with us-east-1, which is down, while us-west-2 could serve: record rec-east has no health check and does not evaluate its target's health, so Route 53 always counts it healthy (${pages.chooseRecords})`,
            resource: { urn: "urn:rec-east", name: "rec-east" },
            atSeconds: 10,
        });
    });

    it("the blind record is not blamed when nothing else could serve, or when it evaluates its target", () => {
        const blind = world({
            regions: [region(E), region(W, { servesTraffic: false, desired: 0 })],
            records: [
                record("rec-east", E, { policy: "latency" }),
                record("rec-west", W, { policy: "latency" }),
            ],
        });
        const s = initialState(blind);
        assert.deepStrictEqual(
            noFailOpen(blind, h(at(blind, 10, { ...s, up: { [E]: false, [W]: true } }))),
            holds,
        );
        const evaluating = world({
            regions,
            records: [
                record("rec-east", E, { policy: "latency", evaluateTargetHealth: true }),
                record("rec-west", W, { policy: "latency" }),
            ],
        });
        const e = initialState(evaluating);
        // Route 53 answers both while the load balancer still looks healthy: not a blind record.
        assert.deepStrictEqual(
            noFailOpen(evaluating, h(at(evaluating, 10, { ...e, up: { [E]: false, [W]: true } }))),
            holds,
        );
    });

    /** The standby's record gated: a calculated check of its endpoint check and a routing control. */
    function gated(direct: boolean): Model {
        return world({
            regions,
            checks: [
                check("hc-east", { region: E }),
                check("hc-west", { region: W }),
                check("control-west", { kind: "control", region: W }),
                check("calc-west", {
                    kind: "calculated",
                    children: ["hc-west", "control-west"],
                    threshold: 2,
                }),
            ],
            records: [
                record("rec-east", E, { role: "PRIMARY", healthCheckId: "hc-east" }),
                record("rec-west", W, {
                    role: "SECONDARY",
                    healthCheckId: direct ? "control-west" : "calc-west",
                }),
            ],
        });
    }

    it("every record unhealthy while the standby is kept out only by its routing control", () => {
        const m = gated(false);
        const s = initialState(m);
        const down = {
            ...s,
            up: { [E]: false, [W]: true },
            observed: { "hc-east": false, "hc-west": true },
        };
        assert.deepStrictEqual(noFailOpen(m, h(at(m, 0, s), at(m, 40, down))), {
            name: "no-fail-open",
            holds: false,
            message: `at 40 s every record of app.example.com is unhealthy, so Route 53 answers with us-east-1, which is down, while us-west-2 could serve: its record rec-west is kept unhealthy by control-west (${pages.chooseRecords})`,
            resource: { urn: "urn:calc-west", name: "calc-west" },
            atSeconds: 40,
        });
        const opened = { ...down, gates: { "control-west": true } };
        assert.deepStrictEqual(noFailOpen(m, h(at(m, 40, opened))), holds);
    });

    it("a record whose own check is the routing control blames the control", () => {
        const m = gated(true);
        const s = initialState(m);
        const down = {
            ...s,
            up: { [E]: false, [W]: true },
            observed: { "hc-east": false, "hc-west": true },
        };
        const result = noFailOpen(m, h(at(m, 40, down)));
        assert.deepStrictEqual(result.resource, { urn: "urn:control-west", name: "control-west" });
        assert.ok(
            result.message.includes("its record rec-west is kept unhealthy by control-west"),
            result.message,
        );
    });

    it("a standby that its endpoint check also sees down is not a gate's fail-open", () => {
        const m = gated(false);
        const s = initialState(m);
        const down = {
            ...s,
            up: { [E]: false, [W]: true },
            observed: { "hc-east": false, "hc-west": false },
        };
        assert.deepStrictEqual(noFailOpen(m, h(at(m, 40, down))), holds);
    });
});
