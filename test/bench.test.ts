/**
 * The benchmark's verdict (bench/others.ts, bench/run.ts): an aim is judged only when the rest of
 * the machine stayed nearly idle during the case and its floor, measured as the machine's busy
 * time minus the run's own CPU.
 */
import * as assert from "assert";
import { cpuTicks, notJudgedReason, othersCores } from "../bench/others";
import { Comparison, middle, verdict } from "../bench/run";
import { Run } from "../bench/measure";

describe("bench: others' CPU", () => {
    it("reads busy and total ticks from /proc/stat's cpu line (guest not counted twice)", () => {
        const stat = [
            "cpu  100 5 40 1000 20 3 2 7 50 0",
            "cpu0 50 2 20 500 10 1 1 3 25 0",
            "intr 12345",
        ].join("\n");
        // busy = user 100 + nice 5 + system 40 + irq 3 + softirq 2 + steal 7; idle 1000 + iowait 20
        assert.deepStrictEqual(cpuTicks(stat), { busy: 157, total: 1177 });
    });

    it("refuses text without a cpu line", () => {
        assert.throws(() => cpuTicks("intr 1\nctxt 2\n"), /^Error: \/proc\/stat has no cpu line$/);
    });

    it("is the machine's busy time minus the run's own CPU, per second of wall time", () => {
        const table: [string, number, number, number, number][] = [
            // name, busy ticks during the run, own CPU ms, wall ms, expected cores
            ["only the run itself", 300, 3000, 2000, 0],
            ["the run and one other busy core", 500, 3000, 2000, 1],
            ["another process at a quarter core", 350, 3000, 2000, 0.25],
            ["clock skew below zero is zero", 299, 3000, 2000, 0],
            ["zero wall time", 10, 0, 0, 0],
        ];
        for (const [name, busy, ownCpuMs, wallMs, expected] of table) {
            const got = othersCores({
                before: { busy: 1000, total: 5000 },
                after: { busy: 1000 + busy, total: 6000 },
                tickMs: 10,
                ownCpuMs,
                wallMs,
            });
            assert.strictEqual(got, expected, name);
        }
    });

    it("judges only when every run compared had others at or below a quarter core", () => {
        assert.strictEqual(notJudgedReason([0, 0.25]), undefined);
        assert.strictEqual(
            notJudgedReason([0.1, 0.26]),
            "not judged (others used 0.26 cores > 0.25)",
        );
        assert.strictEqual(
            notJudgedReason([1.5, null]),
            "not judged (others' CPU unknown off Linux)",
        );
    });
});

describe("bench: verdict", () => {
    const run = (wallMs: number, others: number | null): Run => ({
        wallMs,
        cpuMs: wallMs,
        othersCores: others,
        lastLine: "",
    });
    const comparison = (subject: Run, floor: Run): Comparison => ({
        name: "project stacks",
        subject: { label: "npm start", run: subject },
        floor: { label: "startup floor", run: floor },
        aim: 4,
        measure: "time",
    });

    it("meets, misses, or says why it did not judge", () => {
        assert.strictEqual(verdict(comparison(run(2000, 0.1), run(500, 0.2))), "met");
        assert.strictEqual(verdict(comparison(run(2001, 0.1), run(500, 0.2))), "missed");
        assert.strictEqual(
            verdict(comparison(run(2000, 0.1), run(500, 0.4))),
            "not judged (others used 0.40 cores > 0.25)",
        );
    });

    it("judges memory by peak RSS, with the same quiet rule", () => {
        const c: Comparison = {
            ...comparison(run(9000, 0), run(7000, 0.05)),
            measure: "memory",
            aim: 0.8,
        };
        c.subject.rss = { main: 800, pack: 300 };
        c.floor.rss = { main: 1000 };
        assert.strictEqual(verdict(c), "met");
        c.subject.rss = { main: 801, pack: 300 };
        assert.strictEqual(verdict(c), "missed");
    });
});

describe("bench: the median peak memory of a pair's rounds", () => {
    const cases: [number[], number][] = [
        [[700], 700],
        [[610, 590, 600], 600],
        [[900, 500, 600], 600],
        // Two middle values: the lower, as `median` picks the lower-middle run.
        [[640, 560], 560],
        [[4, 1, 3, 2], 2],
    ];
    for (const [values, expected] of cases) {
        it(`is ${expected} of ${values.join(", ")}`, () => {
            assert.strictEqual(middle(values), expected);
        });
    }
});
