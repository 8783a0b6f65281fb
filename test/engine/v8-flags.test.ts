import * as assert from "assert";
import { givenToNode } from "../../check/engine/v8-flags";

describe("a V8 flag given to node", () => {
    const cases: [string[], boolean][] = [
        [["--interrupt-budget=1000"], true],
        [["--interrupt-budget", "1000"], true],
        [["--interrupt_budget=1000"], true],
        [["--interrupt-budget-factor-for-feedback-allocation=4"], false],
        [["--max-old-space-size=4096", "-r", "ts-node/register"], false],
        [[], false],
    ];
    for (const [options, expected] of cases) {
        it(`${expected ? "is" : "is not"} --interrupt-budget in ${JSON.stringify(options)}`, () => {
            assert.strictEqual(givenToNode(options, ["--interrupt-budget"]), expected);
        });
    }
});
