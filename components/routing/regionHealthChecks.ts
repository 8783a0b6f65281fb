import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Alerts, cloudWatchAlarmTopic } from "../region/alarms";

/** The endpoint one region's health check probes. */
export interface HealthCheckedRegion {
    /** AWS region of the regional stack; keys every child resource. */
    region: string;
    /** DNS name the checkers resolve and connect to (the regional ALB's). */
    fqdn: pulumi.Input<string>;
    /** Path that answers 2xx/3xx when the region can serve users. */
    healthCheckPath: pulumi.Input<string>;
    /**
     * For an internal ALB, which Route 53 health checkers cannot reach: the CloudWatch alarm (in
     * the region) that is in ALARM while the region cannot serve. The check then watches it
     * (type CLOUDWATCH_METRIC) instead of probing `fqdn`.
     */
    servingAlarm?: { name: pulumi.Input<string>; region: string };
    /**
     * Whether the check's alarm pages (default true). False for a standby that runs no tasks
     * (`expectedDown` in components/capacity.ts): its check is unhealthy by design, so the alarm
     * keeps its state for the dashboard and its topic, but with actions disabled.
     */
    pages?: boolean;
}

export interface RegionHealthChecksArgs {
    /** Regions to check, primary first. */
    regions: HealthCheckedRegion[];
    /** Seconds between checks from each checker: 10 (fast) or 30. Cannot change after creation. */
    intervalSeconds?: number;
    /** Consecutive failures (or successes) that flip a check's state, 1 to 10. */
    failureThreshold?: number;
    /**
     * Route 53 checker regions: empty for all of them (the default, and the safe choice), else at
     * least 3 (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html).
     */
    checkerRegions: string[];
    /** HTTPS port on the endpoint. */
    port?: number;
    /**
     * Who the health check alarms reach: email and HTTPS subscriptions of the topic, or an
     * existing topic used instead of one of the component's own. Unset: nobody.
     */
    alerts?: Alerts;
}

const defaults = { intervalSeconds: 10, failureThreshold: 3, port: 443 };

/**
 * One Route 53 health check per region: an HTTPS probe of its ALB or, for an internal ALB that
 * Route 53's checkers cannot reach, the state of the region's serving alarm. Each has a
 * CloudWatch alarm that pages through a KMS-encrypted SNS topic (or the `alerts` topic) when the
 * region turns unhealthy.
 *
 * Route 53 publishes health check metrics only in us-east-1, so the component must be given a
 * us-east-1 provider; the alarms and the topic live there with the metrics.
 */
export class RegionHealthChecks extends pulumi.ComponentResource {
    /** Region to its Route 53 health check ID. */
    public readonly healthCheckIds: pulumi.Output<Record<string, string>>;
    /** Region to its health check resource. */
    public readonly healthChecks: Record<string, aws.route53.HealthCheck>;
    /** Region to the alarm on its health check. */
    public readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;
    /** Topic every health check alarm notifies; subscribe the on-call pager to it. */
    public readonly alarmTopicArn: pulumi.Output<string>;

    constructor(
        name: string,
        args: RegionHealthChecksArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:routing:RegionHealthChecks", name, {}, opts);
        const settings = { ...defaults, ...args };

        const topicArn = args.alerts?.topicArn
            ? pulumi.output(args.alerts.topicArn)
            : alarmTopic(name, args.alerts ?? {}, this);
        this.healthChecks = {};
        this.alarms = {};
        for (const target of args.regions) {
            const checkName = `${name}-${target.region}`;
            const check = new aws.route53.HealthCheck(
                checkName,
                {
                    ...endpointCheckInputs(target, settings, args.checkerRegions),
                    tags: { Name: checkName, Region: target.region },
                },
                { parent: this },
            );
            this.healthChecks[target.region] = check;
            this.alarms[target.region] = new aws.cloudwatch.MetricAlarm(
                checkName,
                {
                    alarmDescription: `Route 53 health check for ${target.region} reports the region unhealthy; traffic is failing over away from it.`,
                    namespace: "AWS/Route53",
                    metricName: "HealthCheckStatus",
                    dimensions: { HealthCheckId: check.id },
                    statistic: "Minimum",
                    period: 60,
                    evaluationPeriods: 1,
                    threshold: 1,
                    comparisonOperator: "LessThanThreshold",
                    // No data means the checks stopped reporting; treat it as an outage.
                    treatMissingData: "breaching",
                    // A standby expected to be down keeps the topic wired but with actions off:
                    // it does not page while it is meant to be down, and after a failover the
                    // runbook turns paging on with one EnableAlarmActions call, no deployment.
                    actionsEnabled: target.pages ?? true,
                    alarmActions: [topicArn],
                    okActions: [topicArn],
                },
                { parent: this },
            );
        }
        this.healthCheckIds = pulumi.output(
            Object.fromEntries(
                Object.entries(this.healthChecks).map(([region, check]) => [region, check.id]),
            ),
        );
        this.alarmTopicArn = topicArn;
        this.registerOutputs({
            healthCheckIds: this.healthCheckIds,
            healthChecks: this.healthChecks,
            alarms: this.alarms,
            alarmTopicArn: this.alarmTopicArn,
        });
    }
}

/**
 * What a region's endpoint check probes: its ALB over HTTPS, or its serving alarm behind an edge.
 * Shared with the inverted copies the latency gates use (globalRouting.ts), so both see the same.
 */
export function endpointCheckInputs(
    target: Pick<HealthCheckedRegion, "fqdn" | "healthCheckPath" | "servingAlarm">,
    settings: { port: number; intervalSeconds: number; failureThreshold: number },
    checkerRegions: readonly string[],
) {
    return target.servingAlarm
        ? alarmCheck(target.servingAlarm)
        : {
              type: "HTTPS",
              fqdn: target.fqdn,
              port: settings.port,
              resourcePath: target.healthCheckPath,
              // The ALB's certificate is chosen by SNI; without it the TLS handshake fails.
              enableSni: true,
              requestInterval: settings.intervalSeconds,
              failureThreshold: settings.failureThreshold,
              // No list means every Route 53 checker region: one region's own checkers are then
              // under the 18% that keeps an endpoint healthy, so a region cut off from the rest of
              // the world is seen as down.
              ...(checkerRegions.length > 0 ? { regions: [...checkerRegions] } : {}),
              measureLatency: true,
          };
}

/**
 * The inputs of a check that watches a region's serving alarm. Route 53 checkers probe from the
 * internet, so an internal ALB would always look down; the alarm says what the ALB sees. Such a
 * check names the alarm and its region and takes no address or port
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html); the
 * interval, threshold and checker regions are the alarm's business, so none are set.
 */
export function alarmCheck(alarm: { name: pulumi.Input<string>; region: string }) {
    return {
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmName: alarm.name,
        cloudwatchAlarmRegion: alarm.region,
        // A region whose health cannot be seen is not one to send users to.
        insufficientDataHealthStatus: "Unhealthy",
    };
}

/** The KMS key, encrypted topic and topic policy the alarms notify, and the `alerts` on it. */
function alarmTopic(name: string, alerts: Alerts, parent: pulumi.Resource): pulumi.Output<string> {
    const identity = aws.getCallerIdentityOutput({}, { parent });
    const partition = aws.getPartitionOutput({}, { parent });
    const root = pulumi.interpolate`arn:${partition.partition}:iam::${identity.accountId}:root`;
    // CloudWatch must be able to use the key, or alarm notifications to the encrypted topic
    // are silently dropped.
    const keyPolicy = pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: root },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } },
            },
        ],
    });
    const key = new aws.kms.Key(
        `${name}-alarms`,
        {
            description: "Encrypts the routing health check alarm topic",
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: keyPolicy,
        },
        { parent },
    );
    return cloudWatchAlarmTopic(
        name,
        {
            kmsKeyArn: key.arn,
            displayName: "Routing health check alarms",
            accountId: identity.accountId,
            alerts,
        },
        parent,
    );
}
