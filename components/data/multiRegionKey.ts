import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** AWS services that encrypt the data stores with this key, as `kms:ViaService` prefixes. */
export const dataServices = ["rds", "dynamodb", "s3", "secretsmanager"] as const;

/** What a key policy is built from. */
export interface KeyPolicyInput {
    partition: string;
    accountId: string;
    /** Region the key (or replica) lives in; use through services is limited to it. */
    region: string;
}

/**
 * A least-privilege key policy. The account may administer the key (without this, a key can
 * become unmanageable: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html),
 * but may only encrypt and decrypt through the data services in the key's own region, so a
 * principal with broad IAM rights still cannot use the key directly.
 */
export function keyPolicy(input: KeyPolicyInput): Record<string, unknown> {
    const root = `arn:${input.partition}:iam::${input.accountId}:root`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: root },
                Action: [
                    "kms:CancelKeyDeletion",
                    "kms:Create*",
                    "kms:Delete*",
                    "kms:Describe*",
                    "kms:Disable*",
                    "kms:Enable*",
                    "kms:Get*",
                    "kms:List*",
                    "kms:Put*",
                    "kms:ReplicateKey",
                    "kms:Revoke*",
                    "kms:RotateKeyOnDemand",
                    "kms:ScheduleKeyDeletion",
                    "kms:TagResource",
                    "kms:UntagResource",
                    "kms:Update*",
                ],
                Resource: "*",
            },
            {
                Sid: "DataServicesUseKeyInRegion",
                Effect: "Allow",
                Principal: { AWS: root },
                Action: [
                    "kms:CreateGrant",
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "kms:Encrypt",
                    "kms:GenerateDataKey*",
                    "kms:ReEncrypt*",
                ],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "kms:CallerAccount": input.accountId,
                        "kms:ViaService": dataServices.map(
                            (service) => `${service}.${input.region}.amazonaws.com`,
                        ),
                    },
                },
            },
        ],
    };
}

/** Arguments of a multi-region key: the primary key, or its replica in another region. */
export interface MultiRegionKeyArgs {
    /**
     * ARN of the multi-region primary key to replicate into this component's region. Leave unset
     * to create the primary key.
     */
    primaryKeyArn?: pulumi.Input<string>;
    /** What the key protects, for its description. */
    purpose?: string;
    /** Waiting period before a scheduled deletion takes effect, days (7 to 30). */
    deletionWindowInDays?: number;
    /** Automatic rotation period of the primary key, days (90 to 2560). */
    rotationPeriodInDays?: number;
}

const defaults = {
    purpose: "replicated data stores",
    deletionWindowInDays: 30,
    rotationPeriodInDays: 365,
};

/**
 * A KMS multi-region key: the primary key in the primary region (rotated yearly), or an
 * `aws.kms.ReplicaKey` of it in a secondary region. Replicas share the key material, so data
 * encrypted in one region decrypts in the other after a failover.
 */
export class MultiRegionKey extends pulumi.ComponentResource {
    /** ARN of the key (or replica) in this component's region. */
    public readonly arn: pulumi.Output<string>;
    /** Key ID, `mrk-...`, the same in every region. */
    public readonly keyId: pulumi.Output<string>;

    constructor(
        name: string,
        args: MultiRegionKeyArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:MultiRegionKey", name, {}, opts);
        const settings = { ...defaults, ...args };
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this });
        const policy = pulumi
            .all([partition.partition, identity.accountId, region])
            .apply(([p, accountId, r]) =>
                JSON.stringify(keyPolicy({ partition: p, accountId, region: r })),
            );
        const description = `multi-region-failover: ${settings.purpose}`;
        if (settings.primaryKeyArn === undefined) {
            const key = new aws.kms.Key(
                name,
                {
                    description,
                    multiRegion: true,
                    keyUsage: "ENCRYPT_DECRYPT",
                    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                    enableKeyRotation: true,
                    rotationPeriodInDays: settings.rotationPeriodInDays,
                    deletionWindowInDays: settings.deletionWindowInDays,
                    policy,
                },
                { parent: this, protect: true },
            );
            this.arn = key.arn;
            this.keyId = key.keyId;
        } else {
            // Rotation is a property of the primary: replicas rotate with it.
            const replica = new aws.kms.ReplicaKey(
                name,
                {
                    description,
                    primaryKeyArn: settings.primaryKeyArn,
                    deletionWindowInDays: settings.deletionWindowInDays,
                    policy,
                },
                { parent: this, protect: true },
            );
            this.arn = replica.arn;
            this.keyId = replica.keyId;
        }
        this.registerOutputs({ arn: this.arn, keyId: this.keyId });
    }
}
