/**
 * The worker's light promise tracking (check/engine/promise-tracking.ts) against the SDK's own,
 * on a program that never finishes: the SDK's leak notice must count the same promises.
 */
import * as assert from "assert";
import * as path from "path";
import { collectStacks } from "../../check/engine/engine";

const program = path.join(__dirname, "..", "fixtures", "misbehaving");

/** The program's output when its input never resolves, the SDK debugging leaks or not. */
async function neverFinishes(debugLeaks: boolean): Promise<string> {
    const before = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    // A worker takes a copy of the environment when it starts, and the SDK reads it on load.
    if (debugLeaks) {
        process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    } else {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    }
    try {
        let output = "";
        const { problems } = await collectStacks({
            projectDir: program,
            overrides: ["mode=never-input"],
            onProgramOutput: (text) => (output += text),
        });
        assert.match(problems[0]?.message ?? "", /the program never finished/);
        return output;
    } finally {
        if (before === undefined) {
            delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        } else {
            process.env.PULUMI_DEBUG_PROMISE_LEAKS = before;
        }
    }
}

describe("offline engine: the SDK's leak notice with the worker's light tracking", function () {
    this.timeout(120_000);

    it("counts as many promises still active as the SDK's own tracking lists", async () => {
        const light = await neverFinishes(false);
        const own = await neverFinishes(true);
        const counted = /The Pulumi runtime detected that (\d+) promises were still active/.exec(
            light,
        );
        assert.ok(counted, light);
        const listed = own.match(/^Promise leak detected:$/gm) ?? [];
        assert.ok(listed.length > 0, own);
        assert.strictEqual(Number(counted[1]), listed.length);
    });
});
