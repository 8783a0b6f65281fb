import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "../check/args";
import { main } from "../check/cli";

/** Run the CLI in-process and capture what it prints. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
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
                    help: false,
                },
            );
        });
        it("rejects an unknown format", () => {
            assert.throws(() => parseArgs(["--format", "xml"]), {
                message:
                    '--format "xml" is not supported; use one of text, json, sarif, markdown, mermaid',
            });
        });
        it("rejects a flag without its value", () => {
            assert.throws(() => parseArgs(["--stack"]), { message: "--stack needs a value" });
        });
        it("rejects an unknown flag", () => {
            assert.throws(() => parseArgs(["--stacks", "x"]), {
                message: 'unknown argument "--stacks"; see --help',
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
        const { code, stdout } = await run(["--stack", "primary", ...fixturePack]);
        assert.strictEqual(code, 0);
        const lines = stdout.split("\n");
        assert.match(
            lines[0],
            /^Stack primary \(role primary, region us-east-1\): \d+ resources, \d+ types$/,
        );
        assert.ok(lines.includes("    region: us-east-1"), stdout);
        assert.match(lines[lines.length - 2], /^1 stack, \d+ resources\.$/);
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
            /^error: stack dev: .*invoke aws:ec2\/getAmi:getAmi has no offline answer; supply one with --invoke-fixture FILE \(JSON: \{"aws:ec2\/getAmi:getAmi": \{ \.\.\.result \}\}\)\n$/,
        );
    });
});
