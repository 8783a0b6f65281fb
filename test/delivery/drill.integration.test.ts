import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    GetHealthCheckCommand,
    GetHealthCheckStatusCommand,
    Route53Client,
    TestDNSAnswerCommand,
    UpdateHealthCheckCommand,
} from "@aws-sdk/client-route-53";
import {
    GetRoutingControlStateCommand,
    Route53RecoveryClusterClient,
    UpdateRoutingControlStateCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { mockClient } from "aws-sdk-client-mock";
import { DrillDeps, DrillOptions, DrillTarget, runDrill } from "../../drill/drill";
import { drillMain, exitCode } from "../../drill/cli";
import { Journal } from "../../drill/journal";
import { modelExpectation, outputsFromFile, resolveTarget } from "../../drill/target";

const root = path.resolve(__dirname, "../..");
const outputsFile = path.join(root, "test/fixtures/drill/outputs.json");

const primaryIps = ["192.0.2.10", "192.0.2.11"];
const secondaryIps = ["198.51.100.20", "198.51.100.21"];

const target: DrillTarget = {
    region: "us-east-1",
    domain: "app.example.com",
    hostedZoneId: "Z0000000000000000000",
    healthCheckId: "hc-use1",
    regionTarget: "app-use1.us-east-1.elb.amazonaws.com",
};

const dnsAnswer = (ips: string[]) => ({
    Nameserver: "ns-1.awsdns-01.org",
    RecordName: "app.example.com",
    RecordType: "A" as const,
    RecordData: ips,
    ResponseCode: "NOERROR",
    Protocol: "UDP",
});
const observations = (status: string) => ({
    HealthCheckObservations: ["us-east-1", "us-west-2", "eu-west-1"].map((region) => ({
        Region: region as "us-east-1",
        IPAddress: "203.0.113.1",
        StatusReport: { Status: status },
    })),
});
const accessDenied = (message: string) =>
    Object.assign(new Error(message), {
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
    });

/** A journal file of its own in a fresh temporary folder. */
function tmpJournal(): string {
    return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "drill-journal-")), "journal.json");
}

/** A fake clock: sleeping advances time; `onSleep` runs at each wait (to interrupt, say). */
function fakeDeps(
    route53: Route53Client,
    onSleep: (n: number, controller: AbortController) => void = () => undefined,
) {
    let now = Date.parse("2030-01-01T00:00:00Z");
    let sleeps = 0;
    const controller = new AbortController();
    const lines: string[] = [];
    const deps: DrillDeps = {
        route53,
        arcClient: (e) =>
            new Route53RecoveryClusterClient({ region: e.region, endpoint: e.endpoint }),
        resolve: async (host) => {
            assert.strictEqual(host, target.regionTarget);
            return primaryIps;
        },
        now: () => now,
        sleep: async (ms, signal) => {
            sleeps++;
            onSleep(sleeps, controller);
            if (signal.aborted) {
                throw new Error("aborted");
            }
            now += ms;
        },
        signal: controller.signal,
        log: (line) => lines.push(line),
        journal: new Journal(tmpJournal()),
        callTimeoutMs: 1000,
        restoreDeadlineMs: 30_000,
    };
    return { deps, controller, lines };
}

const options: DrillOptions = {
    trigger: "health-check",
    timeoutSeconds: 60,
    intervalSeconds: 10,
    expected: { seconds: 156, source: "failover budget detection 36 s + traffic-shift 120 s" },
};

/** Each command sent, by class name, with its exact input. */
function sent(mock: { calls(): { args: unknown[] }[] }): [string, unknown][] {
    return mock.calls().map((c) => {
        const command = c.args[0] as { constructor: { name: string }; input: unknown };
        return [command.constructor.name, command.input];
    });
}

const dnsQuery = {
    HostedZoneId: "Z0000000000000000000",
    RecordName: "app.example.com",
    RecordType: "A",
};

describe("failover drill", () => {
    const route53 = mockClient(Route53Client);
    const arc = mockClient(Route53RecoveryClusterClient);
    beforeEach(() => {
        route53.reset();
        arc.reset();
        route53.on(GetHealthCheckCommand).resolves({
            HealthCheck: {
                Id: "hc-use1",
                CallerReference: "ref",
                HealthCheckVersion: 1,
                HealthCheckConfig: { Type: "HTTPS", Inverted: false },
            },
        });
        route53.on(UpdateHealthCheckCommand).resolves({});
    });
    after(() => {
        route53.restore();
        arc.restore();
    });

    it("inverts the health check, waits for DNS to move, then un-inverts it", async () => {
        route53
            .on(TestDNSAnswerCommand)
            .resolvesOnce(dnsAnswer(primaryIps))
            .resolvesOnce(dnsAnswer(primaryIps))
            .resolves(dnsAnswer(secondaryIps));
        route53
            .on(GetHealthCheckStatusCommand)
            .resolvesOnce(observations("Success: HTTP Status Code 200, OK"))
            .resolves(observations("Failure: Inverted"));
        const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
        const report = await runDrill(target, options, deps);

        assert.deepStrictEqual(sent(route53), [
            ["TestDNSAnswerCommand", dnsQuery],
            ["GetHealthCheckCommand", { HealthCheckId: "hc-use1" }],
            ["UpdateHealthCheckCommand", { HealthCheckId: "hc-use1", Inverted: true }],
            ["GetHealthCheckStatusCommand", { HealthCheckId: "hc-use1" }],
            ["TestDNSAnswerCommand", dnsQuery],
            ["GetHealthCheckStatusCommand", { HealthCheckId: "hc-use1" }],
            ["TestDNSAnswerCommand", dnsQuery],
            ["UpdateHealthCheckCommand", { HealthCheckId: "hc-use1", Inverted: false }],
        ]);
        assert.strictEqual(report.outcome, "passed");
        assert.strictEqual(report.failoverSeconds, 10);
        assert.strictEqual(report.restored, true);
        assert.deepStrictEqual(
            report.timeline.map((e) => [e.elapsedSeconds, e.phase, e.detail]),
            [
                [
                    0,
                    "baseline",
                    "app.example.com answers 192.0.2.10, 192.0.2.11, which includes us-east-1 (app-use1.us-east-1.elb.amazonaws.com)",
                ],
                [
                    0,
                    "triggered",
                    "inverted health check hc-use1: Route 53 now treats us-east-1 as unhealthy",
                ],
                [0, "checkers", "0 of 3 checkers report failure"],
                [10, "checkers", "3 of 3 checkers report failure"],
                [
                    10,
                    "traffic-moved",
                    "app.example.com answers 198.51.100.20, 198.51.100.21: no us-east-1 address, 10 s after the trigger",
                ],
                [10, "restored", "un-inverted health check hc-use1"],
            ],
        );
        assert.strictEqual(exitCode(report), 0);
    });

    it("times out when traffic never moves, then restores", async () => {
        route53.on(TestDNSAnswerCommand).resolves(dnsAnswer(primaryIps));
        route53.on(GetHealthCheckStatusCommand).resolves(observations("Failure: Inverted"));
        const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
        const report = await runDrill(target, options, deps);

        assert.strictEqual(report.outcome, "timed-out");
        assert.strictEqual(report.failoverSeconds, null);
        assert.deepStrictEqual(
            report.timeline.slice(-2).map((e) => [e.elapsedSeconds, e.phase, e.detail]),
            [
                [
                    60,
                    "timed-out",
                    "app.example.com still answers 192.0.2.10, 192.0.2.11 after 60 s",
                ],
                [60, "restored", "un-inverted health check hc-use1"],
            ],
        );
        assert.deepStrictEqual(sent(route53).at(-1), [
            "UpdateHealthCheckCommand",
            { HealthCheckId: "hc-use1", Inverted: false },
        ]);
        // Polls at 0, 10, ... 60 s: seven of each.
        assert.strictEqual(
            sent(route53).filter(([n]) => n === "GetHealthCheckStatusCommand").length,
            7,
        );
        assert.strictEqual(exitCode(report), 1);
    });

    it("restores when interrupted mid-drill (Ctrl-C)", async () => {
        route53.on(TestDNSAnswerCommand).resolves(dnsAnswer(primaryIps));
        route53.on(GetHealthCheckStatusCommand).resolves(observations("Failure: Inverted"));
        const fake = fakeDeps(new Route53Client({ region: "us-east-1" }), (n, controller) => {
            if (n === 2) {
                controller.abort();
            }
        });
        const report = await runDrill(target, options, fake.deps);

        assert.strictEqual(report.outcome, "interrupted");
        assert.strictEqual(report.restored, true);
        assert.deepStrictEqual(
            report.timeline.slice(-2).map((e) => [e.phase, e.detail]),
            [
                ["interrupted", "interrupted: stopping the measurement"],
                ["restored", "un-inverted health check hc-use1"],
            ],
        );
        assert.deepStrictEqual(
            sent(route53).filter(([n]) => n === "UpdateHealthCheckCommand"),
            [
                ["UpdateHealthCheckCommand", { HealthCheckId: "hc-use1", Inverted: true }],
                ["UpdateHealthCheckCommand", { HealthCheckId: "hc-use1", Inverted: false }],
            ],
        );
        assert.strictEqual(exitCode(report), 130);
    });

    it("names the missing permission and the health check, and restores what it changed", async () => {
        route53.on(TestDNSAnswerCommand).resolves(dnsAnswer(primaryIps));
        route53
            .on(GetHealthCheckStatusCommand)
            .rejects(
                accessDenied(
                    "User: arn:aws:sts::123456789012:assumed-role/drill is not authorized to perform: route53:GetHealthCheckStatus",
                ),
            );
        const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
        const report = await runDrill(target, options, deps);

        assert.strictEqual(report.outcome, "error");
        assert.strictEqual(
            report.error,
            "missing permission route53:GetHealthCheckStatus on health check hc-use1: User: arn:aws:sts::123456789012:assumed-role/drill is not authorized to perform: route53:GetHealthCheckStatus. Grant route53:GetHealthCheckStatus to the identity running the drill (docs/operations.md lists the policy)",
        );
        assert.deepStrictEqual(sent(route53).at(-1), [
            "UpdateHealthCheckCommand",
            { HealthCheckId: "hc-use1", Inverted: false },
        ]);
        assert.strictEqual(report.restored, true);
        assert.strictEqual(exitCode(report), 2);
    });

    it("restores nothing when the trigger itself is denied", async () => {
        route53.on(TestDNSAnswerCommand).resolves(dnsAnswer(primaryIps));
        route53.on(UpdateHealthCheckCommand).rejects(accessDenied("not authorized"));
        const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
        const report = await runDrill(target, options, deps);

        assert.strictEqual(
            report.error,
            "missing permission route53:UpdateHealthCheck on health check hc-use1: not authorized. Grant route53:UpdateHealthCheck to the identity running the drill (docs/operations.md lists the policy)",
        );
        assert.strictEqual(
            sent(route53).filter(([n]) => n === "UpdateHealthCheckCommand").length,
            1,
        );
        assert.deepStrictEqual(report.timeline.at(-1)?.phase, "nothing-to-restore");
    });

    it("says loudly how to restore by hand when the restore fails", async () => {
        route53.on(TestDNSAnswerCommand).resolves(dnsAnswer(primaryIps));
        route53.on(GetHealthCheckStatusCommand).resolves(observations("Failure: Inverted"));
        route53
            .on(UpdateHealthCheckCommand, { HealthCheckId: "hc-use1", Inverted: false })
            .rejects(Object.assign(new Error("Rate exceeded"), { name: "Throttling" }));
        const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
        const report = await runDrill(target, { ...options, timeoutSeconds: 10 }, deps);

        assert.strictEqual(report.restored, false);
        assert.strictEqual(
            report.timeline.at(-1)?.detail,
            `attempt 8: Throttling: Rate exceeded (restore deadline passed). us-east-1 is still out of service: restore it now with \`multi-region-failover drill --restore\` (journal ${deps.journal.file}) or by hand: aws route53 update-health-check --health-check-id hc-use1 --no-inverted`,
        );
        // Retried until the 30 s deadline: 1 + 2 + 3 + 4 + 5 + 5 + 5 s of pauses.
        assert.strictEqual(
            sent(route53).filter(([n]) => n === "UpdateHealthCheckCommand").length,
            9,
        );
        assert.deepStrictEqual(
            deps.journal.entries().map((e) => [e.change, e.awsCli]),
            [
                [
                    { kind: "health-check-inverted", healthCheckId: "hc-use1" },
                    "aws route53 update-health-check --health-check-id hc-use1 --no-inverted",
                ],
            ],
        );
        assert.strictEqual(exitCode(report), 3);
    });

    it("refuses a region that serves no traffic, changing nothing", async () => {
        route53.on(TestDNSAnswerCommand).resolves(dnsAnswer(secondaryIps));
        const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
        const report = await runDrill(target, options, deps);

        assert.strictEqual(
            report.error,
            "app.example.com does not answer with us-east-1 (app-use1.us-east-1.elb.amazonaws.com: 192.0.2.10, 192.0.2.11; answer: 198.51.100.20, 198.51.100.21), so losing it moves no traffic; drill a region that serves traffic",
        );
        assert.deepStrictEqual(sent(route53), [["TestDNSAnswerCommand", dnsQuery]]);
    });

    it("turns the ARC routing control Off and On, trying the next endpoint when one fails", async () => {
        const arcTarget: DrillTarget = {
            ...target,
            routingControlArn:
                "arn:aws:route53-recovery-control::123456789012:controlpanel/cp/routingcontrol/rc-use1",
            arcEndpoints: [
                { region: "us-east-1", endpoint: "https://host-aaaaaa.us-east-1.example.com/v1" },
                { region: "us-west-2", endpoint: "https://host-bbbbbb.us-west-2.example.com/v1" },
            ],
        };
        const control = { RoutingControlArn: arcTarget.routingControlArn };
        arc.on(GetRoutingControlStateCommand).resolves({
            ...control,
            RoutingControlState: "On",
        } as never);
        arc.on(UpdateRoutingControlStateCommand, { ...control, RoutingControlState: "Off" })
            .rejectsOnce(
                Object.assign(new Error("endpoint unavailable"), {
                    name: "EndpointTemporarilyUnavailableException",
                }),
            )
            .resolves({});
        arc.on(UpdateRoutingControlStateCommand, {
            ...control,
            RoutingControlState: "On",
        }).resolves({});
        route53
            .on(TestDNSAnswerCommand)
            .resolvesOnce(dnsAnswer(primaryIps))
            .resolves(dnsAnswer(secondaryIps));
        const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
        const report = await runDrill(arcTarget, { ...options, trigger: "routing-control" }, deps);

        assert.strictEqual(report.outcome, "passed");
        assert.deepStrictEqual(sent(arc), [
            ["GetRoutingControlStateCommand", control],
            ["UpdateRoutingControlStateCommand", { ...control, RoutingControlState: "Off" }],
            ["UpdateRoutingControlStateCommand", { ...control, RoutingControlState: "Off" }],
            ["UpdateRoutingControlStateCommand", { ...control, RoutingControlState: "On" }],
        ]);
        assert.deepStrictEqual(sent(route53), [
            ["TestDNSAnswerCommand", dnsQuery],
            ["TestDNSAnswerCommand", dnsQuery],
        ]);
        assert.strictEqual(
            report.timeline.at(-1)?.detail,
            `turned routing control ${arcTarget.routingControlArn} back On`,
        );
    });
});

describe("drill target and expectation", () => {
    it("reads the target from the outputs file and the global stack's config", async () => {
        const resolved = await resolveTarget({
            projectDir: root,
            globalStack: "global",
            region: "us-east-1",
            readOutputs: outputsFromFile(outputsFile),
        });
        assert.deepStrictEqual(resolved, {
            trigger: "health-check",
            regionalStacks: ["primary", "secondary"],
            target,
        });
    });

    it("rejects a region the global stack does not route", async () => {
        await assert.rejects(
            resolveTarget({
                projectDir: root,
                globalStack: "global",
                region: "eu-west-1",
                readOutputs: outputsFromFile(outputsFile),
            }),
            {
                message:
                    "--region eu-west-1 is not routed by global; its regions: us-east-1, us-west-2",
            },
        );
    });

    it("expects detection plus traffic shift from the failover budget", async () => {
        // 10 s interval × 3 failures + 6 s probe timeout, then the alias's 60 s TTL + 60 s propagation.
        assert.deepStrictEqual(
            await modelExpectation(root, "global", ["primary", "secondary"], "health-check"),
            {
                seconds: 156,
                source: "failover budget detection 36 s + traffic-shift 120 s",
            },
        );
    });
});

describe("npm run drill", () => {
    const run = async (argv: string[]) => {
        let stdout = "";
        let stderr = "";
        const route53 = mockClient(Route53Client);
        try {
            const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
            // A journal of its own: the project's .drill/journal.json is never read or restored.
            const code = await drillMain(
                [...argv, "--journal", tmpJournal()],
                { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
                {
                    deps,
                    factory: async () => {
                        throw new Error("the Automation API must not be used with --outputs");
                    },
                },
            );
            return { code, stdout, stderr, calls: route53.calls().length };
        } finally {
            route53.restore();
        }
    };

    it("--dry-run prints the plan and calls no AWS API", async () => {
        const { code, stdout, calls } = await run([
            "--region",
            "us-east-1",
            "--dry-run",
            "--outputs",
            outputsFile,
            "--expected-seconds",
            "156",
        ]);
        assert.strictEqual(code, 0);
        assert.strictEqual(calls, 0);
        assert.strictEqual(
            stdout,
            [
                "dry run: nothing is called. The drill would take us-east-1 out of app.example.com (health-check):",
                "  0. resolve app-use1.us-east-1.elb.amazonaws.com and check that route53 TestDNSAnswer Z0000000000000000000 app.example.com A includes it",
                "  1. route53 GetHealthCheck hc-use1 (must not be inverted already)",
                "  2. route53 UpdateHealthCheck hc-use1 Inverted=true",
                "  3. every 10 s until app.example.com answers without us-east-1 or 600 s pass: route53 GetHealthCheckStatus hc-use1, route53 TestDNSAnswer Z0000000000000000000 app.example.com A",
                "  4. restore, always: route53 UpdateHealthCheck hc-use1 Inverted=false",
                "expected: at most 156 s (--expected-seconds)",
                "",
            ].join("\n"),
        );
    });

    it("--dry-run says what a left-over journal would undo first, and calls nothing", async () => {
        const file = tmpJournal();
        new Journal(file).record(
            { kind: "health-check-inverted", healthCheckId: "hc-use1" },
            "inverted health check hc-use1",
            999_999,
        );
        const route53 = mockClient(Route53Client);
        try {
            const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
            let stdout = "";
            const code = await drillMain(
                [
                    "--region",
                    "us-east-1",
                    "--dry-run",
                    "--outputs",
                    outputsFile,
                    "--expected-seconds",
                    "156",
                    "--journal",
                    file,
                ],
                { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t) },
                { deps, factory: async () => assert.fail("not used") },
            );
            assert.strictEqual(code, 0, stdout);
            assert.ok(
                stdout.startsWith(
                    `journal ${file}: a previous drill left 1 change(s) to undo\n  would first un-invert Route 53 health check hc-use1: aws route53 update-health-check --health-check-id hc-use1 --no-inverted\ndry run: nothing is called.`,
                ),
                stdout,
            );
            assert.strictEqual(route53.calls().length, 0);
            assert.strictEqual(new Journal(file).entries().length, 1);
        } finally {
            route53.restore();
        }
    });

    it("writes the report as JSON with --out", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "drill-")), "drill.json");
        const route53 = mockClient(Route53Client);
        route53
            .on(GetHealthCheckCommand)
            .resolves({ HealthCheck: { HealthCheckConfig: { Inverted: false } } } as never);
        route53
            .on(TestDNSAnswerCommand)
            .resolvesOnce(dnsAnswer(primaryIps))
            .resolves(dnsAnswer(secondaryIps));
        route53.on(GetHealthCheckStatusCommand).resolves(observations("Failure: Inverted"));
        route53.on(UpdateHealthCheckCommand).resolves({});
        try {
            const { deps } = fakeDeps(new Route53Client({ region: "us-east-1" }));
            let stdout = "";
            const code = await drillMain(
                [
                    "--region",
                    "us-east-1",
                    "--outputs",
                    outputsFile,
                    "--expected-seconds",
                    "156",
                    "--out",
                    out,
                    "--journal",
                    tmpJournal(),
                ],
                { stdout: (t) => (stdout += t), stderr: () => undefined },
                { deps, factory: async () => assert.fail("not used") },
            );
            assert.strictEqual(code, 0, stdout);
            const report = JSON.parse(fs.readFileSync(out, "utf8"));
            assert.strictEqual(report.outcome, "passed");
            assert.strictEqual(report.failoverSeconds, 0);
            assert.deepStrictEqual(report.expected, { seconds: 156, source: "--expected-seconds" });
            assert.deepStrictEqual(
                report.timeline.map((e: { phase: string }) => e.phase),
                ["baseline", "triggered", "checkers", "traffic-moved", "restored"],
            );
        } finally {
            route53.restore();
        }
    });

    const usageErrors: [string[], string][] = [
        [[], "error: --region is required: the region whose loss to simulate\n"],
        [
            ["--region", "us-east-1", "--timeout", "soon"],
            'error: --timeout "soon" is not a positive number of seconds\n',
        ],
        [
            ["--region", "us-east-1", "--trigger", "dns"],
            'error: --trigger "dns" is not supported; use health-check or routing-control\n',
        ],
        [
            ["--region", "us-east-1", "--outputs", "/nonexistent.json"],
            "error: --outputs /nonexistent.json: ENOENT: no such file or directory, open '/nonexistent.json'\n",
        ],
    ];
    for (const [argv, message] of usageErrors) {
        it(`exits 2: ${argv.join(" ") || "(no arguments)"}`, async () => {
            const { code, stderr, calls } = await run(argv);
            assert.strictEqual(code, 2);
            assert.strictEqual(stderr, message);
            assert.strictEqual(calls, 0);
        });
    }
});
