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
    /** The task log group the key encrypts (CloudWatch Logs may use it for that group only). */
    logGroupName: string;
}

/** The application's KMS key; protected and retained, because retained logs need it. */
export function regionKey(name: string, args: RegionKeyArgs, parent: pulumi.Resource): aws.kms.Key {
    const { region, accountId, logGroupName } = args;
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
                                "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`,
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
