/** Progress of slow steps on stderr, only when stderr is a terminal. */
import * as assert from "assert";
import * as path from "path";
import { main } from "../../bin/main";

const fixtures = path.join(__dirname, "..", "fixtures");

async function check(stderrIsTty: boolean) {
    let stderr = "";
    const code = await main(
        [
            "--program",
            path.join(fixtures, "two-topics"),
            "--policy-pack",
            path.join(fixtures, "pack-fixture"),
            "--format",
            "json",
        ],
        { stdout: () => undefined, stderr: (t) => (stderr += t), stderrIsTty },
    );
    return { code, stderr };
}

describe("progress on stderr", function () {
    this.timeout(120_000);

    it("names each stack as its program starts when stderr is a terminal", async () => {
        const { code, stderr } = await check(true);
        assert.strictEqual(code, 1);
        assert.match(stderr, /^checking stack dev \(1 of 1\): its program, then the policy pack$/m);
    });

    it("says nothing of it when stderr is a file or a pipe (CI logs)", async () => {
        const { code, stderr } = await check(false);
        assert.strictEqual(code, 1);
        assert.doesNotMatch(stderr, /checking stack/);
    });
});
