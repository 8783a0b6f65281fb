/**
 * Every report reaches its reader whole through a pipe (cli/exit.ts): a JSON report of the
 * project (about 520 KB) was cut at 64-128 KiB with exit 0 when piped. Each command runs as a
 * process with its stdout piped into another process, as `| jq` or a CI step reads it.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "..");
const bin = path.join(root, "bin", "multi-region-failover");
/** Reads all of stdin, then prints its size in bytes and writes it to the file it is given. */
const reader = `node -e "const d=require('fs').readFileSync(0);require('fs').writeFileSync(process.argv[1],d);console.log(d.length)"`;

/** `multi-region-failover ARGS | reader`: the first command's exit code, stderr and what the reader got. */
function piped(args: string[], tail = `${reader} "$OUT"`) {
    const out = path.join(dir, `piped-${Math.random().toString(36).slice(2)}`);
    const quoted = args.map((a) => `'${a}'`).join(" ");
    const result = spawnSync(
        "bash",
        ["-c", `node '${bin}' ${quoted} 2>"$ERR" | ${tail}; echo "\${PIPESTATUS[0]}"`],
        {
            cwd: root,
            encoding: "utf8",
            timeout: 300_000,
            env: { ...process.env, OUT: out, ERR: `${out}.err` },
        },
    );
    const lines = result.stdout.trim().split("\n");
    return {
        code: Number(lines.at(-1)),
        stderr: fs.existsSync(`${out}.err`) ? fs.readFileSync(`${out}.err`, "utf8") : "",
        received: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "",
    };
}

let dir: string;

describe("every command's output through a pipe", function () {
    this.timeout(600_000);
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pipes-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("check --format json (about 520 KB) arrives whole and parses, as written with --out", () => {
        const run = piped(["--format", "json"]);
        assert.strictEqual(run.code, 0, run.stderr);
        const doc = JSON.parse(run.received) as { stacks: unknown[] };
        assert.strictEqual(doc.stacks.length, 3);
        assert.ok(run.received.length > 256 * 1024, `${run.received.length} bytes`);
    });

    for (const format of ["text", "markdown", "sarif", "mermaid"]) {
        it(`check --format ${format} through a pipe is byte for byte what --out writes`, () => {
            const file = path.join(dir, `report.${format}`);
            const written = piped(["--format", format, "--out", file], "cat");
            assert.strictEqual(written.code, 0, written.stderr);
            const run = piped(["--format", format]);
            assert.strictEqual(run.code, 0, run.stderr);
            assert.strictEqual(run.received, fs.readFileSync(file, "utf8"));
            if (format === "sarif") {
                assert.strictEqual(
                    (JSON.parse(run.received) as { version: string }).version,
                    "2.1.0",
                );
            }
        });
    }

    it("compare --format json through a pipe parses", () => {
        const run = piped(["compare", "--format", "json"]);
        assert.strictEqual(run.code, 0, run.stderr);
        assert.ok(
            Array.isArray(JSON.parse(run.received)) || typeof JSON.parse(run.received) === "object",
        );
    });

    for (const command of [[], ["check"], ["compare"], ["deploy"], ["drill"]]) {
        it(`${["multi-region-failover", ...command].join(" ")} --help through a pipe arrives whole`, () => {
            const run = piped([...command, "--help"]);
            assert.strictEqual(run.code, 0, run.stderr);
            assert.match(run.received, /^usage: multi-region-failover/);
            assert.match(run.received, /Exit codes: 0 /);
            assert.ok(run.received.endsWith("\n"));
        });
    }

    it("drill --dry-run through a pipe arrives whole", () => {
        const outputs = path.join(dir, "outputs.json");
        fs.writeFileSync(
            outputs,
            JSON.stringify({
                global: {
                    endpoint: "https://app.example.com",
                    regionSwitchPlans: {
                        "us-west-2": {
                            planArn: "arn:aws:arc-region-switch::123456789012:plan/p:abc",
                        },
                    },
                },
                primary: { region: "us-east-1", role: "primary", albDnsName: "a.invalid" },
                secondary: { region: "us-west-2", role: "secondary", albDnsName: "b.invalid" },
            }),
        );
        const run = piped([
            "drill",
            "--region",
            "us-west-2",
            "--plan",
            "--dry-run",
            "--outputs",
            outputs,
            "--journal",
            path.join(dir, "journal.json"),
        ]);
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(run.received, /^dry run: nothing is called\. .* --mode graceful\n$/);
    });

    it("a reader that goes away (| head -c 100) makes it exit 2 with one line naming stdout", () => {
        const run = piped(["--format", "json"], "head -c 100 >/dev/null");
        assert.strictEqual(run.code, 2);
        assert.strictEqual(
            run.stderr,
            "error: the output could not be written to stdout (EPIPE); nothing after that point reached the reader\n",
        );
    });
});
