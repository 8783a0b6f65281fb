import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of the Secrets Manager endpoint of a region's VPC. */
export interface SecretsEndpointArgs {
    /** Region of the VPC. */
    region: string;
    /** The VPC. */
    vpcId: pulumi.Input<string>;
    /** Subnets of the tasks (and the rotation function). */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security group of the tasks: the only one allowed to call the endpoint. */
    clientSecurityGroupId: pulumi.Input<string>;
}

/**
 * An interface VPC endpoint for Secrets Manager, with private DNS, admitting HTTPS from the tasks'
 * security group only, and the matching egress rule on that group. ECS fetches a task's `secrets`
 * through the task's network when it starts, and the rotation function calls Secrets Manager from
 * the VPC, so a region whose tasks have no NAT still reaches its own replica of the secret.
 */
export class SecretsEndpoint extends pulumi.ComponentResource {
    /** ID of the endpoint. */
    public readonly endpointId: pulumi.Output<string>;

    constructor(
        name: string,
        args: SecretsEndpointArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:SecretsEndpoint", name, {}, opts);
        const group = new aws.ec2.SecurityGroup(
            name,
            {
                vpcId: args.vpcId,
                description: "Secrets Manager endpoint: HTTPS from the application tasks",
                ingress: [
                    {
                        description: "Application tasks",
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        securityGroups: [args.clientSecurityGroupId],
                    },
                ],
                egress: [],
            },
            { parent: this },
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-from-app`,
            {
                securityGroupId: args.clientSecurityGroupId,
                referencedSecurityGroupId: group.id,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "Application tasks to the Secrets Manager endpoint",
            },
            { parent: this },
        );
        const endpoint = new aws.ec2.VpcEndpoint(
            name,
            {
                vpcId: args.vpcId,
                serviceName: `com.amazonaws.${args.region}.secretsmanager`,
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: args.subnetIds,
                securityGroupIds: [group.id],
            },
            { parent: this },
        );
        this.endpointId = endpoint.id;
        this.registerOutputs({ endpointId: this.endpointId });
    }
}
