/**
 * The alarms part of a `RegionalApplication`: an encrypted topic and the load balancer's alarms
 * (unhealthy targets, ELB 5xx, target 5xx). A plain function whose resources stay children of
 * the application (URNs unchanged by the split).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/** Who the alarms reach. Unset: the topic exists but nobody is subscribed. */
export interface Alerts {
    /** Email addresses subscribed to the alarm topic (each confirms by mail). */
    email?: string[];
    /** HTTPS endpoints subscribed to the alarm topic (each confirms by a request). */
    httpsEndpoints?: string[];
    /**
     * An existing SNS topic (e.g. the on-call rotation's) the alarms notify instead of a topic
     * of their own; its subscriptions are its owner's.
     */
    topicArn?: string;
}

/** Arguments of the alarms part. */
export interface RegionAlarmsArgs {
    /** KMS key that encrypts the topic. */
    keyArn: pulumi.Input<string>;
    /** `arnSuffix` of the ALB and target group, the alarms' dimensions. */
    albArnSuffix: pulumi.Input<string>;
    targetGroupArnSuffix: pulumi.Input<string>;
    /** The path the target group checks, named in the alarms' descriptions. */
    targetPath: string;
    /** Whether the region runs tasks; a region without any expects the ALB to answer 5xx. */
    runsTasks: boolean;
    /** ALB-generated 5xx responses per minute that raise the alarm. */
    elb5xxThreshold: number;
    /** Target 5xx responses per minute that raise the alarm. */
    target5xxThreshold: number;
    /** Who the alarms reach. */
    alerts: Alerts;
    /**
     * Add the alarm that says whether the region can serve (no healthy target): what the global
     * stack's Route 53 health check watches when Route 53 cannot reach an internal ALB.
     */
    servingAlarm?: boolean;
}

/** What the alarms part gives the others. */
export interface RegionAlarms {
    topicArn: pulumi.Output<string>;
    /** Name of the serving alarm, with `servingAlarm`. */
    servingAlarmName?: pulumi.Output<string>;
}

/** Build the alarms of application `name`, every resource a child of `parent`. */
export function regionAlarms(
    name: string,
    args: RegionAlarmsArgs,
    parent: pulumi.Resource,
): RegionAlarms {
    const topicArn = alarmTopic(name, args, parent);
    const alarm = (
        suffix: string,
        description: string,
        metricName: string,
        statistic: string,
        threshold: number,
        dimensions: Record<string, pulumi.Input<string>>,
        actionsEnabled = true,
    ) =>
        new aws.cloudwatch.MetricAlarm(
            `${name}-${suffix}`,
            {
                alarmDescription: description,
                namespace: "AWS/ApplicationELB",
                metricName,
                statistic,
                dimensions,
                period: 60,
                evaluationPeriods: 3,
                datapointsToAlarm: 2,
                threshold,
                comparisonOperator: "GreaterThanThreshold",
                // A standby with no traffic has no data points; that is not an outage.
                treatMissingData: "notBreaching",
                actionsEnabled,
                alarmActions: [topicArn],
                okActions: [topicArn],
            },
            { parent },
        );
    const lbDimension = { LoadBalancer: args.albArnSuffix };
    const tgDimensions = { ...lbDimension, TargetGroup: args.targetGroupArnSuffix };
    alarm(
        "unhealthy-hosts",
        `${name}: targets failing the ${args.targetPath} health check`,
        "UnHealthyHostCount",
        "Maximum",
        0,
        tgDimensions,
    );
    alarm(
        "elb-5xx",
        `${name}: the load balancer itself answers 5xx (no healthy target, or overload)`,
        "HTTPCode_ELB_5XX_Count",
        "Sum",
        args.elb5xxThreshold,
        lbDimension,
        // With no tasks (an active-passive standby) the ALB answers every routing health
        // probe with 503: expected, so the alarm records state but notifies nobody.
        args.runsTasks,
    );
    alarm(
        "target-5xx",
        `${name}: the application answers 5xx`,
        "HTTPCode_Target_5XX_Count",
        "Sum",
        args.target5xxThreshold,
        tgDimensions,
    );
    const serving = args.servingAlarm
        ? servingAlarm(name, args.targetPath, tgDimensions, parent)
        : undefined;
    return {
        topicArn: pulumi.output(topicArn),
        ...(serving ? { servingAlarmName: serving.name } : {}),
    };
}

/**
 * ALARM while the target group has no healthy target: the ALB can then only answer 503. It
 * notifies nobody: the global stack's alarm on the Route 53 health check that watches it pages,
 * once, from one place (and a standby without tasks is expected to be in ALARM).
 */
function servingAlarm(
    name: string,
    healthPath: string,
    dimensions: Record<string, pulumi.Input<string>>,
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        `${name}-serving`,
        {
            alarmDescription: `${name}: no target passes the ${healthPath} health check, so the region cannot serve; watched by the global stack's Route 53 health check`,
            namespace: "AWS/ApplicationELB",
            metricName: "HealthyHostCount",
            // Route 53 accepts only standard resolution and the plain statistics
            // (https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html).
            statistic: "Minimum",
            dimensions,
            period: 60,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "LessThanThreshold",
            // The ALB reports the count every minute; silence means the region cannot be seen
            // serving, which must not keep it in rotation.
            treatMissingData: "breaching",
        },
        { parent },
    );
}

/** The topic the alarms notify: the given one, or an encrypted topic with the subscriptions. */
function alarmTopic(
    name: string,
    args: RegionAlarmsArgs,
    parent: pulumi.Resource,
): pulumi.Input<string> {
    if (args.alerts.topicArn) {
        return args.alerts.topicArn;
    }
    const topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: args.keyArn }, { parent });
    subscribeAlerts(`${name}-alarms`, topic.arn, args.alerts, parent);
    return topic.arn;
}

/** What a CloudWatch alarm topic is made of: its key, its name in the console, the account. */
export interface CloudWatchAlarmTopicArgs {
    kmsKeyArn: pulumi.Input<string>;
    displayName: string;
    /** Only this account's alarms may publish. */
    accountId: pulumi.Input<string>;
    alerts: Alerts;
}

/**
 * An encrypted topic `<name>-alarms` that only this account's CloudWatch alarms may publish to,
 * subscribed to `alerts`; returns its ARN. Its key must let CloudWatch use it, or notifications
 * are dropped.
 */
export function cloudWatchAlarmTopic(
    name: string,
    args: CloudWatchAlarmTopicArgs,
    parent: pulumi.Resource,
): pulumi.Output<string> {
    const topic = new aws.sns.Topic(
        `${name}-alarms`,
        { kmsMasterKeyId: args.kmsKeyArn, displayName: args.displayName },
        { parent },
    );
    new aws.sns.TopicPolicy(
        `${name}-alarms`,
        {
            arn: topic.arn,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "CloudWatchAlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                    },
                ],
            }),
        },
        { parent },
    );
    subscribeAlerts(`${name}-alarms`, topic.arn, args.alerts, parent);
    return topic.arn;
}

/**
 * Subscribe what `alerts` lists to `topicArn`, each subscription named `<topicName>-<key>` and a
 * child of `parent`. Shared by the regional alarm topics and the global stack's.
 */
export function subscribeAlerts(
    topicName: string,
    topicArn: pulumi.Input<string>,
    alerts: Alerts,
    parent: pulumi.Resource,
): aws.sns.TopicSubscription[] {
    return alertSubscriptions(alerts).map(
        (subscription) =>
            new aws.sns.TopicSubscription(
                `${topicName}-${subscription.key}`,
                {
                    topic: topicArn,
                    protocol: subscription.protocol,
                    endpoint: subscription.endpoint,
                },
                { parent },
            ),
    );
}

/** One subscription of the alarm topic, keyed by its endpoint (never by list position). */
export interface AlertSubscription {
    protocol: "email" | "https";
    endpoint: string;
    /** `<protocol>-<first 8 hex digits of the endpoint's SHA-256>`, stable across reorders. */
    key: string;
}

/** The subscriptions `alerts` asks for, deduplicated, in a stable order. */
export function alertSubscriptions(alerts: Alerts): AlertSubscription[] {
    const of = (protocol: AlertSubscription["protocol"], endpoints: string[] = []) =>
        [...new Set(endpoints)].sort().map((endpoint) => ({
            protocol,
            endpoint,
            key: `${protocol}-${createHash("sha256").update(endpoint).digest("hex").slice(0, 8)}`,
        }));
    return [...of("email", alerts.email), ...of("https", alerts.httpsEndpoints)];
}

/** Problems with `alerts`, as `key: message` lines. */
export function alertProblems(alerts: Alerts): string[] {
    const problems: string[] = [];
    for (const email of alerts.email ?? []) {
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
            problems.push(`alerts.email: ${JSON.stringify(email)} is not an email address`);
        }
    }
    for (const url of alerts.httpsEndpoints ?? []) {
        if (!/^https:\/\/[^\s/]+/.test(url)) {
            problems.push(`alerts.httpsEndpoints: ${JSON.stringify(url)} is not an https:// URL`);
        }
    }
    const topic = alerts.topicArn;
    if (
        topic !== undefined &&
        !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(topic)
    ) {
        problems.push(
            `alerts.topicArn: ${JSON.stringify(topic)} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
        );
    }
    if (
        topic !== undefined &&
        ((alerts.email ?? []).length > 0 || (alerts.httpsEndpoints ?? []).length > 0)
    ) {
        problems.push(
            "alerts.topicArn: set either topicArn (an existing topic) or email/httpsEndpoints (subscriptions of a new topic), not both",
        );
    }
    return problems;
}
