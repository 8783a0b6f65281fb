/**
 * The engine starts each stack's worker while the stack before it runs (its SDK loads in the
 * meantime). A worker that is never used, because a stack before it failed, must not outlive
 * the run: it would hold a thread and its memory for as long as the process lives.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runStacks } from "../../check/engine/engine";
import { eventually } from "../helpers/processes";

/** This process's thread count (Linux); each worker thread is one. */
const threads = () =>
    Number(/^Threads:\s+(\d+)$/m.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]);

describe("warm workers", function () {
    this.timeout(60_000);

    it("stops the worker started for the next stack when a stack fails", async () => {
        const before = threads();
        const message = await runStacks({
            projectDir: path.join(__dirname, "..", "fixtures", "first-stack-fails"),
        }).then(
            () => "resolved",
            (err: Error) => err.message,
        );
        assert.strictEqual(message, "stack primary: the primary's program failed");
        assert.strictEqual(await eventually(() => threads() === before, 10_000), true);
    });
});
