import * as assert from "assert";
import * as path from "path";
import { mapConcurrent, ownProgramRefusal } from "../check/compare";

const root = path.resolve(__dirname, "..");

describe("compare: rows side by side", function () {
    it("keeps the items' order whatever order the tasks finish in", async function () {
        const delays = [30, 5, 20, 0, 10];
        const results = await mapConcurrent(delays, 2, async (ms) => {
            await new Promise((resolve) => setTimeout(resolve, ms));
            return `done ${ms}`;
        });
        assert.deepStrictEqual(results, ["done 30", "done 5", "done 20", "done 0", "done 10"]);
    });

    it("runs at most `limit` tasks at once, and starts them in order", async function () {
        let running = 0;
        let most = 0;
        const started: number[] = [];
        await mapConcurrent([1, 2, 3, 4, 5, 6], 2, async (n) => {
            started.push(n);
            running++;
            most = Math.max(most, running);
            await new Promise((resolve) => setTimeout(resolve, 5));
            running--;
        });
        assert.strictEqual(most, 2);
        assert.deepStrictEqual(started, [1, 2, 3, 4, 5, 6]);
    });

    it("rejects with the first failure once the running tasks have settled", async function () {
        const settled: number[] = [];
        await assert.rejects(
            mapConcurrent([1, 2, 3, 4], 2, async (n) => {
                await new Promise((resolve) => setTimeout(resolve, n === 1 ? 1 : 20));
                settled.push(n);
                if (n === 1) {
                    throw new Error("row 1 failed");
                }
            }),
            { message: "row 1 failed" },
        );
        // Row 2 was running when row 1 failed and settled before the rejection; rows 3 and 4
        // never started.
        assert.deepStrictEqual(settled, [1, 2]);
    });
});

describe("compare: combinations our own program's config refuses", function () {
    it("refuses active-active with dns-failover with the config's own problem", function () {
        const refuse = ownProgramRefusal(root)!;
        assert.deepStrictEqual(refuse(["strategy=active-active", "routing.mode=dns-failover"]), [
            'routing.mode: "dns-failover" serves one region at a time, which contradicts strategy "active-active"; use dns-latency or global-accelerator',
        ]);
    });

    it("accepts a combination every stack's config accepts", function () {
        const refuse = ownProgramRefusal(root)!;
        assert.strictEqual(refuse(["strategy=pilot-light", "routing.mode=cloudfront"]), undefined);
    });

    it("leaves any other program to be run (it may not read these keys)", function () {
        assert.strictEqual(
            ownProgramRefusal(path.join(root, "test", "fixtures", "two-topics")),
            undefined,
        );
    });
});
