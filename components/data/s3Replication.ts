import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One side of a replication: a bucket and the KMS key its objects are encrypted with. */
export interface ReplicationEnd {
    bucketArn: string;
    kmsKeyArn: string;
    region: string;
}

/** A statement ID from a region name: letters and digits only (`us-west-2` to `UsWest2`). */
function sidOf(region: string): string {
    return region
        .split("-")
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join("");
}

/**
 * The replication role's permissions: read replication data from exactly the source bucket,
 * write replicas to exactly the destination buckets, decrypt with exactly the source key and
 * encrypt with exactly each destination's key, each only through S3 in that key's region and only
 * for these buckets' objects (with or without S3 Bucket Keys, whose context is the bucket ARN).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */
export function replicationRolePolicy(
    source: ReplicationEnd,
    destinations: readonly ReplicationEnd[],
    deleteMarkerReplication: boolean,
): Record<string, unknown> {
    const kmsCondition = (end: ReplicationEnd) => ({
        StringEquals: { "kms:ViaService": `s3.${end.region}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [end.bucketArn, `${end.bucketArn}/*`] },
    });
    const sorted = [...destinations].sort((a, b) => a.region.localeCompare(b.region));
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
                Resource: sorted.map((d) => `${d.bucketArn}/*`),
            },
            {
                Sid: "DecryptSource",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [source.kmsKeyArn],
                Condition: kmsCondition(source),
            },
            ...sorted.map((destination) => ({
                Sid: `EncryptReplicas${sidOf(destination.region)}`,
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                Resource: [destination.kmsKeyArn],
                Condition: kmsCondition(destination),
            })),
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

/**
 * The replication rule to `destination`, keyed by its region so each destination has one id.
 * `priority` orders rules of a multi-destination configuration; each rule gets its own.
 */
export function replicationRule(
    destination: ReplicationEnd,
    options: ReplicationRuleOptions,
    priority = 1,
): aws.types.input.s3.BucketReplicationConfigRule {
    const rtc = options.replicationTimeControl;
    return {
        id: `replicate-to-${destination.region}`,
        status: "Enabled",
        priority,
        filter: {},
        deleteMarkerReplication: {
            status: options.deleteMarkerReplication ? "Enabled" : "Disabled",
        },
        sourceSelectionCriteria: {
            sseKmsEncryptedObjects: { status: "Enabled" },
            // Two-way replication: metadata changes made to a replica (tags, ACLs, object lock)
            // flow back too, on both configurations
            // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-for-metadata-changes.html).
            replicaModifications: { status: "Enabled" },
        },
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

/** Every rule of a multi-destination configuration, one per destination, ordered by region. */
export function replicationRules(
    destinations: readonly ReplicationEnd[],
    options: ReplicationRuleOptions,
): aws.types.input.s3.BucketReplicationConfigRule[] {
    return [...destinations]
        .sort((a, b) => a.region.localeCompare(b.region))
        .map((destination, i) => replicationRule(destination, options, i + 1));
}

/** Arguments of the replication from the primary's bucket into every secondary's. */
export interface S3ReplicationArgs {
    /** The primary's bucket, its key and region. */
    source: pulumi.Input<ReplicationEnd>;
    /** Each secondary's bucket, its key and region: one rule per destination. */
    destinations: pulumi.Input<pulumi.Input<ReplicationEnd>[]>;
    /** Rule settings. */
    rule: ReplicationRuleOptions;
}

/**
 * Cross-region replication from one bucket into others (the primary's into every secondary's, or
 * a secondary's back into the primary's), in ONE replication
 * configuration (S3 keeps one per source bucket, and each put replaces the last), with one rule
 * per destination. It belongs to the source bucket, so it is created through a provider for the
 * primary's region, by a stack that knows every region: the global stack, not a secondary, so
 * that a failover (an update of a secondary stack) never calls the primary region's APIs.
 */
export class S3Replication extends pulumi.ComponentResource {
    /** ARN of the role S3 assumes to replicate. */
    public readonly roleArn: pulumi.Output<string>;
    /** Rule IDs in the source bucket's replication configuration, one per destination. */
    public readonly ruleIds: pulumi.Output<string[]>;

    constructor(name: string, args: S3ReplicationArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("multi-region-failover:data:S3Replication", name, {}, opts);
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const ends = pulumi.all([args.source, pulumi.output(args.destinations)]);
        const role = new aws.iam.Role(
            name,
            {
                description: "S3 replication from this bucket to the other Regions' buckets",
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
                policy: ends.apply(([source, destinations]) =>
                    JSON.stringify(
                        replicationRolePolicy(
                            source,
                            destinations,
                            args.rule.deleteMarkerReplication,
                        ),
                    ),
                ),
            },
            { parent: this },
        );
        const rules = ends.apply(([, destinations]) => replicationRules(destinations, args.rule));
        new aws.s3.BucketReplicationConfig(
            name,
            {
                bucket: ends.apply(([source]) =>
                    source.bucketArn.replace(/^arn:aws[a-z-]*:s3:::/, ""),
                ),
                role: role.arn,
                rules,
            },
            // S3 checks the role can replicate when the configuration is put.
            { parent: this, dependsOn: [policy] },
        );
        this.roleArn = role.arn;
        this.ruleIds = rules.apply((all) => all.map((r) => r.id as string));
        this.registerOutputs({ roleArn: this.roleArn, ruleIds: this.ruleIds });
    }
}
