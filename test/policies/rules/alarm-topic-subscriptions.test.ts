/**
 * alarm-topic-subscriptions in the fast tier (issue #30: its mutants had no fast test; the
 * policy was exercised only through the pack's process). Each test changes one thing about an
 * alarm, its topic or its subscription and asserts the exact violations.
 */
import * as assert from "assert";
import { alarmTopicSubscriptions } from "../../../policies/policies";
import { FixtureResource, runStackPolicy, unknownString } from "../harness";

const topicArn = "arn:aws:sns:us-east-1:123456789012:alerts";
const topic: FixtureResource = {
    type: "aws:sns/topic:Topic",
    name: "alerts",
    props: { arn: topicArn, name: "alerts" },
};
const alarm = (
    props: Record<string, unknown>,
    deps?: Record<string, string[]>,
): FixtureResource => ({
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    name: "api-errors",
    props: { name: "api-errors", metricName: "5XXError", ...props },
    ...(deps ? { propertyDependencies: deps } : {}),
});
const subscription = (
    props: Record<string, unknown>,
    deps?: Record<string, string[]>,
): FixtureResource => ({
    type: "aws:sns/topicSubscription:TopicSubscription",
    name: "oncall",
    props: { protocol: "email", endpoint: "oncall@example.com", ...props },
    ...(deps ? { propertyDependencies: deps } : {}),
});

const fix =
    "In this project set alerts.email, alerts.httpsEndpoints or alerts.topicArn (an existing, subscribed topic); in another program add an aws.sns.TopicSubscription to the topic or point the alarm at a topic that has one.";
const unseen =
    " (This analysis saw only this stack: a subscription in another stack of the project is not counted unless the pack gets that stack's facts through its deployment config.)";
const silent = (label: string) =>
    `Give ${label} an alarm action: it has none, so when it fires nobody hears of it. ${fix} To keep it silent on purpose (a standby expected to be in ALARM), set actionsEnabled to false.`;
const unsubscribed = (label: string, withArn = true) =>
    `Subscribe someone to SNS topic "alerts"${withArn ? ` (${topicArn})` : ""}: ${label} notifies it and the topic has no subscription in this deployment, so the alarm reaches nobody. ${fix}${unseen}`;

const violations = async (resources: FixtureResource[]) =>
    (await runStackPolicy(alarmTopicSubscriptions, resources)).violations;

describe("alarm-topic-subscriptions", () => {
    it("is not applicable without alarms", async () =>
        assert.strictEqual(
            (await runStackPolicy(alarmTopicSubscriptions, [topic])).notApplicable,
            "the stack has no CloudWatch alarms",
        ));
    it("passes an alarm whose topic (by ARN) has a subscription by ARN or by dependency", async () => {
        assert.deepStrictEqual(
            await violations([
                topic,
                alarm({ alarmActions: [topicArn] }),
                subscription({ topic: topicArn }),
            ]),
            [],
        );
        assert.deepStrictEqual(
            await violations([
                topic,
                alarm({ alarmActions: [topicArn] }),
                subscription({}, { topic: ["alerts"] }),
            ]),
            [],
        );
    });
    it("flags an alarm whose topic, named by ARN in any action list, has no subscription", async () => {
        for (const key of ["alarmActions", "okActions", "insufficientDataActions"]) {
            assert.deepStrictEqual(
                await violations([topic, alarm({ [key]: [topicArn] })]),
                [unsubscribed('alarm "api-errors"')],
                key,
            );
        }
    });
    it("flags a topic the alarm got from the topic's output, and passes it once subscribed", async () => {
        const byDependency = alarm({ alarmActions: [topicArn] }, { alarmActions: ["alerts"] });
        assert.deepStrictEqual(await violations([topic, byDependency]), [
            unsubscribed('alarm "api-errors"'),
        ]);
        assert.deepStrictEqual(
            await violations([topic, byDependency, subscription({ topic: topicArn })]),
            [],
        );
        assert.deepStrictEqual(
            await violations([topic, byDependency, subscription({}, { topic: ["alerts"] })]),
            [],
        );
        const noArn = { ...topic, props: { name: "alerts" } };
        assert.deepStrictEqual(await violations([noArn, alarm({}, { alarmActions: ["alerts"] })]), [
            unsubscribed('alarm "api-errors"', false),
        ]);
    });
    it("leaves topics the deployment did not create, and actions that are not topics", async () => {
        assert.deepStrictEqual(
            await violations([
                alarm({ alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"] }),
            ]),
            [],
        );
        assert.deepStrictEqual(
            await violations([
                topic,
                alarm({
                    alarmActions: ["arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x"],
                }),
            ]),
            [],
        );
        assert.deepStrictEqual(
            await violations([topic, alarm({ alarmActions: [`x${topicArn}`] })]),
            [],
        );
    });
    it("flags an alarm without actions, naming its AWS name when it differs", async () => {
        assert.deepStrictEqual(await violations([alarm({})]), [silent('alarm "api-errors"')]);
        assert.deepStrictEqual(await violations([alarm({ name: "API errors" })]), [
            silent('alarm "api-errors" (API errors)'),
        ]);
        assert.deepStrictEqual(await violations([alarm({ alarmActions: [] })]), [
            silent('alarm "api-errors"'),
        ]);
    });
    it("passes an alarm without actions that a health check watches or a composite alarm combines", async () => {
        const check: FixtureResource = {
            type: "aws:route53/healthCheck:HealthCheck",
            name: "hc",
            props: { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "api-errors" },
        };
        assert.deepStrictEqual(await violations([alarm({}), check]), []);
        const composite = (rule: string): FixtureResource => ({
            type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
            name: "composite",
            props: {
                alarmName: "composite",
                alarmRule: rule,
                alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
            },
        });
        for (const rule of [
            'ALARM("api-errors")',
            "ALARM(api-errors) OR OK(other)",
            'ALARM( "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-errors" )',
        ]) {
            assert.deepStrictEqual(await violations([alarm({}), composite(rule)]), [], rule);
        }
        assert.deepStrictEqual(await violations([alarm({}), composite('ALARM("other")')]), [
            silent('alarm "api-errors"'),
        ]);
    });
    it("judges a composite alarm by its alarmName", async () =>
        assert.deepStrictEqual(
            await violations([
                {
                    type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
                    name: "composite",
                    props: { alarmName: "Region down", alarmRule: 'ALARM("a")' },
                },
            ]),
            [silent('alarm "composite" (Region down)')],
        ));
    it("does not judge an alarm whose actions are disabled", async () =>
        assert.deepStrictEqual(
            await violations([
                topic,
                alarm({ actionsEnabled: false, alarmActions: [topicArn] }),
                alarm({ actionsEnabled: false }),
            ]),
            [],
        ));

    describe("only resources of the right type count", () => {
        it("a resource that is not a subscription, naming the topic, subscribes nobody", async () =>
            assert.deepStrictEqual(
                await violations([
                    topic,
                    alarm({ alarmActions: [topicArn] }),
                    {
                        ...subscription({ topic: topicArn }),
                        type: "aws:sns/topicPolicy:TopicPolicy",
                    },
                ]),
                [unsubscribed('alarm "api-errors"')],
            ));
        it("a resource that is not a composite alarm, with an alarm rule, consumes no alarm", async () =>
            assert.deepStrictEqual(
                await violations([
                    alarm({}),
                    {
                        type: "aws:cloudwatch/eventRule:EventRule",
                        name: "rule",
                        props: { alarmRule: 'ALARM("api-errors")' },
                    },
                ]),
                [silent('alarm "api-errors"')],
            ));
        it("a resource with the topic's ARN that is not a topic is not the topic", async () =>
            assert.deepStrictEqual(
                await violations([
                    {
                        type: "aws:sns/topicPolicy:TopicPolicy",
                        name: "policy",
                        props: { arn: topicArn },
                    },
                    topic,
                    alarm({ alarmActions: [topicArn] }),
                ]),
                [unsubscribed('alarm "api-errors"')],
            ));
        it("an action output that came from a resource other than a topic is not a topic", async () =>
            assert.deepStrictEqual(
                await violations([
                    topic,
                    {
                        type: "aws:iam/role:Role",
                        name: "role",
                        props: { arn: "arn:aws:iam::1:role/r" },
                    },
                    alarm({ alarmActions: [topicArn] }, { alarmActions: ["role"] }),
                    subscription({ topic: topicArn }),
                ]),
                [],
            ));
        it("the topic an action names is found by its ARN, not taken as the first topic", async () => {
            const otherArn = "arn:aws:sns:us-east-1:123456789012:other";
            assert.deepStrictEqual(
                await violations([
                    { ...topic, name: "other", props: { arn: otherArn, name: "other" } },
                    topic,
                    alarm({ alarmActions: [topicArn] }),
                ]),
                [unsubscribed('alarm "api-errors"')],
            );
        });
        it("an alarm whose name is not known yet raises the SDK's unknown error", async () =>
            assert.rejects(
                violations([topic, alarm({ name: unknownString, alarmActions: [topicArn] })]),
                /can't be known during preview/,
            ));
    });
});
