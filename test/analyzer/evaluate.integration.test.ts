import * as assert from "assert";
import * as fs from "fs";
import * as http2 from "http2";
import * as os from "os";
import * as path from "path";
import { AnalyzerClient } from "../../check/analyzer/client";
import { packReceiveWindowBytes, packV8Threads } from "../../check/analyzer/pack-process";
import {
    StackRequest,
    analyzerResources,
    evaluatePack,
    runAndEvaluate,
} from "../../check/analyzer/evaluate";
import { runStacks } from "../../check/engine/engine";
import { rejection, runProject } from "../helpers/engine";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { eventually } from "../helpers/processes";

const fixtures = path.join(__dirname, "..", "fixtures");
const packDir = path.join(fixtures, "pack-fixture");

describe("analyzer protocol", () => {
    it("evaluates a real pack over gRPC with the CLI's config defaults", async () => {
        const records = await runStacks({ projectDir: path.join(fixtures, "two-topics") });
        const result = await evaluatePack(records, packDir);
        assert.deepStrictEqual(
            result.pack.policies.map((p) => [p.name, p.enforcementLevel, p.kind, p.severity]),
            [
                ["topic-encrypted", "mandatory", "resource", "high"],
                ["max-topics", "advisory", "stack", ""],
            ],
        );
        assert.deepStrictEqual(result.config, {
            "topic-encrypted": { enforcementLevel: "mandatory", properties: {} },
            "max-topics": { enforcementLevel: "advisory", properties: { maxTopics: 1 } },
        });
        assert.deepStrictEqual(
            result.violations.map((v) => [
                v.policy,
                v.enforcementLevel,
                v.message,
                v.urn,
                v.resourceName,
            ]),
            [
                [
                    "topic-encrypted",
                    "mandatory",
                    "Topic has no kmsMasterKeyId.",
                    "urn:pulumi:dev::two-topics::aws:sns/topic:Topic::plain",
                    "plain",
                ],
                [
                    "max-topics",
                    "advisory",
                    "2 topics in us-east-1 exceed maxTopics 1.",
                    "",
                    undefined,
                ],
            ],
        );
        assert.strictEqual(result.violations[0].description, "SNS topics are encrypted with KMS.");
    });

    it("applies a policy config file: a level and a threshold", async () => {
        const records = await runStacks({ projectDir: path.join(fixtures, "two-topics") });
        const result = await evaluatePack(records, packDir, {
            "topic-encrypted": "disabled",
            "max-topics": { enforcementLevel: "mandatory", maxTopics: 3 },
        });
        assert.deepStrictEqual(result.violations, []);
        const stricter = await evaluatePack(records, packDir, {
            "max-topics": { enforcementLevel: "mandatory" },
        });
        assert.deepStrictEqual(
            stricter.violations.map((v) => [v.policy, v.enforcementLevel]),
            [
                ["topic-encrypted", "mandatory"],
                ["max-topics", "mandatory"],
            ],
        );
    });

    it("calls Analyze for each resource only while an enabled policy can answer it", async () => {
        const records = await runStacks({ projectDir: path.join(fixtures, "two-topics") });
        const analyzed: string[][] = [];
        const analyze = AnalyzerClient.prototype.analyze;
        /** The URNs Analyze was called for, and the policies of the violations. */
        const evaluate = async (pack: string, userConfig: unknown) => {
            const urns: string[] = [];
            analyzed.push(urns);
            AnalyzerClient.prototype.analyze = function (resource) {
                urns.push(resource.urn);
                return analyze.call(this, resource);
            };
            try {
                const result = await evaluatePack(records, pack, userConfig);
                return {
                    urns,
                    policies: result.violations.map((v) => v.policy),
                    kinds: new Set(result.pack.policies.map((p) => p.kind)),
                };
            } finally {
                AnalyzerClient.prototype.analyze = analyze;
            }
        };
        const topics = records[0].resources
            .filter((r) => r.type === "aws:sns/topic:Topic")
            .map((r) => r.urn);
        // The fixture's resource policy asks for each resource (its default provider first).
        const asked = await evaluate(packDir, {});
        assert.deepStrictEqual(asked.policies, ["topic-encrypted", "max-topics"]);
        assert.deepStrictEqual(asked.urns.slice(1), topics);
        assert.match(asked.urns[0], /::pulumi:providers:aws::default_7_48_0$/);
        // Disabled, it can say nothing: no call, and the stack policy still answers.
        const disabled = await evaluate(packDir, { "topic-encrypted": "disabled" });
        assert.deepStrictEqual(disabled.urns, []);
        assert.deepStrictEqual(disabled.policies, ["max-topics"]);
        // This project's pack has stack policies only.
        const ours = await evaluate(path.join(__dirname, "..", "..", "policies"), {});
        assert.deepStrictEqual([...ours.kinds], ["stack"]);
        assert.deepStrictEqual(ours.urns, []);
    });

    it("rejects a config that names an unknown setting", async () => {
        const records = await runStacks({ projectDir: path.join(fixtures, "two-topics") });
        const message = await rejection(
            evaluatePack(records, packDir, { "max-topics": { maxTopic: 3 } }),
        );
        assert.strictEqual(
            message,
            'invalid policy config: "max-topics".maxTopic: not a setting of this policy; settings: maxTopics',
        );
    });

    it("reports a pack that cannot start", async () => {
        const message = await rejection(evaluatePack([], path.join(fixtures, "two-topics")));
        assert.strictEqual(
            message,
            `policy pack ${path.join(fixtures, "two-topics")} has no package.json (the SDK reads its version)`,
        );
    });

    it("runs the check's own work once beside the pack's last AnalyzeStack, with every stack and the config", async () => {
        const calls: { stacks: string[]; config: unknown }[] = [];
        const result = await runAndEvaluate(
            { projectDir: path.join(fixtures, "two-topics") },
            packDir,
            { "max-topics": { maxTopics: 3 } },
            (records, config) => {
                calls.push({ stacks: records.map((r) => r.stack), config });
                return "budget";
            },
        );
        assert.strictEqual(result.alongside, "budget");
        assert.deepStrictEqual(calls, [{ stacks: ["dev"], config: result.evaluation.config }]);
        assert.deepStrictEqual(result.evaluation.config["max-topics"], {
            enforcementLevel: "advisory",
            properties: { maxTopics: 3 },
        });
        assert.deepStrictEqual(
            result.evaluation.violations.map((v) => v.policy),
            ["topic-encrypted"],
        );
    });

    it("ends the evaluation with the error of the work beside it, and stops the pack", async () => {
        const message = await rejection(
            runAndEvaluate({ projectDir: path.join(fixtures, "two-topics") }, packDir, {}, () => {
                throw new Error("usage.requestsPerMonth: -1 must be a number ≥ 0");
            }),
        );
        assert.strictEqual(message, "usage.requestsPerMonth: -1 must be a number ≥ 0");
    });

    it("starts the pack with an HTTP/2 window that takes a large AnalyzeStack in one send", async () => {
        const client = await AnalyzerClient.start(packDir);
        const session = http2.connect(`http://127.0.0.1:${client.port}`);
        try {
            const settings = await new Promise<http2.Settings>((resolve) =>
                session.once("remoteSettings", resolve),
            );
            assert.strictEqual(settings.initialWindowSize, packReceiveWindowBytes);
            // The connection's window follows in a WINDOW_UPDATE after the settings.
            await eventually(() => session.state.remoteWindowSize === packReceiveWindowBytes);
            assert.strictEqual(session.state.remoteWindowSize, packReceiveWindowBytes);
        } finally {
            session.close();
            await client.close();
        }
    });

    it("starts the pack with one V8 background thread per four cores", async () => {
        const client = await AnalyzerClient.start(packDir);
        try {
            const argv = fs.readFileSync(`/proc/${client.pid}/cmdline`, "utf8").split("\0");
            assert.strictEqual(
                argv.filter((arg) => arg.startsWith("--v8-pool-size")).join(" "),
                `--v8-pool-size=${packV8Threads(os.availableParallelism())}`,
            );
        } finally {
            await client.close();
        }
    });

    it("builds each stack's AnalyzeStack request as its resources register, byte for byte the one built at the end", async () => {
        // This project's stacks: explicit providers in several regions, the default provider,
        // components, parents, dependencies and property dependencies.
        const records = await runProject();
        assert.deepStrictEqual(
            records.map((r) => r.stack),
            ["primary", "secondary", "global"],
        );
        for (const record of records) {
            const streamed = new StackRequest(record);
            record.resources.forEach((r) => streamed.add(r));
            const atTheEnd = new analyzerPb.AnalyzeStackRequest();
            atTheEnd.setResourcesList(analyzerResources(record).map(message));
            assert.ok(
                Buffer.concat(streamed.finish(record)).equals(
                    Buffer.from(atTheEnd.serializeBinary()),
                ),
                `stack ${record.stack}`,
            );
        }
    });
});

/** An AnalyzeStack resource, field by field as the analyzer protocol defines it. */
function message(r: ReturnType<typeof analyzerResources>[number]): analyzerPb.AnalyzerResource {
    const res = new analyzerPb.AnalyzerResource();
    res.setType(r.type);
    res.setUrn(r.urn);
    res.setName(r.name);
    res.setProperties(Struct.fromJavaScript(r.properties as Record<string, never>));
    const options = new analyzerPb.AnalyzerResourceOptions();
    options.setProtect(r.protect);
    if (r.parent) {
        options.setParent(r.parent);
        res.setParent(r.parent);
    }
    res.setOptions(options);
    if (r.provider) {
        const provider = new analyzerPb.AnalyzerProviderResource();
        provider.setType(r.provider.type);
        provider.setUrn(r.provider.urn);
        provider.setName(r.provider.name);
        provider.setProperties(
            Struct.fromJavaScript(r.provider.properties as Record<string, never>),
        );
        res.setProvider(provider);
    }
    res.setDependenciesList(r.dependencies);
    for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const deps = new analyzerPb.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        res.getPropertydependenciesMap().set(key, deps);
    }
    return res;
}
