import * as assert from "assert";
import { alarmTopicSubscriptions } from "../../policies/policies";
import { runProject } from "../helpers/engine";
import { FixtureResource, runStackPolicy, unknownString, urnOf, withChange } from "./harness";
import { evaluateRecords } from "./offline";

const alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";
const topicArn = "arn:aws:sns:us-east-1:123456789012:app-alarms-1a2b3c";
const fix =
    "In this project set alerts.email, alerts.httpsEndpoints or alerts.topicArn (an existing, subscribed topic); in another program add an aws.sns.TopicSubscription to the topic or point the alarm at a topic that has one.";

/** A compliant stack: an alarm notifying a topic that has an email subscription. */
const topic: FixtureResource = {
    type: "aws:sns/topic:Topic",
    name: "app-alarms",
    props: { arn: topicArn, name: "app-alarms-1a2b3c" },
};
const subscription: FixtureResource = {
    type: "aws:sns/topicSubscription:TopicSubscription",
    name: "app-alarms-email-0a1b2c3d",
    props: { topic: topicArn, protocol: "email", endpoint: "oncall@example.com" },
    propertyDependencies: { topic: ["app-alarms"] },
};
const alarm: FixtureResource = {
    type: alarmType,
    name: "app-target-5xx",
    props: {
        name: "app-target-5xx-9f8e7d",
        alarmActions: [topicArn],
        okActions: [topicArn],
    },
    propertyDependencies: { alarmActions: ["app-alarms"], okActions: ["app-alarms"] },
};
const baseline = [topic, subscription, alarm];

const run = (resources: FixtureResource[], config: Record<string, unknown> = {}) =>
    runStackPolicy(alarmTopicSubscriptions, resources, config);

const unsubscribed = `Subscribe someone to SNS topic "app-alarms" (${topicArn}): alarm "app-target-5xx" (app-target-5xx-9f8e7d) notifies it and the topic has no subscription in this deployment, so the alarm reaches nobody. ${fix} (This analysis saw only this stack: a subscription in another stack of the project is not counted unless the pack gets that stack's facts through its deployment config.)`;

describe("alarm-topic-subscriptions", () => {
    it("passes the compliant baseline", async () => {
        assert.deepStrictEqual(await run(baseline), { violations: [], urns: [] });
    });

    it("reports an alarm whose topic has no subscription, on the alarm", async () => {
        assert.deepStrictEqual(await run([topic, alarm]), {
            violations: [unsubscribed],
            urns: [urnOf(alarmType, "app-target-5xx")],
        });
    });

    it("finds the topic by ARN when the program passed a plain string", async () => {
        const byArn = withChange(alarm, "propertyDependencies", undefined);
        const bareSubscription = withChange(subscription, "propertyDependencies", undefined);
        assert.deepStrictEqual((await run([topic, byArn])).violations, [unsubscribed]);
        assert.deepStrictEqual((await run([topic, bareSubscription, byArn])).violations, []);
    });

    it("finds the subscription by its topic dependency while ARNs are unknown (preview)", async () => {
        const unknownTopic = withChange(topic, "props.arn", unknownString);
        const unknownSub = withChange(subscription, "props.topic", unknownString);
        const unknownAlarm = withChange(
            withChange(alarm, "props.alarmActions", [unknownString]),
            "props.okActions",
            [unknownString],
        );
        assert.deepStrictEqual(
            (await run([unknownTopic, unknownSub, unknownAlarm])).violations,
            [],
        );
        assert.deepStrictEqual((await run([unknownTopic, unknownAlarm])).violations, [
            `Subscribe someone to SNS topic "app-alarms": alarm "app-target-5xx" (app-target-5xx-9f8e7d) notifies it and the topic has no subscription in this deployment, so the alarm reaches nobody. ${fix} (This analysis saw only this stack: a subscription in another stack of the project is not counted unless the pack gets that stack's facts through its deployment config.)`,
        ]);
    });

    it("counts an existing topic (not created in the deployment) as subscribed", async () => {
        const existing = withChange(alarm, "propertyDependencies", undefined);
        assert.deepStrictEqual(
            (
                await run([
                    withChange(
                        withChange(existing, "props.alarmActions", [
                            "arn:aws:sns:us-east-1:123456789012:oncall",
                        ]),
                        "props.okActions",
                        undefined,
                    ),
                ])
            ).violations,
            [],
        );
    });

    it("reports an alarm with no action at all", async () => {
        const silent = withChange(
            withChange(withChange(alarm, "props.alarmActions", []), "props.okActions", undefined),
            "propertyDependencies",
            undefined,
        );
        assert.deepStrictEqual(await run([silent]), {
            violations: [
                `Give alarm "app-target-5xx" (app-target-5xx-9f8e7d) an alarm action: it has none, so when it fires nobody hears of it. ${fix} To keep it silent on purpose (a standby expected to be in ALARM), set actionsEnabled to false.`,
            ],
            urns: [urnOf(alarmType, "app-target-5xx")],
        });
    });

    it("does not judge an alarm whose actions are disabled on purpose", async () => {
        const disabled = withChange(alarm, "props.actionsEnabled", false);
        assert.deepStrictEqual((await run([topic, disabled])).violations, []);
    });

    it("does not report an action-less alarm a Route 53 health check or composite alarm watches", async () => {
        const silent = withChange(
            withChange(withChange(alarm, "props.alarmActions", []), "props.okActions", undefined),
            "propertyDependencies",
            undefined,
        );
        const check: FixtureResource = {
            type: "aws:route53/healthCheck:HealthCheck",
            name: "routing-us-east-1",
            props: {
                type: "CLOUDWATCH_METRIC",
                cloudwatchAlarmName: "app-target-5xx-9f8e7d",
                cloudwatchAlarmRegion: "us-east-1",
            },
        };
        assert.deepStrictEqual((await run([silent, check])).violations, []);
        const composite: FixtureResource = {
            type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
            name: "region-down",
            props: {
                alarmName: "region-down",
                alarmRule: 'ALARM("app-target-5xx-9f8e7d") OR ALARM("other")',
                alarmActions: [topicArn],
            },
        };
        assert.deepStrictEqual(
            (await run([topic, subscription, silent, composite])).violations,
            [],
        );
        assert.deepStrictEqual(
            (await run([silent, withChange(check, "props.cloudwatchAlarmName", "other")]))
                .violations.length,
            1,
        );
    });

    it("judges composite alarms' actions like metric alarms'", async () => {
        const composite: FixtureResource = {
            type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
            name: "region-down",
            props: { alarmRule: 'ALARM("a")', alarmActions: [topicArn] },
        };
        assert.deepStrictEqual((await run([topic, composite])).violations, [
            `Subscribe someone to SNS topic "app-alarms" (${topicArn}): alarm "region-down" notifies it and the topic has no subscription in this deployment, so the alarm reaches nobody. ${fix} (This analysis saw only this stack: a subscription in another stack of the project is not counted unless the pack gets that stack's facts through its deployment config.)`,
        ]);
    });

    it("counts a subscription in another stack of the deployment", async () => {
        const deployment = {
            self: "app",
            stacks: [
                {
                    stack: "platform",
                    fullName: "org/proj/platform",
                    resources: [
                        {
                            urn: "urn:pulumi:platform::proj::aws:sns/topicSubscription:TopicSubscription::pager",
                            type: "aws:sns/topicSubscription:TopicSubscription",
                            name: "pager",
                            region: "us-east-1",
                            props: { topic: topicArn, protocol: "https" },
                        },
                    ],
                },
                { stack: "app", fullName: "org/proj/app", resources: [] },
            ],
        };
        assert.deepStrictEqual((await run([topic, alarm], { deployment })).violations, []);
        const elsewhere = structuredClone(deployment);
        elsewhere.stacks[0].resources = [];
        assert.deepStrictEqual((await run([topic, alarm], { deployment: elsewhere })).violations, [
            unsubscribed.replace(/ \(This analysis saw only this stack[^)]*\.\)$/, ""),
        ]);
    });

    it("is not applicable to a stack without alarms", async () => {
        assert.strictEqual(
            (await run([topic, subscription])).notApplicable,
            "the stack has no CloudWatch alarms",
        );
    });
});

/** `found` has one line per `prefixes` entry, in order, each starting with it. */
function assertPrefixes(found: string[], prefixes: string[]) {
    assert.deepStrictEqual(
        found.map((f, i) => (f.startsWith(prefixes[i] ?? "\0") ? prefixes[i] : f)),
        prefixes,
    );
}

describe("alarm-topic-subscriptions over this project", function () {
    this.timeout(300_000);
    const ours = async (overrides: string[]) =>
        (await evaluateRecords(await runProject({ overrides })))
            .filter((v) => v.policy === "alarm-topic-subscriptions")
            .map((v) => `${v.level} ${v.resource}: ${v.message.split(":")[0]}`)
            .sort();
    const canaries = ["mrf-alb-use1", "mrf-alb-usw2", "mrf-pub-use1", "mrf-pub-usw2"].map(
        (c) => `advisory ${c}: Give alarm "${c}" (${c}-`,
    );

    it("warns (advisory) for every alarm when alerts is unset, as in Pulumi.*.yaml", async () => {
        const found = await ours([]);
        const topic = (region: string, alarm: string) =>
            `advisory app-${region}-${alarm}: Subscribe someone to SNS topic "app-${region}-alarms" (arn`;
        const expected = [
            ...["us-east-1", "us-west-2"].flatMap((r) =>
                ["elb-5xx", "target-5xx", "unhealthy-hosts"].map((a) => topic(r, a)),
            ),
            ...["us-east-1", "us-west-2"].map(
                (r) =>
                    `advisory routing-health-${r}: Subscribe someone to SNS topic "routing-health-alarms" (arn`,
            ),
            ...canaries,
        ].sort();
        assertPrefixes(found, expected);
    });

    it("with alerts set, every alarm reaches someone: no warning", async () => {
        assert.deepStrictEqual(await ours(['alerts.email=["oncall@example.com"]']), []);
    });
});
