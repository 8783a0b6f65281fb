import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";

// No subnets: awsx puts the load balancer in the default VPC's public subnets.
const lb = new awsx.lb.ApplicationLoadBalancer("web", {});
const cluster = new aws.ecs.Cluster("web");
// No networkConfiguration: awsx runs the tasks in the default VPC too.
new awsx.ecs.FargateService("web", {
    cluster: cluster.arn,
    assignPublicIp: true,
    taskDefinitionArgs: {
        container: {
            name: "web",
            image: "nginx:1.27",
            essential: true,
            portMappings: [{ containerPort: 80, targetGroup: lb.defaultTargetGroup }],
        },
    },
});

export const url = lb.loadBalancer.dnsName;
