import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of a database's network placement. */
export interface DatabaseNetworkArgs {
    /** VPC the database lives in. */
    vpcId: pulumi.Input<string>;
    /** Private subnets (no public route) in at least two availability zones. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The only security group allowed to connect: the application tasks'. */
    clientSecurityGroupId: pulumi.Input<string>;
    /** The database port. */
    port: number;
    /** What the database is, for descriptions. */
    description: string;
}

/**
 * Where a database lives: a DB subnet group over the private subnets, a security group that
 * admits only the application's security group on the database port, with no egress, and the
 * matching egress rule on the application's group.
 */
export class DatabaseNetwork extends pulumi.ComponentResource {
    /** Name of the DB subnet group. */
    public readonly subnetGroupName: pulumi.Output<string>;
    /** ID of the database's security group. */
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(
        name: string,
        args: DatabaseNetworkArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:DatabaseNetwork", name, {}, opts);
        const subnetGroup = new aws.rds.SubnetGroup(
            name,
            { subnetIds: args.subnetIds, description: `${args.description}: private subnets` },
            { parent: this },
        );
        // Inline rules with an empty egress list: the provider removes AWS's default allow-all
        // egress rule, and a database never opens connections of its own.
        const securityGroup = new aws.ec2.SecurityGroup(
            name,
            {
                vpcId: args.vpcId,
                description: `${args.description}: application tasks only`,
                ingress: [
                    {
                        description: "Application tasks",
                        protocol: "tcp",
                        fromPort: args.port,
                        toPort: args.port,
                        securityGroups: [args.clientSecurityGroupId],
                    },
                ],
                egress: [],
            },
            { parent: this },
        );
        // The tasks' security group allows no egress but what it needs; this opens exactly the
        // database port, to exactly this database's group.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-from-app`,
            {
                securityGroupId: args.clientSecurityGroupId,
                referencedSecurityGroupId: securityGroup.id,
                ipProtocol: "tcp",
                fromPort: args.port,
                toPort: args.port,
                description: `Application tasks to ${args.description}`,
            },
            { parent: this },
        );
        this.subnetGroupName = subnetGroup.name;
        this.securityGroupId = securityGroup.id;
        this.registerOutputs({
            subnetGroupName: this.subnetGroupName,
            securityGroupId: this.securityGroupId,
        });
    }
}
