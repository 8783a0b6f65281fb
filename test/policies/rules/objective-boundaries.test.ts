/**
 * The objective comparisons on their boundary: an estimate exactly equal to its objective meets
 * it, one second over misses it, and an unknown (unbounded) estimate never meets it. Both the
 * budget's verdict (`meets`) and the policy's messages (`rtoViolation`, `rpoViolation`) are held
 * to the same boundary, so a `<=` turned into `<` (or `>`) in either fails here.
 */
import * as assert from "assert";
import { meets } from "../../../policies/budget/budget";
import { FailoverBudget } from "../../../policies/budget/failover-budget";
import { rpoViolation, rtoViolation } from "../../../policies/rules/failover-objectives";

const objective = { seconds: 300, from: "policy config" };

/** A budget whose estimates are `rto` and `rpo`, with one step and one bound to list. */
function budget(rto: number | null, rpo: number | null): FailoverBudget {
    return {
        strategy: "warm-standby",
        routing: "dns",
        rtoSeconds: rto,
        rpoSeconds: rpo,
        breakdown: [{ step: "detection", seconds: 90, source: "health check 3 x 30 s" }],
        rpoBounds: [
            { store: "aurora", kind: "aurora", region: "us-west-2", seconds: 1, source: "lag" },
        ],
        objectives: { rtoSeconds: 300, rpoSeconds: 300 },
        meetsObjectives: null,
        fixes: [],
        notes: [],
    };
}

const noFix =
    "\nNo change the model can re-estimate (health checks, TTLs, standby capacity, S3 RTC) shortens it: change the design (routing mode, strategy, data stores) or agree a larger objective.";

describe("objective boundaries", () => {
    const objectives = { rtoSeconds: 300, rpoSeconds: 60 };
    const cases: [string, number | null, number | null, boolean][] = [
        ["both exactly at their objectives", 300, 60, true],
        ["RTO one second over", 301, 60, false],
        ["RPO one second over", 300, 61, false],
        ["RTO one second under", 299, 60, true],
        ["RPO zero", 300, 0, true],
        ["RTO unknown", null, 60, false],
        ["RPO unbounded", 300, null, false],
    ];
    for (const [what, rto, rpo, expected] of cases) {
        it(`meets(): ${what} is ${expected ? "met" : "missed"}`, () => {
            assert.strictEqual(meets(rto, rpo, objectives), expected);
        });
    }

    it("rtoViolation: an RTO equal to the objective is no violation", () => {
        assert.strictEqual(rtoViolation(budget(300, 0), objective), undefined);
    });

    it("rtoViolation: one second over is a violation naming both figures", () => {
        assert.strictEqual(
            rtoViolation(budget(301, 0), objective),
            "Bring the estimated worst-case RTO of 301 s (warm-standby, dns routing) within the objective of 300 s (policy config). Breakdown:\n" +
                "  - detection 90 s: health check 3 x 30 s" +
                noFix,
        );
    });

    it("rtoViolation: an unknown RTO is a violation", () => {
        assert.match(
            rtoViolation(budget(null, 0), objective) ?? "",
            /^Bring the estimated worst-case RTO of unbounded \(/,
        );
    });

    it("rpoViolation: an RPO equal to the objective is no violation", () => {
        assert.strictEqual(rpoViolation(budget(0, 300), objective), undefined);
    });

    it("rpoViolation: one second over is a violation naming both figures", () => {
        assert.strictEqual(
            rpoViolation(budget(0, 301), objective),
            "Bring the estimated RPO of 301 s within the objective of 300 s (policy config). Replication bounds:\n" +
                "  - aurora 1 s: lag" +
                noFix,
        );
    });

    it("rpoViolation: an unbounded RPO is a violation", () => {
        assert.match(
            rpoViolation(budget(0, null), objective) ?? "",
            /^Bring the estimated RPO of unbounded within/,
        );
    });
});
