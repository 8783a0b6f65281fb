/**
 * The pure parts of adoption: `--out FORMAT=FILE`, per-resource suppression, the stack order
 * StackReferences need, and the stderr lines of a run's problems.
 */
import * as assert from "assert";
import * as path from "path";
import { invokedAs } from "../../cli/args";
import { parseArgs, parseOuts } from "../../check/args";
import type { Violation } from "../../check/analyzer/evaluate";
import { asRun, problemLines } from "../../check/reports/model";
import { failoverObjectives } from "../../policies/rules/failover-objectives";
import { StackQueue, orderStacks, referencedStack } from "../../project/stack-order";
import { applySuppressions, splitSuppressions, unusedWarning } from "../../check/suppress";

const formats = ["text", "json", "sarif", "markdown", "mermaid"];

describe("--out FORMAT=FILE", () => {
    it("adds a report per FORMAT=FILE and keeps --format on stdout", () => {
        const args = parseArgs(["--out", "sarif=a.sarif", "--out", "markdown=a.md"]);
        assert.deepStrictEqual(args.reports, [
            { format: "sarif", file: "a.sarif" },
            { format: "markdown", file: "a.md" },
        ]);
        assert.strictEqual(args.out, undefined);
        assert.strictEqual(args.format, "text");
    });
    it("takes a bare FILE as the --format report instead of stdout, once", () => {
        assert.deepStrictEqual(parseOuts(["report.json", "sarif=x.sarif"], formats), {
            out: "report.json",
            reports: [{ format: "sarif", file: "x.sarif" }],
        });
        assert.throws(() => parseOuts(["a.txt", "b.txt"], formats), {
            message:
                "--out b.txt: a bare FILE is the --format report and is already a.txt; name the format of each more report, e.g. --out sarif=b.txt",
        });
    });
    it("refuses a misspelt format, an empty file and a file written twice", () => {
        assert.throws(() => parseOuts(["srif=a"], formats), {
            message:
                '--out srif=a: "srif" is not a format; use one of text, json, sarif, markdown, mermaid; did you mean sarif?',
        });
        assert.throws(() => parseOuts(["json="], formats), {
            message: "--out json=: no file after json=",
        });
        assert.throws(() => parseOuts(["json=a", "sarif=a"], formats), {
            message: "--out sarif=a: a is written by another --out",
        });
    });
    it("leaves a file name with = alone when the word is no format (compare: no formats)", () => {
        assert.deepStrictEqual(parseOuts(["build=1.md"], formats), {
            out: "build=1.md",
            reports: [],
        });
        assert.deepStrictEqual(parseOuts(["sarif=a"], []), { out: "sarif=a", reports: [] });
    });
});

function violation(policy: string, resourceName: string, stack = "dev"): Violation {
    return {
        policy,
        stack,
        resourceName,
        resourceType: "aws:route53/record:Record",
        urn: `urn:pulumi:${stack}::p::aws:route53/record:Record::${resourceName}`,
        message: "m",
        enforcementLevel: "mandatory",
    } as Violation;
}

describe("suppression in the policy config", () => {
    const config = {
        all: "mandatory",
        "dns-ttl-max": {
            maxTtlSeconds: 30,
            suppress: [{ resource: "legacy", reason: "retired in Q3, INC-42" }],
        },
        "dns-health-check-required": {
            suppress: [{ resource: "api", stack: "prod", reason: "checked by ARC" }],
        },
    };
    it("takes the suppress lists out of what the pack is configured with", () => {
        const split = splitSuppressions(config);
        assert.deepStrictEqual(split.config, {
            all: "mandatory",
            "dns-ttl-max": { maxTtlSeconds: 30 },
            "dns-health-check-required": {},
        });
        assert.deepStrictEqual(split.suppressions, [
            { policy: "dns-ttl-max", resource: "legacy", reason: "retired in Q3, INC-42" },
            {
                policy: "dns-health-check-required",
                resource: "api",
                stack: "prod",
                reason: "checked by ARC",
            },
        ]);
    });
    it("suppresses by policy, resource name or URN and stack; reports the unused", () => {
        const { suppressions } = splitSuppressions(config);
        const ttl = violation("dns-ttl-max", "legacy");
        const other = violation("dns-ttl-max", "api");
        const hc = violation("dns-health-check-required", "api", "dev");
        const result = applySuppressions([ttl, other, hc], suppressions);
        assert.deepStrictEqual(result.active, [other, hc]);
        assert.deepStrictEqual(result.suppressed, [
            { violation: ttl, reason: "retired in Q3, INC-42" },
        ]);
        assert.deepStrictEqual(result.unused, [suppressions[1]]);
        assert.strictEqual(
            unusedWarning(suppressions[1]),
            "warning: suppression of dns-health-check-required for api in stack prod matched no violation; remove it, or fix the resource name",
        );
        const byUrn = applySuppressions(
            [ttl],
            [{ policy: "dns-ttl-max", resource: ttl.urn, reason: "r" }],
        );
        assert.strictEqual(byUrn.suppressed.length, 1);
    });
    it("refuses a suppression without a reason, or with an unknown key, naming it", () => {
        assert.throws(
            () => splitSuppressions({ "dns-ttl-max": { suppress: [{ resource: "x" }] } }),
            {
                message:
                    'policy config dns-ttl-max.suppress[0]: "reason" is required: say why x may break dns-ttl-max (it is shown in every report)',
            },
        );
        assert.throws(
            () =>
                splitSuppressions({
                    "dns-ttl-max": { suppress: [{ resource: "x", reason: "y", urn: "z" }] },
                }),
            {
                message:
                    'policy config dns-ttl-max.suppress[0]: unknown key "urn"; allowed: resource, stack, reason',
            },
        );
        assert.throws(() => splitSuppressions({ "dns-ttl-max": { suppress: "x" } }), {
            message:
                'policy config dns-ttl-max.suppress: must be a list of {"resource": NAME, "reason": TEXT}',
        });
    });
});

describe("stack order from StackReferences", () => {
    it("reads the stack a reference names in this project, in Pulumi's three forms", () => {
        assert.strictEqual(referencedStack("network", "team"), "network");
        assert.strictEqual(referencedStack("team/network", "team"), "network");
        assert.strictEqual(referencedStack("acme/team/network", "team"), "network");
        assert.strictEqual(referencedStack("acme/other/network", "team"), undefined);
    });
    it("starts from the role hint, names without roles in their given order", () => {
        assert.deepStrictEqual(
            orderStacks([
                { stack: "global", role: "global" },
                { stack: "b" },
                { stack: "primary", role: "primary" },
                { stack: "a" },
            ]),
            ["primary", "global", "b", "a"],
        );
    });
    it("moves a stack after the one it read, and names a cycle", () => {
        const queue = new StackQueue(["app", "network", "dns"]);
        assert.strictEqual(queue.next(), "app");
        queue.waitFor("app", "network");
        assert.strictEqual(queue.next(), "network");
        queue.done("network");
        assert.strictEqual(queue.next(), "app");
        queue.waitFor("app", "dns");
        assert.strictEqual(queue.next(), "dns");
        assert.throws(() => queue.waitFor("dns", "app"), {
            message:
                "stacks reference each other in a cycle, so none of them can run first: dns -> app -> dns; a stack can only read the outputs of stacks deployed before it",
        });
        assert.throws(() => new StackQueue(["a"]).waitFor("a", "a"), {
            message: /cycle, so none of them can run first: a -> a;/,
        });
    });
});

describe("problem lines on stderr", () => {
    it("lists every missing invoke with its site and the fixture template, one line", () => {
        assert.deepStrictEqual(
            problemLines([
                {
                    kind: "invoke",
                    stack: "dev",
                    token: "aws:ec2/getAmi:getAmi",
                    message: "x",
                    source: { file: "index.ts", line: 4 },
                },
                { kind: "invoke", stack: "dev", token: "aws:ec2/getVpc:getVpc", message: "y" },
                {
                    kind: "input",
                    stack: "dev",
                    type: "aws:route53/healthCheck:HealthCheck",
                    name: "slow",
                    message: "requestInterval 20 is invalid",
                    source: { file: "index.ts", line: 24 },
                },
            ]),
            [
                'stack dev: AWS would reject 1 input: - aws:route53/healthCheck:HealthCheck "slow" (index.ts:24): requestInterval 20 is invalid',
                'stack dev: 2 invokes have no offline answer: aws:ec2/getAmi:getAmi (index.ts:4), aws:ec2/getVpc:getVpc; supply them with --invoke-fixture FILE, starting from {"aws:ec2/getAmi:getAmi":{},"aws:ec2/getVpc:getVpc":{}}',
            ],
        );
    });
});

describe("the command a message suggests is the one the user ran", () => {
    const bin = "/repo/node_modules/.bin/multi-region-failover";
    const cases: [NodeJS.ProcessEnv, string, string][] = [
        [{}, bin, "multi-region-failover"],
        [{ npm_command: "exec", npm_lifecycle_event: "npx" }, bin, "npx multi-region-failover"],
        [{ npm_command: "run-script", npm_lifecycle_event: "start" }, bin, "npm start --"],
        // A test runner started by npx is not the bin.
        [{ npm_command: "exec" }, "/repo/node_modules/.bin/mocha", "multi-region-failover"],
    ];
    for (const [env, script, expected] of cases) {
        it(`${JSON.stringify(env)} ${path.basename(script)}: ${expected}`, () => {
            assert.strictEqual(invokedAs(env, script), expected);
        });
    }
});

describe("the pack's remediation names the command as the user ran it", () => {
    const text =
        "compare them with `npm start -- compare`); if the design is right, agree larger objectives";
    const cases: [string, string][] = [
        ["npm start --", text],
        [
            "npx multi-region-failover",
            "compare them with `npx multi-region-failover compare`); if the design is right, agree larger objectives",
        ],
        [
            "multi-region-failover",
            "compare them with `multi-region-failover compare`); if the design is right, agree larger objectives",
        ],
    ];
    for (const [command, expected] of cases) {
        it(`run as ${command}`, () => {
            assert.strictEqual(asRun(text, command), expected);
        });
    }
    it("the failover-objectives remediation names compare as this project's start script", () => {
        // What asRun rewrites: if the pack's wording changes, this says so.
        assert.match(failoverObjectives.remediationSteps ?? "", /`npm start -- compare`/);
    });
});
