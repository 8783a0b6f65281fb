/**
 * Remote (multi-language) components, expanded. With the Pulumi CLI a remote component's
 * provider registers its child resources, and the policy pack sees them; under the SDK's mocks
 * nothing runs the provider, so an `awsx.ecs.FargateService` would be recorded without the
 * `aws:ecs/service:Service` it creates, and the pack would analyse nothing inside it. This file
 * re-creates, for the awsx components programs commonly use, the children awsx creates, with the
 * names, parents and inputs awsx gives them (pulumi/pulumi-awsx: awsx/ec2/vpc.ts and its subnet
 * distributors, awsx/lb/applicationLoadBalancer.ts, awsx/ecs/fargateService.ts, ec2Service.ts,
 * fargateTaskDefinition.ts, awsx/role.ts, awsx/cloudwatch/logGroup.ts), one file per component
 * under ./awsx/. Any other remote component keeps no children, and the pack's
 * `analysis-coverage` policy names it.
 */
import { expandAlb } from "./awsx/alb";
import { Children, ExpansionContext, Inputs } from "./awsx/children";
import { expandImage, expandRepository, imageUri } from "./awsx/ecr";
import { expandService } from "./awsx/ecs";
import { defaultVpcOutputs, expandVpc } from "./awsx/vpc";
import { RecordedResource } from "./types";

export type { ExpansionContext } from "./awsx/children";
export { defaultVpcOutputs, vpcSubnetLayout } from "./awsx/vpc";
export type { SubnetLayout } from "./awsx/vpc";

/** The awsx component types this file expands. */
export const expandedComponentTypes = [
    "awsx:ec2:Vpc",
    "awsx:lb:ApplicationLoadBalancer",
    "awsx:ecs:FargateService",
    "awsx:ecs:EC2Service",
    "awsx:ecr:Repository",
    "awsx:ecr:Image",
];

export function expandRemoteComponent(
    component: RecordedResource,
    ctx: ExpansionContext,
): RecordedResource[] {
    const children = new Children(component, ctx);
    switch (component.type) {
        case "awsx:ec2:Vpc":
            expandVpc(component, children, ctx);
            break;
        case "awsx:lb:ApplicationLoadBalancer":
            expandAlb(component, children, ctx);
            break;
        case "awsx:ecs:FargateService":
            expandService(component, children, ctx, "FARGATE");
            break;
        case "awsx:ecs:EC2Service":
            expandService(component, children, ctx, "EC2");
            break;
        case "awsx:ecr:Repository":
            expandRepository(component, children);
            break;
        case "awsx:ecr:Image":
            expandImage(component, children);
            break;
        default:
            return [];
    }
    return children.list;
}

/**
 * Outputs of an expanded component that programs read (`alb.loadBalancer.dnsName`,
 * `svc.service.name`): the child resources' state, as the awsx provider returns them.
 */
export function remoteComponentOutputs(component: RecordedResource, ctx: ExpansionContext): Inputs {
    const children = expandRemoteComponent(component, ctx);
    const child = (type: string) => children.find((c) => c.type === type)?.outputs;
    switch (component.type) {
        case "awsx:lb:ApplicationLoadBalancer":
            return {
                loadBalancer: child("aws:lb/loadBalancer:LoadBalancer"),
                defaultTargetGroup: child("aws:lb/targetGroup:TargetGroup"),
                defaultSecurityGroup: child("aws:ec2/securityGroup:SecurityGroup"),
                listeners: children
                    .filter((c) => c.type === "aws:lb/listener:Listener")
                    .map((c) => c.outputs),
                vpcId: child("aws:lb/targetGroup:TargetGroup")?.vpcId,
            };
        case "awsx:ecs:FargateService":
        case "awsx:ecs:EC2Service":
            return {
                service: child("aws:ecs/service:Service"),
                taskDefinition: child("aws:ecs/taskDefinition:TaskDefinition"),
            };
        case "awsx:ec2:DefaultVpc":
            return defaultVpcOutputs(ctx.regionOf(component.inputs, component.provider));
        case "awsx:ecr:Repository":
            return {
                repository: child("aws:ecr/repository:Repository"),
                lifecyclePolicy: child("aws:ecr/lifecyclePolicy:LifecyclePolicy"),
                url: child("aws:ecr/repository:Repository")?.repositoryUrl,
            };
        case "awsx:ecr:Image":
            return { imageUri: imageUri(component.inputs) };
        case "awsx:ec2:Vpc":
            return {
                vpc: child("aws:ec2/vpc:Vpc"),
                internetGateway: child("aws:ec2/internetGateway:InternetGateway"),
                subnets: children
                    .filter((c) => c.type === "aws:ec2/subnet:Subnet")
                    .map((c) => c.outputs),
                routeTables: children
                    .filter((c) => c.type === "aws:ec2/routeTable:RouteTable")
                    .map((c) => c.outputs),
                natGateways: children
                    .filter((c) => c.type === "aws:ec2/natGateway:NatGateway")
                    .map((c) => c.outputs),
                eips: children.filter((c) => c.type === "aws:ec2/eip:Eip").map((c) => c.outputs),
                vpcEndpoints: children
                    .filter((c) => c.type === "aws:ec2/vpcEndpoint:VpcEndpoint")
                    .map((c) => c.outputs),
                // awsx's resolved layout: one spec per subnet type (awsx/ec2/vpc.ts subnetLayout).
                subnetLayout: Array.isArray(component.inputs.subnetSpecs)
                    ? component.inputs.subnetSpecs
                    : [{ type: "Private" }, { type: "Public" }],
            };
        default:
            return {};
    }
}
