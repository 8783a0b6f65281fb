import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "./config";

/** The network handles the data stores need from the regional application. */
export interface RegionNetwork {
    vpcId: pulumi.Output<string>;
    /** Subnets without a public route, where tasks and databases live. */
    privateSubnetIds: pulumi.Output<string[]>;
    /** Security group of the application tasks; data stores admit only this group. */
    appSecurityGroupId: pulumi.Output<string>;
}

/** What the regional application gives the stack: contract outputs and network handles. */
export interface RegionalApp {
    outputs: Record<string, unknown>;
    network: RegionNetwork;
}

/**
 * The regional application (network, load balancer, service) of a primary or secondary stack.
 * Placeholder until the region component lands (issue #3): only the network exists.
 */
export function regionalApp(config: StackConfig, provider: aws.Provider): RegionalApp {
    const name = `app-${config.region}`;
    const vpc = new awsx.ec2.Vpc(
        `${name}-vpc`,
        { numberOfAvailabilityZones: config.app.azCount, region: config.region },
        { provider },
    );
    const appSecurityGroup = new aws.ec2.SecurityGroup(
        `${name}-tasks`,
        { vpcId: vpc.vpcId, description: "Application tasks" },
        { provider },
    );
    return {
        outputs: {},
        network: {
            vpcId: vpc.vpcId,
            privateSubnetIds: vpc.privateSubnetIds,
            appSecurityGroupId: appSecurityGroup.id,
        },
    };
}
