import * as assert from "assert";
import * as path from "path";
import { main } from "../check/cli";

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

const fixtures = path.join(__dirname, "fixtures");
const twoTopics = [
    "--program",
    path.join(fixtures, "two-topics"),
    "--policy-pack",
    path.join(fixtures, "pack-fixture"),
];
const plainUrn = "urn:pulumi:dev::two-topics::aws:sns/topic:Topic::plain";

describe("check reports", function () {
    // Each case starts the pack in a child process, as the engine does.
    this.timeout(120_000);

    it("text: groups violations by policy with the fix, and exits 1 on a mandatory violation", async () => {
        const { code, stdout } = await run(twoTopics);
        assert.strictEqual(code, 1);
        const tail = stdout.slice(stdout.indexOf("topic-encrypted ["));
        assert.strictEqual(
            tail,
            [
                "topic-encrypted [mandatory] 1 violation",
                "  - dev: plain (aws:sns/topic:Topic): Topic has no kmsMasterKeyId.",
                "  fix: Set kmsMasterKeyId on the topic.",
                "",
                "max-topics [advisory] 1 violation",
                "  - dev: stack dev: 2 topics in us-east-1 exceed maxTopics 1.",
                "",
                "FAIL: 1 mandatory, 1 advisory violations (policy pack fixture-pack@0.0.1, 2 policies).",
                "1 stack, 2 resources.",
                "",
            ].join("\n"),
        );
        assert.ok(stdout.split("\n").every((l) => l.length <= 100));
    });

    it("json: per-stack violations and the summary", async () => {
        const { code, stdout } = await run([...twoTopics, "--format", "json"]);
        assert.strictEqual(code, 1);
        const doc = JSON.parse(stdout);
        assert.deepStrictEqual(doc.stacks[0].violations, [
            {
                policy: "topic-encrypted",
                enforcementLevel: "mandatory",
                message: "Topic has no kmsMasterKeyId.",
                urn: plainUrn,
            },
            {
                policy: "max-topics",
                enforcementLevel: "advisory",
                message: "2 topics in us-east-1 exceed maxTopics 1.",
                urn: "",
            },
        ]);
        assert.deepStrictEqual(doc.summary, { resources: 2, mandatory: 1, advisory: 1 });
    });

    it("sarif: one result per violation, located where the resource is constructed", async () => {
        const { code, stdout } = await run([...twoTopics, "--format", "sarif"]);
        assert.strictEqual(code, 1);
        const doc = JSON.parse(stdout);
        assert.strictEqual(doc.version, "2.1.0");
        const run0 = doc.runs[0];
        assert.deepStrictEqual(
            run0.tool.driver.rules.map(
                (r: { id: string; defaultConfiguration: { level: string } }) => [
                    r.id,
                    r.defaultConfiguration.level,
                ],
            ),
            [
                ["topic-encrypted", "error"],
                ["max-topics", "warning"],
            ],
        );
        const rel = path
            .relative(process.cwd(), path.join(fixtures, "two-topics"))
            .split(path.sep)
            .join("/");
        assert.deepStrictEqual(
            run0.results.map(
                (r: {
                    ruleId: string;
                    level: string;
                    locations: { physicalLocation: unknown }[];
                }) => [r.ruleId, r.level, r.locations[0].physicalLocation],
            ),
            [
                [
                    "topic-encrypted",
                    "error",
                    { artifactLocation: { uri: `${rel}/index.ts` }, region: { startLine: 4 } },
                ],
                [
                    "max-topics",
                    "warning",
                    { artifactLocation: { uri: `${rel}/Pulumi.yaml` }, region: { startLine: 1 } },
                ],
            ],
        );
    });

    it("markdown: a pull-request comment with the verdict and a table per policy", async () => {
        const { code, stdout } = await run([...twoTopics, "--format", "markdown"]);
        assert.strictEqual(code, 1);
        const lines = stdout.split("\n");
        assert.strictEqual(lines[0], "## ❌ Failover check failed");
        assert.ok(lines.includes("| dev | - | us-east-1 | 2 | 1 | 1 |"), stdout);
        assert.ok(lines.includes("### `topic-encrypted` (mandatory)"), stdout);
        assert.ok(
            lines.includes("| dev | plain (aws:sns/topic:Topic) | Topic has no kmsMasterKeyId. |"),
            stdout,
        );
    });

    it("exits 0 when the policy config disables the failing policy", async () => {
        const config = path.join(fixtures, "pack-fixture", "relaxed.json");
        const { code, stdout } = await run([...twoTopics, "--policy-config", config]);
        assert.strictEqual(code, 0);
        assert.ok(stdout.includes("PASS: 0 mandatory, 0 advisory violations"), stdout);
    });
});
