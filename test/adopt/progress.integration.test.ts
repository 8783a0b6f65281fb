/**
 * Progress of slow steps (each stack's program and the pack, compare's rows) on stderr, only when
 * stderr is a terminal (issue 26, item 7).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
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

/** `command` under a pseudo-terminal (util-linux `script`): what the terminal showed, and the exit code. */
function underTerminal(command: string): { shown: string; code: number } {
    const run = spawnSync("script", ["-qec", command, "/dev/null"], {
        cwd: root,
        encoding: "utf8",
        timeout: 300_000,
    });
    return { shown: run.stdout.replace(/\r\n/g, "\n"), code: run.status ?? -1 };
}

const root = path.join(__dirname, "..", "..");
const bin = path.join(root, "bin", "multi-region-failover");
const compareProgram = path.join(fixtures, "compare-topics");
const hasScript = spawnSync("script", ["--version"]).status === 0;

describe("progress on a real terminal (a pseudo-terminal through script)", function () {
    this.timeout(600_000);
    let dir: string;
    before(function () {
        if (!hasScript) {
            this.skip(); // util-linux `script` is not installed: nothing can stand in for a terminal
        }
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "progress-"));
    });
    after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

    it("compare shows each row on stderr as it is done; its table still goes whole to stdout", () => {
        const table = path.join(dir, "compare.json");
        const { shown, code } = underTerminal(
            `node '${bin}' compare --program '${compareProgram}' --format json > '${table}'`,
        );
        assert.strictEqual(code, 0, shown);
        const lines = shown.trim().split("\n");
        assert.strictEqual(lines.length, 16, shown);
        lines.forEach((line, i) =>
            assert.match(
                line,
                new RegExp(
                    `^compare: ${i + 1} of 16 rows: (active-passive|pilot-light|warm-standby|active-active) × (dns-failover|dns-latency|global-accelerator|cloudfront): RTO unbounded, RPO 0 s$`,
                ),
            ),
        );
        assert.strictEqual((JSON.parse(fs.readFileSync(table, "utf8")) as unknown[]).length, 16);
    });

    it("compare says nothing of its rows when stderr is a file (CI logs)", () => {
        const table = path.join(dir, "compare-ci.json");
        const log = path.join(dir, "compare.err");
        const { shown, code } = underTerminal(
            `node '${bin}' compare --program '${compareProgram}' --format json > '${table}' 2> '${log}'`,
        );
        assert.strictEqual(code, 0, shown);
        assert.strictEqual(shown, "");
        assert.strictEqual(fs.readFileSync(log, "utf8"), "");
    });

    it("check names each stack as its program starts, before the report", () => {
        const { shown, code } = underTerminal(
            `node '${bin}' check --program '${path.join(fixtures, "two-topics")}' --policy-pack '${path.join(fixtures, "pack-fixture")}' --format json > /dev/null`,
        );
        assert.strictEqual(code, 1, shown);
        assert.strictEqual(
            shown,
            "checking stack dev (1 of 1): its program, then the policy pack\n",
        );
    });
});
