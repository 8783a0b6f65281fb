import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import { DrillEnvironment, drillMain } from "../../drill/cli";
import { projectRoot } from "../helpers/engine";
import {
    PlanApi,
    PlanDrillDeps,
    PlanDrillOptions,
    PlanDrillTarget,
    PlanJournal,
    runPlanDrill,
} from "../../drill/plan-drill";
import { RegionSwitchClient } from "../../drill/region-switch-api";

/** One scripted execution: the states GetPlanExecution returns, the last one repeating. */
interface Script {
    states: { executionState: string; stepStates?: object[] }[];
    /** Never answer GetPlanExecution (a hung call). */
    hangGet?: boolean;
    /** Never answer StartPlanExecution. */
    hangStart?: boolean;
}

/** A local fake of the Region switch data plane, one per Region, recording every call. */
class FakeRegionSwitch {
    readonly calls: { region: string; op: string; body: Record<string, unknown> }[] = [];
    readonly authorizations: string[] = [];
    private readonly servers: http.Server[] = [];
    private readonly executions = new Map<string, { script: Script; polls: number }>();
    private readonly hung: http.ServerResponse[] = [];
    readonly endpoints: Record<string, string> = {};

    constructor(private readonly scripts: Record<string, Script[]>) {}

    async start(): Promise<void> {
        for (const region of Object.keys(this.scripts)) {
            const server = http.createServer((req, res) => this.handle(region, req, res));
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            this.servers.push(server);
            this.endpoints[region] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        }
    }

    async stop(): Promise<void> {
        for (const res of this.hung) {
            res.destroy();
        }
        await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))));
    }

    ops(): string[] {
        return this.calls.map((c) => `${c.region} ${c.op}`);
    }

    private handle(region: string, req: http.IncomingMessage, res: http.ServerResponse) {
        let text = "";
        req.on("data", (chunk) => (text += chunk));
        req.on("end", () => {
            const op = String(req.headers["x-amz-target"]).replace("ArcRegionSwitch.", "");
            const body = JSON.parse(text) as Record<string, unknown>;
            this.calls.push({ region, op, body });
            this.authorizations.push(String(req.headers.authorization));
            const reply = (status: number, payload: object) => {
                res.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
                res.end(JSON.stringify(payload));
            };
            if (op === "StartPlanExecution") {
                const script = this.scripts[region].shift();
                if (!script) {
                    return reply(400, { __type: "IllegalStateException", message: "no script" });
                }
                if (script.hangStart) {
                    this.hung.push(res);
                    return;
                }
                const executionId = `exec-${region}-${this.executions.size + 1}`;
                this.executions.set(executionId, { script, polls: 0 });
                return reply(200, { executionId });
            }
            const execution = this.executions.get(String(body.executionId));
            if (!execution) {
                return reply(404, {
                    __type: "ResourceNotFoundException",
                    message: "no such execution",
                });
            }
            if (op === "GetPlanExecution") {
                if (execution.script.hangGet) {
                    this.hung.push(res);
                    return;
                }
                const states = execution.script.states;
                const state = states[Math.min(execution.polls++, states.length - 1)];
                return reply(200, {
                    executionId: body.executionId,
                    planArn: body.planArn,
                    ...state,
                });
            }
            return reply(200, {});
        });
    }
}

const target: PlanDrillTarget = {
    planArn: "arn:aws:arc-region-switch::123456789012:plan/mrf-use1-usw2:abc123",
    activateRegion: "us-west-2",
    failbackRegion: "us-east-1",
    domain: "app.example.com",
    activateTarget: "alb-west.us-west-2.elb.amazonaws.com",
};
const options: PlanDrillOptions = {
    mode: "ungraceful",
    timeoutSeconds: 5,
    intervalSeconds: 0.01,
    approve: true,
    expected: { seconds: 900, source: "failover budget" },
    failbackTimeoutSeconds: 2,
};
const completed = { executionState: "completed" };
const failbackCommand =
    "aws arc-region-switch start-plan-execution --region us-east-1 --plan-arn arn:aws:arc-region-switch::123456789012:plan/mrf-use1-usw2:abc123 --target-region us-east-1 --action activate --mode graceful";

function deps(
    fake: FakeRegionSwitch,
    dnsAfterPolls = 1,
    timeoutMs = 300,
): { deps: PlanDrillDeps; journals: (PlanJournal | undefined)[]; lines: string[] } {
    const journals: (PlanJournal | undefined)[] = [];
    const lines: string[] = [];
    let dnsPolls = 0;
    return {
        journals,
        lines,
        deps: {
            api: (region) =>
                new RegionSwitchClient({
                    region,
                    endpoint: fake.endpoints[region],
                    timeoutMs,
                    credentials: async () => ({
                        accessKeyId: "AKIDTEST",
                        secretAccessKey: "secret",
                    }),
                }),
            answersFrom: async () => ++dnsPolls > dnsAfterPolls,
            now: () => Date.now(),
            sleep: (ms, signal) =>
                new Promise((resolve, reject) => {
                    const t = setTimeout(resolve, ms);
                    signal.addEventListener("abort", () => {
                        clearTimeout(t);
                        reject(signal.reason);
                    });
                }),
            log: (line) => lines.push(line),
            journal: (entry) => journals.push(entry ? structuredClone(entry) : undefined),
        },
    };
}

describe("drill --plan against a local Region switch API", () => {
    let fake: FakeRegionSwitch;
    afterEach(async () => fake.stop());

    it("activates the secondary from its own Region, approves, measures DNS, fails back, clears the journal", async () => {
        fake = new FakeRegionSwitch({
            "us-west-2": [
                {
                    states: [
                        {
                            executionState: "pendingManualApproval",
                            stepStates: [{ name: "approve", status: "pendingApproval" }],
                        },
                        {
                            executionState: "inProgress",
                            stepStates: [{ name: "approve", status: "completed" }],
                        },
                        {
                            executionState: "completed",
                            stepStates: [
                                {
                                    name: "approve",
                                    status: "completed",
                                    startTime: 100,
                                    endTime: 130,
                                },
                                {
                                    name: "scale-service",
                                    status: "completed",
                                    startTime: 130,
                                    endTime: 250,
                                },
                            ],
                        },
                    ],
                },
            ],
            "us-east-1": [{ states: [completed] }],
        });
        await fake.start();
        const run = deps(fake);
        const result = await runPlanDrill(target, options, run.deps, new AbortController().signal);
        assert.deepStrictEqual(fake.ops(), [
            "us-west-2 StartPlanExecution",
            "us-west-2 GetPlanExecution",
            "us-west-2 ApprovePlanExecutionStep",
            "us-west-2 GetPlanExecution",
            "us-west-2 GetPlanExecution",
            "us-east-1 StartPlanExecution",
            "us-east-1 GetPlanExecution",
        ]);
        assert.deepStrictEqual(fake.calls[0].body, {
            planArn: target.planArn,
            targetRegion: "us-west-2",
            action: "activate",
            mode: "ungraceful",
            comment: "multi-region-failover drill",
        });
        assert.deepStrictEqual(fake.calls[2].body, {
            planArn: target.planArn,
            executionId: "exec-us-west-2-1",
            stepName: "approve",
            approval: "approve",
            comment: "approved by the drill's operator",
        });
        assert.deepStrictEqual(
            { ...fake.calls[5].body },
            {
                planArn: target.planArn,
                targetRegion: "us-east-1",
                action: "activate",
                mode: "graceful",
                comment: "multi-region-failover drill: fail back",
            },
        );
        for (const auth of fake.authorizations) {
            assert.match(
                auth,
                /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/(us-west-2|us-east-1)\/arc-region-switch\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
            );
        }
        assert.strictEqual(result.executionState, "completed");
        assert.strictEqual(result.failback, "done");
        assert.deepStrictEqual(result.undo, []);
        assert.strictEqual(result.withinBudget, true);
        assert.ok(result.measuredSeconds !== undefined && result.measuredSeconds >= 0);
        assert.deepStrictEqual(result.steps, [
            { name: "approve", status: "completed", seconds: 30 },
            { name: "scale-service", status: "completed", seconds: 120 },
        ]);
        // Journal written before anything changed, updated with the execution, cleared at the end.
        assert.deepStrictEqual(run.journals[0]!.undo, [failbackCommand]);
        assert.strictEqual(run.journals[1]!.executionId, "exec-us-west-2-1");
        assert.strictEqual(run.journals.at(-1), undefined);
    });

    it("approves a failback step once, though the next poll still shows it waiting", async () => {
        const waiting = {
            executionState: "pendingManualApproval",
            stepStates: [{ name: "approve-failback", status: "pendingApproval" }],
        };
        fake = new FakeRegionSwitch({
            "us-west-2": [
                {
                    states: [
                        {
                            executionState: "failed",
                            stepStates: [{ name: "scale-service", status: "failed" }],
                        },
                    ],
                },
            ],
            "us-east-1": [{ states: [waiting, waiting, completed] }],
        });
        await fake.start();
        const run = deps(fake, 100);
        const result = await runPlanDrill(target, options, run.deps, new AbortController().signal);
        assert.strictEqual(result.failback, "done");
        assert.deepStrictEqual(fake.ops(), [
            "us-west-2 StartPlanExecution",
            "us-west-2 GetPlanExecution",
            "us-east-1 StartPlanExecution",
            "us-east-1 GetPlanExecution",
            "us-east-1 ApprovePlanExecutionStep",
            "us-east-1 GetPlanExecution",
            "us-east-1 GetPlanExecution",
        ]);
        assert.ok(run.lines.includes("approved step approve-failback"), run.lines.join("\n"));
    });

    it("a failed step ends the failover, and the drill still fails back", async () => {
        fake = new FakeRegionSwitch({
            "us-west-2": [
                {
                    states: [
                        {
                            executionState: "failed",
                            stepStates: [{ name: "scale-service", status: "failed" }],
                        },
                    ],
                },
            ],
            "us-east-1": [{ states: [completed] }],
        });
        await fake.start();
        const run = deps(fake, 100);
        const result = await runPlanDrill(target, options, run.deps, new AbortController().signal);
        assert.strictEqual(result.executionState, "failed");
        assert.strictEqual(result.failback, "done");
        assert.ok(
            run.lines.includes(
                "failover part stopped: execution exec-us-west-2-1 ended failed (step scale-service failed)",
            ),
            run.lines.join("\n"),
        );
        // A finished execution is not canceled.
        assert.deepStrictEqual(fake.ops(), [
            "us-west-2 StartPlanExecution",
            "us-west-2 GetPlanExecution",
            "us-east-1 StartPlanExecution",
            "us-east-1 GetPlanExecution",
        ]);
    });

    it("a hung call times out, the execution is canceled, and the failback runs", async () => {
        fake = new FakeRegionSwitch({
            "us-west-2": [{ states: [completed], hangGet: true }],
            "us-east-1": [{ states: [completed] }],
        });
        await fake.start();
        const run = deps(fake);
        const result = await runPlanDrill(target, options, run.deps, new AbortController().signal);
        assert.deepStrictEqual(fake.ops(), [
            "us-west-2 StartPlanExecution",
            "us-west-2 GetPlanExecution",
            "us-west-2 CancelPlanExecution",
            "us-east-1 StartPlanExecution",
            "us-east-1 GetPlanExecution",
        ]);
        assert.ok(
            run.lines.includes(
                "failover part stopped: GetPlanExecution did not answer within 300 ms (127.0.0.1:" +
                    new URL(fake.endpoints["us-west-2"]).port +
                    ")",
            ),
            run.lines.join("\n"),
        );
        assert.strictEqual(result.failback, "done");
        assert.strictEqual(run.journals.at(-1), undefined);
    });

    it("an abort (a signal) cancels the execution and fails back under its own deadline", async () => {
        fake = new FakeRegionSwitch({
            "us-west-2": [{ states: [{ executionState: "inProgress" }] }],
            "us-east-1": [{ states: [completed] }],
        });
        await fake.start();
        const run = deps(fake, 1_000_000);
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Error("SIGTERM")), 100);
        const result = await runPlanDrill(target, options, run.deps, controller.signal);
        const ops = fake.ops();
        assert.deepStrictEqual(ops.slice(-3), [
            "us-west-2 CancelPlanExecution",
            "us-east-1 StartPlanExecution",
            "us-east-1 GetPlanExecution",
        ]);
        assert.strictEqual(result.failback, "done");
        assert.ok(run.lines.includes("failover part stopped: SIGTERM"), run.lines.join("\n"));
    });

    it("a failback that cannot finish leaves the journal and the exact commands", async () => {
        fake = new FakeRegionSwitch({
            "us-west-2": [{ states: [completed] }],
            "us-east-1": [{ states: [], hangStart: true }],
        });
        await fake.start();
        const run = deps(fake);
        const result = await runPlanDrill(target, options, run.deps, new AbortController().signal);
        assert.strictEqual(result.failback, "left");
        assert.deepStrictEqual(result.undo, [
            "aws arc-region-switch cancel-plan-execution --region us-west-2 --plan-arn arn:aws:arc-region-switch::123456789012:plan/mrf-use1-usw2:abc123 --execution-id exec-us-west-2-1",
            failbackCommand,
        ]);
        assert.notStrictEqual(run.journals.at(-1), undefined);
        assert.deepStrictEqual(run.journals.at(-1)!.undo, result.undo);
    });
});

describe("drill --plan from the command line", () => {
    const planArn = "arn:aws:arc-region-switch::123456789012:plan/mrf-use1-usw2:abc123";
    let dir: string;
    let outputs: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-drill-"));
        outputs = path.join(dir, "outputs.json");
        fs.writeFileSync(
            outputs,
            JSON.stringify({
                global: {
                    endpoint: "https://app.example.com",
                    regionSwitchPlans: { "us-west-2": { planArn, planName: "mrf-use1-usw2" } },
                },
                primary: { region: "us-east-1", role: "primary", albDnsName: "a" },
                secondary: { region: "us-west-2", role: "secondary", albDnsName: "b.elb" },
            }),
        );
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    async function drill(argv: string[], planDeps?: DrillEnvironment["planDeps"]) {
        let stdout = "";
        let stderr = "";
        const code = await drillMain(
            [...argv, "--outputs", outputs, "--journal", path.join(dir, "journal.json")],
            { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: projectRoot },
            {
                deps: { signal: new AbortController().signal } as never,
                factory: async () => assert.fail("not used"),
                ...(planDeps ? { planDeps } : {}),
            },
        );
        return { code, stdout, stderr };
    }

    it("--dry-run names the plan, the regions and the failback command, and calls nothing", async () => {
        const { code, stdout, stderr } = await drill([
            "--region",
            "us-west-2",
            "--plan",
            "--dry-run",
        ]);
        assert.strictEqual(code, 0, stderr);
        assert.strictEqual(
            stdout,
            `dry run: nothing is called. The drill would run ${planArn} to activate us-west-2 (ungraceful), from us-west-2, until app.example.com answers from b.elb, then fail back: ${failbackCommand}\n`,
        );
    });

    it("runs the plan, fails back, exits 0 and leaves no journal", async () => {
        const calls: string[] = [];
        const api = (region: string): PlanApi => ({
            startPlanExecution: async (req) => {
                calls.push(`${region} start ${req.targetRegion} ${req.mode}`);
                return { executionId: `e-${req.targetRegion}` };
            },
            getPlanExecution: async (req) => ({
                executionId: req.executionId,
                planArn: req.planArn,
                executionState: "completed",
            }),
            cancelPlanExecution: async () => assert.fail("nothing to cancel"),
            approvePlanExecutionStep: async () => ({}),
        });
        const { code, stdout, stderr } = await drill(
            ["--region", "us-west-2", "--plan", "--expected-seconds", "900"],
            () => ({
                api,
                answersFrom: async (domain, target) =>
                    domain === "app.example.com" && target === "b.elb",
                now: () => Date.now(),
                sleep: async () => undefined,
            }),
        );
        assert.strictEqual(code, 0, stderr + stdout);
        assert.deepStrictEqual(calls, [
            "us-west-2 start us-west-2 ungraceful",
            "us-east-1 start us-east-1 graceful",
        ]);
        assert.strictEqual(fs.existsSync(path.join(dir, "plan-journal.json")), false);
    });

    it("refuses a region no plan activates, naming the ones that are", async () => {
        const { code, stderr } = await drill(["--region", "eu-west-1", "--plan", "--dry-run"]);
        assert.strictEqual(code, 2);
        assert.strictEqual(
            stderr,
            "error: --plan: global has no Region switch plan that activates eu-west-1; plans activate: us-west-2\n",
        );
    });
});
