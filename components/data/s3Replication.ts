import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One side of a replication: a bucket and the KMS key its objects are encrypted with. */
export interface ReplicationEnd {
    bucketArn: string;
    kmsKeyArn: string;
    region: string;
}

/**
 * The replication role's permissions: read replication data from exactly the source bucket,
 * write replicas to exactly the destination bucket, decrypt with exactly the source key and
 * encrypt with exactly the destination key, each only through S3 in that key's region and only
 * for these buckets' objects (with or without S3 Bucket Keys, whose context is the bucket ARN).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */
export function replicationRolePolicy(
    source: ReplicationEnd,
    destination: ReplicationEnd,
    deleteMarkerReplication: boolean,
): Record<string, unknown> {
    const kmsCondition = (end: ReplicationEnd) => ({
        StringEquals: { "kms:ViaService": `s3.${end.region}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [end.bucketArn, `${end.bucketArn}/*`] },
    });
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadSourceConfiguration",
                Effect: "Allow",
                Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                Resource: [source.bucketArn],
            },
            {
                Sid: "ReadSourceObjects",
                Effect: "Allow",
                Action: [
                    "s3:GetObjectVersionForReplication",
                    "s3:GetObjectVersionAcl",
                    "s3:GetObjectVersionTagging",
                ],
                Resource: [`${source.bucketArn}/*`],
            },
            {
                Sid: "WriteReplicas",
                Effect: "Allow",
                Action: [
                    "s3:ReplicateObject",
                    "s3:ReplicateTags",
                    ...(deleteMarkerReplication ? ["s3:ReplicateDelete"] : []),
                ],
                Resource: [`${destination.bucketArn}/*`],
            },
            {
                Sid: "DecryptSource",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [source.kmsKeyArn],
                Condition: kmsCondition(source),
            },
            {
                Sid: "EncryptReplicas",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                Resource: [destination.kmsKeyArn],
                Condition: kmsCondition(destination),
            },
        ],
    };
}

/** Settings of a replication rule. */
export interface ReplicationRuleOptions {
    /** Replication Time Control (15-minute SLA) with replication metrics. */
    replicationTimeControl: boolean;
    /** Replicate delete markers. */
    deleteMarkerReplication: boolean;
}

/** The replication rule to `destination`, keyed by its region so each destination has one id. */
export function replicationRule(
    destination: ReplicationEnd,
    options: ReplicationRuleOptions,
): aws.types.input.s3.BucketReplicationConfigRule {
    const rtc = options.replicationTimeControl;
    return {
        id: `replicate-to-${destination.region}`,
        status: "Enabled",
        priority: 1,
        filter: {},
        deleteMarkerReplication: {
            status: options.deleteMarkerReplication ? "Enabled" : "Disabled",
        },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
            bucket: destination.bucketArn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn },
            ...(rtc
                ? {
                      replicationTime: { status: "Enabled", time: { minutes: 15 } },
                      metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                  }
                : {}),
        },
    };
}

/** Arguments of the replication from the primary's bucket into a secondary's. */
export interface S3ReplicationArgs {
    /** The primary's bucket, its key and region. */
    source: pulumi.Input<ReplicationEnd>;
    /** This secondary's bucket, its key and region. */
    destination: pulumi.Input<ReplicationEnd>;
    /** Rule settings. */
    rule: ReplicationRuleOptions;
}

/**
 * Cross-region replication from the primary's bucket into this secondary's, created by the
 * secondary stack through a provider for the primary's region, so that the primary never needs
 * to know its secondaries and the stacks stay acyclic.
 *
 * S3 keeps ONE replication configuration per source bucket: a second secondary doing the same
 * would overwrite this one. The supported topology is therefore one secondary per replicated
 * bucket (see docs/data.md); the offline engine rejects two configurations for one bucket.
 */
export class S3Replication extends pulumi.ComponentResource {
    /** ARN of the role S3 assumes to replicate. */
    public readonly roleArn: pulumi.Output<string>;
    /** Rule ID in the source bucket's replication configuration. */
    public readonly ruleId: pulumi.Output<string>;

    constructor(name: string, args: S3ReplicationArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("multi-region-failover:data:S3Replication", name, {}, opts);
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const ends = pulumi.all([args.source, args.destination]);
        const role = new aws.iam.Role(
            name,
            {
                description: "S3 replication from the primary bucket to one secondary bucket",
                assumeRolePolicy: identity.accountId.apply((accountId) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "s3.amazonaws.com" },
                                Action: "sts:AssumeRole",
                                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                            },
                        ],
                    }),
                ),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            name,
            {
                role: role.id,
                policy: ends.apply(([source, destination]) =>
                    JSON.stringify(
                        replicationRolePolicy(
                            source,
                            destination,
                            args.rule.deleteMarkerReplication,
                        ),
                    ),
                ),
            },
            { parent: this },
        );
        const rule = ends.apply(([, destination]) => replicationRule(destination, args.rule));
        new aws.s3.BucketReplicationConfig(
            name,
            {
                bucket: ends.apply(([source]) =>
                    source.bucketArn.replace(/^arn:aws[a-z-]*:s3:::/, ""),
                ),
                role: role.arn,
                rules: [rule],
            },
            // S3 checks the role can replicate when the configuration is put.
            { parent: this, dependsOn: [policy] },
        );
        this.roleArn = role.arn;
        this.ruleId = rule.apply((r) => r.id as string);
        this.registerOutputs({ roleArn: this.roleArn, ruleId: this.ruleId });
    }
}
