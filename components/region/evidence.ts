/**
 * The evidence part of a `RegionalApplication`: VPC flow logs to an encrypted CloudWatch Logs
 * group kept for the audit retention, delivered by a role scoped to that group. A plain function
 * whose resources are children of the application.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of the evidence part. */
export interface RegionEvidenceArgs {
    vpcId: pulumi.Input<string>;
    /** Flow log group name; the regional key admits CloudWatch Logs for it. */
    flowLogGroupName: string;
    /** Days the flow logs are kept. */
    retentionDays: number;
    /** KMS key that encrypts the group. */
    keyArn: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
}

/** What the evidence part gives the others. */
export interface RegionEvidence {
    flowLogGroupName: pulumi.Output<string>;
}

/** Flow logs of every interface in the VPC, accepted and rejected. */
export function regionEvidence(
    name: string,
    args: RegionEvidenceArgs,
    parent: pulumi.Resource,
): RegionEvidence {
    const group = new aws.cloudwatch.LogGroup(
        `${name}-flow-logs`,
        { name: args.flowLogGroupName, retentionInDays: args.retentionDays, kmsKeyId: args.keyArn },
        // Evidence outlives the stack: kept on destroy like the task logs.
        { parent, retainOnDelete: true },
    );
    const role = new aws.iam.Role(
        `${name}-flow-logs`,
        {
            description: `${name}: delivers VPC flow logs to ${args.flowLogGroupName}`,
            assumeRolePolicy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                    },
                ],
            }),
        },
        { parent },
    );
    new aws.iam.RolePolicy(
        `${name}-flow-logs`,
        {
            role: role.name,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteFlowLogs",
                        Effect: "Allow",
                        Action: [
                            "logs:CreateLogStream",
                            "logs:PutLogEvents",
                            "logs:DescribeLogStreams",
                        ],
                        Resource: [group.arn, pulumi.interpolate`${group.arn}:log-stream:*`],
                    },
                ],
            }),
        },
        { parent },
    );
    new aws.ec2.FlowLog(
        `${name}-flow-logs`,
        {
            vpcId: args.vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: group.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: 60,
        },
        { parent },
    );
    return { flowLogGroupName: group.name };
}
