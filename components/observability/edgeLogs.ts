/**
 * The edge's own evidence: CloudFront access logs (standard logging v2, the version AWS
 * recommends, delivered by CloudWatch vended logs) and Global Accelerator flow logs, in one
 * KMS-encrypted, versioned, private, TLS-only bucket whose logs expire after the audit retention.
 * Like the ALB access log buckets it is regional evidence and not replicated on purpose.
 *
 * - Global Accelerator flow logs: the bucket policy grants `delivery.logs.amazonaws.com`
 *   `s3:PutObject` under `<prefix>/AWSLogs/<account>/` with the `bucket-owner-full-control` ACL,
 *   and `s3:GetBucketAcl`; an SSE-KMS key must let the same service `kms:GenerateDataKey*`
 *   (https://docs.aws.amazon.com/global-accelerator/latest/dg/monitoring-global-accelerator.flow-logs.html).
 *   The service would attach that policy itself, but this program owns the policy and would
 *   overwrite it on the next deployment, so the statement is written here.
 * - CloudFront standard logging (v2) to S3 writes under `AWSLogs/<account>/CloudFront/` from a
 *   delivery source in us-east-1 (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html,
 *   permissions: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html).
 *   Unlike standard logging (legacy), it needs no bucket ACLs, so the bucket keeps
 *   `BucketOwnerEnforced` (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { evidenceLogBucket } from "../region/accessLogs";

/** Which edge writes to the bucket. */
export type EdgeLogSource = "cloudfront" | "global-accelerator";

/** Arguments of {@link EdgeLogs}. */
export interface EdgeLogsArgs {
    /** The edge services that deliver logs here. */
    sources: EdgeLogSource[];
    /** Days logs are kept; 0 keeps them (the `logs.auditRetentionDays` convention). */
    retentionDays: number;
}

/** Key prefix of Global Accelerator flow logs (the service adds `/AWSLogs/<account>/`). */
export const acceleratorFlowLogsPrefix = "global-accelerator";

/** Where each source's logs land in the bucket, for an account. */
export function edgeLogPaths(bucket: string, accountId: string): Record<EdgeLogSource, string> {
    return {
        "global-accelerator": `s3://${bucket}/${acceleratorFlowLogsPrefix}/AWSLogs/${accountId}/globalaccelerator/`,
        cloudfront: `s3://${bucket}/AWSLogs/${accountId}/CloudFront/`,
    };
}

/** The bucket policy: only over TLS; the log delivery service writes each source's path only. */
export function edgeLogBucketPolicy(
    bucketArn: string,
    accountId: string,
    sources: readonly EdgeLogSource[],
): Record<string, unknown> {
    const partition = /^arn:([a-z-]+):/.exec(bucketArn)?.[1] ?? "aws";
    const delivery = { Service: "delivery.logs.amazonaws.com" };
    const statements: Record<string, unknown>[] = [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ];
    if (sources.includes("global-accelerator")) {
        statements.push(
            {
                Sid: "AcceleratorFlowLogsWrite",
                Effect: "Allow",
                Principal: delivery,
                Action: "s3:PutObject",
                Resource: `${bucketArn}/${acceleratorFlowLogsPrefix}/AWSLogs/${accountId}/*`,
                Condition: {
                    StringEquals: {
                        "s3:x-amz-acl": "bucket-owner-full-control",
                        "aws:SourceAccount": accountId,
                    },
                },
            },
            {
                Sid: "AcceleratorFlowLogsAclCheck",
                Effect: "Allow",
                Principal: delivery,
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        );
    }
    if (sources.includes("cloudfront")) {
        statements.push({
            Sid: "CloudFrontAccessLogsWrite",
            Effect: "Allow",
            Principal: delivery,
            Action: "s3:PutObject",
            Resource: `${bucketArn}/AWSLogs/${accountId}/CloudFront/*`,
            Condition: {
                StringEquals: {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceAccount": accountId,
                },
                // CloudFront's delivery sources live in us-east-1.
                ArnLike: {
                    "aws:SourceArn": `arn:${partition}:logs:us-east-1:${accountId}:delivery-source:*`,
                },
            },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The bucket's key: administered by the account; the log delivery service may generate data
 * keys and, because the bucket uses an S3 Bucket Key, decrypt (both pages above), for this
 * account's deliveries only.
 */
export function edgeLogKeyPolicy(accountId: string, partition = "aws"): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "LogDeliveryEncrypts",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    };
}

/** The edge log bucket and its key; give it the provider of the region it should live in. */
export class EdgeLogs extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    /** Source to the S3 location its logs land in. */
    public readonly paths: pulumi.Output<Partial<Record<EdgeLogSource, string>>>;
    /** The bucket policy; deliveries must wait for it. */
    public readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: EdgeLogsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("multi-region-failover:observability:EdgeLogs", name, {}, opts);
        const parent = { parent: this };
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const partition = aws.getPartitionOutput({}, parent).partition;
        const key = new aws.kms.Key(
            name,
            {
                description: "Encrypts the edge's access and flow logs",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([account, partition])
                    .apply(([id, p]) => JSON.stringify(edgeLogKeyPolicy(id, p))),
            },
            parent,
        );
        // Evidence outlives the stack, like the ALB access logs.
        const { bucket, policy } = evidenceLogBucket(
            name,
            {
                encryption: {
                    applyServerSideEncryptionByDefault: {
                        sseAlgorithm: "aws:kms",
                        kmsMasterKeyId: key.arn,
                    },
                    bucketKeyEnabled: true,
                },
                lifecycleRuleId: "expire-edge-logs",
                retentionDays: args.retentionDays,
                policy: (bucketArn) =>
                    pulumi
                        .all([bucketArn, account])
                        .apply(([arn, id]) =>
                            JSON.stringify(edgeLogBucketPolicy(arn, id, args.sources)),
                        ),
            },
            this,
        );
        this.policy = policy;
        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.paths = pulumi.all([bucket.bucket, account]).apply(([b, id]) => {
            const all = edgeLogPaths(b, id);
            return Object.fromEntries(args.sources.map((s) => [s, all[s]]));
        });
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            paths: this.paths,
        });
    }
}
