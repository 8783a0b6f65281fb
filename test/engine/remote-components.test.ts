/**
 * Remote components expanded offline into the children awsx creates (pulumi/pulumi-awsx source).
 */
import * as assert from "assert";
import {
    ExpansionContext,
    expandRemoteComponent,
    vpcSubnetLayout,
} from "../../check/engine/remote-components";
import { RecordedResource } from "../../check/engine/types";

const ctx: ExpansionContext = {
    stack: "dev",
    project: "p",
    recorded: [],
    regionOf: (inputs) => (typeof inputs.region === "string" ? inputs.region : "us-east-1"),
};

function component(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
    return {
        urn: `urn:pulumi:dev::p::${type}::${name}`,
        type,
        name,
        region: "us-east-1",
        custom: false,
        inputs,
        outputs: inputs,
        protect: false,
        retainOnDelete: false,
        dependencies: [],
        propertyDependencies: {},
        stack: "dev",
    };
}

describe("awsx remote components, expanded", () => {
    it("an ECR repository: the repository in lower case and awsx's default lifecycle rule", () => {
        const children = expandRemoteComponent(
            component("awsx:ecr:Repository", "Images", { forceDelete: true }),
            ctx,
        );
        assert.deepStrictEqual(
            children.map((c) => [c.type, c.name]),
            [
                ["aws:ecr/repository:Repository", "images"],
                ["aws:ecr/lifecyclePolicy:LifecyclePolicy", "images"],
            ],
        );
        assert.strictEqual(children[0].inputs.forceDelete, true);
        assert.match(
            String(children[0].outputs.repositoryUrl),
            /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/images-[0-9a-f]{7}$/,
        );
        assert.deepStrictEqual(
            (JSON.parse(String(children[1].inputs.policy)) as { rules: unknown[] }).rules,
            [
                {
                    rulePriority: 1,
                    description: "remove untagged images",
                    selection: {
                        tagStatus: "untagged",
                        countType: "imageCountMoreThan",
                        countNumber: 1,
                    },
                    action: { type: "expire" },
                },
            ],
        );
        assert.deepStrictEqual(
            expandRemoteComponent(
                component("awsx:ecr:Repository", "r", { lifecyclePolicy: { skip: true } }),
                ctx,
            ).map((c) => c.type),
            ["aws:ecr/repository:Repository"],
        );
    });

    it("an ECR image: a docker-build image pushed to the repository, tagged by its name", () => {
        const url = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app";
        const [image] = expandRemoteComponent(
            component("awsx:ecr:Image", "app", {
                repositoryUrl: url,
                context: "./app",
                imageTag: "v1",
            }),
            ctx,
        );
        assert.deepStrictEqual(
            [image.type, image.name, image.inputs.tags, image.inputs.push],
            ["docker-build:index:Image", "v1", [`${url}:v1`], true],
        );
        assert.deepStrictEqual(image.inputs.context, { location: "./app" });
        assert.match(String(image.outputs.digest), /^sha256:[0-9a-f]{64}$/);
    });

    it("lays out Auto subnets as awsx does: one block per AZ, public first", () => {
        const layout = vpcSubnetLayout(
            "net",
            { subnetStrategy: "Auto", subnetSpecs: [{ type: "Public" }, { type: "Private" }] },
            "us-east-1",
        );
        assert.deepStrictEqual(
            layout.map((s) => [s.subnetName, s.azName, s.cidrBlock]),
            [
                ["net-public-1", "us-east-1a", "10.0.0.0/19"],
                ["net-private-1", "us-east-1a", "10.0.32.0/19"],
                ["net-public-2", "us-east-1b", "10.0.64.0/19"],
                ["net-private-2", "us-east-1b", "10.0.96.0/19"],
                ["net-public-3", "us-east-1c", "10.0.128.0/19"],
                ["net-private-3", "us-east-1c", "10.0.160.0/19"],
            ],
        );
    });

    it("lays out the Legacy default: a private half of each AZ block, then a public quarter", () => {
        const layout = vpcSubnetLayout("net", { numberOfAvailabilityZones: 2 }, "eu-west-1");
        assert.deepStrictEqual(
            layout.map((s) => [s.subnetName, s.cidrBlock]),
            [
                ["net-public-1", "10.0.64.0/19"],
                ["net-private-1", "10.0.0.0/18"],
                ["net-public-2", "10.0.192.0/19"],
                ["net-private-2", "10.0.128.0/18"],
            ],
        );
    });

    it("creates a VPC's children with awsx's names, parents and NAT per AZ", () => {
        const children = expandRemoteComponent(
            component("awsx:ec2:Vpc", "net", { numberOfAvailabilityZones: 2 }),
            ctx,
        );
        const count = (type: string) => children.filter((c) => c.type === type).length;
        assert.deepStrictEqual(
            [
                count("aws:ec2/vpc:Vpc"),
                count("aws:ec2/internetGateway:InternetGateway"),
                count("aws:ec2/subnet:Subnet"),
                count("aws:ec2/routeTable:RouteTable"),
                count("aws:ec2/routeTableAssociation:RouteTableAssociation"),
                count("aws:ec2/eip:Eip"),
                count("aws:ec2/natGateway:NatGateway"),
                count("aws:ec2/route:Route"),
            ],
            [1, 1, 4, 4, 4, 2, 2, 4],
        );
        const route = children.find(
            (c) => c.type === "aws:ec2/route:Route" && c.name === "net-private-1",
        )!;
        assert.strictEqual(
            route.urn,
            "urn:pulumi:dev::p::awsx:ec2:Vpc$aws:ec2/vpc:Vpc$aws:ec2/subnet:Subnet$aws:ec2/routeTable:RouteTable$aws:ec2/route:Route::net-private-1",
        );
        assert.deepStrictEqual(Object.keys(route.inputs).sort(), [
            "destinationCidrBlock",
            "natGatewayId",
            "routeTableId",
        ]);
    });

    it("creates an ALB's security group, load balancer, target group and HTTP listener", () => {
        const children = expandRemoteComponent(
            component("awsx:lb:ApplicationLoadBalancer", "web", {
                subnetIds: ["subnet-a", "subnet-b"],
            }),
            ctx,
        );
        assert.deepStrictEqual(
            children.map((c) => [c.type, c.name]),
            [
                ["aws:ec2/securityGroup:SecurityGroup", "web"],
                ["aws:lb/loadBalancer:LoadBalancer", "web"],
                ["aws:lb/targetGroup:TargetGroup", "web"],
                ["aws:lb/listener:Listener", "web-0"],
            ],
        );
        assert.deepStrictEqual(
            [children[2].inputs.targetType, children[2].inputs.port, children[2].inputs.protocol],
            ["ip", 80, "HTTP"],
        );
        assert.deepStrictEqual(children[3].inputs.defaultActions, [
            { type: "forward", targetGroupArn: children[2].outputs.arn },
        ]);
    });

    it("creates a Fargate service with awsx's defaults, and its task definition's children", () => {
        const [service] = expandRemoteComponent(
            component("awsx:ecs:FargateService", "api", {
                cluster: "app",
                taskDefinition: "app:1",
                networkConfiguration: { subnets: ["subnet-a"] },
            }),
            ctx,
        );
        assert.deepStrictEqual(service.inputs, {
            desiredCount: 1,
            cluster: "app",
            networkConfiguration: { subnets: ["subnet-a"] },
            launchType: "FARGATE",
            waitForSteadyState: true,
            taskDefinition: "app:1",
        });
        const withArgs = expandRemoteComponent(
            component("awsx:ecs:FargateService", "api", {
                cluster: "app",
                networkConfiguration: { subnets: ["subnet-a"] },
                taskDefinitionArgs: { container: { name: "web", image: "nginx", essential: true } },
            }),
            ctx,
        );
        assert.deepStrictEqual(
            withArgs.map((c) => c.type),
            [
                "awsx:ecs:FargateTaskDefinition",
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:iam/role:Role",
                "aws:iam/role:Role",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                "aws:ecs/taskDefinition:TaskDefinition",
                "aws:ecs/service:Service",
            ],
        );
    });

    it("leaves other remote components alone", () => {
        assert.deepStrictEqual(
            expandRemoteComponent(component("awsx:cloudtrail:Trail", "audit", {}), ctx),
            [],
        );
    });
});
