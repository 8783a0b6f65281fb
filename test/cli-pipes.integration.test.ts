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
const compareProgram = path.join(__dirname, "fixtures", "compare-topics");
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

    it("npm start -s -- --format json | node -e JSON.parse(...) succeeds, as the issue ran it", () => {
        const run = spawnSync(
            "bash",
            [
                "-c",
                `npm start -s -- --format json 2>/dev/null | node -e "const d=require('fs').readFileSync(0);JSON.parse(d);console.log(d.length)"; echo "\${PIPESTATUS[@]}"`,
            ],
            { cwd: root, encoding: "utf8", timeout: 300_000 },
        );
        const [bytes, codes] = run.stdout.trim().split("\n");
        assert.strictEqual(codes, "0 0", run.stdout + run.stderr);
        assert.ok(Number(bytes) > 256 * 1024, `${bytes} bytes`);
    });

    // compare over a small program whose resources follow the strategy and routing mode.
    for (const format of ["json", "text", "markdown"]) {
        it(`compare --format ${format} through a pipe is byte for byte what --out writes`, () => {
            const file = path.join(dir, `compare.${format}`);
            const args = ["compare", "--program", compareProgram, "--format", format];
            const written = piped([...args, "--out", file], "cat");
            assert.strictEqual(written.code, 0, written.stderr);
            const run = piped(args);
            assert.strictEqual(run.code, 0, run.stderr);
            assert.strictEqual(run.received, fs.readFileSync(file, "utf8"));
            if (format === "json") {
                assert.strictEqual((JSON.parse(run.received) as unknown[]).length, 16);
            } else {
                assert.match(run.received, /active-active/);
            }
        });
    }

    it("deploy preview without the Pulumi CLI: the summary arrives whole, exit 2, one line on stderr", () => {
        const run = piped(["deploy", "preview"]);
        assert.strictEqual(run.code, 2);
        assert.match(
            run.stderr,
            /^error: the Pulumi CLI was not found \(spawn pulumi ENOENT\): [^\n]*\n$/,
        );
        assert.match(run.received, /^preview order: /);
        assert.match(
            run.received,
            /\nnot previewed: primary \(failed\), secondary \(not started\), global \(not started\)\n$/,
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

    it("drill --dry-run (the DNS drill) through a pipe arrives whole", () => {
        const run = piped([
            "drill",
            "--region",
            "us-east-1",
            "--dry-run",
            "--outputs",
            path.join(__dirname, "fixtures", "drill", "outputs.json"),
            "--journal",
            path.join(dir, "dns-journal.json"),
        ]);
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(
            run.received,
            /^dry run: nothing is called\. The drill would take us-east-1 out of app\.example\.com \(health-check\):\n/,
        );
        assert.match(
            run.received,
            /\n {2}4\. restore, always: route53 UpdateHealthCheck hc-use1 Inverted=false\nexpected: [^\n]+\n$/,
        );
    });

    it("drill --plan --dry-run through a pipe arrives whole", () => {
        const run = piped([
            "drill",
            "--region",
            "us-west-2",
            "--plan",
            "--dry-run",
            "--outputs",
            outputs(),
            "--journal",
            path.join(dir, "journal.json"),
        ]);
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(run.received, /^dry run: nothing is called\. .* --mode graceful\n$/);
    });

    /** The stack outputs a drill reads, as --outputs takes them. */
    function outputs(): string {
        const file = path.join(dir, "outputs.json");
        fs.writeFileSync(
            file,
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
        return file;
    }

    it("drill's exit 2 is one line on stderr (the AWS SDK's Node version notice held back)", () => {
        const run = piped([
            "drill",
            "--region",
            "us-east-1",
            "--outputs",
            path.join(dir, "none.json"),
        ]);
        assert.strictEqual(run.code, 2);
        assert.strictEqual(run.received, "");
        assert.strictEqual(
            run.stderr,
            `error: --outputs ${path.join(dir, "none.json")}: ENOENT: no such file or directory, open '${path.join(dir, "none.json")}'\n`,
        );
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
