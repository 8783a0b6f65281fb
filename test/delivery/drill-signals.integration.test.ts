/**
 * The drill as a real process, killed with real signals at each step, against a fake Route 53 and
 * ARC endpoint (test/delivery/fake-route53.ts): the region must be back in service within the
 * drill's restore deadline, or the journal must be left for `--restore` to complete.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FakeRoute53 } from "./fake-route53";

const root = path.resolve(__dirname, "../..");
const controlArn =
    "arn:aws:route53-recovery-control::123456789012:controlpanel/cp/routingcontrol/rc-use1";
/** The drill's restore deadline in these tests, in seconds. */
const restoreDeadline = 6;
/** Its per-call deadline. */
const callTimeout = 1.5;

interface Run {
    child: ChildProcess;
    stdout: () => string;
    stderr: () => string;
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

describe("drill under real signals (child process, fake Route 53 / ARC)", function () {
    this.timeout(90_000);
    let fake: FakeRoute53;
    let dir: string;
    let journal: string;
    let outputs: string;
    const children: ChildProcess[] = [];

    const writeOutputs = (endpoint: string, arc: boolean) => {
        fs.writeFileSync(
            outputs,
            JSON.stringify({
                global: {
                    routingMode: "dns-failover",
                    healthCheckIds: { "us-east-1": "hc-use1", "us-west-2": "hc-usw2" },
                    ...(arc
                        ? {
                              routingControlArns: { "us-east-1": controlArn },
                              arcClusterEndpoints: [{ region: "us-west-2", endpoint }],
                          }
                        : {}),
                },
                // "localhost" resolves to 127.0.0.1 without a DNS server, the fake's region address.
                primary: { region: "us-east-1", albDnsName: "localhost" },
                secondary: { region: "us-west-2", albDnsName: "secondary.invalid" },
            }),
        );
    };

    let endpoint: string;
    beforeEach(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-signals-"));
        journal = path.join(dir, "journal.json");
        outputs = path.join(dir, "outputs.json");
        fake = new FakeRoute53({
            regionIp: "127.0.0.1",
            otherIp: "198.51.100.20",
            moveTraffic: false,
        });
        endpoint = await fake.start();
        writeOutputs(endpoint, false);
    });
    afterEach(async () => {
        for (const child of children.splice(0)) {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGKILL");
                await new Promise((resolve) => child.once("exit", resolve));
            }
        }
        await fake.close();
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
                "--expected-seconds",
                "60",
                "--interval",
                "0.2",
                "--timeout",
                "60",
                "--call-timeout",
                String(callTimeout),
                "--restore-deadline",
                String(restoreDeadline),
                ...extra,
            ],
            {
                cwd: root,
                stdio: ["ignore", "pipe", "pipe"],
                env: {
                    PATH: process.env.PATH,
                    HOME: dir,
                    AWS_ENDPOINT_URL_ROUTE_53: endpoint,
                    AWS_ACCESS_KEY_ID: "AKIDFAKEFAKEFAKE",
                    AWS_SECRET_ACCESS_KEY: "fake",
                    AWS_REGION: "us-east-1",
                    AWS_EC2_METADATA_DISABLED: "true",
                    // The SDK's notice about Node 20 would otherwise lead stderr.
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
        const exited = new Promise<{
            code: number | null;
            signal: NodeJS.Signals | null;
            at: number;
        }>((resolve) =>
            child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
        );
        return { child, stdout: () => out, stderr: () => err, exited };
    };

    const region = ["--region", "us-east-1"];
    const journalKinds = () =>
        fs.existsSync(journal)
            ? (
                  JSON.parse(fs.readFileSync(journal, "utf8")) as {
                      entries: { change: { kind: string } }[];
                  }
              ).entries.map((e) => e.change.kind)
            : [];

    /** Signal at a step, and check the restore finished within the restore deadline. */
    const killAt = async (run: Run, signal: NodeJS.Signals) => {
        const sentAt = Date.now();
        run.child.kill(signal);
        const end = await run.exited;
        assert.ok(
            end.at - sentAt <= restoreDeadline * 1000 + 1000,
            `exited ${end.at - sentAt} ms after ${signal}; the restore deadline is ${restoreDeadline} s`,
        );
        return end;
    };

    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        it(`${signal} while waiting for DNS: un-inverts the health check and exits 130`, async () => {
            const run = drill(...region);
            await fake.seen("UpdateHealthCheck", "true");
            await fake.seen("TestDNSAnswer");
            const end = await killAt(run, signal);

            assert.strictEqual(end.code, 130, run.stderr());
            assert.strictEqual(fake.inverted.get("hc-use1"), false);
            assert.deepStrictEqual(
                fake.calls.filter((c) => c.op === "UpdateHealthCheck").map((c) => c.value),
                ["true", "false"],
            );
            assert.match(
                run.stderr(),
                new RegExp(`^\\n${signal}: restoring the region before exiting\\n`),
            );
            assert.match(
                run.stdout(),
                new RegExp(`interrupted +${signal}: stopping the measurement`),
            );
            assert.match(run.stdout(), /restored +un-inverted health check hc-use1\n/);
            assert.deepStrictEqual(journalKinds(), []);
        });
    }

    it("SIGTERM while the trigger call hangs: restores the change it may have made", async () => {
        fake.hang.set("UpdateHealthCheck:true", Infinity);
        const run = drill(...region);
        await fake.seen("UpdateHealthCheck", "true");
        assert.deepStrictEqual(journalKinds(), ["health-check-inverted"]);
        const end = await killAt(run, "SIGTERM");

        assert.strictEqual(end.code, 130, run.stderr());
        assert.strictEqual(fake.inverted.get("hc-use1"), false);
        assert.match(
            run.stdout(),
            /restored +un-inverted health check hc-use1 \(the trigger call failed but may have applied\)/,
        );
        assert.deepStrictEqual(journalKinds(), []);
    });

    it("SIGINT while TestDNSAnswer hangs: the hung call does not delay the restore", async () => {
        const run = drill(...region);
        await fake.seen("UpdateHealthCheck", "true");
        // The baseline answer came back; every poll after the trigger hangs.
        fake.hang.set("TestDNSAnswer", Infinity);
        await fake.seen("GetHealthCheckStatus");
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.strictEqual(fake.calls.at(-1)?.op, "TestDNSAnswer", "the poll is hung");
        const end = await killAt(run, "SIGINT");

        assert.strictEqual(end.code, 130, run.stderr());
        assert.strictEqual(fake.inverted.get("hc-use1"), false);
        assert.deepStrictEqual(
            fake.calls.map((c) => [c.op, c.value]),
            [
                ["TestDNSAnswer", undefined],
                ["GetHealthCheck", undefined],
                ["UpdateHealthCheck", "true"],
                ["GetHealthCheckStatus", undefined],
                ["TestDNSAnswer", undefined],
                ["UpdateHealthCheck", "false"],
            ],
        );
    });

    it("a second signal during the restore is reported; the restore still completes", async () => {
        // The first restore attempt hangs until its call deadline; the retry succeeds.
        fake.hang.set("UpdateHealthCheck:false", 1);
        const run = drill(...region);
        await fake.seen("UpdateHealthCheck", "true");
        await fake.seen("TestDNSAnswer");
        run.child.kill("SIGTERM");
        await fake.seen("UpdateHealthCheck", "false");
        const end = await killAt(run, "SIGINT");

        assert.strictEqual(end.code, 130, run.stderr());
        assert.strictEqual(
            run.stderr(),
            "\nSIGTERM: restoring the region before exiting\n\nSIGINT again: still restoring; the restore continues until it completes or its deadline\n",
        );
        assert.deepStrictEqual(
            fake.calls.filter((c) => c.op === "UpdateHealthCheck").map((c) => c.value),
            ["true", "false", "false"],
        );
        assert.strictEqual(fake.inverted.get("hc-use1"), false);
        assert.deepStrictEqual(journalKinds(), []);
    });

    it("a restore that never answers gives up at its deadline, leaves the journal, and --restore completes it", async () => {
        const run = drill(...region);
        await fake.seen("UpdateHealthCheck", "true");
        await fake.seen("TestDNSAnswer");
        fake.hang.set("UpdateHealthCheck:false", Infinity);
        const end = await killAt(run, "SIGTERM");

        assert.strictEqual(end.code, 3, run.stderr());
        assert.match(
            run.stdout(),
            /restore-failed +attempt \d+: TimeoutError: route53:UpdateHealthCheck did not answer within 1\.5 s/,
        );
        assert.match(
            run.stdout(),
            /us-east-1 is still out of service: restore it now with `multi-region-failover drill --restore` \(journal .*journal\.json\) or by hand: aws route53 update-health-check --health-check-id hc-use1 --no-inverted/,
        );
        assert.match(run.stdout(), /restored: NO/);
        assert.deepStrictEqual(journalKinds(), ["health-check-inverted"]);

        fake.hang.clear();
        const again = drill("--restore");
        const done = await again.exited;
        assert.strictEqual(done.code, 0, again.stderr());
        assert.match(
            again.stdout(),
            /^journal .*journal\.json: a previous drill left 1 change\(s\) to undo\nrestored: un-inverted health check hc-use1 \(inverted health check hc-use1 so that Route 53 treats us-east-1 as unhealthy, pid \d+, /,
        );
        assert.strictEqual(fake.inverted.get("hc-use1"), false);
        assert.deepStrictEqual(journalKinds(), []);
    });

    it("SIGKILL mid-drill leaves the journal; the next run finishes the undo before drilling", async () => {
        const run = drill(...region);
        await fake.seen("UpdateHealthCheck", "true");
        await fake.seen("TestDNSAnswer");
        run.child.kill("SIGKILL");
        await run.exited;
        assert.strictEqual(fake.inverted.get("hc-use1"), true);
        assert.deepStrictEqual(journalKinds(), ["health-check-inverted"]);

        const next = drill(...region, "--timeout", "0.5");
        const end = await next.exited;
        assert.strictEqual(end.code, 1, next.stderr());
        assert.match(
            next.stdout(),
            /^journal .*: a previous drill left 1 change\(s\) to undo\nrestored: un-inverted health check hc-use1 /,
        );
        assert.match(next.stdout(), /baseline +app\.example\.com answers 127\.0\.0\.1/);
        assert.match(next.stdout(), /timed-out/);
        assert.deepStrictEqual(
            fake.calls.filter((c) => c.op === "UpdateHealthCheck").map((c) => c.value),
            ["true", "false", "true", "false"],
        );
        assert.strictEqual(fake.inverted.get("hc-use1"), false);
        assert.deepStrictEqual(journalKinds(), []);
    });

    it("SIGTERM with an ARC routing control: turns it back On through the cluster endpoint", async () => {
        writeOutputs(endpoint, true);
        const run = drill(...region);
        await fake.seen("UpdateRoutingControlState", "Off");
        await fake.seen("TestDNSAnswer");
        const end = await killAt(run, "SIGTERM");

        assert.strictEqual(end.code, 130, run.stderr());
        assert.strictEqual(fake.controls.get(controlArn), "On");
        assert.match(
            run.stdout(),
            new RegExp(
                `restored +turned routing control ${controlArn.replace(/[/.]/g, "\\$&")} back On\\n`,
            ),
        );
        assert.deepStrictEqual(journalKinds(), []);
    });
});
