import * as assert from "assert";
import { maxInitialOldSpaceMb, workerInitialOldSpaceMb } from "../../check/engine/worker-heap";

const gb = 2 ** 30;

const cases: [string, number, string[], number | undefined][] = [
    ["this machine's 24 GB: the most", 24 * gb, [], maxInitialOldSpaceMb],
    ["8 GB: an eighth is the most exactly", 8 * gb, [], 1024],
    ["4 GB: an eighth", 4 * gb, [], 512],
    ["2 GB: an eighth", 2 * gb, [], 256],
    [
        "other node flags leave it",
        24 * gb,
        ["--max-old-space-size=4096", "--enable-source-maps"],
        1024,
    ],
    ["the user's --initial-old-space-size", 24 * gb, ["--initial-old-space-size=64"], undefined],
    ["the user's --initial-heap-size", 24 * gb, ["--initial-heap-size=128"], undefined],
    ["the flag given apart from its value", 24 * gb, ["--initial-old-space-size", "64"], undefined],
    ["a flag that only starts the same", 24 * gb, ["--initial-old-space-sizes=64"], 1024],
    ["the flag spelt with underscores", 24 * gb, ["--initial_old_space_size=64"], undefined],
];

describe("the initial old generation of the engine's workers", () => {
    for (const [when, memory, options, expected] of cases) {
        it(`is ${expected === undefined ? "left to the user" : `${expected} MB`} for ${when}`, () => {
            assert.strictEqual(workerInitialOldSpaceMb(memory, options), expected);
        });
    }
});
