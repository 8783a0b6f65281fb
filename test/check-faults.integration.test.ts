/**
 * Fault test: programs `pulumi up` would reject (or that misbehave), each checked with the CLI
 * in-process as `npm start -- --program DIR` runs it. Each must end as expected:
 * exit 2 with exactly one line on stderr naming the resource, key or file at fault; or, for a
 * program AWS would accept, exit 1 with the report (the project's pack fails a bare bucket) and
 * no error line. Classified clear / wrong / hung / crashed; the figures are printed for the
 * issue's closing note. About 60 programs through the real pack: minutes on a loaded machine.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../bin/main";

interface Fault {
    name: string;
    /** index.ts of the program. */
    program: string;
    /** Expected exit code. */
    code: 0 | 1 | 2;
    /** What the one stderr line must contain (exit 2). */
    names?: string | RegExp;
    /** Replaces Pulumi.yaml. */
    pulumiYaml?: string;
    /** package.json of the program. */
    packageJson?: object;
    /** Extra CLI arguments. */
    args?: string[];
}

const head = 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n';
const bucket = 'new aws.s3.Bucket("ok");\n';
/** Inputs each type requires besides its name (the SDK refuses a resource without them). */
const required: Record<string, string> = {
    "aws.iam.Role": 'assumeRolePolicy: "{}"',
    "aws.ecs.TaskDefinition": 'containerDefinitions: "[]"',
    "aws.kms.Alias": 'targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab"',
    "aws.rds.Cluster": 'engine: "aurora-postgresql"',
    "aws.lambda.Function": 'role: "arn:aws:iam::123456789012:role/fn"',
    "aws.wafv2.WebAcl":
        'scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: false, sampledRequestsEnabled: false, metricName: "m" }',
};
const named = (type: string, field: string, value: string) =>
    `${head}${bucket}new ${type}("bad", { ${field}: ${JSON.stringify(value)}${required[type] ? `, ${required[type]}` : ""} } as never);\n`;

const faults: Fault[] = [
    // A bucket AWS accepts that the project's pack fails (no encryption, versioning, ...): exit 1.
    { name: "a program AWS accepts (the pack fails it)", program: `${head}${bucket}`, code: 1 },
    {
        name: "throws while loading",
        program: `${head}${bucket}throw new Error("boom at load");\n`,
        code: 2,
        names: "boom at load",
    },
    {
        name: "throws a string",
        program: `${head}${bucket}throw "plain string";\n`,
        code: 2,
        names: "plain string",
    },
    {
        name: "throws a multi-line error",
        program: `${head}${bucket}throw new Error("first line\\nsecond line\\nthird");\n`,
        code: 2,
        names: "first line second line third",
    },
    {
        name: "throws in an apply",
        program: `${head}const b = new aws.s3.Bucket("b");\nb.id.apply(() => { throw new Error("boom in apply"); });\n`,
        code: 2,
        names: "boom in apply",
    },
    {
        name: "rejects a promise nobody awaits",
        program: `${head}${bucket}Promise.reject(new Error("stray rejection"));\n`,
        code: 2,
        names: "stray rejection",
    },
    {
        name: "rejects later, from a timer",
        program: `${head}${bucket}setTimeout(() => Promise.reject(new Error("late rejection")), 10);\n`,
        code: 2,
        names: "late rejection",
    },
    {
        name: "calls process.exit(0)",
        program: `${head}${bucket}process.exit(0);\n`,
        code: 2,
        names: "process.exit(0)",
    },
    {
        name: "calls process.exit(3)",
        program: `${head}${bucket}process.exit(3);\n`,
        code: 2,
        names: "process.exit(3)",
    },
    {
        name: "never settles",
        program: `${head}${bucket}export = async () => { await new Promise(() => undefined); };\n`,
        code: 2,
        names: "never finished",
    },
    {
        name: "busy-loops",
        program: `${head}${bucket}for (;;) { /* spin */ }\n`,
        code: 2,
        names: "--timeout",
        args: ["--timeout", "4"],
    },
    {
        name: "registers nothing and exports nothing",
        program: `${head}const x = 1;\nvoid x;\n`,
        code: 2,
        names: "registered no resources",
    },
    {
        name: "a component that registers nothing",
        program: `${head}new pulumi.ComponentResource("my:index:Empty", "empty");\n`,
        code: 2,
        names: "registered no resources",
    },
    {
        name: "duplicate URN",
        program: `${head}new aws.s3.Bucket("twice");\nnew aws.s3.Bucket("twice");\n`,
        code: 2,
        names: "twice",
    },
    {
        name: "provider in mars-1",
        program: `${head}const p = new aws.Provider("mars", { region: "mars-1" as aws.Region });\nnew aws.s3.Bucket("m", {}, { provider: p });\n`,
        code: 2,
        names: '"mars-1" is not an AWS Region',
    },
    {
        name: "resource region input moon-2",
        program: `${head}new aws.sns.Topic("t", { region: "moon-2" });\n`,
        code: 2,
        names: '"moon-2" is not an AWS Region',
    },
    {
        name: "a 10,000-character region",
        program: `${head}new aws.sns.Topic("t", { region: "x".repeat(10000) });\n`,
        code: 2,
        names: "is not an AWS Region",
    },
    {
        name: "a 10,008-character SNS topic name",
        program: `${head}new aws.sns.Topic("t", { name: "x".repeat(10008) });\n`,
        code: 2,
        names: /aws:sns\/topic:Topic "t" \(index\.ts:\d+\): name "x{80}"\.\.\. \(10008 characters\) is 10008 characters; AWS allows 1 to 256/,
    },
    {
        name: "SNS topic name with a dot",
        program: named("aws.sns.Topic", "name", "a.b"),
        code: 2,
        names: 'name "a.b" may contain only',
    },
    {
        name: "S3 bucket UPPER_case_Bad!!",
        program: named("aws.s3.Bucket", "bucket", "UPPER_case_Bad!!"),
        code: 2,
        names: 'bucket "UPPER_case_Bad!!" may contain only lowercase',
    },
    {
        name: "S3 bucket of 2 characters",
        program: named("aws.s3.Bucket", "bucket", "ab"),
        code: 2,
        names: 'bucket "ab" is 2 characters; AWS allows 3 to 63',
    },
    {
        name: "S3 bucket of 64 characters",
        program: named("aws.s3.Bucket", "bucket", "a".repeat(64)),
        code: 2,
        names: "is 64 characters; AWS allows 3 to 63",
    },
    {
        name: "S3 bucket like an IP address",
        program: named("aws.s3.Bucket", "bucket", "192.168.10.1"),
        code: 2,
        names: "must not be formatted as an IP address",
    },
    {
        name: "S3 bucket with reserved prefix",
        program: named("aws.s3.Bucket", "bucket", "xn--bucket"),
        code: 2,
        names: "reserved prefix xn--",
    },
    {
        name: "S3 bucket with reserved suffix",
        program: named("aws.s3.Bucket", "bucket", "logs-s3alias"),
        code: 2,
        names: "reserved suffix -s3alias",
    },
    {
        name: "S3 bucket with adjacent periods",
        program: named("aws.s3.Bucket", "bucket", "a..b"),
        code: 2,
        names: "two adjacent periods",
    },
    {
        name: "SQS queue of 81 characters",
        program: named("aws.sqs.Queue", "name", "q".repeat(81)),
        code: 2,
        names: "AWS allows 1 to 80",
    },
    {
        name: "IAM role name with a space",
        program: named("aws.iam.Role", "name", "my role"),
        code: 2,
        names: 'name "my role" may contain only',
    },
    {
        name: "IAM role name of 65 characters",
        program: named("aws.iam.Role", "name", "r".repeat(65)),
        code: 2,
        names: "AWS allows 1 to 64",
    },
    {
        name: "log group name with !",
        program: named("aws.cloudwatch.LogGroup", "name", "/app/logs!"),
        code: 2,
        names: 'name "/app/logs!" may contain only',
    },
    {
        name: "load balancer name of 33 characters",
        program: named("aws.lb.LoadBalancer", "name", "l".repeat(33)),
        code: 2,
        names: "AWS allows 1 to 32",
    },
    {
        name: "load balancer name internal-x",
        program: named("aws.lb.LoadBalancer", "name", "internal-x"),
        code: 2,
        names: "must not begin with internal-",
    },
    {
        name: "target group name -bad",
        program: named("aws.lb.TargetGroup", "name", "-bad"),
        code: 2,
        names: "must not begin or end with a hyphen",
    },
    {
        name: "DynamoDB table name ab",
        program: named("aws.dynamodb.Table", "name", "ab"),
        code: 2,
        names: "AWS allows 3 to 255",
    },
    {
        name: "ECS cluster name with a dot",
        program: named("aws.ecs.Cluster", "name", "my.cluster"),
        code: 2,
        names: 'name "my.cluster" may contain only',
    },
    {
        name: "task definition family with a space",
        program: named("aws.ecs.TaskDefinition", "family", "my family"),
        code: 2,
        names: 'family "my family" may contain only',
    },
    {
        name: "KMS alias under alias/aws/",
        program: named("aws.kms.Alias", "name", "alias/aws/mine"),
        code: 2,
        names: "alias/aws/",
    },
    {
        name: "KMS alias without alias/",
        program: named("aws.kms.Alias", "name", "mine"),
        code: 2,
        names: 'name "mine" may contain only alias/',
    },
    {
        name: "secret name with a space",
        program: named("aws.secretsmanager.Secret", "name", "my secret"),
        code: 2,
        names: 'name "my secret" may contain only',
    },
    {
        name: "RDS cluster identifier starting with a digit",
        program: named("aws.rds.Cluster", "clusterIdentifier", "1db"),
        code: 2,
        names: 'clusterIdentifier "1db"',
    },
    {
        name: "RDS cluster identifier with a double hyphen",
        program: named("aws.rds.Cluster", "clusterIdentifier", "db--x"),
        code: 2,
        names: 'clusterIdentifier "db--x"',
    },
    {
        name: "Lambda function name of 65 characters",
        program: named("aws.lambda.Function", "name", "f".repeat(65)),
        code: 2,
        names: "AWS allows 1 to 64",
    },
    {
        name: "ECR repository in upper case",
        program: named("aws.ecr.Repository", "name", "UPPER"),
        code: 2,
        names: 'name "UPPER" may contain only lowercase',
    },
    {
        name: "web ACL name with a space",
        program: named("aws.wafv2.WebAcl", "name", "my acl"),
        code: 2,
        names: 'name "my acl" may contain only',
    },
    {
        name: "security group named sg-x",
        program: named("aws.ec2.SecurityGroup", "name", "sg-x"),
        code: 2,
        names: "must not begin with sg-",
    },
    {
        name: "accelerator name -x",
        program: named("aws.globalaccelerator.Accelerator", "name", "-x"),
        code: 2,
        names: 'name "-x" may contain only',
    },
    {
        name: "an unknown aws type",
        program: `${head}${bucket}class Baz extends pulumi.CustomResource { constructor(n: string) { super("aws:foo/bar:Baz", n, {}); } }\nnew Baz("unknown");\n`,
        code: 2,
        names: /aws:foo\/bar:Baz "unknown" \(index\.ts:\d+\): unknown resource type: @pulumi\/aws 7\.\d+\.\d+ has no such resource/,
    },
    {
        name: "a type of a package not installed",
        program: `${head}${bucket}class W extends pulumi.CustomResource { constructor(n: string) { super("mycloud:index/widget:Widget", n, {}); } }\nnew W("w");\n`,
        code: 2,
        names: "no @pulumi/mycloud is installed",
    },
    {
        name: "the same type, declared in package.json",
        program: `${head}${bucket}class W extends pulumi.CustomResource { constructor(n: string) { super("mycloud:index/widget:Widget", n, {}); } }\nnew W("w");\n`,
        code: 1,
        packageJson: {
            name: "declares",
            "multi-region-failover": { resourceTypes: ["mycloud:index/widget:Widget"] },
        },
    },
    {
        name: "a type error",
        program: `${head}${bucket}const port: number = "eighty";\nexport { port };\n`,
        code: 2,
        names: /index\.ts:4:7 TS2322 Type 'string' is not assignable to type 'number'/,
    },
    {
        name: "a wrongly typed input",
        program: `${head}new aws.sns.Topic("t", { name: 5 });\n`,
        code: 2,
        names: /index\.ts:3:26 TS2322/,
    },
    {
        name: "a type error with typescript: false",
        program: `${head}${bucket}const port: number = "eighty" as unknown as number;\nconst other: string = 5 as never;\nexport { port, other };\nconst bad: number = "x";\n`,
        code: 1,
        pulumiYaml: "name: faulty\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
    },
    {
        name: "a syntax error",
        program: `${head}${bucket}const = 1;\n`,
        code: 2,
        names: "index.ts:4",
    },
    {
        name: "a missing module",
        program: `${head}import * as gone from "./not-there";\n${bucket}export const g = gone;\n`,
        code: 2,
        names: "not-there",
    },
    {
        name: "a StackReference to a stack that never ran",
        program: `${head}${bucket}const ref = new pulumi.StackReference("organization/other/prod");\nexport const v = ref.requireOutput("x");\n`,
        code: 2,
        names: "organization/other/prod",
    },
    {
        name: "an invoke the engine cannot answer",
        program: `${head}${bucket}export const fingerprint = aws.ec2.getKeyPairOutput({ keyName: "deployer" }).fingerprint;\n`,
        code: 2,
        names: "aws:ec2/getKeyPair:getKeyPair",
    },
    {
        name: "a runtime that is not nodejs",
        program: `${head}${bucket}`,
        code: 2,
        names: 'runtime "python" is not supported',
        pulumiYaml: "name: faulty\nruntime: python\n",
    },
    {
        name: "Pulumi.yaml without a name",
        program: `${head}${bucket}`,
        code: 2,
        names: '"name" is required',
        pulumiYaml: "runtime: nodejs\n",
    },
    {
        name: "a main that does not exist",
        program: `${head}${bucket}`,
        code: 2,
        names: "missing.ts",
        pulumiYaml: "name: faulty\nruntime: nodejs\nmain: missing.ts\n",
    },
    {
        name: "a secret output (fine, masked)",
        program: `${head}${bucket}export const password = pulumi.secret("hunter2-fault");\n`,
        code: 1,
    },
    {
        name: "prints a megabyte (fine; its output is not the report)",
        program: `${head}${bucket}console.log("y".repeat(1_000_000));\n`,
        code: 1,
    },
];

type Verdict = "clear" | "wrong" | "hung" | "crashed";

describe("fault test: broken programs end in one clear line", function () {
    this.timeout(1_800_000);
    let dir: string;
    const tally: Record<Verdict, string[]> = { clear: [], wrong: [], hung: [], crashed: [] };
    const outputs = new Map<string, { code: number; stdout: string; stderr: string }>();

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "faults-"));
        for (const [i, f] of faults.entries()) {
            const program = path.join(dir, `p${i}`);
            fs.mkdirSync(program);
            fs.writeFileSync(
                path.join(program, "Pulumi.yaml"),
                f.pulumiYaml ?? "name: faulty\nruntime: nodejs\n",
            );
            fs.writeFileSync(
                path.join(program, "Pulumi.dev.yaml"),
                "config:\n  aws:region: us-east-1\n",
            );
            fs.writeFileSync(path.join(program, "index.ts"), f.program);
            if (f.packageJson) {
                fs.writeFileSync(path.join(program, "package.json"), JSON.stringify(f.packageJson));
            }
            let stdout = "";
            let stderr = "";
            const started = Date.now();
            let code: number;
            try {
                code = await main(["--program", program, "--format", "json", ...(f.args ?? [])], {
                    stdout: (t) => (stdout += t),
                    stderr: (t) => (stderr += t),
                    cwd: dir,
                });
            } catch (err) {
                tally.crashed.push(`${f.name}: ${String(err)}`);
                continue;
            }
            outputs.set(f.name, { code, stdout, stderr });
            if (Date.now() - started > 90_000) {
                tally.hung.push(f.name);
                continue;
            }
            const problem = judge(f, code, stdout, stderr);
            (problem ? tally.wrong : tally.clear).push(problem ? `${f.name}: ${problem}` : f.name);
        }
        console.log(
            `      fault test: ${faults.length} programs: ${tally.clear.length} clear, ${tally.wrong.length} wrong, ${tally.hung.length} hung, ${tally.crashed.length} crashed`,
        );
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("runs at least 50 programs", () => {
        assert.ok(faults.length >= 50, `${faults.length} programs`);
    });

    it("0 wrong, 0 hung, 0 crashed", () => {
        assert.deepStrictEqual(
            { wrong: tally.wrong, hung: tally.hung, crashed: tally.crashed },
            { wrong: [], hung: [], crashed: [] },
        );
    });

    it("masks the secret output in the report", () => {
        const run = outputs.get("a secret output (fine, masked)")!;
        assert.ok(!run.stdout.includes("hunter2-fault"));
        const doc = JSON.parse(run.stdout) as { stacks: { outputs: Record<string, unknown> }[] };
        assert.strictEqual(doc.stacks[0].outputs.password, "[secret]");
    });
});

/** Undefined when the run ended as the fault expects; else what is wrong. */
function judge(f: Fault, code: number, stdout: string, stderr: string): string | undefined {
    if (code !== f.code) {
        return `exit ${code}, expected ${f.code}; stderr: ${stderr.slice(0, 300)}`;
    }
    if (f.code !== 2) {
        return /^error:/m.test(stderr)
            ? `an error line with exit ${code}: ${stderr.slice(0, 200)}`
            : undefined;
    }
    const lines = stderr.split("\n").filter((l) => l !== "");
    if (lines.length !== 1 || !lines[0].startsWith("error: ")) {
        return `stderr is ${lines.length} lines, not one error line: ${stderr.slice(0, 400)}`;
    }
    const names = f.names!;
    const ok = typeof names === "string" ? lines[0].includes(names) : names.test(lines[0]);
    if (!ok) {
        return `the line does not name ${String(names)}: ${lines[0].slice(0, 300)}`;
    }
    // Reports are written whatever the exit (issue 26): when stacks ran, stdout carries the JSON
    // report, which must parse and hold the problem among its results.
    if (stdout !== "") {
        let doc: { problems?: { message: string }[] };
        try {
            doc = JSON.parse(stdout) as typeof doc;
        } catch {
            return `exit 2 printed something that is not the JSON report: ${stdout.slice(0, 100)}`;
        }
        if (!(doc.problems ?? []).some((p) => lines[0].includes(p.message.split("\n")[0]))) {
            return `exit 2's report does not hold the problem on stderr: ${JSON.stringify(doc.problems).slice(0, 300)}`;
        }
    }
    return undefined;
}
