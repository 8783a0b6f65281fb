import * as assert from "assert";
import { inOrder } from "../../check/analyzer/evaluate";

describe("inOrder", () => {
    const cases: { name: string; items: number[]; limit: number }[] = [
        { name: "no items", items: [], limit: 4 },
        { name: "fewer items than the limit", items: [30, 10, 20], limit: 8 },
        { name: "more items than the limit", items: [25, 5, 15, 0, 20, 10, 5], limit: 3 },
        { name: "one at a time", items: [10, 0, 5], limit: 1 },
    ];
    for (const { name, items, limit } of cases) {
        it(`keeps the items' order and the limit: ${name}`, async () => {
            let running = 0;
            let peak = 0;
            // Items finish in a different order from the one they started in.
            const results = await inOrder(items, limit, async (delayMs) => {
                running++;
                peak = Math.max(peak, running);
                await new Promise((resolve) => setTimeout(resolve, delayMs));
                running--;
                return `done ${delayMs}`;
            });
            assert.deepStrictEqual(
                results,
                items.map((d) => `done ${d}`),
            );
            assert.strictEqual(peak, Math.min(limit, items.length));
        });
    }
});
