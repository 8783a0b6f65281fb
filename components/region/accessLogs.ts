/**
 * The ALB access log bucket of a `RegionalApplication`: one per region, in the ALB's region as
 * ELB requires, encrypted with SSE-S3 (the only server-side encryption ALB log delivery
 * supports), versioned, private, TLS-only, expiring logs after the audit retention. It is not
 * replicated on purpose: each region's evidence stays in that region, and a region's loss
 * loses only that region's request logs. A plain function whose resources are children of the
 * application.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionalEvidenceTagKey, regionalEvidenceTagValue } from "../../policies/lib/evidence";

/**
 * Elastic Load Balancing's log-delivery account per region, exactly the list on AWS's "Enable
 * access logs for your Application Load Balancer" page, step "Attach a policy to your S3 bucket"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html):
 * the regions available before August 2022, GovCloud included. Every region not listed (those
 * opened since, such as Middle East (UAE)) grants the `logdelivery.elasticloadbalancing.amazonaws.com`
 * service principal instead, as the same page says.
 */
export const elbLogDeliveryAccounts: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-southeast-3": "589379963580",
    "ap-south-1": "718504428378",
    "ap-northeast-3": "383597477331",
    "ap-northeast-2": "600734575887",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-gov-west-1": "048591011584",
    "us-gov-east-1": "190560391635",
};

/** Who may write a region's ALB access logs: its ELB account (in the bucket's partition), or the service. */
export function elbLogDeliveryPrincipal(
    region: string,
    partition = "aws",
): { AWS: string } | { Service: string } {
    const account = elbLogDeliveryAccounts[region];
    return account
        ? { AWS: `arn:${partition}:iam::${account}:root` }
        : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" };
}

/** Tag that marks the bucket as regional on purpose; the pack does not ask to replicate it. */
export const regionalEvidenceTag = { [regionalEvidenceTagKey]: regionalEvidenceTagValue };

/** Arguments of the access log part. */
export interface RegionAccessLogsArgs {
    region: string;
    accountId: pulumi.Input<string>;
    /** Days access logs are kept. */
    retentionDays: number;
}

/** The bucket policy: ELB may write under `<prefix>/AWSLogs/<account>/`, and only over TLS. */
export function accessLogBucketPolicy(
    bucketArn: string,
    region: string,
    accountId: string,
    prefix: string,
): object {
    const partition = /^arn:([a-z-]+):/.exec(bucketArn)?.[1] ?? "aws";
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ElbDeliversAccessLogs",
                Effect: "Allow",
                Principal: elbLogDeliveryPrincipal(region, partition),
                Action: "s3:PutObject",
                Resource: `${bucketArn}/${prefix}/AWSLogs/${accountId}/*`,
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** What a log bucket differs in: its encryption, its lifecycle rule's id, and its policy. */
export interface EvidenceLogBucketArgs {
    encryption: aws.types.input.s3.BucketServerSideEncryptionConfigurationRule;
    lifecycleRuleId: string;
    /** Days the logs are kept; 0 keeps them (CloudWatch's "never expire"). */
    retentionDays: number;
    /** The bucket policy, from the bucket's ARN. */
    policy: (bucketArn: pulumi.Output<string>) => pulumi.Input<string>;
}

/**
 * A bucket that log delivery writes evidence to: versioned, encrypted, private, owner-enforced,
 * its logs expiring after the retention, and kept (with its versioning) when the stack is
 * destroyed. The ALB access logs and the edge's logs both land in one.
 */
export function evidenceLogBucket(
    name: string,
    args: EvidenceLogBucketArgs,
    parent: pulumi.Resource,
): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(
        name,
        { forceDestroy: false, tags: regionalEvidenceTag },
        { parent, retainOnDelete: true },
    );
    new aws.s3.BucketVersioning(
        name,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        // Kept with the bucket: destroying the stack must not suspend versioning on evidence.
        { parent, retainOnDelete: true },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        name,
        { bucket: bucket.id, rules: [args.encryption] },
        opts,
    );
    new aws.s3.BucketLifecycleConfiguration(
        name,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: args.lifecycleRuleId,
                    status: "Enabled",
                    filter: {},
                    // 0 is CloudWatch's "never expire"; S3 then keeps the logs too.
                    ...(args.retentionDays > 0 ? { expiration: { days: args.retentionDays } } : {}),
                    noncurrentVersionExpiration: { noncurrentDays: 1 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                },
            ],
        },
        opts,
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        name,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    new aws.s3.BucketOwnershipControls(
        name,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        opts,
    );
    const policy = new aws.s3.BucketPolicy(
        name,
        { bucket: bucket.id, policy: args.policy(bucket.arn) },
        // S3 rejects policy changes while a public access block is being applied.
        { parent, dependsOn: [publicAccessBlock] },
    );
    return { bucket, policy };
}

/** Build the access log bucket of application `name`; returns the bucket and its policy. */
export function regionAccessLogs(
    name: string,
    args: RegionAccessLogsArgs,
    parent: pulumi.Resource,
): { bucketName: pulumi.Output<string>; policy: aws.s3.BucketPolicy } {
    const { bucket, policy } = evidenceLogBucket(
        `${name}-access-logs`,
        {
            encryption: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            lifecycleRuleId: "expire-access-logs",
            retentionDays: args.retentionDays,
            policy: (bucketArn) =>
                pulumi
                    .all([bucketArn, args.accountId])
                    .apply(([arn, account]) =>
                        JSON.stringify(accessLogBucketPolicy(arn, args.region, account, name)),
                    ),
        },
        parent,
    );
    return { bucketName: bucket.bucket, policy };
}
