import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listStacks, loadProject } from "../../project/project";
import { deployMain } from "../../deploy/cli";
import { DeployPlanError, planDeploy } from "../../deploy/plan";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { lossesOf } from "../../deploy/run";
import { DeployableStack, OperationOptions, StackFactory } from "../../deploy/workspace";

const root = path.resolve(__dirname, "../..");
const threeRegions = path.join(root, "test/fixtures/three-regions");
const policies = path.join(root, "policies");

function plan(dir: string, stacks: string[] = [], org?: string) {
    return planDeploy(loadProject(dir), listStacks(dir), stacks, org);
}

/** A temporary project: Pulumi.yaml from this repository plus the given stack files. */
function projectWith(stacks: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-plan-"));
    fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [name, body] of Object.entries(stacks)) {
        fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), body);
    }
    return dir;
}

const ns = "multi-region-failover";
const role = (r: string) => `config:\n    ${ns}:role: ${r}\n`;

describe("deploy plan", () => {
    it("orders this project primary, secondary, global with fully qualified names", () => {
        assert.deepStrictEqual(plan(root), [
            {
                stack: "primary",
                fullName: "organization/multi-region-failover/primary",
                role: "primary",
                dependsOn: [],
            },
            {
                stack: "secondary",
                fullName: "organization/multi-region-failover/secondary",
                role: "secondary",
                dependsOn: ["primary"],
            },
            {
                stack: "global",
                fullName: "organization/multi-region-failover/global",
                role: "global",
                dependsOn: ["primary", "secondary"],
            },
        ]);
    });

    it("puts every regional stack of a three-region project before global", () => {
        assert.deepStrictEqual(
            plan(threeRegions).map((p) => [p.stack, p.dependsOn]),
            [
                ["primary", []],
                ["secondary", ["primary"]],
                ["secondary-euw1", ["primary"]],
                ["global", ["primary", "secondary", "secondary-euw1"]],
            ],
        );
    });

    it("follows the references, not the roles or names", () => {
        // A secondary that reads another secondary as its primary deploys after it.
        const dir = projectWith({
            a: role("secondary") + `    ${ns}:primaryStack: organization/${ns}/b\n`,
            b: role("secondary") + `    ${ns}:primaryStack: organization/${ns}/c\n`,
            c: role("primary"),
        });
        assert.deepStrictEqual(
            plan(dir).map((p) => p.stack),
            ["c", "b", "a"],
        );
    });

    it("keeps the order for a selection and treats unselected references as deployed", () => {
        assert.deepStrictEqual(
            plan(root, ["global", "primary"]).map((p) => [p.stack, p.dependsOn]),
            [
                ["primary", []],
                ["global", ["primary", "secondary"]],
            ],
        );
    });

    it("uses --org for the stack names when the references agree", () => {
        assert.deepStrictEqual(
            plan(root, ["primary"], "organization").map((p) => p.fullName),
            ["organization/multi-region-failover/primary"],
        );
    });

    const failures: [string, () => unknown, string][] = [
        [
            "a cycle",
            () =>
                plan(
                    projectWith({
                        a: role("secondary") + `    ${ns}:primaryStack: organization/${ns}/b\n`,
                        b: role("secondary") + `    ${ns}:primaryStack: organization/${ns}/a\n`,
                    }),
                ),
            "stack references form a cycle: a → b → a; a stack can only reference stacks deployed before it",
        ],
        [
            "an unknown stack",
            () =>
                plan(
                    projectWith({
                        primary: role("primary"),
                        global:
                            role("global") +
                            `    ${ns}:regionalStacks: [organization/${ns}/primary, organization/${ns}/secondry]\n`,
                    }),
                ),
            `stack global: regionalStacks "organization/${ns}/secondry" names an unknown stack: there is no Pulumi.secondry.yaml in DIR; stacks: global, primary`,
        ],
        [
            "another project",
            () =>
                plan(
                    projectWith({
                        s:
                            role("secondary") +
                            `    ${ns}:primaryStack: organization/other/primary\n`,
                    }),
                ),
            `stack s: primaryStack "organization/other/primary" names project "other"; this deploy orders the stacks of project "${ns}" only`,
        ],
        [
            "a short name",
            () =>
                plan(
                    projectWith({
                        primary: role("primary"),
                        s: role("secondary") + `    ${ns}:primaryStack: primary\n`,
                    }),
                ),
            `stack s: primaryStack "primary" is not a fully qualified stack name; use <organization>/${ns}/<stack>`,
        ],
        [
            "a stack without a file",
            () => plan(root, ["staging"]),
            `stack "staging" has no Pulumi.staging.yaml in DIR; stacks: global, primary, secondary`,
        ],
        [
            "an --org the references do not use",
            () => plan(root, [], "acme"),
            "--org acme differs from the organization the stack references name (organization); the program would read other stacks than deploy writes",
        ],
    ];
    for (const [what, run, message] of failures) {
        it(`rejects ${what}`, () => {
            assert.throws(run, (err: Error) => {
                assert.ok(err instanceof DeployPlanError, String(err));
                assert.strictEqual(err.message.replace(/ in \/\S+;/, " in DIR;"), message);
                return true;
            });
        });
    }
});

/** A fake Automation API: records every call, fails the stacks it is told to. */
class FakeWorkspace {
    readonly calls: { op: string; stack: string; options?: Omit<OperationOptions, "onOutput"> }[] =
        [];
    constructor(
        private readonly failOn: Record<string, Error> = {},
        private readonly selectError?: Error,
        /** Engine events each stack's preview emits. */
        private readonly previewEvents: Record<string, EngineEvent[]> = {},
    ) {}

    readonly factory: StackFactory = async (fullName, workDir) => {
        this.calls.push({ op: `select ${workDir}`, stack: fullName });
        if (this.selectError) {
            throw this.selectError;
        }
        const run = async (op: string, options: OperationOptions) => {
            const { onOutput, onEvent, ...rest } = options;
            this.calls.push({ op, stack: fullName, options: rest });
            if (op === "preview") {
                for (const event of this.previewEvents[fullName] ?? []) {
                    onEvent?.(event);
                }
            }
            onOutput(`Previewing ${op} (${fullName})\n`);
            onOutput("Resources:\n    + 3 to cre");
            onOutput("ate\n");
            const failure = this.failOn[fullName];
            if (failure) {
                throw failure;
            }
        };
        const stack: DeployableStack = {
            preview: async (options) => {
                await run("preview", options);
                return { changeSummary: { create: 3, same: 0 } };
            },
            up: async (options) => {
                await run("up", options);
                return {
                    summary: { resourceChanges: { create: 3 } } as never,
                };
            },
            outputs: async () => ({}),
        };
        return stack;
    };
}

/** A CommandError as the Automation API builds it (its constructor is internal). */
function commandError(stderr: string, code: number, err?: NodeJS.ErrnoException): Error {
    const result = { stdout: "", stderr, code, err };
    const error = new Error(`code: ${code}\n stdout: \n stderr: ${stderr}\n err?: ${err ?? ""}\n`);
    error.name = "CommandError";
    Object.assign(error, { commandResult: result });
    return error;
}

async function deploy(argv: string[], factory: StackFactory) {
    let stdout = "";
    let stderr = "";
    const code = await deployMain(
        argv,
        { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
        factory,
    );
    return { code, stdout, stderr };
}

const fq = (s: string) => `organization/${ns}/${s}`;

describe("npm run deploy", () => {
    it("runs up on primary, secondary, global in order with the policy pack", async () => {
        const fake = new FakeWorkspace();
        const { code, stdout } = await deploy(["up"], fake.factory);
        assert.strictEqual(code, 0);
        assert.deepStrictEqual(
            fake.calls,
            // up previews each stack first (the data-loss gate), then applies it.
            ["primary", "secondary", "global"].flatMap((s) => [
                { op: `select ${root}`, stack: fq(s) },
                { op: "preview", stack: fq(s), options: { policyPacks: [policies] } },
                { op: "up", stack: fq(s), options: { policyPacks: [policies] } },
            ]),
        );
        assert.ok(
            stdout.includes(`up order: ${fq("primary")} → ${fq("secondary")} → ${fq("global")}\n`),
        );
        // Output is streamed line by line, each line tagged with its stack.
        assert.ok(stdout.includes("[secondary] Resources:\n[secondary]     + 3 to create\n"));
        assert.ok(stdout.endsWith("applied: primary, secondary, global\n"), stdout);
    });

    it("passes --policy-config to every stack as the pack's config", async () => {
        const fake = new FakeWorkspace();
        const config = path.join(policies, "config.example.json");
        const { code } = await deploy(
            ["preview", "--policy-config", config, "--stack", "secondary"],
            fake.factory,
        );
        assert.strictEqual(code, 0);
        assert.deepStrictEqual(fake.calls[1], {
            op: "preview",
            stack: fq("secondary"),
            options: { policyPacks: [policies], policyPackConfigs: [config] },
        });
    });

    it("stops at the first failure and never starts the later stacks", async () => {
        const fake = new FakeWorkspace({
            [fq("secondary")]: commandError(
                "error: preview failed\nPolicy Violations:\n    [mandatory]  dns-ttl-max\n",
                255,
            ),
        });
        const { code, stdout } = await deploy(["up"], fake.factory);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(
            fake.calls.map((c) => `${c.op.split(" ")[0]} ${c.stack}`),
            [
                `select ${fq("primary")}`,
                `preview ${fq("primary")}`,
                `up ${fq("primary")}`,
                `select ${fq("secondary")}`,
                `preview ${fq("secondary")}`,
            ],
        );
        const summary = stdout.slice(stdout.indexOf("\nup summary:"));
        assert.strictEqual(
            summary,
            [
                "",
                "up summary:",
                "  primary    succeeded    create 3",
                "  secondary  failed       error: preview failed / Policy Violations: / [mandatory]  dns-ttl-max (exit code 255)",
                "  global     not-started  ",
                "",
                "applied: primary",
                "not applied: secondary (failed), global (not started)",
                "secondary may be partly updated; fix the error and run `multi-region-failover deploy up` again: stacks already applied update in place.",
                "",
            ].join("\n"),
        );
    });

    it("says clearly that the Pulumi CLI is missing and that nothing was applied", async () => {
        const enoent = Object.assign(
            new Error("Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT"),
            {
                code: "ENOENT",
            },
        );
        const fake = new FakeWorkspace(
            {},
            commandError(
                "Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT",
                -2,
                enoent,
            ),
        );
        const { code, stdout, stderr } = await deploy(["preview"], fake.factory);
        assert.strictEqual(code, 2);
        assert.strictEqual(fake.calls.length, 1);
        assert.strictEqual(
            stderr,
            "error: the Pulumi CLI was not found (spawn pulumi ENOENT): the Automation API drives the `pulumi` command. Install it (https://www.pulumi.com/docs/iac/download-install/) and make sure `pulumi version` works in this shell\n",
        );
        assert.ok(
            stdout.includes(
                "previewed: none\nnot previewed: primary (failed), secondary (not started), global (not started)\n",
            ),
        );
    });

    it("reports the real LocalWorkspace error on this machine, which has no Pulumi CLI", async function () {
        const { isPulumiCliMissing, localStackFactory } = await import("../../deploy/workspace");
        let caught: unknown;
        try {
            await localStackFactory(fq("primary"), root);
        } catch (err) {
            caught = err;
        }
        if (caught === undefined) {
            // A machine with the CLI (and a backend) gets a stack; the fake covers the failure.
            this.skip();
        }
        assert.strictEqual(isPulumiCliMissing(caught), true, String(caught));
    });

    /** A preview step event as the engine emits it. */
    const step = (op: string, type: string, name: string, protect = false): EngineEvent =>
        ({
            sequence: 1,
            timestamp: 0,
            resourcePreEvent: {
                metadata: {
                    op,
                    urn: `urn:pulumi:secondary::${ns}::${type}::${name}`,
                    type,
                    provider: "",
                    old: { protect },
                },
            },
        }) as unknown as EngineEvent;
    const tableDeleted = step(
        "delete",
        "aws:dynamodb/tableReplica:TableReplica",
        "orders-us-west-2",
    );

    it("up previews first and stops when a stateful resource would be deleted", async () => {
        const fake = new FakeWorkspace({}, undefined, { [fq("secondary")]: [tableDeleted] });
        const { code, stdout } = await deploy(["up"], fake.factory);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(
            fake.calls.map((c) => `${c.op.split(" ")[0]} ${c.stack}`),
            [
                `select ${fq("primary")}`,
                `preview ${fq("primary")}`,
                `up ${fq("primary")}`,
                `select ${fq("secondary")}`,
                `preview ${fq("secondary")}`,
            ],
        );
        const summary = stdout.slice(stdout.indexOf("\nup summary:"));
        assert.strictEqual(
            summary,
            [
                "",
                "up summary:",
                "  primary    succeeded    create 3",
                "  secondary  failed       the preview would delete or replace replica orders-us-west-2 (aws:dynamodb/tableReplica:TableReplica): delete; nothing was applied. If that is intended, back up the data and run again with --allow-delete orders-us-west-2",
                "  global     not-started  ",
                "",
                "applied: primary",
                "not applied: secondary (failed), global (not started)",
                "",
            ].join("\n"),
        );
    });

    it("up goes ahead with --allow-delete NAME for exactly what the preview loses", async () => {
        const events = {
            [fq("secondary")]: [
                tableDeleted,
                step("replace", "aws:sns/topic:Topic", "alerts", true),
            ],
        };
        const partial = new FakeWorkspace({}, undefined, events);
        const refused = await deploy(["up", "--allow-delete", "orders-us-west-2"], partial.factory);
        assert.strictEqual(refused.code, 1);
        assert.ok(
            refused.stdout.includes(
                "the preview would delete or replace protected resource alerts (aws:sns/topic:Topic): replace; nothing was applied. If that is intended, back up the data and run again with --allow-delete alerts",
            ),
            refused.stdout,
        );
        const fake = new FakeWorkspace({}, undefined, events);
        const { code } = await deploy(
            ["up", "--allow-delete", "orders-us-west-2", "--allow-delete", "alerts"],
            fake.factory,
        );
        assert.strictEqual(code, 0);
        assert.deepStrictEqual(
            fake.calls.filter((c) => c.op === "up").map((c) => c.stack),
            ["primary", "secondary", "global"].map(fq),
        );
    });

    it("counts deletes and replacements of stateful or protected resources only", () => {
        assert.deepStrictEqual(
            lossesOf([
                step("update", "aws:dynamodb/table:Table", "t"),
                step("same", "aws:s3/bucket:Bucket", "b"),
                step("delete", "aws:sns/topic:Topic", "plain"),
                step("create-replacement", "aws:kms/key:Key", "k"),
                step("delete-replaced", "aws:kms/key:Key", "k"),
                step("delete", "aws:secretsmanager/secret:Secret", "s"),
            ]).map((l) => [l.kind, l.op, l.urn.split("::").pop()]),
            [
                ["key", "create-replacement", "k"],
                ["secret", "delete", "s"],
            ],
        );
    });

    const usageErrors: [string[], string][] = [
        [[], "error: a command is required: preview or up"],
        [["destroy"], 'error: unknown command "destroy"; use preview or up'],
        [["up", "--stack"], "error: --stack needs a value"],
        [
            ["up", "--force"],
            "error: unknown option --force; see multi-region-failover deploy --help",
        ],
        [["up", "--stak", "primary"], "error: unknown option --stak; did you mean --stack?"],
        [["pewview"], 'error: unknown command "pewview"; use preview or up; did you mean preview?'],
        [
            ["up", "--policy-config", "/nonexistent.json"],
            "error: --policy-config /nonexistent.json: file not found",
        ],
        [
            ["up", "--stack", "qa"],
            `error: stack "qa" has no Pulumi.qa.yaml in ${root}; stacks: global, primary, secondary`,
        ],
    ];
    for (const [argv, message] of usageErrors) {
        it(`exits 2 without starting anything: ${argv.join(" ") || "(no arguments)"}`, async () => {
            const fake = new FakeWorkspace();
            const { code, stderr } = await deploy(argv, fake.factory);
            assert.strictEqual(code, 2);
            assert.strictEqual(stderr.split("\n")[0], message);
            assert.deepStrictEqual(fake.calls, []);
        });
    }
});
