/**
 * failover-objectives' `fixLines` (issue #30: a fix that saves nothing on one objective was not
 * proven to be left out of that objective's list): a fix is listed under the RTO only when it
 * saves RTO seconds, and under the RPO only when it saves RPO seconds; with none, the message
 * says to change the design.
 */
import * as assert from "assert";
import { Fix, fixLine } from "../../../policies/budget/fixes";
import { FailoverBudget } from "../../../policies/budget/failover-budget";
import { fixLines } from "../../../policies/rules/failover-objectives";

const fix = (text: string, savesRtoSeconds: number, savesRpoSeconds: number): Fix => ({
    text,
    changes: [],
    rtoSeconds: 100,
    rpoSeconds: 10,
    savesRtoSeconds,
    savesRpoSeconds,
});
const withFixes = (fixes: Fix[]): FailoverBudget => ({
    strategy: "warm-standby",
    routing: "dns",
    rtoSeconds: 400,
    rpoSeconds: 900,
    breakdown: [],
    rpoBounds: [],
    objectives: { rtoSeconds: 300, rpoSeconds: 300 },
    meetsObjectives: false,
    fixes,
    notes: [],
});
const header = "\nFixes for this design, each re-estimated by the model:\n";
const none =
    "\nNo change the model can re-estimate (health checks, TTLs, standby capacity, S3 RTC) shortens it: change the design (routing mode, strategy, data stores) or agree a larger objective.";

describe("failover-objectives: fixLines", () => {
    const rtoOnly = fix("shorten the health check interval", 60, 0);
    const rpoOnly = fix("enable S3 RTC", 0, 600);
    const both = fix("raise standby capacity", 30, 1);
    const budget = withFixes([rtoOnly, rpoOnly, both]);

    it("the RTO lists the fixes that save RTO seconds, in order", () =>
        assert.strictEqual(
            fixLines(budget, "rto"),
            `${header}  - ${fixLine(rtoOnly)}\n  - ${fixLine(both)}`,
        ));

    it("the RPO lists the fixes that save RPO seconds, in order", () =>
        assert.strictEqual(
            fixLines(budget, "rpo"),
            `${header}  - ${fixLine(rpoOnly)}\n  - ${fixLine(both)}`,
        ));

    it("no fix that saves anything on the objective: change the design", () => {
        assert.strictEqual(fixLines(withFixes([rpoOnly]), "rto"), none);
        assert.strictEqual(fixLines(withFixes([rtoOnly]), "rpo"), none);
        assert.strictEqual(fixLines(withFixes([]), "rto"), none);
    });
});
