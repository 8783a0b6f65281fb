import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import {
    FisClient,
    GetExperimentCommand,
    ListExperimentsCommand,
    StartExperimentCommand,
    StopExperimentCommand,
} from "@aws-sdk/client-fis";
import { Route53Client, TestDNSAnswerCommand } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { mockClient } from "aws-sdk-client-mock";
import { drillMain } from "../../drill/cli";
import { FisDeps, FisTarget, fisExitCode, runFisDrill } from "../../drill/fis";
import { Journal } from "../../drill/journal";

const root = path.resolve(__dirname, "../..");
const target: FisTarget = {
    region: "us-east-1",
    experimentTemplateId: "EXT123",
    canaries: [
        { name: "mrf-pub-use1", region: "us-east-1", checks: "public" },
        { name: "mrf-alb-use1", region: "us-west-2", checks: "us-east-1" },
    ],
    dns: {
        domain: "app.example.com",
        hostedZoneId: "Z0000000000000000000",
        regionTarget: "app-use1.us-east-1.elb.amazonaws.com",
    },
};
const experiment = (status: string, reason?: string) => ({
    experiment: { id: "EXP1", experimentTemplateId: "EXT123", state: { status, reason } },
});
const answer = (ip: string) => ({
    Nameserver: "ns",
    RecordName: "app.example.com",
    RecordType: "A" as const,
    RecordData: [ip],
    ResponseCode: "NOERROR",
    Protocol: "UDP",
});

interface LooseBehavior {
    resolves(value: unknown): LooseBehavior;
    resolvesOnce(value: unknown): LooseBehavior;
    rejects(error: unknown): LooseBehavior;
    callsFake(fake: () => unknown): LooseBehavior;
}
interface LooseMock {
    on(command: unknown): LooseBehavior;
    reset(): void;
    restore(): void;
    calls(): { args: unknown[] }[];
}

function sent(mock: { calls(): { args: unknown[] }[] }): [string, unknown][] {
    return mock.calls().map((c) => {
        const command = c.args[0] as { constructor: { name: string }; input: unknown };
        return [command.constructor.name, command.input];
    });
}

describe("drill --fis (game day)", () => {
    // client-fis 3.523 is built on older @smithy types than aws-sdk-client-mock 4 declares, so
    // its mock is typed loosely; the behaviour is the same.
    const fis = mockClient(FisClient as never) as unknown as LooseMock;
    const cloudwatch = mockClient(CloudWatchClient);
    const route53 = mockClient(Route53Client);
    let journalFile: string;

    const deps = (onSleep: (n: number, c: AbortController) => void = () => undefined) => {
        let now = Date.parse("2030-01-01T00:00:00Z");
        let sleeps = 0;
        const controller = new AbortController();
        const lines: string[] = [];
        const d: FisDeps = {
            route53: new Route53Client({ region: "us-east-1" }),
            arcClient: (e) => new Route53RecoveryClusterClient({ region: e.region }),
            fisClient: (region) => new FisClient({ region }),
            cloudwatchClient: (region) => new CloudWatchClient({ region }),
            resolve: async () => ["192.0.2.10"],
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
            journal: new Journal(journalFile),
            callTimeoutMs: 1000,
            restoreDeadlineMs: 30_000,
        };
        return { d, controller, lines };
    };

    beforeEach(() => {
        journalFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fis-")), "journal.json");
        fis.reset();
        cloudwatch.reset();
        route53.reset();
        fis.on(StartExperimentCommand).resolves(experiment("initiating"));
        fis.on(StopExperimentCommand).resolves(experiment("stopping"));
        cloudwatch.on(GetMetricStatisticsCommand).resolves({
            Datapoints: [{ Minimum: 100 }, { Minimum: 50 }],
        });
        route53.on(TestDNSAnswerCommand).resolves(answer("192.0.2.10"));
    });
    after(() => {
        fis.restore();
        cloudwatch.restore();
        route53.restore();
    });

    it("starts the experiment, measures DNS and the canaries, and does not stop one that completed", async () => {
        fis.on(GetExperimentCommand)
            .resolvesOnce(experiment("running"))
            .resolvesOnce(experiment("running"))
            .resolves(experiment("completed", "Experiment completed."));
        route53
            .on(TestDNSAnswerCommand)
            .resolvesOnce(answer("192.0.2.10"))
            .resolves(answer("198.51.100.20"));
        const { d } = deps();
        const report = await runFisDrill(target, { timeoutSeconds: 600, intervalSeconds: 10 }, d);

        const fisCalls = sent(fis);
        assert.deepStrictEqual(fisCalls[0][0], "StartExperimentCommand");
        const start = fisCalls[0][1] as {
            experimentTemplateId: string;
            clientToken: string;
            tags: Record<string, string>;
        };
        assert.strictEqual(start.experimentTemplateId, "EXT123");
        assert.deepStrictEqual(start.tags, { "drill-run": start.clientToken });
        assert.deepStrictEqual(
            fisCalls.slice(1).map(([n, i]) => [n, i]),
            [
                ["GetExperimentCommand", { id: "EXP1" }],
                ["GetExperimentCommand", { id: "EXP1" }],
                ["GetExperimentCommand", { id: "EXP1" }],
            ],
        );
        assert.strictEqual(report.outcome, "completed");
        assert.strictEqual(report.dnsMovedSeconds, 10);
        assert.deepStrictEqual(report.canaries, [
            {
                name: "mrf-pub-use1",
                region: "us-east-1",
                checks: "public",
                minSuccessPercent: 50,
                datapoints: 2,
            },
            {
                name: "mrf-alb-use1",
                region: "us-west-2",
                checks: "us-east-1",
                minSuccessPercent: 50,
                datapoints: 2,
            },
        ]);
        assert.deepStrictEqual(
            sent(cloudwatch).map(([, i]) => (i as { Dimensions: unknown }).Dimensions),
            [
                [{ Name: "CanaryName", Value: "mrf-pub-use1" }],
                [{ Name: "CanaryName", Value: "mrf-alb-use1" }],
            ],
        );
        assert.strictEqual(report.stopped, true);
        assert.deepStrictEqual(d.journal.entries(), []);
        assert.strictEqual(fisExitCode(report), 0);
    });

    it("stops the experiment when watching it fails, and says why", async () => {
        fis.on(GetExperimentCommand).rejects(
            Object.assign(new Error("not authorized"), {
                name: "AccessDeniedException",
                $metadata: { httpStatusCode: 403 },
            }),
        );
        const { d } = deps();
        const report = await runFisDrill(target, { timeoutSeconds: 600, intervalSeconds: 10 }, d);

        assert.strictEqual(
            report.error,
            "missing permission fis:GetExperiment on experiment EXP1: not authorized. Grant fis:GetExperiment to the identity running the drill (docs/operations.md lists the policy)",
        );
        assert.deepStrictEqual(sent(fis).at(-1), ["StopExperimentCommand", { id: "EXP1" }]);
        assert.strictEqual(report.stopped, true);
        assert.deepStrictEqual(
            report.timeline.slice(-1).map((e) => [e.phase, e.detail]),
            [["restored", "stopped FIS experiment EXP1"]],
        );
        assert.deepStrictEqual(d.journal.entries(), []);
        assert.strictEqual(fisExitCode(report), 2);
    });

    it("stops the experiment on a signal", async () => {
        fis.on(GetExperimentCommand).resolves(experiment("running"));
        const { d } = deps((n, c) => n === 2 && c.abort("SIGTERM"));
        const report = await runFisDrill(target, { timeoutSeconds: 600, intervalSeconds: 10 }, d);

        assert.strictEqual(report.outcome, "interrupted");
        assert.deepStrictEqual(
            report.timeline.slice(-2).map((e) => [e.phase, e.detail]),
            [
                ["interrupted", "SIGTERM: stopping the experiment"],
                ["restored", "stopped FIS experiment EXP1"],
            ],
        );
        assert.deepStrictEqual(
            sent(fis).filter(([n]) => n === "StopExperimentCommand"),
            [["StopExperimentCommand", { id: "EXP1" }]],
        );
        assert.strictEqual(fisExitCode(report), 130);
    });

    it("stops the experiment when it outlasts --timeout", async () => {
        fis.on(GetExperimentCommand).resolves(experiment("running"));
        const { d } = deps();
        const report = await runFisDrill(target, { timeoutSeconds: 30, intervalSeconds: 10 }, d);
        assert.strictEqual(report.outcome, "timed-out");
        assert.deepStrictEqual(sent(fis).at(-1), ["StopExperimentCommand", { id: "EXP1" }]);
        assert.strictEqual(fisExitCode(report), 1);
    });

    it("reports a stop condition that fired (users saw failures) and stops nothing more", async () => {
        fis.on(GetExperimentCommand).resolves(
            experiment("stopped", "Experiment stopped by stop condition."),
        );
        const { d } = deps();
        const report = await runFisDrill(target, { timeoutSeconds: 600, intervalSeconds: 10 }, d);
        assert.deepStrictEqual(
            [report.outcome, report.experimentReason],
            ["stopped-by-condition", "Experiment stopped by stop condition."],
        );
        assert.deepStrictEqual(
            sent(fis).filter(([n]) => n === "StopExperimentCommand"),
            [],
        );
        assert.strictEqual(fisExitCode(report), 1);
    });

    it("starts nothing and stops nothing when StartExperiment is refused", async () => {
        fis.on(StartExperimentCommand).rejects(
            Object.assign(new Error("bad template"), {
                name: "ValidationException",
                $metadata: { httpStatusCode: 400 },
            }),
        );
        const { d } = deps();
        const report = await runFisDrill(target, { timeoutSeconds: 600, intervalSeconds: 10 }, d);
        assert.strictEqual(
            report.error,
            "fis:StartExperiment on experiment template EXT123 in us-east-1 failed: ValidationException: bad template",
        );
        assert.deepStrictEqual(
            sent(fis).map(([n]) => n),
            ["StartExperimentCommand"],
        );
        assert.deepStrictEqual(d.journal.entries(), []);
        assert.strictEqual(fisExitCode(report), 2);
    });

    it("a lost StartExperiment answer: finds the experiment by its run tag and stops it", async () => {
        fis.on(StartExperimentCommand).rejects(
            Object.assign(new Error("socket hang up"), { name: "Error" }),
        );
        const tag = () => (sent(fis)[0][1] as { tags: Record<string, string> }).tags["drill-run"];
        fis.on(ListExperimentsCommand).callsFake(() => ({
            experiments: [
                {
                    id: "EXP8",
                    experimentTemplateId: "EXT123",
                    state: { status: "running" },
                    tags: { "drill-run": "another-run" },
                },
                {
                    id: "EXP9",
                    experimentTemplateId: "EXT123",
                    state: { status: "running" },
                    tags: { "drill-run": tag() },
                },
                {
                    id: "EXP7",
                    experimentTemplateId: "EXT123",
                    state: { status: "completed" },
                    tags: { "drill-run": tag() },
                },
            ],
        }));
        const { d } = deps();
        const report = await runFisDrill(target, { timeoutSeconds: 600, intervalSeconds: 10 }, d);
        assert.deepStrictEqual(
            sent(fis).map(([n, i]) => (n === "StopExperimentCommand" ? [n, i] : n)),
            [
                "StartExperimentCommand",
                "ListExperimentsCommand",
                ["StopExperimentCommand", { id: "EXP9" }],
            ],
        );
        assert.strictEqual(report.stopped, true);
        assert.deepStrictEqual(d.journal.entries(), []);
    });

    it("a stop that keeps failing leaves the journal (exit 3), and --restore completes it", async () => {
        fis.on(GetExperimentCommand).resolves(experiment("running"));
        fis.on(StopExperimentCommand).rejects(
            Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }),
        );
        const { d, controller } = deps((n, c) => n === 1 && c.abort("SIGINT"));
        const report = await runFisDrill(target, { timeoutSeconds: 600, intervalSeconds: 10 }, d);
        assert.strictEqual(report.stopped, false);
        assert.strictEqual(fisExitCode(report), 3);
        assert.match(
            report.timeline.at(-1)!.detail,
            /^attempt \d+: ThrottlingException: Rate exceeded \(restore deadline passed\)\. experiment EXP1 may still be running: restore it now with `multi-region-failover drill --restore` \(journal .*\) or by hand: aws fis stop-experiment --id EXP1 --region us-east-1$/,
        );
        assert.deepStrictEqual(
            d.journal.entries().map((e) => e.change),
            [
                {
                    kind: "fis-experiment",
                    region: "us-east-1",
                    experimentTemplateId: "EXT123",
                    runTag: (sent(fis)[0][1] as { clientToken: string }).clientToken,
                    experimentId: "EXP1",
                },
            ],
        );
        void controller;

        fis.on(StopExperimentCommand).resolves({});
        let stdout = "";
        const code = await drillMain(
            ["--restore", "--journal", journalFile],
            { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t) },
            {
                deps: { ...d, signal: new AbortController().signal },
                factory: async () => assert.fail("not used"),
            },
        );
        assert.strictEqual(code, 0, stdout);
        assert.deepStrictEqual(sent(fis).at(-1), ["StopExperimentCommand", { id: "EXP1" }]);
        assert.match(
            stdout,
            /^journal .*: a previous drill left 1 change\(s\) to undo\nrestored: stopped FIS experiment EXP1 \(started the FIS experiment template EXT123 in us-east-1, pid \d+, /,
        );
        assert.deepStrictEqual(d.journal.entries(), []);
    });

    it("--fis --dry-run prints the game day and calls nothing", async () => {
        const outputs = path.join(path.dirname(journalFile), "outputs.json");
        fs.writeFileSync(
            outputs,
            JSON.stringify({
                global: {
                    routingMode: "dns-failover",
                    fisTemplateIds: { "us-east-1": "EXT123" },
                    canaries: target.canaries,
                },
                primary: {
                    region: "us-east-1",
                    albDnsName: "app-use1.us-east-1.elb.amazonaws.com",
                },
                secondary: { region: "us-west-2", albDnsName: "b" },
            }),
        );
        const { d } = deps();
        let stdout = "";
        const code = await drillMain(
            [
                "--fis",
                "--region",
                "us-east-1",
                "--dry-run",
                "--outputs",
                outputs,
                "--journal",
                journalFile,
            ],
            { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t) },
            { deps: d, factory: async () => assert.fail("not used") },
        );
        assert.strictEqual(code, 0, stdout);
        assert.strictEqual(
            stdout,
            [
                "dry run: nothing is called. The game day would, in us-east-1:",
                "  1. journal, then fis StartExperiment EXT123 (tag drill-run)",
                "  2. every 10 s until it ends or 600 s pass: fis GetExperiment, route53 TestDNSAnswer Z0000000000000000000 app.example.com A",
                "  3. stop, always (unless it ended on its own): fis StopExperiment",
                "  4. cloudwatch GetMetricStatistics SuccessPercent of mrf-pub-use1 (us-east-1), mrf-alb-use1 (us-west-2)",
                "",
            ].join("\n"),
        );
        assert.deepStrictEqual([fis.calls().length, route53.calls().length], [0, 0]);
        void root;
    });
});
