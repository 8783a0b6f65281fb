/**
 * A check run by node with flags a worker thread refuses (a larger heap for a large program, a
 * larger stack): the flags hold for the whole process, and each stack's worker goes without them.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { rejectedByWorkers } from "../../check/engine/engine";

const root = path.join(__dirname, "..", "..");
const bin = path.join(root, "bin", "multi-region-failover");
const program = path.join(__dirname, "..", "fixtures", "two-topics");
const pack = path.join(__dirname, "..", "fixtures", "pack-fixture");

function check(nodeFlags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = [...nodeFlags, bin, "check", "--program", program, "--policy-pack", pack];
    return new Promise((resolve) => {
        execFile(process.execPath, args, { cwd: root, timeout: 120_000 }, (err, stdout, stderr) =>
            resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
        );
    });
}

describe("offline engine: node flags a worker refuses", () => {
    it("names the flags a Worker refuses, without starting one", () => {
        assert.deepStrictEqual(
            rejectedByWorkers(["--max-old-space-size=4096", "--no-warnings", "--stack-size=2000"]),
            ["--max-old-space-size=4096", "--stack-size=2000"],
        );
        assert.deepStrictEqual(rejectedByWorkers(["--no-warnings"]), []);
    });

    for (const flags of [["--max-old-space-size=4096"], ["--stack-size=2000", "--no-warnings"]]) {
        it(`checks a program run as node ${flags.join(" ")} … check`, async () => {
            const plain = await check([]);
            const flagged = await check(flags);
            assert.doesNotMatch(flagged.stderr, /invalid execArgv/);
            // The same verdict and report as without the flags: a mandatory violation, exit 1.
            assert.deepStrictEqual([flagged.code, flagged.stdout], [plain.code, plain.stdout]);
            assert.strictEqual(flagged.code, 1);
        });
    }
});
