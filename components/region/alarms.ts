/**
 * The alarms part of a `RegionalApplication`: an encrypted topic and the load balancer's alarms
 * (unhealthy targets, ELB 5xx, target 5xx). A plain function whose resources stay children of
 * the application (URNs unchanged by the split).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of the alarms part. */
export interface RegionAlarmsArgs {
    /** KMS key that encrypts the topic. */
    keyArn: pulumi.Input<string>;
    /** `arnSuffix` of the ALB and target group, the alarms' dimensions. */
    albArnSuffix: pulumi.Input<string>;
    targetGroupArnSuffix: pulumi.Input<string>;
    healthPath: string;
    /** Whether the region runs tasks; a region without any expects the ALB to answer 5xx. */
    runsTasks: boolean;
    /** ALB-generated 5xx responses per minute that raise the alarm. */
    elb5xxThreshold: number;
    /** Target 5xx responses per minute that raise the alarm. */
    target5xxThreshold: number;
}

/** What the alarms part gives the others. */
export interface RegionAlarms {
    topicArn: pulumi.Output<string>;
}

/** Build the alarms of application `name`, every resource a child of `parent`. */
export function regionAlarms(
    name: string,
    args: RegionAlarmsArgs,
    parent: pulumi.Resource,
): RegionAlarms {
    const topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: args.keyArn }, { parent });
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
                alarmActions: [topic.arn],
                okActions: [topic.arn],
            },
            { parent },
        );
    const lbDimension = { LoadBalancer: args.albArnSuffix };
    const tgDimensions = { ...lbDimension, TargetGroup: args.targetGroupArnSuffix };
    alarm(
        "unhealthy-hosts",
        `${name}: targets failing the ${args.healthPath} health check`,
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
    return { topicArn: topic.arn };
}
