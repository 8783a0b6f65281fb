/**
 * Indexes built once (policies/lib/memo.ts): `oncePer` builds one answer per key object and
 * hands the same one back; `groupBy` keeps each group in the items' order.
 */
import * as assert from "assert";
import { groupBy, oncePer } from "../../policies/lib/memo";

describe("lib: indexes built once", () => {
    it("oncePer builds once per key object and returns that answer each time", () => {
        const built: number[][] = [];
        const total = oncePer((list: number[]) => {
            built.push(list);
            return { sum: list.reduce((a, b) => a + b, 0) };
        });
        const a = [1, 2];
        const b = [1, 2];
        const first = total(a);
        assert.deepStrictEqual(first, { sum: 3 });
        assert.strictEqual(total(a), first);
        assert.notStrictEqual(total(b), first);
        assert.deepStrictEqual(built, [a, b]);
        assert.strictEqual(built[0], a);
    });

    it("oncePer keeps an answer that is undefined or falsy, without building it again", () => {
        let calls = 0;
        const nothing = oncePer((_key: object) => {
            calls++;
            return undefined;
        });
        const key = {};
        assert.strictEqual(nothing(key), undefined);
        assert.strictEqual(nothing(key), undefined);
        assert.strictEqual(calls, 1);
    });

    const cases: [string, string[], [string, string[]][]][] = [
        ["no items: no groups", [], []],
        [
            "groups in the order their first item comes, items in theirs",
            ["b1", "a1", "b2", "c1", "a2"],
            [
                ["b", ["b1", "b2"]],
                ["a", ["a1", "a2"]],
                ["c", ["c1"]],
            ],
        ],
    ];
    for (const [name, items, expected] of cases) {
        it(`groupBy: ${name}`, () =>
            assert.deepStrictEqual([...groupBy(items, (item) => item[0])], expected));
    }
});
