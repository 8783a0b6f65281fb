import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of a secondary's replica of the global table. */
export interface DynamoTableReplicaArgs {
    /** ARN of the primary's table. */
    globalTableArn: pulumi.Input<string>;
    /** KMS key of the replica's region. */
    kmsKeyArn: pulumi.Input<string>;
}

/**
 * A secondary's replica of the global table (eventual consistency), in the component's region,
 * with its own region's key, point-in-time recovery and deletion protection.
 */
export class DynamoTableReplica extends pulumi.ComponentResource {
    /** ARN of the replica, in this region. */
    public readonly arn: pulumi.Output<string>;

    constructor(
        name: string,
        args: DynamoTableReplicaArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:DynamoTableReplica", name, {}, opts);
        const replica = new aws.dynamodb.TableReplica(
            name,
            {
                globalTableArn: args.globalTableArn,
                kmsKeyArn: args.kmsKeyArn,
                pointInTimeRecovery: true,
                deletionProtectionEnabled: true,
            },
            { parent: this, protect: true },
        );
        this.arn = replica.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
