import * as assert from "assert";
import { Slots } from "../../check/analyzer/evaluate";

describe("Slots (Analyze calls in flight)", () => {
    const cases: { name: string; items: number[]; limit: number }[] = [
        { name: "no items", items: [], limit: 4 },
        { name: "fewer items than the limit", items: [30, 10, 20], limit: 8 },
        { name: "more items than the limit", items: [25, 5, 15, 0, 20, 10, 5], limit: 3 },
        { name: "one at a time", items: [10, 0, 5], limit: 1 },
    ];
    for (const { name, items, limit } of cases) {
        it(`starts tasks in order and keeps the limit: ${name}`, async () => {
            const slots = new Slots(limit);
            let running = 0;
            let peak = 0;
            const started: number[] = [];
            // Tasks finish in a different order from the one they started in.
            const results = await Promise.all(
                items.map((delayMs, index) =>
                    slots.run(async () => {
                        started.push(index);
                        running++;
                        peak = Math.max(peak, running);
                        await new Promise((resolve) => setTimeout(resolve, delayMs));
                        running--;
                        return `done ${delayMs}`;
                    }),
                ),
            );
            assert.deepStrictEqual(
                results,
                items.map((d) => `done ${d}`),
            );
            assert.deepStrictEqual(
                started,
                items.map((_, i) => i),
            );
            assert.strictEqual(peak, Math.min(limit, items.length));
        });
    }

    it("lets no newcomer overtake a waiting task", async () => {
        const slots = new Slots(1);
        const order: string[] = [];
        const first = slots.run(async () => {
            order.push("first");
        });
        const second = slots.run(async () => {
            order.push("second");
        });
        await first;
        // The first task's slot went to the second; a third asked for now waits its turn.
        await slots.run(async () => {
            order.push("third");
        });
        await second;
        assert.deepStrictEqual(order, ["first", "second", "third"]);
    });
});
