import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logGroupKeyPolicy } from "../region/encryption";
import { ImpairmentInput, impairmentPolicy, planImpairment } from "./impairmentPlan";

/** Arguments of {@link RegionalImpairment}: the plan's input; ARNs may be Outputs. */
export type RegionalImpairmentArgs = {
    [K in keyof Omit<ImpairmentInput, "accountId">]: pulumi.Input<ImpairmentInput[K]>;
} & {
    /** Days to keep the experiments' logs. Default 365. */
    logRetentionDays?: number;
};

/**
 * An AWS FIS experiment template for a regional-impairment game day in one region (see
 * `planImpairment`), its execution role scoped to this deployment's resources in that region, and
 * a log group for the experiment log. Start it with `npm run drill -- --fis REGION`.
 */
export class RegionalImpairment extends pulumi.ComponentResource {
    public readonly templateId: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(
        name: string,
        args: RegionalImpairmentArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:observability:RegionalImpairment", name, {}, opts);
        const a = { logRetentionDays: 365, ...args };
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const input = pulumi
            .all([account, pulumi.output(a)])
            .apply(
                ([accountId, resolved]) =>
                    ({ ...resolved, accountId }) as unknown as ImpairmentInput,
            );
        const role = new aws.iam.Role(
            `${name}-fis`,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "fis.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        },
                    ],
                }),
            },
            { parent: this },
        );
        // Named, so that its key's policy can name it (the key must exist before the group).
        const logGroupName = `/fis/${name}`;
        const logKey = new aws.kms.Key(
            `${name}-fis-logs`,
            {
                description: `${name}: FIS experiment logs`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([account, pulumi.output(args.region)])
                    .apply(([id, region]) =>
                        JSON.stringify(experimentLogKeyPolicy(id, region, logGroupName)),
                    ),
            },
            { parent: this },
        );
        const logs = new aws.cloudwatch.LogGroup(
            `${name}-fis`,
            { name: logGroupName, retentionInDays: a.logRetentionDays, kmsKeyId: logKey.arn },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-fis`,
            {
                role: role.id,
                policy: pulumi.all([input, logs.arn]).apply(([i, logArn]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            ...impairmentPolicy(i),
                            // Vended log delivery: these actions take no resource-level
                            // permission, so AWS documents them on "*" (FIS experiment logging,
                            // https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html#experiment-log-permissions;
                            // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html).
                            // Reviewed in test/iam-wildcards.integration.test.ts.
                            {
                                Sid: "ExperimentLog",
                                Effect: "Allow",
                                Action: [
                                    "logs:CreateLogDelivery",
                                    "logs:PutResourcePolicy",
                                    "logs:DescribeResourcePolicies",
                                    "logs:DescribeLogGroups",
                                ],
                                Resource: "*",
                            },
                            {
                                Sid: "ExperimentLogGroup",
                                Effect: "Allow",
                                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                                Resource: `${logArn}:*`,
                            },
                        ],
                    }),
                ),
            },
            { parent: this },
        );
        const plan = input.apply(planImpairment);
        const template = new aws.fis.ExperimentTemplate(
            name,
            {
                description: plan.description,
                roleArn: role.arn,
                actions: plan.actions,
                targets: plan.targets,
                stopConditions: plan.stopConditions,
                logConfiguration: {
                    logSchemaVersion: 2,
                    cloudwatchLogsConfiguration: { logGroupArn: pulumi.interpolate`${logs.arn}:*` },
                },
                tags: { Name: name },
            },
            { parent: this, dependsOn: [policy] },
        );
        this.templateId = template.id;
        this.roleArn = role.arn;
        this.registerOutputs({ templateId: this.templateId, roleArn: this.roleArn });
    }
}

/**
 * The experiment log group's key: administered by the account; CloudWatch Logs in the region may
 * use it for this log group only (the encryption context names it), as
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html shows. In a
 * key policy `Resource: "*"` means this key.
 */
export function experimentLogKeyPolicy(
    accountId: string,
    region: string,
    logGroupName: string,
): Record<string, unknown> {
    return logGroupKeyPolicy(accountId, region, logGroupName, "LogsEncryptsTheExperimentLog");
}
