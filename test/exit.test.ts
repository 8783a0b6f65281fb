import * as assert from "assert";
import { Writable } from "stream";
import { channel, finalCode, isLeakNotice, write } from "../cli/exit";

/** A stream that takes `capacity` bytes at once, then waits `delayMs` per write (a slow reader). */
function slowSink(delayMs: number, fail?: NodeJS.ErrnoException) {
    const chunks: string[] = [];
    const stream = new Writable({
        highWaterMark: 16,
        write(chunk: Buffer, _enc, done) {
            setTimeout(() => {
                if (fail) {
                    done(fail);
                    return;
                }
                chunks.push(chunk.toString());
                done();
            }, delayMs);
        },
    });
    return { stream, text: () => chunks.join("") };
}

describe("cli/exit: the one way out", () => {
    it("resolves the code only after every queued write reached a slow reader", async () => {
        const out = slowSink(1);
        const err = slowSink(0);
        const o = channel("stdout", out.stream);
        const e = channel("stderr", err.stream);
        const report = "x".repeat(64 * 1024) + "\n";
        for (let i = 0; i < 8; i++) {
            write(o, report);
        }
        assert.strictEqual(await finalCode(1, o, e), 1);
        assert.strictEqual(out.text().length, report.length * 8);
        assert.strictEqual(err.text(), "");
    });

    it("turns a failed write (EPIPE) into exit 2 with one line on stderr", async () => {
        const epipe = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
        const out = slowSink(0, epipe);
        const err = slowSink(0);
        const o = channel("stdout", out.stream);
        const e = channel("stderr", err.stream);
        write(o, "report\n");
        write(o, "more\n");
        assert.strictEqual(await finalCode(0, o, e), 2);
        assert.strictEqual(
            err.text(),
            "error: the output could not be written to stdout (EPIPE); nothing after that point reached the reader\n",
        );
    });

    it("keeps the drill's own codes (3, 130) when stdout fails", async () => {
        const epipe = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
        for (const code of [3, 130]) {
            const o = channel("stdout", slowSink(0, epipe).stream);
            const e = channel("stderr", slowSink(0).stream);
            write(o, "x");
            assert.strictEqual(await finalCode(code, o, e), code);
        }
    });

    it("recognises the SDK's leaked-promise notice, and nothing else", () => {
        assert.strictEqual(
            isLeakNotice(
                "The Pulumi runtime detected that 3 promises were still active\nat the time that the process exited.",
            ),
            true,
        );
        assert.strictEqual(
            isLeakNotice("The Pulumi runtime detected that 1 promise was still active\n"),
            true,
        );
        assert.strictEqual(isLeakNotice("my program: The Pulumi runtime is fine\n"), false);
    });

    it("recognises the SDK's undefined-output warning, and only it", () => {
        assert.strictEqual(
            isLeakNotice(
                "warning: [runtime] Undefined value (fingerprint) will not show as a stack output.\n",
            ),
            true,
        );
        assert.strictEqual(isLeakNotice("warning: my program's own warning\n"), false);
        assert.strictEqual(
            isLeakNotice("warning: [runtime] Undefined value (x) will not show; and more text\n"),
            false,
        );
    });
});
