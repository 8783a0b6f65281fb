/**
 * action.yml as another repository runs it: this repository exported as GitHub checks an action
 * out (its tracked files, no node_modules), the action's own install step run there exactly as
 * action.yml has it, and its check step run from a workspace holding a program of its own. Exit
 * codes mean what they mean on the command line: 1 a failed verdict, 2 an error, and a crash of
 * the check is an error (2), never a failed verdict.
 *
 * Needs the npm registry (or a warm npm cache) for the install; it is the only test that does.
 */
import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";

const root = path.resolve(__dirname, "../..");

interface ActionStep {
    name?: string;
    run?: string;
    "working-directory"?: string;
    env?: Record<string, string>;
}

function bash(
    script: string,
    cwd: string,
    env: NodeJS.ProcessEnv,
    timeout: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) =>
        execFile(
            "bash",
            ["-eo", "pipefail", "-c", script],
            { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 },
            (err, stdout, stderr) =>
                resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
        ),
    );
}

/** The repository as an action checkout: every file git would push, nothing installed or built. */
function exportRepository(dest: string): void {
    const files = execFileSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], {
        cwd: root,
        encoding: "utf8",
    })
        .split("\0")
        .filter((f) => f !== "" && fs.existsSync(path.join(root, f)));
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
        fs.copyFileSync(path.join(root, file), path.join(dest, file));
    }
    fs.chmodSync(path.join(dest, "bin", "multi-region-failover"), 0o755);
}

/** A team's program in its own folder, with no node_modules of its own. */
function writeProgram(dir: string, name: string, source: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(dir, "index.ts"), source);
}

const ttlProgram = `import * as aws from "@pulumi/aws";

const check = new aws.route53.HealthCheck("api-use1", {
    type: "HTTPS",
    fqdn: "api-use1.example.com",
    port: 443,
    resourcePath: "/health",
    requestInterval: 10,
    failureThreshold: 3,
});
new aws.route53.Record("api-use1", {
    zoneId: "Z0000000000000000000",
    name: "app.example.com",
    type: "A",
    ttl: 300,
    records: ["192.0.2.10"],
    setIdentifier: "us-east-1",
    latencyRoutingPolicies: [{ region: "us-east-1" }],
    healthCheckId: check.id,
});
`;

/** Two invokes the engine cannot answer, an input AWS refuses, and two policy violations. */
const manyProblemsProgram = `import * as aws from "@pulumi/aws";

async function main() {
    const key = await aws.ec2.getKeyPair({ keyName: "deployer" });
    const instance = await aws.ec2.getInstance({ instanceId: "i-0abc" });
    new aws.route53.Record("api-use1", {
        zoneId: "Z0000000000000000000",
        name: "app.example.com",
        type: "A",
        ttl: 300,
        records: ["192.0.2.10"],
        setIdentifier: "us-east-1",
        latencyRoutingPolicies: [{ region: "us-east-1" }],
    });
    new aws.route53.HealthCheck("slow", {
        type: "HTTPS",
        fqdn: "api.example.com",
        port: 443,
        resourcePath: "/health",
        requestInterval: 20,
        failureThreshold: 3,
    });
    return { key: key.id, instance: instance.id };
}
export = main();
`;

describe("action.yml in another repository's layout", function () {
    // One npm ci of the check's production dependencies, then four checks.
    this.timeout(900_000);

    const action = yaml.load(fs.readFileSync(path.join(root, "action.yml"), "utf8")) as {
        runs: { steps: ActionStep[] };
    };
    const step = (name: string) => {
        const found = action.runs.steps.find((s) => s.name === name);
        assert.ok(found?.run, `action.yml has no step ${JSON.stringify(name)}`);
        return found;
    };

    let work: string;
    let actionPath: string;
    let workspace: string;
    // No npm_* or INIT_CWD from the test runner: the steps run as from a runner's shell.
    const baseEnv = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !/^npm_|^INIT_CWD$/i.test(k)),
    );

    before(async () => {
        work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mrf-action-install-")));
        actionPath = path.join(work, "_actions", "multi-region-failover");
        workspace = path.join(work, "workspace");
        exportRepository(actionPath);
        const install = step("install the check");
        assert.strictEqual(install["working-directory"], "${{ github.action_path }}");
        const { code, stderr } = await bash(install.run!, actionPath, baseEnv, 600_000);
        assert.strictEqual(code, 0, stderr);
        // The workspace is the team's checkout: a git repository, the root SARIF paths start at.
        fs.mkdirSync(workspace, { recursive: true });
        execFileSync("git", ["init", "-q"], { cwd: workspace });
        writeProgram(path.join(workspace, "infra"), "team-dns", ttlProgram);
        writeProgram(path.join(workspace, "many"), "team-many", manyProblemsProgram);
        writeProgram(
            path.join(workspace, "broken"),
            "team-broken",
            'import * as aws from "@pulumi/aws";\nnew aws.sns.Topic("t");\nthrow new Error("the team\'s program failed");\n',
        );
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    /** The check step exactly as action.yml has it, with the env GitHub would give it. */
    async function checkStep(program: string) {
        const check = step("offline check");
        assert.strictEqual(check["working-directory"], "${{ github.workspace }}");
        const out = fs.mkdtempSync(path.join(work, "runner-temp-"));
        const githubOutput = path.join(out, "github-output");
        fs.writeFileSync(githubOutput, "");
        const result = await bash(
            check.run!,
            workspace,
            {
                ...baseEnv,
                CHECK_BIN: path.join(actionPath, "bin", "multi-region-failover"),
                CHECK_PROGRAM: program,
                CHECK_STACKS: "",
                CHECK_CONFIG: "",
                CHECK_POLICY_PACK: "",
                CHECK_POLICY_CONFIG: "",
                CHECK_OUT_DIR: out,
                GITHUB_OUTPUT: githubOutput,
            },
            300_000,
        );
        const outputs = Object.fromEntries(
            fs
                .readFileSync(githubOutput, "utf8")
                .split("\n")
                .filter((l) => l !== "")
                .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
        );
        return { ...result, outputs, out };
    }

    it("installs only what the check needs: @pulumi/pulumi, @pulumi/aws and TypeScript, no dev tools", () => {
        const installed = (name: string) =>
            fs.existsSync(path.join(actionPath, "node_modules", name, "package.json"));
        for (const name of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy", "typescript"]) {
            assert.ok(installed(name), `${name} is not installed`);
        }
        for (const name of ["@pulumi/awsx", "@pulumi/docker", "mocha", "eslint"]) {
            assert.ok(!installed(name), `${name} is installed`);
        }
    });

    it("checks the team's program with the shipped pack: exit 1 for its violation, both reports written", async () => {
        const { code, outputs, out, stderr } = await checkStep("infra");
        assert.strictEqual(code, 0, "the step itself never fails");
        assert.strictEqual(outputs["exit-code"], "1", stderr);
        const sarif = JSON.parse(fs.readFileSync(outputs["sarif-file"], "utf8"));
        assert.deepStrictEqual(
            sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId),
            ["dns-ttl-max"],
        );
        const uri = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
        assert.strictEqual(uri, "infra/index.ts");
        assert.strictEqual(path.dirname(outputs["sarif-file"]), out);
        assert.match(fs.readFileSync(outputs["markdown-file"], "utf8"), /dns-ttl-max/);
    });

    it("one run writes both reports with every problem at its file and line, exit 2", async () => {
        const { code, outputs, stderr } = await checkStep("many");
        assert.strictEqual(code, 0, "the step itself never fails");
        assert.strictEqual(outputs["exit-code"], "2", stderr);
        const sarif = JSON.parse(fs.readFileSync(outputs["sarif-file"], "utf8"));
        const located = sarif.runs[0].results.map(
            (r: {
                ruleId: string;
                locations: {
                    physicalLocation: {
                        artifactLocation: { uri: string };
                        region: { startLine: number };
                    };
                }[];
            }) => {
                const at = r.locations[0].physicalLocation;
                return `${r.ruleId} ${at.artifactLocation.uri}:${at.region.startLine}`;
            },
        );
        assert.deepStrictEqual(located, [
            "invoke-without-answer many/index.ts:4",
            "invoke-without-answer many/index.ts:5",
            "aws-would-reject-input many/index.ts:15",
            "dns-ttl-max many/index.ts:6",
            "dns-health-check-required many/index.ts:6",
            "health-check-detection-time many/index.ts:15",
        ]);
        const markdown = fs.readFileSync(outputs["markdown-file"], "utf8");
        assert.match(markdown, /^## ⛔ Failover check: the deployment would fail$/m);
        assert.match(
            markdown,
            /^\| dev \| index\.ts:15 \| slow \(aws:route53\/healthCheck:HealthCheck\) \|/m,
        );
        assert.match(
            markdown,
            /^\| dev \| api-use1 \(aws:route53\/record:Record\) \| Lower ttl on record "api-use1" .* \| index\.ts:6 \|$/m,
        );
    });

    it("reports a program that throws as exit 2, not as a failed verdict", async () => {
        const { code, outputs, stderr } = await checkStep("broken");
        assert.strictEqual(code, 0);
        assert.strictEqual(outputs["exit-code"], "2", stderr);
        assert.match(stderr, /the team's program failed/);
    });

    it("reports a crash of the check itself (a module gone from its install) as exit 2 in one line", async () => {
        const yamlDir = path.join(actionPath, "node_modules", "js-yaml");
        fs.renameSync(yamlDir, `${yamlDir}.gone`);
        try {
            const { outputs, stderr } = await checkStep("infra");
            assert.strictEqual(outputs["exit-code"], "2", stderr);
            assert.match(stderr, /^error: Cannot find module 'js-yaml'$/m);
            assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
        } finally {
            fs.renameSync(`${yamlDir}.gone`, yamlDir);
        }
    });
});
