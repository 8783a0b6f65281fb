import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A bucket policy that refuses every request not made over TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
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

/** Arguments of a bucket that takes part in cross-region replication. */
export interface S3ReplicatedBucketArgs {
    /** KMS key of the bucket's region; objects are encrypted with it by default. */
    kmsKeyArn: pulumi.Input<string>;
}

/**
 * A bucket fit to replicate or receive replicas: versioned (replication requires it on both
 * sides), encrypted by default with the region's KMS key and an S3 Bucket Key, public access
 * blocked, ACLs disabled, and a policy that refuses requests without TLS. The bucket and its
 * versioning are `protect`ed; the bucket is never force-destroyed.
 */
export class S3ReplicatedBucket extends pulumi.ComponentResource {
    /** Bucket name. */
    public readonly bucketName: pulumi.Output<string>;
    /** Bucket ARN. */
    public readonly arn: pulumi.Output<string>;

    constructor(
        name: string,
        args: S3ReplicatedBucketArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:S3ReplicatedBucket", name, {}, opts);
        const bucket = new aws.s3.Bucket(
            name,
            { forceDestroy: false },
            { parent: this, protect: true },
        );
        new aws.s3.BucketVersioning(
            name,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this, protect: true },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: args.kmsKeyArn,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            { parent: this },
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
            { parent: this },
        );
        new aws.s3.BucketOwnershipControls(
            name,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        new aws.s3.BucketPolicy(
            name,
            {
                bucket: bucket.id,
                policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))),
            },
            // S3 rejects policy changes while a public access block is being applied.
            { parent: this, dependsOn: [publicAccessBlock] },
        );
        this.bucketName = bucket.bucket;
        this.arn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
