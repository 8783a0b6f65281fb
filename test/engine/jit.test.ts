import * as assert from "assert";
import { batchInterruptBudget, interruptBudgetFor } from "../../check/engine/jit";

describe("V8's interrupt budget for a check", () => {
    const cases: [number, number | undefined][] = [
        [1, batchInterruptBudget],
        [2, batchInterruptBudget],
        [3, undefined],
        [4, undefined],
        [64, undefined],
    ];
    for (const [cores, expected] of cases) {
        it(`is ${expected ?? "V8's own"} on ${cores} core(s)`, () => {
            assert.strictEqual(interruptBudgetFor(cores), expected);
        });
    }
});
