import * as assert from "assert";
import { packV8Threads } from "../../check/analyzer/pack-process";

describe("analyzer: the pack's V8 background threads", () => {
    const table: [cores: number, threads: number][] = [
        [1, 1],
        [2, 1],
        [4, 1],
        [7, 1],
        [8, 2],
        [16, 4],
        [64, 16],
    ];
    for (const [cores, threads] of table) {
        it(`${cores} core(s) → --v8-pool-size=${threads}`, () => {
            assert.strictEqual(packV8Threads(cores), threads);
        });
    }
});
