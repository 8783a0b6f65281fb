/**
 * The network part of a `RegionalApplication`: the VPC, the security groups of the load balancer,
 * the tasks and the interface endpoints, the rules between them, and the VPC endpoints that let
 * NAT-less tasks reach ECR, CloudWatch Logs, S3 and (optionally) DynamoDB.
 *
 * A plain function, not a component: its resources stay children of the `RegionalApplication`,
 * so their URNs are those they had before the application was split into parts.
 */
import * as aws from "@pulumi/aws";
import type * as awsxTypes from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "./plan";

/**
 * `@pulumi/awsx`, loaded when a region's VPC is built. It is an optional peer of the package, so
 * a program that uses only the data or routing components installs neither awsx nor what it
 * brings (a Docker provider, its own `@pulumi/aws`).
 */
function loadAwsx(): typeof awsxTypes {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require("@pulumi/awsx") as typeof awsxTypes;
    } catch (err) {
        if (
            (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" &&
            String((err as Error).message).includes("'@pulumi/awsx'")
        ) {
            throw new Error(
                'RegionalApplication builds its VPC with @pulumi/awsx, an optional peer of multi-region-failover; install it: npm install "@pulumi/awsx@^3"',
            );
        }
        throw err;
    }
}

/** Gateway endpoint services tasks may need without NAT. */
export type GatewayEndpointService = "s3" | "dynamodb";

/** Arguments of the network part. */
export interface RegionNetworkArgs {
    /** AWS region; also given to the awsx VPC, whose provider is invisible under mocks. */
    region: string;
    /** VPC CIDR block. */
    cidrBlock: string;
    /** Availability zones to spread over. */
    azCount: number;
    /** NAT gateways, app subnet type and task egress. */
    plan: NetworkPlan;
    /** Port the tasks listen on. */
    port: number;
    /** Gateway endpoints to add; S3 is always added because ECR stores image layers in S3. */
    gatewayEndpoints: GatewayEndpointService[];
    /** Description of the ALB's security group: who it admits (see `edgePlan`). */
    albSecurityGroupDescription: string;
}

/** What the network part gives the others. */
export interface RegionNetwork {
    vpc: awsxTypes.ec2.Vpc;
    vpcId: pulumi.Output<string>;
    publicSubnetIds: pulumi.Output<string[]>;
    /** Subnets without a public IP route, where tasks and data stores live. */
    appSubnetIds: pulumi.Output<string[]>;
    albSecurityGroup: aws.ec2.SecurityGroup;
    taskSecurityGroup: aws.ec2.SecurityGroup;
}

/** Build the network of application `name`, every resource a child of `parent`. */
export function regionNetwork(
    name: string,
    args: RegionNetworkArgs,
    parent: pulumi.Resource,
): RegionNetwork {
    const opts = { parent };
    // awsx refuses Private subnets without NAT, so a NAT-less region uses Isolated ones.
    const awsx = loadAwsx();
    const vpc = new awsx.ec2.Vpc(
        `${name}-vpc`,
        {
            region: args.region,
            cidrBlock: args.cidrBlock,
            numberOfAvailabilityZones: args.azCount,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            natGateways: { strategy: args.plan.natGateways },
            subnetStrategy: "Auto",
            subnetSpecs: [{ type: "Public" }, { type: args.plan.appSubnetType }],
        },
        opts,
    );
    const appSubnetIds =
        args.plan.appSubnetType === "Isolated" ? vpc.isolatedSubnetIds : vpc.privateSubnetIds;

    const albSecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-alb`,
        { vpcId: vpc.vpcId, description: args.albSecurityGroupDescription },
        opts,
    );
    const taskSecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-tasks`,
        { vpcId: vpc.vpcId, description: "Application tasks: app port from the ALB only" },
        opts,
    );
    const endpointSecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-endpoints`,
        { vpcId: vpc.vpcId, description: "Interface VPC endpoints: HTTPS from the tasks" },
        opts,
    );
    const rule = (
        ruleName: string,
        kind: "in" | "out",
        args: aws.vpc.SecurityGroupIngressRuleArgs,
    ) =>
        kind === "in"
            ? new aws.vpc.SecurityGroupIngressRule(ruleName, args, opts)
            : new aws.vpc.SecurityGroupEgressRule(ruleName, args, opts);
    const tcp = (port: number) => ({ ipProtocol: "tcp", fromPort: port, toPort: port });

    rule(`${name}-alb-out-tasks`, "out", {
        securityGroupId: albSecurityGroup.id,
        description: "To the tasks on the app port",
        ...tcp(args.port),
        referencedSecurityGroupId: taskSecurityGroup.id,
    });
    rule(`${name}-tasks-in-alb`, "in", {
        securityGroupId: taskSecurityGroup.id,
        description: "From the ALB on the app port",
        ...tcp(args.port),
        referencedSecurityGroupId: albSecurityGroup.id,
    });
    rule(`${name}-tasks-out-endpoints`, "out", {
        securityGroupId: taskSecurityGroup.id,
        description: "HTTPS to the interface VPC endpoints (ECR, CloudWatch Logs)",
        ...tcp(443),
        referencedSecurityGroupId: endpointSecurityGroup.id,
    });
    rule(`${name}-endpoints-in-tasks`, "in", {
        securityGroupId: endpointSecurityGroup.id,
        description: "HTTPS from the tasks",
        ...tcp(443),
        referencedSecurityGroupId: taskSecurityGroup.id,
    });
    if (args.plan.taskInternetEgress) {
        // Explicit opt-in (app.outboundInternet): the only 0.0.0.0/0 egress in the stack.
        rule(`${name}-tasks-out-internet`, "out", {
            securityGroupId: taskSecurityGroup.id,
            description: "HTTPS to the internet through NAT (app.outboundInternet)",
            ...tcp(443),
            cidrIpv4: "0.0.0.0/0",
        });
    }

    for (const service of ["ecr.api", "ecr.dkr", "logs"]) {
        new aws.ec2.VpcEndpoint(
            `${name}-${service.replace(".", "-")}`,
            {
                vpcId: vpc.vpcId,
                serviceName: `com.amazonaws.${args.region}.${service}`,
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: appSubnetIds,
                securityGroupIds: [endpointSecurityGroup.id],
            },
            opts,
        );
    }
    // awsx does not attach gateway endpoints to its route tables (pulumi/pulumi-awsx#1627).
    const routeTableIds = vpc.routeTables.apply((tables) => pulumi.all(tables.map((t) => t.id)));
    for (const service of [...new Set(["s3", ...args.gatewayEndpoints])]) {
        const endpoint = new aws.ec2.VpcEndpoint(
            `${name}-${service}`,
            {
                vpcId: vpc.vpcId,
                serviceName: `com.amazonaws.${args.region}.${service}`,
                vpcEndpointType: "Gateway",
                routeTableIds,
            },
            opts,
        );
        rule(`${name}-tasks-out-${service}`, "out", {
            securityGroupId: taskSecurityGroup.id,
            description: `HTTPS to ${service} through its gateway endpoint`,
            ...tcp(443),
            prefixListId: endpoint.prefixListId,
        });
    }

    return {
        vpc,
        vpcId: vpc.vpcId,
        publicSubnetIds: vpc.publicSubnetIds,
        appSubnetIds,
        albSecurityGroup,
        taskSecurityGroup,
    };
}
