import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { closedSchema } from "../lib/config";
import { deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { asBoolean, asString, UnknownTracker, unlessUnknown } from "../lib/props";
import { alarmTypes, healthCheckType, topicSubscriptionType, topicType } from "../lib/types";

/** An SNS topic ARN: `arn:<partition>:sns:<region>:<account>:<name>`. */
const snsArn = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/;

/** What an alarm's actions resolve to, for one alarm. */
export interface AlarmReach {
    /** SNS topics the alarm notifies that nobody in the deployment subscribes to. */
    unsubscribed: { label: string; arn?: string }[];
    /** Whether the alarm has no action at all (and nothing else reads its state). */
    silent: boolean;
}

/**
 * The topics created in the deployment that have a subscription, by URN and by ARN. A topic
 * the deployment did not create (an on-call rotation's, named by ARN) is its owner's business
 * and counts as subscribed.
 */
function subscribedTopics(resources: readonly PolicyResource[]) {
    const urns = new Set<string>();
    const arns = new Set<string>();
    for (const s of resources.filter((r) => r.type === topicSubscriptionType)) {
        for (const dep of s.propertyDependencies?.topic ?? []) {
            urns.add(dep.urn);
        }
        const arn = unlessUnknown(() => asString(s.props.topic), undefined);
        if (arn) {
            arns.add(arn);
        }
    }
    return { urns, arns };
}

/**
 * Alarm names whose state something other than a notification acts on: a Route 53 health
 * check that watches it (traffic moves on it) or a composite alarm that combines it (and is
 * judged itself).
 */
function consumedAlarmNames(resources: readonly PolicyResource[]): Set<string> {
    const names = new Set<string>();
    for (const r of resources) {
        unlessUnknown(() => {
            if (r.type === healthCheckType) {
                const name = asString(r.props.cloudwatchAlarmName);
                if (name) {
                    names.add(name);
                }
            } else if (r.type === alarmTypes[1]) {
                const rule = asString(r.props.alarmRule) ?? "";
                for (const m of rule.matchAll(/\(\s*"?([^"()]+?)"?\s*\)/g)) {
                    names.add(m[1].split(":alarm:").pop()!);
                }
            }
        }, undefined);
    }
    return names;
}

/**
 * Where `alarm`'s notifications go: the topics of its actions that nobody subscribes to, and
 * whether it has no action at all. An alarm whose actions are disabled (`actionsEnabled:
 * false`) is silent on purpose and reaches nobody by design, so it is not judged.
 */
export function alarmReach(
    alarm: PolicyResource,
    resources: readonly PolicyResource[],
): AlarmReach {
    if (asBoolean(alarm.props.actionsEnabled) === false) {
        return { unsubscribed: [], silent: false };
    }
    const actionKeys = ["alarmActions", "okActions", "insufficientDataActions"];
    const actions = actionKeys.flatMap((key) => actionsOf(alarm.props, key));
    const deps = actionKeys.flatMap((key) => alarm.propertyDependencies?.[key] ?? []);
    const name = alarmName(alarm) ?? alarm.name;
    if (actions.length === 0 && deps.length === 0) {
        return {
            unsubscribed: [],
            silent: !consumedAlarmNames(resources).has(name),
        };
    }
    const subscribed = subscribedTopics(resources);
    const topics = resources.filter((r) => r.type === topicType);
    const unsubscribed = new Map<string, { label: string; arn?: string }>();
    // Topics the actions came from, when the program passed a topic's ARN output.
    for (const topic of deps.filter((d) => d.type === topicType)) {
        const arn = unlessUnknown(() => asString(topic.props.arn), undefined);
        if (!subscribed.urns.has(topic.urn) && !(arn && subscribed.arns.has(arn))) {
            unsubscribed.set(topic.urn, { label: topic.name, ...(arn ? { arn } : {}) });
        }
    }
    // Topics named by ARN: one created in the deployment is judged, any other is an existing one.
    for (const action of actions) {
        const arn = action;
        if (!arn || !snsArn.test(arn)) {
            continue;
        }
        const topic = topics.find(
            (t) => unlessUnknown(() => asString(t.props.arn), undefined) === arn,
        );
        if (
            topic &&
            !unsubscribed.has(topic.urn) &&
            !subscribed.urns.has(topic.urn) &&
            !subscribed.arns.has(arn)
        ) {
            unsubscribed.set(topic.urn, { label: topic.name, arn });
        }
    }
    return { unsubscribed: [...unsubscribed.values()], silent: false };
}

/** The alarm's AWS name: `name` on a metric alarm, `alarmName` on a composite alarm. */
function alarmName(alarm: PolicyResource): string | undefined {
    return asString(alarm.props.name) ?? asString(alarm.props.alarmName);
}

/** The entries of action list `key`, each `undefined` while unknown (preview). */
function actionsOf(props: Record<string, unknown>, key: string): (string | undefined)[] {
    const list = unlessUnknown(() => props[key], undefined);
    if (!Array.isArray(list)) {
        return [];
    }
    const out: (string | undefined)[] = [];
    for (let i = 0; i < list.length; i++) {
        out.push(unlessUnknown(() => asString(list[i]), undefined));
    }
    return out;
}

const fix =
    "In this project set alerts.email, alerts.httpsEndpoints or alerts.topicArn (an existing, subscribed topic); in another program add an aws.sns.TopicSubscription to the topic or point the alarm at a topic that has one.";

/**
 * An alarm is only as good as who it reaches: one that notifies a topic nobody subscribes to,
 * or has no action at all, raises an outage to an empty room.
 */
export const alarmTopicSubscriptions: StackValidationPolicy = {
    name: "alarm-topic-subscriptions",
    description:
        "Every CloudWatch alarm reaches someone: its SNS topics have a subscription in the deployment (or are existing topics, named by ARN), or its state drives a Route 53 health check or a composite alarm. Alarms with actionsEnabled false are silent on purpose and not judged.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: `Subscribe the on-call channel to the alarm's SNS topic. ${fix}`,
    url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html",
    configSchema: closedSchema({ properties: { deployment: deploymentSchema as never } }),
    validateStack: (args, reportViolation) => {
        const view = deploymentView(args.resources, rawConfig(args));
        const alarms = args.resources.filter((r) => alarmTypes.includes(r.type));
        if (alarms.length === 0) {
            args.notApplicable("the stack has no CloudWatch alarms");
        }
        const unknowns = new UnknownTracker();
        const unseen = view.projectWide
            ? ""
            : " (This analysis saw only this stack: a subscription in another stack of the project is not counted unless the pack gets that stack's facts through its deployment config.)";
        for (const alarm of alarms) {
            unknowns.guard(() => {
                const reach = alarmReach(alarm, view.resources);
                const name = alarmName(alarm);
                const label = `alarm "${alarm.name}"${name && name !== alarm.name ? ` (${name})` : ""}`;
                if (reach.silent) {
                    reportViolation(
                        `Give ${label} an alarm action: it has none, so when it fires nobody hears of it. ${fix} To keep it silent on purpose (a standby expected to be in ALARM), set actionsEnabled to false.`,
                        alarm.urn,
                    );
                }
                for (const topic of reach.unsubscribed) {
                    reportViolation(
                        `Subscribe someone to SNS topic "${topic.label}"${topic.arn ? ` (${topic.arn})` : ""}: ${label} notifies it and the topic has no subscription in this deployment, so the alarm reaches nobody. ${fix}${unseen}`,
                        alarm.urn,
                    );
                }
            });
        }
        unknowns.rethrow();
    },
};
