/**
 * `drill --plan` as a real process against a local fake of the Region switch API: SIGKILL leaves
 * the plan's execution in the drill's journal, and `--restore` (or `--dry-run`, or the next
 * drill) finds it there, as the DNS drill's journal is found (drill-signals.integration.test.ts).
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";

const root = path.resolve(__dirname, "../..");
const planArn = "arn:aws:arc-region-switch::123456789012:plan/mrf-use1-usw2:abc123";

/**
 * One endpoint for every Region (the Region is read from the SigV4 credential scope). An
 * execution in us-west-2 stays inProgress (or its GetPlanExecution hangs); one in us-east-1, the
 * failback, completes.
 */
class FakeRegionSwitch {
    readonly calls: string[] = [];
    hangGet = false;
    private server?: http.Server;
    private readonly hung: http.ServerResponse[] = [];
    private count = 0;
    private readonly canceled = new Set<string>();

    async start(): Promise<string> {
        this.server = http.createServer((req, res) => this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        for (const res of this.hung) {
            res.destroy();
        }
        await new Promise((resolve) => this.server?.close(resolve));
    }

    async seen(call: string): Promise<void> {
        const until = Date.now() + 20_000;
        while (!this.calls.includes(call)) {
            if (Date.now() > until) {
                throw new Error(`never saw ${call}; saw ${this.calls.join(", ")}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse) {
        let text = "";
        req.on("data", (chunk) => (text += chunk));
        req.on("end", () => {
            const region = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(
                String(req.headers.authorization),
            )?.[1];
            const op = String(req.headers["x-amz-target"]).replace("ArcRegionSwitch.", "");
            const body = JSON.parse(text) as Record<string, string>;
            const reply = (payload: object) => {
                res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
                res.end(JSON.stringify(payload));
            };
            if (op === "StartPlanExecution") {
                this.calls.push(`${region} start ${body.targetRegion} ${body.mode}`);
                return reply({ executionId: `exec-${body.targetRegion}-${++this.count}` });
            }
            this.calls.push(`${region} ${op} ${body.executionId}`);
            if (op === "GetPlanExecution") {
                if (this.hangGet) {
                    this.hung.push(res);
                    return;
                }
                const done =
                    body.executionId.startsWith("exec-us-east-1") ||
                    this.canceled.has(body.executionId);
                return reply({
                    executionId: body.executionId,
                    planArn: body.planArn,
                    executionState: done
                        ? this.canceled.has(body.executionId)
                            ? "canceled"
                            : "completed"
                        : "inProgress",
                });
            }
            if (op === "CancelPlanExecution") {
                this.canceled.add(body.executionId);
            }
            return reply({});
        });
    }
}

interface Run {
    child: ChildProcess;
    stdout: () => string;
    stderr: () => string;
    exited: Promise<{ code: number | null; at: number }>;
}

describe("drill --plan under real signals (child process, fake Region switch API)", function () {
    this.timeout(60_000);
    let fake: FakeRegionSwitch;
    let endpoint: string;
    let dir: string;
    let journal: string;
    let outputs: string;
    const children: ChildProcess[] = [];

    beforeEach(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-signals-"));
        journal = path.join(dir, "journal.json");
        outputs = path.join(dir, "outputs.json");
        fs.writeFileSync(
            outputs,
            JSON.stringify({
                global: {
                    endpoint: "https://app.example.com",
                    regionSwitchPlans: { "us-west-2": { planArn, planName: "mrf-use1-usw2" } },
                },
                primary: { region: "us-east-1", role: "primary", albDnsName: "a.invalid" },
                secondary: { region: "us-west-2", role: "secondary", albDnsName: "b.invalid" },
            }),
        );
        fake = new FakeRegionSwitch();
        endpoint = await fake.start();
    });
    afterEach(async () => {
        for (const child of children.splice(0)) {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGKILL");
                await new Promise((resolve) => child.once("exit", resolve));
            }
        }
        await fake.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const drill = (...extra: string[]): Run => {
        const child = spawn(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                "bin/main.ts",
                "drill",
                "--outputs",
                outputs,
                "--journal",
                journal,
                "--interval",
                "0.2",
                "--timeout",
                "60",
                "--call-timeout",
                "20",
                "--restore-deadline",
                "6",
                ...extra,
            ],
            {
                cwd: root,
                stdio: ["ignore", "pipe", "pipe"],
                env: {
                    PATH: process.env.PATH,
                    HOME: dir,
                    AWS_ENDPOINT_URL_ARC_REGION_SWITCH: endpoint,
                    AWS_ACCESS_KEY_ID: "AKIDFAKEFAKEFAKE",
                    AWS_SECRET_ACCESS_KEY: "fake",
                    AWS_REGION: "us-east-1",
                    AWS_EC2_METADATA_DISABLED: "true",
                    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
                    AWS_CONFIG_FILE: path.join(dir, "none"),
                    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"),
                },
            },
        );
        children.push(child);
        let out = "";
        let err = "";
        child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
        const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
            child.once("exit", (code) => resolve({ code, at: Date.now() })),
        );
        return { child, stdout: () => out, stderr: () => err, exited };
    };

    const entries = () =>
        fs.existsSync(journal)
            ? (
                  JSON.parse(fs.readFileSync(journal, "utf8")) as {
                      entries: { change: Record<string, string>; awsCli: string }[];
                  }
              ).entries
            : [];
    const cancel = `aws arc-region-switch cancel-plan-execution --region us-west-2 --plan-arn ${planArn} --execution-id exec-us-west-2-1`;
    const failback = `aws arc-region-switch start-plan-execution --region us-east-1 --plan-arn ${planArn} --target-region us-east-1 --action activate --mode graceful`;

    it("SIGKILL mid-execution leaves the journal; --dry-run names it, --restore cancels and fails back", async () => {
        const run = drill("--region", "us-west-2", "--plan");
        await fake.seen("us-west-2 GetPlanExecution exec-us-west-2-1");
        run.child.kill("SIGKILL");
        await run.exited;
        assert.deepStrictEqual(
            entries().map((e) => [e.change, e.awsCli]),
            [
                [
                    {
                        kind: "plan-execution",
                        planArn,
                        activateRegion: "us-west-2",
                        failbackRegion: "us-east-1",
                        executionId: "exec-us-west-2-1",
                    },
                    `${cancel} && ${failback}`,
                ],
            ],
        );

        const dry = drill("--region", "us-west-2", "--plan", "--dry-run");
        assert.strictEqual((await dry.exited).code, 0, dry.stderr());
        assert.match(
            dry.stdout(),
            new RegExp(
                `^journal .*journal\\.json: a previous drill left 1 change\\(s\\) to undo\\n  would first cancel Region switch execution exec-us-west-2-1 if it still runs, then fail back: activate us-east-1 again with plan ${planArn.replace(/[/.]/g, "\\$&")}: aws arc-region-switch cancel-plan-execution `,
            ),
        );
        assert.strictEqual(entries().length, 1, "a dry run leaves the journal");

        const restore = drill("--restore");
        assert.strictEqual((await restore.exited).code, 0, restore.stderr() + restore.stdout());
        assert.match(
            restore.stdout(),
            /\nrestored: failed back to us-east-1 \(execution exec-us-east-1-2 completed\) \(Region switch plan .* activates us-west-2, pid \d+, /,
        );
        assert.deepStrictEqual(fake.calls.slice(-4), [
            "us-west-2 GetPlanExecution exec-us-west-2-1",
            "us-west-2 CancelPlanExecution exec-us-west-2-1",
            "us-east-1 start us-east-1 graceful",
            "us-east-1 GetPlanExecution exec-us-east-1-2",
        ]);
        assert.deepStrictEqual(entries(), []);
    });

    it("a second --plan drill after a SIGKILL restores the first before it starts (never overwrites it)", async () => {
        const run = drill("--region", "us-west-2", "--plan");
        await fake.seen("us-west-2 GetPlanExecution exec-us-west-2-1");
        run.child.kill("SIGKILL");
        await run.exited;
        fake.calls.length = 0;
        fake.hangGet = false;

        const next = drill("--region", "us-west-2", "--plan", "--timeout", "0.5");
        const end = await next.exited;
        assert.strictEqual(end.code, 1, next.stderr());
        assert.deepStrictEqual(fake.calls.slice(0, 4), [
            "us-west-2 GetPlanExecution exec-us-west-2-1",
            "us-west-2 CancelPlanExecution exec-us-west-2-1",
            "us-east-1 start us-east-1 graceful",
            "us-east-1 GetPlanExecution exec-us-east-1-2",
        ]);
        assert.strictEqual(fake.calls[4], "us-west-2 start us-west-2 ungraceful");
        assert.deepStrictEqual(entries(), []);
    });

    it("SIGTERM while GetPlanExecution hangs stops at once: cancels, the failback is cut at its deadline, exit 3 with the undo", async () => {
        fake.hangGet = true;
        const run = drill("--region", "us-west-2", "--plan", "--restore-deadline", "2");
        await fake.seen("us-west-2 GetPlanExecution exec-us-west-2-1");
        const sent = Date.now();
        run.child.kill("SIGTERM");
        // The failback's GetPlanExecution hangs too; it is cut at the restore deadline (2 s),
        // not at the 20 s call timeout.
        const end = await run.exited;
        assert.ok(end.at - sent < 5000, `exited ${end.at - sent} ms after SIGTERM`);
        assert.strictEqual(end.code, 3, run.stderr());
        assert.match(run.stdout(), /failover part stopped: interrupted \(SIGTERM\)\n/);
        assert.match(run.stdout(), /canceled execution exec-us-west-2-1\n/);
        assert.match(run.stderr(), new RegExp(`FAILBACK NOT DONE: run, in order:\\n${cancel}\\n`));
        assert.strictEqual(entries().length, 1, "the journal keeps the undo");
    });

    it("refuses a journal on /proc in one line, before anything is called", async () => {
        journal = "/proc/self/drill-journal.json";
        const run = drill("--restore");
        const end = await run.exited;
        assert.strictEqual(end.code, 2);
        assert.strictEqual(
            run.stderr(),
            "error: --journal /proc/self/drill-journal.json: /proc is a special file system, not a disk; put the journal in an ordinary file (default .drill/journal.json in the project folder)\n",
        );
        assert.deepStrictEqual(fake.calls, []);
    });
});
