import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const network = new pulumi.StackReference("acme/network/prod");
const vpcId = network.requireOutput("vpcId");
new aws.ec2.SecurityGroup("app", { vpcId: vpcId.apply(String) });

export const networkVpc = vpcId;
