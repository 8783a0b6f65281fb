/**
 * A fix the check withholds (AWS would refuse it) is named, with the refusal, in every report a
 * person reads: the text and Markdown reports and the JSON (issue 26, item 9).
 */
import * as assert from "assert";
import { CheckResult } from "../../check/reports/model";
import { jsonReport } from "../../check/reports/json";
import { markdownReport } from "../../check/reports/markdown";
import { plainPalette, textReport } from "../../check/reports/text";
import { runBudgetFixture } from "../helpers/run-budget";

const refusal =
    'aws:route53/healthCheck:HealthCheck "api": requestInterval 20 is invalid; it must be 10 or 30 (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html)';

function result(withheld: { text: string; refusals: string[] }[]): CheckResult {
    return {
        projectDir: "/tmp/program",
        records: [],
        budget: runBudgetFixture(
            { breakdown: [{ step: "detection", seconds: 36, source: "check api" }] },
            { withheldFixes: withheld },
        ),
    };
}

const withheld = [{ text: "Probe every 20 s.", refusals: [refusal] }];

describe("reports: withheld fixes", () => {
    it("the text report names each with its refusal", () => {
        // The text report wraps long lines at word boundaries; read it unwrapped.
        const text = textReport(result(withheld), plainPalette).replace(/\n +/g, " ");
        assert.ok(
            text.includes(
                `Not offered as a fix, because AWS would refuse it: Probe every 20 s. (${refusal})`,
            ),
            text,
        );
    });

    it("the Markdown report lists each with its refusal", () => {
        const md = markdownReport(result(withheld));
        assert.ok(
            md.includes(
                `Not offered as fixes, because AWS would refuse them:\n\n- Probe every 20 s. (${refusal})\n`,
            ),
            md,
        );
    });

    it("the Markdown report escapes a table bar in a refusal", () => {
        const md = markdownReport(result([{ text: "Use a|b.", refusals: ["x | y"] }]));
        assert.ok(md.includes("- Use a\\|b. (x \\| y)\n"), md);
    });

    it("no withheld fix: no heading in either report", () => {
        assert.ok(!markdownReport(result([])).includes("Not offered"));
        assert.ok(!textReport(result([]), plainPalette).includes("Not offered"));
    });

    it("the JSON report carries them", () => {
        const json = JSON.parse(jsonReport(result(withheld)));
        assert.deepStrictEqual(json.failover.withheldFixes, withheld);
    });
});
