/**
 * Exit 2 is one line on stderr (issue 29, item 7): the SDK's leaked-promise notice, printed when
 * a program's worker ends with promises still pending, is held back, and `--verbose` shows it.
 */
import * as assert from "assert";
import * as path from "path";
import { main } from "../../bin/main";

const program = path.join(__dirname, "..", "fixtures", "misbehaving");
const error =
    'error: stack dev: the program never finished: nothing was left to run while it still waited for aws:sns/topic:Topic "stuck" (its inputs never resolved)\n';
// The program's own two lines come first: its output goes to stderr, never into the report.
const programLines = "program stdout line\nprogram stderr line\n";

async function check(...more: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(
        ["--program", program, "--config", "mode=never-input", "--format", "json", ...more],
        { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    );
    return { code, stdout, stderr };
}

describe("exit 2 on stderr, with and without --verbose", function () {
    this.timeout(180_000);

    it("is the program's output and one error line; the SDK's notice is held back", async () => {
        const { code, stdout, stderr } = await check();
        assert.strictEqual(code, 2);
        assert.strictEqual(stdout, "");
        assert.strictEqual(stderr, programLines + error);
    });

    it("--verbose shows the SDK's notice before the error line", async () => {
        const { code, stderr } = await check("--verbose");
        assert.strictEqual(code, 2);
        assert.ok(stderr.startsWith(programLines), stderr);
        assert.ok(stderr.endsWith(error), stderr);
        assert.match(
            stderr,
            /^The Pulumi runtime detected that \d+ promises were still active\nat the time that the process exited\./m,
        );
    });
});
