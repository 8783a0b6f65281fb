/**
 * A platform team adopting the gate, as it would: its own git repository outside this one, the
 * packed tarball installed with npm, its own program in `infra/`, and `npx multi-region-failover`.
 * Each case is a complaint a team made (issue 26) and fails on the code before the fix.
 *
 * Needs the npm registry (or a warm npm cache) for the install.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

// Run as from a shell in the team's repository: no npm_* or INIT_CWD from the test runner.
const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_|^INIT_CWD$/i.test(k)),
);

function run(
    file: string,
    args: string[],
    cwd: string,
    timeout = 300_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) =>
        execFile(
            file,
            args,
            { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 },
            (err, stdout, stderr) =>
                resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
        ),
    );
}

function write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
}

/** Two invokes the engine cannot answer (an account's key pair, an instance by its id), an input AWS refuses, and a policy violation. */
const infraProgram = `import * as aws from "@pulumi/aws";

async function main() {
    const ami = await aws.ec2.getKeyPair({ keyName: "deployer" });
    const vpc = await aws.ec2.getInstance({ instanceId: "i-0abc" });
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
    new aws.route53.HealthCheck("slow", {
        type: "HTTPS",
        fqdn: "api.example.com",
        port: 443,
        resourcePath: "/health",
        requestInterval: 20,
        failureThreshold: 3,
    });
    return { ami: ami.id, vpc: vpc.id };
}
export = main();
`;

/** app reads network through a StackReference; no role config, app sorts first by name. */
const stacksProgram = `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

if (pulumi.getStack() === "network") {
    const topic = new aws.sns.Topic("events", { kmsMasterKeyId: "alias/aws/sns" });
    module.exports = { topicArn: topic.arn };
} else {
    const network = new pulumi.StackReference(new pulumi.Config().require("networkStack"));
    new aws.sns.TopicSubscription("app", {
        topic: network.getOutput("topicArn"),
        protocol: "sqs",
        endpoint: "arn:aws:sqs:us-east-1:123456789012:app",
    });
}
`;

/** The tarball `npm pack` writes for this version. */
const tarball = `multi-region-failover-${JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version}.tgz`;

/** The code blocks of the README's adoption section, in order. */
function readmeBlocks(): { lang: string; body: string }[] {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const start = readme.indexOf("## Adopt it in your repository");
    const section = readme.slice(start, readme.indexOf("\n## ", start + 3));
    return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
        lang: m[1],
        body: m[2],
    }));
}

describe("a team adopts the gate from the packed tarball", function () {
    // npm pack (with its build), one npm install, then a few checks of about 10 s each.
    this.timeout(1_200_000);

    let base: string;
    let repo: string;
    before(async () => {
        // The team's repository beside a clone of this one, where the tarball is packed.
        base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mrf-team-")));
        repo = path.join(base, "team");
        const clone = path.join(base, "multi-region-failover");
        fs.mkdirSync(clone);
        const packed = await run(
            npm,
            ["pack", "--json", "--pack-destination", clone],
            root,
            600_000,
        );
        assert.strictEqual(packed.code, 0, packed.stderr);
        assert.strictEqual(JSON.parse(packed.stdout)[0].filename, tarball);
        write(
            path.join(repo, "package.json"),
            JSON.stringify({ name: "team-infra", private: true }, null, 2),
        );
        // Step 1 of the README, as written.
        const installed = await run("bash", ["-c", readmeBlocks()[0].body], repo, 600_000);
        assert.strictEqual(installed.code, 0, installed.stderr);
        assert.strictEqual((await run("git", ["init", "-q"], repo)).code, 0);
        write(path.join(repo, "infra", "Pulumi.yaml"), "name: team-infra\nruntime: nodejs\n");
        write(path.join(repo, "infra", "index.ts"), infraProgram);
        write(path.join(repo, "stacks", "Pulumi.yaml"), "name: team\nruntime: nodejs\n");
        for (const stack of ["app", "network"]) {
            write(
                path.join(repo, "stacks", `Pulumi.${stack}.yaml`),
                `config:\n  aws:region: us-east-1\n${stack === "app" ? "  team:networkStack: acme/team/network\n" : ""}`,
            );
        }
        write(path.join(repo, "stacks", "index.ts"), stacksProgram);
    });
    after(() => fs.rmSync(base, { recursive: true, force: true }));

    it("installs without awsx, its docker provider or a second @pulumi/aws", () => {
        const modules = path.join(repo, "node_modules");
        for (const absent of ["@pulumi/awsx", "@pulumi/docker", "@pulumi/docker-build"]) {
            assert.ok(!fs.existsSync(path.join(modules, absent)), `${absent} was installed`);
        }
        assert.ok(fs.existsSync(path.join(modules, "@pulumi", "aws", "package.json")));
        assert.ok(
            !fs.existsSync(path.join(modules, "multi-region-failover", "node_modules", "@pulumi")),
            "a second copy of @pulumi/* under the package",
        );
    });

    it("writes SARIF and Markdown in one run, with every problem located, exit 2", async () => {
        const { code, stderr } = await run(
            npx,
            [
                "multi-region-failover",
                "check",
                "--program",
                "infra",
                "--out",
                "sarif=a.sarif",
                "--out",
                "markdown=a.md",
            ],
            repo,
        );
        assert.strictEqual(code, 2, stderr);
        const sarif = JSON.parse(fs.readFileSync(path.join(repo, "a.sarif"), "utf8"));
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
            "invoke-without-answer infra/index.ts:4",
            "invoke-without-answer infra/index.ts:5",
            "aws-would-reject-input infra/index.ts:24",
            "dns-ttl-max infra/index.ts:14",
            "health-check-detection-time infra/index.ts:24",
        ]);
        const markdown = fs.readFileSync(path.join(repo, "a.md"), "utf8");
        assert.match(markdown, /^## ⛔ Failover check: the deployment would fail$/m);
        assert.match(
            markdown,
            /^\| dev \| index\.ts:24 \| slow \(aws:route53\/healthCheck:HealthCheck\) \| requestInterval 20 is invalid; it must be 10 or 30/m,
        );
        assert.match(
            markdown,
            /"aws:ec2\/getKeyPair:getKeyPair": \{\},\n {2}"aws:ec2\/getInstance:getInstance": \{\}/,
        );
        assert.match(
            stderr,
            /^error: stack dev: 2 invokes have no offline answer: aws:ec2\/getKeyPair:getKeyPair \(index\.ts:4\), aws:ec2\/getInstance:getInstance \(index\.ts:5\); supply them with --invoke-fixture FILE/m,
        );
    });

    it("suppresses one finding with a reason: still reported, out of the verdict", async () => {
        write(
            path.join(repo, "policy-config.json"),
            JSON.stringify({
                "dns-ttl-max": {
                    suppress: [{ resource: "api-use1", reason: "legacy resolver pool, INC-42" }],
                },
                "health-check-detection-time": {
                    suppress: [{ resource: "gone", reason: "removed last sprint" }],
                },
            }),
        );
        write(
            path.join(repo, "fixture.json"),
            JSON.stringify({
                "aws:ec2/getKeyPair:getKeyPair": { id: "key-1" },
                "aws:ec2/getInstance:getInstance": { id: "i-0abc" },
            }),
        );
        // The refused input fixed, the invokes answered: only the TTL finding is left.
        write(
            path.join(repo, "infra", "index.ts"),
            infraProgram.replace("requestInterval: 20", "requestInterval: 30"),
        );
        const { code, stdout, stderr } = await run(
            npx,
            [
                "multi-region-failover",
                "check",
                "--program",
                "infra",
                "--invoke-fixture",
                "fixture.json",
                "--policy-config",
                "policy-config.json",
                "--out",
                "sarif=s.sarif",
            ],
            repo,
        );
        assert.strictEqual(code, 0, stderr);
        assert.match(stdout, /^PASS: 0 mandatory, \d+ advisory violations?, 1 suppressed/);
        assert.match(
            stdout,
            /- dns-ttl-max: dev: index\.ts:14: api-use1 \(aws:route53\/record:Record\): suppressed: legacy resolver\s+pool, INC-42/,
        );
        assert.match(
            stderr,
            /^warning: suppression of health-check-detection-time for gone matched no violation; remove it, or fix the resource name$/m,
        );
        const sarif = JSON.parse(fs.readFileSync(path.join(repo, "s.sarif"), "utf8"));
        const suppressed = sarif.runs[0].results.filter(
            (r: { suppressions?: unknown[] }) => r.suppressions,
        );
        assert.deepStrictEqual(
            suppressed.map((r: { ruleId: string; suppressions: unknown[] }) => [
                r.ruleId,
                r.suppressions,
            ]),
            [
                [
                    "dns-ttl-max",
                    [{ kind: "external", justification: "legacy resolver pool, INC-42" }],
                ],
            ],
        );
    });

    it("suggests the command as the team ran it, through npx", async () => {
        const { code, stderr } = await run(npx, ["multi-region-failover", "check", "--loud"], repo);
        assert.strictEqual(code, 2);
        assert.strictEqual(
            stderr,
            "error: unknown option --loud; see npx multi-region-failover check --help\n",
        );
    });

    it("runs stacks in the order their StackReferences need, without role config", async () => {
        const { code, stdout, stderr } = await run(
            npx,
            ["multi-region-failover", "check", "--program", "stacks", "--format", "json"],
            repo,
        );
        assert.strictEqual(code, 0, stderr);
        const doc = JSON.parse(stdout);
        assert.deepStrictEqual(
            doc.stacks.map((s: { stack: string }) => s.stack),
            ["network", "app"],
        );
        const app = doc.stacks[1].resources.find((r: { name: string }) => r.name === "app");
        assert.match(app.inputs.topic, /^arn:aws:sns:us-east-1:123456789012:events-/);
    });

    it("names a cycle of StackReferences, exit 2", async () => {
        write(
            path.join(repo, "stacks", "Pulumi.network.yaml"),
            "config:\n  aws:region: us-east-1\n  team:networkStack: app\n",
        );
        write(
            path.join(repo, "stacks", "index.ts"),
            stacksProgram.replace(
                'if (pulumi.getStack() === "network") {',
                'if (pulumi.getStack() === "network") {\n    new pulumi.StackReference(new pulumi.Config().require("networkStack"));',
            ),
        );
        const { code, stderr } = await run(
            npx,
            ["multi-region-failover", "check", "--program", "stacks", "--out", "sarif=c.sarif"],
            repo,
        );
        assert.strictEqual(code, 2, stderr);
        assert.match(
            stderr,
            /^error: stacks reference each other in a cycle, so none of them can run first: (app -> network -> app|network -> app -> network);/m,
        );
        assert.ok(fs.existsSync(path.join(repo, "c.sarif")), "the report is written on exit 2");
    });

    it("the README's adoption path works as written: first report, then one finding suppressed", async () => {
        const blocks = readmeBlocks();
        assert.deepStrictEqual(
            blocks.map((b) => b.lang),
            ["bash", "bash", "json", "bash", "yaml"],
        );
        // Step 1 (run by before()) installs the tarball npm pack writes for this version.
        assert.strictEqual(
            blocks[0].body.trim(),
            `npm install --save-dev ../multi-region-failover/${tarball}`,
        );
        const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
        assert.strictEqual(
            manifest.devDependencies["multi-region-failover"],
            `file:../multi-region-failover/${tarball}`,
        );
        // A program whose one finding is the TTL of the record the README suppresses.
        write(
            path.join(repo, "infra", "index.ts"),
            infraProgram
                .replace(/ {4}const ami = [^\n]*\n {4}const vpc = [^\n]*\n/, "")
                .replace(/ {4}new aws\.route53\.HealthCheck\("slow"[\s\S]*?\}\);\n/, "")
                .replace("return { ami: ami.id, vpc: vpc.id };", "return {};"),
        );
        const first = await run("bash", ["-c", blocks[1].body], repo);
        assert.strictEqual(first.code, 1, first.stderr);
        assert.match(first.stdout, /^FAIL: 1 mandatory, 0 advisory violation\.$/m);
        assert.match(fs.readFileSync(path.join(repo, "check.md"), "utf8"), /dns-ttl-max/);
        assert.ok(fs.existsSync(path.join(repo, "check.sarif")));
        write(path.join(repo, "policy-config.json"), blocks[2].body);
        const suppressed = await run("bash", ["-c", blocks[3].body], repo);
        assert.strictEqual(suppressed.code, 0, suppressed.stderr);
        assert.match(suppressed.stdout, /^PASS: 0 mandatory, 0 advisory violations, 1 suppressed/);
        assert.match(suppressed.stdout, /suppressed: legacy resolver\s+pool, retired in INC-42/);
        assert.match(blocks[4].body, /uses: <owner>\/multi-region-failover@<tag or commit>/);
    });

    it("the reuse examples (README, library.md) import what the package exports, without awsx", async () => {
        const readme = ["README.md", "docs/library.md"]
            .map((page) => fs.readFileSync(path.join(root, page), "utf8"))
            .join("\n");
        const imports = [
            ...readme.matchAll(/import \{ ([\w, ]+) \} from "(multi-region-failover[^"]*)";/g),
        ];
        assert.deepStrictEqual(
            imports.map((m) => m[2]),
            ["multi-region-failover/policies", "multi-region-failover/components"],
        );
        for (const [, names, specifier] of imports) {
            const script = `const m = require(${JSON.stringify(specifier)}); for (const n of ${JSON.stringify(names.split(", "))}) { if (m[n] === undefined) { console.error("missing " + n); process.exit(3); } }`;
            const { code, stderr } = await run(process.execPath, ["-e", script], repo);
            assert.strictEqual(code, 0, `${specifier}: ${stderr}`);
        }
    });

    it("warns at install of an SDK below the peer range, and names it (exit 2) in the check", async () => {
        const installed = await run(
            npm,
            ["install", "--no-audit", "--no-fund", "--save-dev", "@pulumi/pulumi@3.190.0"],
            repo,
            600_000,
        );
        assert.strictEqual(installed.code, 0, installed.stderr);
        assert.match(
            installed.stderr,
            /Could not resolve dependency:\nnpm warn peer @pulumi\/pulumi@">=3\.200\.0 <4" from multi-region-failover@/,
        );
        const { code, stderr } = await run(
            npx,
            ["multi-region-failover", "check", "--program", "infra"],
            repo,
        );
        assert.strictEqual(code, 2, stderr);
        assert.match(
            stderr,
            /^error: @pulumi\/pulumi 3\.190\.0 at \S+ cannot be driven by the offline engine; it drives >=3\.200\.0 <4\. Upgrade it: npm install --save-dev "@pulumi\/pulumi@>=3\.200\.0 <4"$/m,
        );
        assert.doesNotMatch(stderr, /TypeError/);
    });
});
