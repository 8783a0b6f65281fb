/**
 * The blind corpus through the real check (test/helpers/blind.ts): programs written from the
 * docs alone, each with the verdict its author expected. Targets from issue 27: recall at
 * least 95%, at most one false alarm, and every program reaches a verdict. `npm run blind`
 * prints the same table and figures.
 */
import * as assert from "assert";
import { blindCases, formatFigures, outcomeOf, runBlind, score } from "./helpers/blind";

describe("blind corpus", function () {
    this.timeout(1_800_000);

    it("scores outcomes from the expected verdict and the exit code", () => {
        assert.deepStrictEqual(
            [
                outcomeOf("fail", 1),
                outcomeOf("fail", 0),
                outcomeOf("pass", 1),
                outcomeOf("pass", 0),
                outcomeOf("fail", 2),
            ],
            ["TP", "FN", "FP", "TN", "error"],
        );
        const base = { mandatory: [], otherPolicy: false, code: 0 };
        const figures = score([
            { ...base, name: "a", expected: { verdict: "fail", why: "" }, outcome: "TP" },
            { ...base, name: "b", expected: { verdict: "fail", why: "" }, outcome: "error" },
            { ...base, name: "c", expected: { verdict: "pass", why: "" }, outcome: "FP" },
        ]);
        assert.deepStrictEqual(
            [figures.tp, figures.fn, figures.fp, figures.errors, figures.recall],
            [1, 0, 1, 1, 0.5],
        );
    });

    it("has at least 40 programs, each with a verdict", () => {
        assert.ok(blindCases().length >= 40, `${blindCases().length} programs`);
    });

    it("recall at least 95%, at most one false alarm, no errors", async () => {
        const figures = await runBlind();
        const report = formatFigures(figures);
        assert.ok(figures.recall >= 0.95, report);
        assert.ok(figures.fp <= 1, report);
        assert.strictEqual(figures.errors, 0, report);
    });
});
