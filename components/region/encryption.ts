/**
 * The regional key of a `RegionalApplication`: it encrypts the task log group and the alarm
 * topic. A plain function whose key stays a child of the application (URN unchanged).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of the key part. */
export interface RegionKeyArgs {
    region: string;
    accountId: pulumi.Input<string>;
    /** The log groups the key encrypts (CloudWatch Logs may use it for those groups only). */
    logGroupNames: string[];
}

/** The application's KMS key; protected and retained, because retained logs need it. */
export function regionKey(name: string, args: RegionKeyArgs, parent: pulumi.Resource): aws.kms.Key {
    const { region, accountId, logGroupNames } = args;
    return new aws.kms.Key(
        `${name}-key`,
        {
            description: `${name}: task logs and alarm notifications`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AccountAdministers",
                        Effect: "Allow",
                        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "LogsEncryptsTheLogGroup",
                        Effect: "Allow",
                        Principal: { Service: `logs.${region}.amazonaws.com` },
                        Action: [
                            "kms:Encrypt*",
                            "kms:Decrypt*",
                            "kms:ReEncrypt*",
                            "kms:GenerateDataKey*",
                            "kms:Describe*",
                        ],
                        Resource: "*",
                        Condition: {
                            ArnEquals: {
                                // One group keeps the policy as it was before flow logs shared the key.
                                "kms:EncryptionContext:aws:logs:arn": logGroupArns(
                                    region,
                                    accountId,
                                    logGroupNames,
                                ),
                            },
                        },
                    },
                    {
                        Sid: "AlarmsPublishToTheTopic",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: "*",
                        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                    },
                ],
            }),
        },
        // Protected, and kept on destroy: the retained log group stays readable only with it.
        { parent, protect: true, retainOnDelete: true },
    );
}

function logGroupArns(
    region: string,
    accountId: pulumi.Input<string>,
    names: string[],
): pulumi.Output<string | string[]> {
    const arns = names.map(
        (group) => pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:${group}`,
    );
    return arns.length === 1 ? arns[0] : pulumi.all(arns);
}

/**
 * A key for one log group: administered by the account; CloudWatch Logs in the region may use it
 * for that log group only (the encryption context names it), as
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html shows. In a
 * key policy `Resource: "*"` means this key. `sid` names the log group's statement.
 */
export function logGroupKeyPolicy(
    accountId: string,
    region: string,
    logGroupName: string,
    sid: string,
): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: sid,
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                Resource: "*",
                Condition: {
                    ArnEquals: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`,
                    },
                },
            },
        ],
    };
}
