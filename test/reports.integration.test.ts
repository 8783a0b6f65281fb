import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv-draft-04";
import { Violation } from "../check/analyzer/evaluate";
import { main } from "../bin/main";
import { CheckResult } from "../check/reports/model";
import { markdownReport, maxMarkdownChars } from "../check/reports/markdown";
import { relativeUri, repositoryRoot } from "../check/reports/sarif";
import { recorded } from "./helpers/recorded";
import { runBudgetFixture } from "./helpers/run-budget";

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

/** The OASIS SARIF 2.1.0 schema (draft-04), vendored with its source in test/fixtures/sarif. */
function sarifValidator() {
    const schema = JSON.parse(
        fs.readFileSync(
            path.join(__dirname, "fixtures", "sarif", "sarif-schema-2.1.0.json"),
            "utf8",
        ),
    );
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    /** The schema errors of `doc`, as `path: message` lines; empty when it is valid. */
    return (doc: unknown): string[] =>
        validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath}: ${e.message}`);
}

/** Every artifact URI in a SARIF document. */
function urisOf(doc: {
    runs: {
        results: {
            locations: {
                physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } };
            }[];
        }[];
    }[];
}) {
    return doc.runs.flatMap((r) =>
        r.results.flatMap((res) => res.locations.map((l) => l.physicalLocation.artifactLocation)),
    );
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
                "  - dev: index.ts:4: plain (aws:sns/topic:Topic): Topic has no kmsMasterKeyId.",
                "  fix: Set kmsMasterKeyId on the topic.",
                "",
                "max-topics [advisory] 1 violation",
                "  - dev: stack dev: 2 topics in us-east-1 exceed maxTopics 1.",
                "",
                "  Stacks: dev (us-east-1, 2 resources).",
                "",
                "Failover budget (strategy unknown, routing none):",
                "  RTO unbounded, worst case:",
                "  RPO 0 s, the worst store:",
                "Monthly cost $0.00 (USD, prices of 2026-10-01; --verbose for the table and its sources).",
                "",
                "--verbose adds each stack's resources, the cost table and its price sources.",
                "",
            ].join("\n"),
        );
        // The verdict leads.
        assert.deepStrictEqual(stdout.split("\n").slice(0, 2), [
            "FAIL: 1 mandatory, 1 advisory violations.",
            "1 stack, 2 resources; policy pack fixture-pack@0.0.1, 2 policies.",
        ]);
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
                source: { file: "index.ts", line: 4 },
            },
            {
                policy: "max-topics",
                enforcementLevel: "advisory",
                message: "2 topics in us-east-1 exceed maxTopics 1.",
                urn: "",
                source: null,
            },
        ]);
        assert.deepStrictEqual(doc.summary, { resources: 2, mandatory: 1, advisory: 1 });
    });

    it("sarif: one result per violation, located where the resource is constructed", async () => {
        const { code, stdout } = await run([...twoTopics, "--format", "sarif"]);
        assert.strictEqual(code, 1);
        const doc = JSON.parse(stdout);
        assert.strictEqual(doc.version, "2.1.0");
        assert.deepStrictEqual(sarifValidator()(doc), []);
        const run0 = doc.runs[0];
        assert.strictEqual("informationUri" in run0.tool.driver, false);
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
                // The engine's own: what the deployment would fail on.
                ["aws-would-reject-input", "error"],
                ["invoke-without-answer", "error"],
                ["program-error", "error"],
            ],
        );
        // Relative to the repository root whatever the working directory: here, this worktree.
        const rel = path
            .relative(root, path.join(fixtures, "two-topics"))
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
                    {
                        artifactLocation: { uri: `${rel}/index.ts`, uriBaseId: "%SRCROOT%" },
                        region: { startLine: 4 },
                    },
                ],
                [
                    "max-topics",
                    "warning",
                    {
                        artifactLocation: { uri: `${rel}/Pulumi.yaml`, uriBaseId: "%SRCROOT%" },
                        region: { startLine: 1 },
                    },
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
        assert.ok(lines.includes("### `topic-encrypted` (mandatory, 1)"), stdout);
        assert.ok(
            lines.includes(
                "| dev | plain (aws:sns/topic:Topic) | Topic has no kmsMasterKeyId. | index.ts:4 |",
            ),
            stdout,
        );
    });

    it("exits 0 when the policy config disables the failing policy", async () => {
        const config = path.join(fixtures, "pack-fixture", "relaxed.json");
        const { code, stdout, stderr } = await run([...twoTopics, "--policy-config", config]);
        assert.strictEqual(code, 0, stderr);
        assert.ok(stdout.includes("PASS: 0 mandatory, 0 advisory violations"), stdout);
    });
});

describe("SARIF for a program outside this repository", function () {
    this.timeout(120_000);
    const pack = path.join(fixtures, "pack-fixture");

    /** two-topics copied under `sub` of a fresh folder, resolving @pulumi/* through a link. */
    function copyProgram(sub: string, git: boolean): string {
        const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mrf-sarif-")));
        const dir = path.join(top, sub);
        fs.mkdirSync(dir, { recursive: true });
        for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "index.ts"]) {
            fs.copyFileSync(path.join(fixtures, "two-topics", file), path.join(dir, file));
        }
        fs.symlinkSync(path.join(root, "node_modules"), path.join(top, "node_modules"), "dir");
        if (git) {
            execFileSync("git", ["init", "-q", top], { timeout: 30_000 });
        }
        return top;
    }

    it("locates results relative to the git toplevel, run from elsewhere, and validates", async () => {
        const top = copyProgram(path.join("infra", "my app"), true);
        const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-cwd-"));
        const { code, stdout, stderr } = await run(
            [
                "--program",
                path.join(top, "infra", "my app"),
                "--policy-pack",
                pack,
                "--format",
                "sarif",
            ],
            elsewhere,
        );
        assert.strictEqual(code, 1, stderr);
        const doc = JSON.parse(stdout);
        assert.deepStrictEqual(sarifValidator()(doc), []);
        assert.deepStrictEqual(urisOf(doc), [
            { uri: "infra/my%20app/index.ts", uriBaseId: "%SRCROOT%" },
            { uri: "infra/my%20app/Pulumi.yaml", uriBaseId: "%SRCROOT%" },
        ]);
    });

    it("without a repository, the program folder is the root: no URI starts with ..", async () => {
        const top = copyProgram("app", false);
        const { code, stdout } = await run(
            ["--program", "app", "--policy-pack", pack, "--format", "sarif"],
            top,
        );
        assert.strictEqual(code, 1);
        const uris = urisOf(JSON.parse(stdout)).map((l) => l.uri);
        assert.deepStrictEqual(uris, ["index.ts", "Pulumi.yaml"]);
        assert.deepStrictEqual(sarifValidator()(JSON.parse(stdout)), []);
    });

    it("finds the root through a worktree's .git file and refuses paths outside it", () => {
        const top = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-root-"));
        fs.writeFileSync(path.join(top, ".git"), "gitdir: /elsewhere\n");
        fs.mkdirSync(path.join(top, "a", "b"), { recursive: true });
        assert.strictEqual(repositoryRoot(path.join(top, "a", "b")), top);
        assert.throws(() => relativeUri(path.join(top, "a"), path.join(top, "x.ts")), {
            message: `${path.join(top, "x.ts")} is not inside the repository root ${path.join(top, "a")}`,
        });
    });
});

describe("markdown report size and repetition", () => {
    const breakdown = [
        { step: "detection", seconds: 36, source: "health check 10 s × 3 + 6 s" },
        { step: "traffic-shift", seconds: 120, source: "alias TTL 60 s + propagation 60 s" },
    ];
    function result(violations: number): CheckResult {
        const topic = recorded("aws:sns/topic:Topic", "t", {}, { stack: "dev" });
        const many: Violation[] = Array.from({ length: violations }, (_, i) => ({
            policy: "topic-encrypted",
            policyPack: "fixture-pack",
            policyPackVersion: "0.0.1",
            description: "SNS topics are encrypted with KMS.",
            message: `Topic number ${i} has no kmsMasterKeyId; set one so that the data at rest is encrypted.`,
            enforcementLevel: "mandatory",
            urn: `${topic.urn}-${i}`,
            severity: "high",
            stack: "dev",
            resourceName: `t${i}`,
            resourceType: "aws:sns/topic:Topic",
        }));
        const objectives: Violation = {
            ...many[0],
            policy: "failover-objectives",
            message: `Bring the estimated worst-case RTO of 156 s (warm-standby, dns routing) within the objective of 60 s (policy config). Breakdown:\n${breakdown.map((b) => `  - ${b.step} ${b.seconds} s: ${b.source}`).join("\n")}`,
            urn: "",
            resourceName: undefined,
        };
        return {
            projectDir: "/p",
            records: [
                {
                    stack: "dev",
                    fullName: "organization/p/dev",
                    project: "p",
                    region: "us-east-1",
                    // Buckets, so that the diagram has something to draw.
                    resources: [
                        topic,
                        ...Array.from({ length: 20 }, (_, i) =>
                            recorded("aws:s3/bucket:Bucket", `data-${i}`, {}, { stack: "dev" }),
                        ),
                    ],
                    outputs: {},
                },
            ],
            evaluation: {
                pack: {
                    name: "fixture-pack",
                    version: "0.0.1",
                    description: "",
                    policies: [
                        {
                            name: "topic-encrypted",
                            description: "d",
                            enforcementLevel: "mandatory",
                            kind: "resource",
                        },
                        {
                            name: "failover-objectives",
                            description: "d",
                            enforcementLevel: "mandatory",
                            kind: "stack",
                        },
                    ],
                    initialConfig: {},
                },
                config: {},
                violations: [...many, objectives],
            },
            budget: runBudgetFixture(
                { breakdown },
                { cost: { ...runBudgetFixture().cost, stacks: { dev: 1 } } },
            ),
        };
    }

    it("shows the RTO breakdown once, in the failover budget", () => {
        const text = markdownReport(result(1));
        assert.strictEqual(text.split("alias TTL 60 s + propagation 60 s").length - 1, 1, text);
        assert.ok(
            text.includes(
                "| dev | stack dev | Bring the estimated worst-case RTO of 156 s (warm-standby, dns routing) within the objective of 60 s (policy config). Breakdown: see the failover budget below. |",
            ),
            text,
        );
        assert.ok(text.includes("| traffic-shift | 120 | alias TTL 60 s + propagation 60 s |"));
        assert.ok(!text.includes("**Cut"), text);
    });

    it("stays under GitHub's comment limit and says what was cut", () => {
        const text = markdownReport(result(5000));
        assert.ok(text.length <= maxMarkdownChars, String(text.length));
        assert.ok(maxMarkdownChars < 65_536);
        assert.ok(
            text.includes(
                "FAIL: 5001 mandatory, 0 advisory violations across 1 stacks and 21 resources.",
            ),
        );
        assert.ok(text.includes("### `topic-encrypted` (mandatory, 5000)"), text.slice(0, 2000));
        const shown = text.split("\n").filter((l) => l.startsWith("| dev | t")).length;
        assert.ok(shown > 0 && shown < 5000, String(shown));
        assert.ok(
            text.includes(`… and ${5000 - shown} more \`topic-encrypted\` violations, not shown.`),
        );
        assert.ok(
            text.includes(
                `**Cut to fit GitHub's 65,536-character comment limit:** the architecture diagram; ${5000 - shown} violation rows (every count above is complete). The JSON and SARIF reports have everything.`,
            ),
        );
        // The budget is never cut.
        assert.ok(text.includes("| detection | 36 | health check 10 s × 3 + 6 s |"));
    });

    it("cuts only the diagram when that is enough", () => {
        const full = markdownReport(result(3), 1_000_000);
        assert.ok(full.includes("```mermaid"));
        const cut = markdownReport(result(3), full.length - 1);
        assert.ok(!cut.includes("```mermaid"));
        assert.ok(
            cut.includes(
                "**Cut to fit GitHub's 65,536-character comment limit:** the architecture diagram.",
            ),
            cut,
        );
        assert.strictEqual(cut.split("\n").filter((l) => l.startsWith("| dev | t")).length, 3);
    });
});

describe("compare on a program that does not read the strategy", function () {
    this.timeout(300_000);

    it("says so, exit 2, instead of identical rows", async () => {
        const { code, stdout, stderr } = await run([
            "compare",
            "--program",
            path.join(fixtures, "two-topics"),
        ]);
        assert.strictEqual(code, 2);
        assert.strictEqual(stdout, "");
        assert.strictEqual(
            stderr,
            `error: ${path.join(fixtures, "two-topics")} builds the same 2 resources for every strategy and routing mode (it does not read the strategy or routing.mode config), so there is nothing to compare; run check instead\n`,
        );
    });
});
