import * as assert from "assert";
import * as path from "path";
import { evaluatePack } from "../../check/analyzer/evaluate";
import { runStacks } from "../../check/engine/engine";
import { rejection } from "../helpers/engine";

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
});
