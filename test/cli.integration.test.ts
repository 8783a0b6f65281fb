import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { main } from "../bin/main";
import { CommandSpec, ExitCode, closest, helpText } from "../cli/args";
import { callerDir } from "../cli/io";
import { checkSpec, compareSpec, parseArgs } from "../check/args";
import { ProjectError, loadProject, loadStackConfig, programEntry } from "../project/project";
import { deploySpec } from "../deploy/cli";
import { drillOptions, drillSpec } from "../drill/cli";
import { simulateSpec } from "../check/simulate";

/** Run the CLI in-process and capture what it prints. */
async function run(
    argv: string[],
    cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        ...(cwd ? { cwd } : {}),
    });
    return { code, stdout, stderr };
}

const root = path.join(__dirname, "..");
const bin = path.join(root, "bin", "multi-region-failover");

/** Run a command in a child process with a deadline; resolves to its exit code and output. */
function spawnRun(
    file: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(file, args, { cwd, env, timeout: 120_000 }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
            resolve({ code, stdout, stderr });
        });
    });
}

const fixture = (name: string) => path.join(__dirname, "fixtures", name);
const fixturePack = ["--policy-pack", fixture("pack-fixture")];

describe("check command", () => {
    describe("arguments", () => {
        it("collects repeatable --stack and --config flags", () => {
            assert.deepStrictEqual(
                parseArgs([
                    "--stack",
                    "primary",
                    "--stack",
                    "global",
                    "--config",
                    "strategy=pilot-light",
                    "--format",
                    "json",
                ]),
                {
                    command: "check",
                    format: "json",
                    stacks: ["primary", "global"],
                    overrides: ["strategy=pilot-light"],
                    regionDown: [],
                    reports: [],
                    verbose: false,
                    help: false,
                },
            );
        });
        it("rejects an unknown format, suggesting the nearest", () => {
            assert.throws(() => parseArgs(["--format", "xml"]), {
                message:
                    '--format "xml" is not supported; use one of text, json, sarif, markdown, mermaid',
            });
            assert.throws(() => parseArgs(["--format", "jsn"]), {
                message:
                    '--format "jsn" is not supported; use one of text, json, sarif, markdown, mermaid; did you mean json?',
            });
        });
        it("rejects a flag without its value", () => {
            assert.throws(() => parseArgs(["--stack"]), { message: "--stack needs a value" });
        });
        it("rejects an unknown flag with one line and a did-you-mean", () => {
            assert.throws(() => parseArgs(["--stacks", "x"]), {
                message: "unknown option --stacks; did you mean --stack?",
            });
            assert.throws(() => parseArgs(["--loud"]), {
                message: "unknown option --loud; see multi-region-failover check --help",
            });
        });
        it("takes --flag=value and rejects a value for a switch and a stray word", () => {
            assert.deepStrictEqual(parseArgs(["--stack=primary"]).stacks, ["primary"]);
            assert.throws(() => parseArgs(["--help=yes"]), { message: "--help takes no value" });
            assert.throws(() => parseArgs(["primary"]), {
                message: 'unexpected argument "primary"; see multi-region-failover check --help',
            });
        });
        it("does not take the next flag as a value", () => {
            assert.throws(() => parseArgs(["--stack", "--format", "json"]), {
                message: "--stack needs a value",
            });
        });
    });

    it("prints one JSON document with the three stacks and exits 0", async () => {
        const { code, stdout, stderr } = await run(["--format", "json", ...fixturePack]);
        assert.strictEqual(code, 0, stderr);
        const doc = JSON.parse(stdout);
        assert.deepStrictEqual(
            doc.stacks.map((s: { stack: string; role: string; region: string }) => [
                s.stack,
                s.role,
                s.region,
            ]),
            [
                ["primary", "primary", "us-east-1"],
                ["secondary", "secondary", "us-west-2"],
                ["global", "global", "us-east-1"],
            ],
        );
        const total = doc.stacks.reduce(
            (n: number, s: { resources: unknown[] }) => n + s.resources.length,
            0,
        );
        assert.strictEqual(doc.summary.resources, total);
        const provider = doc.stacks[1].resources.find(
            (r: { type: string }) => r.type === "pulumi:providers:aws",
        );
        assert.deepStrictEqual(Object.keys(provider).sort(), [
            "inputs",
            "name",
            "outputs",
            "parent",
            "protect",
            "region",
            "type",
            "urn",
        ]);
        assert.strictEqual(provider.region, "us-west-2");
        assert.strictEqual(
            provider.urn,
            "urn:pulumi:secondary::multi-region-failover::pulumi:providers:aws::aws-us-west-2",
        );
    });

    it("prints a readable summary per stack", async () => {
        const { code, stdout } = await run(["--stack", "primary", "--verbose", ...fixturePack]);
        assert.strictEqual(code, 0);
        const lines = stdout.split("\n");
        // The verdict leads; --verbose adds each stack's types and outputs.
        assert.strictEqual(lines[0], "PASS: 0 mandatory, 0 advisory violations.");
        assert.match(
            lines[1],
            /^1 stack, \d+ resources; policy pack fixture-pack@0\.0\.1, 2 policies\.$/,
        );
        assert.ok(
            lines.some((l) =>
                /^Stack primary \(role primary, region us-east-1\): \d+ resources, \d+ types$/.test(
                    l,
                ),
            ),
            stdout,
        );
        assert.ok(lines.includes("    region: us-east-1"), stdout);
    });

    it("writes the report to --out", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mrf-")), "report.json");
        const { code, stdout } = await run([
            "--stack",
            "primary",
            "--format",
            "json",
            "--out",
            out,
            ...fixturePack,
        ]);
        assert.strictEqual(code, 0);
        assert.strictEqual(stdout, "");
        assert.strictEqual(JSON.parse(fs.readFileSync(out, "utf8")).stacks[0].stack, "primary");
    });

    it("exits 2 with a one-line reason for bad config", async () => {
        const { code, stdout, stderr } = await run([
            "--stack",
            "primary",
            "--config",
            "routing.healthCheckIntervalSeconds=20",
        ]);
        assert.strictEqual(code, 2);
        assert.strictEqual(stdout, "");
        assert.strictEqual(
            stderr,
            "error: stack primary: invalid configuration (1 problem): - routing.healthCheckIntervalSeconds: 20 is invalid; allowed: 10 or 30 (Route 53 request interval)\n",
        );
    });

    it("exits 2 for a usage error", async () => {
        const { code, stderr } = await run(["--format"]);
        assert.strictEqual(code, 2);
        assert.strictEqual(stderr, "error: --format needs a value\n");
    });

    it("fails two resources with the same URN, as the real engine does", async () => {
        const { code, stderr } = await run(["--program", fixture("duplicate-urn")]);
        assert.strictEqual(code, 2);
        assert.strictEqual(
            stderr,
            "error: stack dev: Duplicate resource URN 'urn:pulumi:dev::duplicate-urn::aws:sns/topic:Topic::alerts'; try giving it a unique name\n",
        );
    });

    it("names an invoke it cannot answer", async () => {
        const { code, stderr } = await run(["--program", fixture("unknown-invoke")]);
        assert.strictEqual(code, 2);
        assert.match(
            stderr,
            /^error: stack dev: invoke aws:ec2\/getKeyPair:getKeyPair has no offline answer; supply one with --invoke-fixture FILE \(JSON: \{"aws:ec2\/getKeyPair:getKeyPair": \{ \.\.\.result \}\}\) \(index\.ts:5\)$/m,
        );
    });
});

describe("one command line", () => {
    const specs: CommandSpec[] = [checkSpec, compareSpec, deploySpec, drillSpec, simulateSpec];

    it("dispatches each subcommand's --help, generated from its option table", async () => {
        for (const spec of specs) {
            const { code, stdout, stderr } = await run([spec.name, "--help"]);
            assert.strictEqual(code, ExitCode.ok, stderr);
            assert.strictEqual(stdout, helpText(spec) + "\n");
            assert.ok(stdout.startsWith(`usage: multi-region-failover ${spec.name} `), stdout);
            for (const option of spec.options) {
                assert.ok(stdout.includes(`--${option.name}`), `${spec.name} --${option.name}`);
            }
            assert.match(
                stdout,
                spec.name === "compare"
                    ? /\nExit codes: 0 the table was printed; 2 usage, config or program error/
                    : /\nExit codes: 0 pass; 1 .*\n2 usage, config, program or environment error/,
            );
        }
    });

    it("runs check when the first word is a flag, as npm start -- --format json does", () => {
        assert.strictEqual(parseArgs(["--format", "json"]).command, "check");
    });

    it("prints the overview for --help with no command", async () => {
        const { code, stdout } = await run(["--help"]);
        assert.strictEqual(code, 0);
        assert.match(stdout, /^usage: multi-region-failover <command> \[options\]\n/);
        for (const name of ["check", "compare", "deploy", "drill", "simulate"]) {
            assert.match(stdout, new RegExp(`\\n  ${name} +\\S`));
        }
    });

    it("answers a mistyped command with one line and a did-you-mean, exit 2", async () => {
        assert.deepStrictEqual(await run(["chek"]), {
            code: 2,
            stdout: "",
            stderr: 'error: unknown command "chek"; did you mean check?\n',
        });
        assert.deepStrictEqual(await run(["deploi", "up"]), {
            code: 2,
            stdout: "",
            stderr: 'error: unknown command "deploi"; did you mean deploy?\n',
        });
        assert.deepStrictEqual(await run(["frobnicate"]), {
            code: 2,
            stdout: "",
            stderr: 'error: unknown command "frobnicate"; commands: check, compare, deploy, drill, simulate\n',
        });
    });

    it("refuses a bad simulate number before any stack runs: one line, exit 2", async () => {
        assert.deepStrictEqual(await run(["simulate", "--explore", "9"]), {
            code: 2,
            stdout: "",
            stderr: 'error: --explore "9" is not allowed; use a whole number from 1 to 8\n',
        });
        assert.deepStrictEqual(await run(["simulate", "--rto", "0.5"]), {
            code: 2,
            stdout: "",
            stderr: 'error: --rto "0.5" is not allowed; use a whole number from 1 to 86400\n',
        });
    });

    it("suggests only near words", () => {
        assert.strictEqual(
            closest("--polcy-pack", ["--policy-pack", "--program"]),
            "--policy-pack",
        );
        assert.strictEqual(closest("--region", ["--stack", "--out"]), undefined);
        assert.strictEqual(closest("pewview", ["preview", "up"]), "preview");
    });

    it("keeps the exit-code contract in one table", () => {
        assert.deepStrictEqual(ExitCode, {
            ok: 0,
            failed: 1,
            error: 2,
            restoreFailed: 3,
            interrupted: 130,
        });
    });

    it("keeps the drill's flags in one declarative table", () => {
        assert.deepStrictEqual(
            drillOptions.map((o) => o.name),
            [
                "region",
                "dry-run",
                "trigger",
                "timeout",
                "interval",
                "expected-seconds",
                "client-subnet",
                "outputs",
                "stack",
                "program",
                "out",
                "restore",
                "fis",
                "plan",
                "mode",
                "approve",
                "journal",
                "call-timeout",
                "restore-deadline",
            ],
        );
        assert.strictEqual(drillSpec.options, drillOptions);
    });

    it("has one bin, and npm start, deploy and drill run it", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        assert.deepStrictEqual(pkg.bin, { "multi-region-failover": "bin/multi-region-failover" });
        assert.strictEqual(pkg.scripts.start, "node bin/multi-region-failover");
        assert.strictEqual(pkg.scripts.deploy, "node bin/multi-region-failover deploy");
        assert.strictEqual(pkg.scripts.drill, "node bin/multi-region-failover drill");
        assert.ok(fs.statSync(bin).mode & 0o100, "bin is executable");
    });

    it("the bin runs as a process: help, a typo and the exit code", async function () {
        this.timeout(120_000);
        const help = await spawnRun(process.execPath, [bin, "drill", "--help"], os.tmpdir());
        assert.strictEqual(help.code, 0, help.stderr);
        assert.strictEqual(help.stdout, helpText(drillSpec) + "\n");
        // NODE_NO_WARNINGS: the AWS SDK warns on stderr about Node 20; the line under test is ours.
        const typo = await spawnRun(process.execPath, [bin, "deploy", "up", "--stak", "x"], root, {
            ...process.env,
            NODE_NO_WARNINGS: "1",
        });
        assert.deepStrictEqual(typo, {
            code: 2,
            stdout: "",
            stderr: "error: unknown option --stak; did you mean --stack?\n",
        });
    });
});

describe("runs from anywhere", () => {
    it("resolves paths from the caller's directory, INIT_CWD under npm", () => {
        assert.strictEqual(callerDir({ npm_lifecycle_event: "start", INIT_CWD: "/a" }, "/b"), "/a");
        assert.strictEqual(callerDir({ INIT_CWD: "/a" }, "/b"), "/b");
        assert.strictEqual(callerDir({}, "/b"), "/b");
    });

    it("resolves --program from the cwd it is given", async () => {
        const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-cwd-"));
        assert.deepStrictEqual(await run(["--program", "app"], cwd), {
            code: 2,
            stdout: "",
            stderr: `error: --program app: no Pulumi.yaml in ${path.join(cwd, "app")}\n`,
        });
        assert.deepStrictEqual(await run([], cwd), {
            code: 2,
            stdout: "",
            stderr: `error: no Pulumi.yaml in ${cwd}; run from a Pulumi project folder or pass --program DIR\n`,
        });
    });

    it("npm --prefix <project> start resolves --program from where npm was run", async function () {
        this.timeout(120_000);
        const cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mrf-npm-")));
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        const result = await spawnRun(
            npm,
            ["--prefix", root, "--silent", "start", "--", "--program", "app"],
            cwd,
        );
        assert.strictEqual(result.code, 2, result.stderr);
        assert.match(
            result.stderr,
            new RegExp(
                `error: --program app: no Pulumi.yaml in ${escape(path.join(cwd, "app"))}\n`,
            ),
        );
    });

    it("a program folder is a folder, even beside a file of the same name", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-entry-"));
        fs.mkdirSync(path.join(dir, "app"));
        fs.writeFileSync(path.join(dir, "app.json"), "{}");
        assert.strictEqual(programEntry(dir, "app"), path.join(dir, "app") + path.sep);
        assert.strictEqual(
            programEntry(path.join(dir, "app"), undefined),
            path.join(dir, "app") + path.sep,
        );
        assert.strictEqual(programEntry(dir, "app.json"), path.join(dir, "app.json"));
    });

    it("refuses config paths that reach the object prototype", () => {
        const project = loadProject(root);
        for (const override of [
            "app.__proto__.port=1",
            "app.constructor.prototype.x=1",
            "__proto__=1",
            "aws:__proto__.x=1",
        ]) {
            const part = ["__proto__", "constructor"].find((p) => override.includes(p))!;
            assert.throws(() => loadStackConfig(project, "primary", [override]), {
                name: "ProjectError",
                message: `--config ${JSON.stringify(override)}: ${JSON.stringify(part)} is not allowed in a config key or path (it would reach the object prototype); use plain key names`,
            });
        }
        assert.strictEqual(({} as Record<string, unknown>).port, undefined);
        assert.ok(new ProjectError("x") instanceof Error);
    });
});

describe("no false pass", function () {
    this.timeout(120_000);
    const pack = path.join(__dirname, "fixtures", "pack-fixture");

    /** A program in a fresh folder outside the repository, resolving @pulumi/* through a link. */
    function program(files: Record<string, string>): string {
        const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mrf-prog-")));
        fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
        for (const [file, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.writeFileSync(path.join(dir, file), text);
        }
        return dir;
    }

    it("checks a folder without stack files as one stack, dev, says so, and fails its violation", async () => {
        const dir = program({
            "app/Pulumi.yaml": "name: app\nruntime: nodejs\nconfig:\n  aws:region: us-west-2\n",
            "app/index.ts": 'import * as aws from "@pulumi/aws";\nnew aws.sns.Topic("plain");\n',
            // A sibling file named like the folder must not be what runs.
            "app.json": "{}\n",
        });
        const { code, stdout, stderr } = await run(
            ["--program", "app", "--policy-pack", pack, "--format", "json", "--out", "report.json"],
            dir,
        );
        assert.strictEqual(code, ExitCode.failed, stderr);
        assert.strictEqual(stdout, "");
        assert.strictEqual(
            stderr,
            `note: ${path.join(dir, "app")} has no Pulumi.<stack>.yaml; checking it as one stack, "dev", with the project's defaults (name another with --stack)\n`,
        );
        const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
        assert.deepStrictEqual(
            report.stacks.map((s: { stack: string; region: string }) => [s.stack, s.region]),
            [["dev", "us-west-2"]],
        );
        assert.deepStrictEqual(
            report.stacks[0].violations.map((v: { policy: string }) => v.policy),
            ["topic-encrypted"],
        );
    });

    it("names the one stack after --stack", async () => {
        const dir = program({
            "Pulumi.yaml": "name: named\nruntime: nodejs\n",
            "index.ts":
                'import * as aws from "@pulumi/aws";\nnew aws.sns.Topic("t", { kmsMasterKeyId: "alias/x" });\n',
        });
        const { code, stdout, stderr } = await run(["--stack", "qa", "--policy-pack", pack], dir);
        assert.strictEqual(code, ExitCode.ok, stderr);
        assert.match(stderr, /checking it as one stack, "qa", with the project's defaults\n$/);
        assert.match(stdout, /^ {2}Stacks: qa \(us-east-1, 1 resources\)\.$/m);
    });

    it("a stack that registers no resources and exports nothing is exit 2, never PASS", async () => {
        const dir = program({
            "Pulumi.yaml": "name: empty\nruntime: nodejs\n",
            "Pulumi.dev.yaml": "config: {}\n",
            "index.ts": "const nothing = 1;\nvoid nothing;\n",
        });
        const { code, stdout, stderr } = await run(["--policy-pack", pack], dir);
        assert.strictEqual(code, ExitCode.error);
        assert.strictEqual(stdout, "");
        assert.strictEqual(
            stderr,
            `error: stack dev: the program registered no resources, so nothing was checked; is ${dir} the program (Pulumi.yaml main), and does it create its resources when loaded?\n`,
        );
    });

    it("a prototype path in --config is one line, exit 2", async () => {
        const { code, stdout, stderr } = await run([
            "--stack",
            "primary",
            "--config",
            "app.__proto__.port=1",
            "--policy-pack",
            pack,
        ]);
        assert.strictEqual(code, 2);
        assert.strictEqual(stdout, "");
        assert.strictEqual(
            stderr,
            'error: --config "app.__proto__.port=1": "__proto__" is not allowed in a config key or path (it would reach the object prototype); use plain key names\n',
        );
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("check --baseline", function () {
    this.timeout(180_000);
    const pack = path.join(__dirname, "fixtures", "pack-fixture");
    const program = (table: string, bucket: boolean) =>
        [
            'import * as aws from "@pulumi/aws";',
            `new aws.dynamodb.Table("orders", { hashKey: "${table}", attributes: [{ name: "${table}", type: "S" }], billingMode: "PAY_PER_REQUEST" });`,
            bucket ? 'new aws.s3.Bucket("assets", { bucket: "assets-bucket-123" });' : "",
            'new aws.sns.Topic("events", { kmsMasterKeyId: "alias/aws/sns" });',
            "",
        ].join("\n");

    it("fails, naming them, when a table would be replaced and a bucket deleted", async () => {
        const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mrf-base-")));
        fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
        fs.writeFileSync(path.join(dir, "index.ts"), program("id", true));
        const before = await run(
            ["--policy-pack", pack, "--format", "json", "--out", "previous.json"],
            dir,
        );
        assert.strictEqual(before.code, 0, before.stderr);
        // The same program again: nothing lost.
        const same = await run(["--policy-pack", pack, "--baseline", "previous.json"], dir);
        assert.strictEqual(same.code, 0, same.stderr);
        assert.strictEqual(same.stderr, "");

        fs.writeFileSync(path.join(dir, "index.ts"), program("orderId", false));
        const after = await run(["--policy-pack", pack, "--baseline", "previous.json"], dir);
        assert.strictEqual(after.code, ExitCode.failed);
        assert.strictEqual(
            after.stderr,
            [
                'data loss: stack dev: table orders (aws:dynamodb/table:Table) would be replaced (hashKey "id" -> "orderId" forces a new resource); its data goes with it. URN urn:pulumi:dev::shop::aws:dynamodb/table:Table::orders',
                "data loss: stack dev: bucket assets (aws:s3/bucket:Bucket) would be deleted (its URN is gone); its data goes with it. URN urn:pulumi:dev::shop::aws:s3/bucket:Bucket::assets",
                "To remove or replace it on purpose: back up or migrate the data, then record a new baseline (check --format json --out previous.json) once the change is agreed, and deploy with --allow-delete NAME.",
                "",
            ].join("\n"),
        );
    });

    it("refuses a baseline that is not a JSON report", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-base-"));
        fs.writeFileSync(path.join(dir, "b.json"), '{"runs": []}');
        const { code, stderr } = await run(
            ["--program", root, "--stack", "primary", "--baseline", "b.json"],
            dir,
        );
        assert.strictEqual(code, 2);
        assert.strictEqual(
            stderr,
            `error: --baseline ${path.join(dir, "b.json")}: not a report of check --format json (no "stacks" with "resources")\n`,
        );
    });
});
