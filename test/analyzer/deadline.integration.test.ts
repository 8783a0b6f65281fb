/**
 * The pack's start-up deadline counts only time in which its port line could have been read
 * (issue 18, item 1): a check whose event loop is held up past the deadline still connects.
 * Its calls wait for the connection, and a pack that dies ends the wait with its exit.
 */
import * as assert from "assert";
import * as path from "path";
import { AnalyzerClient, waitUpTo } from "../../check/analyzer/client";
import { evaluatePack } from "../../check/analyzer/evaluate";
import { StackRecord } from "../../check/engine/types";

const packDir = path.join(__dirname, "..", "fixtures", "pack-fixture");

/** Hold this thread's event loop for `ms` without spending CPU (the machine is shared). */
function block(ms: number) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("pack start-up deadline", function () {
    this.timeout(120_000);

    it("does not count time the event loop was held up", async () => {
        let expired = false;
        const stop = waitUpTo(1_000, () => (expired = true));
        block(3_000);
        await sleep(300);
        assert.strictEqual(expired, false, "expired while nothing could be read");
        await sleep(2_000);
        assert.strictEqual(expired, true, "never expired in readable time");
        stop();
    });

    it("can be cancelled", async () => {
        let expired = false;
        const stop = waitUpTo(300, () => (expired = true));
        stop();
        await sleep(1_000);
        assert.strictEqual(expired, false);
    });

    it("connects to a pack although the event loop was busy past the deadline", async () => {
        const starting = AnalyzerClient.start(packDir, 10_000);
        // Longer than the deadline: the old timer fired here and reported no port.
        block(25_000);
        const client = await starting;
        try {
            assert.strictEqual((await client.info()).name, "fixture-pack");
        } finally {
            await client.close();
        }
    });
});

describe("a pack that dies while it analyzes", function () {
    this.timeout(120_000);

    it("fails the call with the pack's exit, instead of waiting for an answer", async () => {
        const record: StackRecord = {
            stack: "dev",
            fullName: "organization/p/dev",
            project: "p",
            region: "us-east-1",
            resources: [],
            outputs: {},
            sdkVersion: "3.248.0",
        };
        await assert.rejects(
            evaluatePack([record], path.join(__dirname, "..", "fixtures", "pack-dies")),
            {
                name: "AnalyzerError",
                message: "the policy pack's process exited (code 7) before it answered",
            },
        );
    });
});
