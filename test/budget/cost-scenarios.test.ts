/**
 * The network, compute and data pricers (policies/budget/cost-compute.ts, cost-data.ts), one
 * branch per scenario, with every line (resource, price key, quantity, item, Region) and every
 * resource priced at zero or left unpriced with its reason. NAT gateways in the graph replace a
 * VPC's own count and share its traffic per Region; gateway VPC endpoints are free; a load
 * balancer in a Region that serves no users has no LCUs or egress, and CloudFront in front takes
 * the egress (https://aws.amazon.com/vpc/pricing/, https://aws.amazon.com/elasticloadbalancing/pricing/,
 * https://aws.amazon.com/cloudfront/pricing/); Container Insights counts the services of its own
 * stack and Region; replicas take their source's usage (https://aws.amazon.com/dynamodb/pricing/,
 * https://aws.amazon.com/s3/pricing/, https://aws.amazon.com/rds/pricing/).
 */
import * as assert from "assert";
import { BudgetResource, estimateCost } from "../../policies/budget";
import { resource } from "./fixtures";

const at = (
    type: string,
    name: string,
    props: Record<string, unknown>,
    region = "us-east-1",
    stack = "p",
) => resource(stack, region, type, name, props);

interface Expected {
    items: [string, string, number, string, string][];
    free: [string, string][];
    unpriced: [string, string][];
}
const scenarios: [string, () => BudgetResource[], unknown, Expected][] = [];
function scenario(title: string, resources: BudgetResource[], usage?: unknown): void {
    scenarios.push([title, () => resources, usage, expected[title]!]);
}
const expected: Record<string, Expected> = {
    "NAT gateways in the graph: the VPC priced at zero, traffic shared per Region": {
        items: [
            [
                "w",
                "natGatewayHour",
                730,
                "1 NAT gateway(s) (natGateways.strategy Single) × 730 h",
                "us-west-2",
            ],
            ["w", "publicIpv4Hour", 730, "1 NAT public IPv4 address(es) × 730 h", "us-west-2"],
            ["w", "natGatewayGb", 10, "10 GB through NAT (usage.natGbPerMonthPerVpc)", "us-west-2"],
            ["n1", "natGatewayHour", 730, "NAT gateway × 730 h", "us-east-1"],
            [
                "n1",
                "natGatewayGb",
                5,
                "5 GB through NAT (usage.natGbPerMonthPerVpc over the region's NAT gateways)",
                "us-east-1",
            ],
            ["n2", "natGatewayHour", 730, "NAT gateway × 730 h", "us-east-1"],
            [
                "n2",
                "natGatewayGb",
                5,
                "5 GB through NAT (usage.natGbPerMonthPerVpc over the region's NAT gateways)",
                "us-east-1",
            ],
            ["n3", "natGatewayHour", 730, "NAT gateway × 730 h", "us-west-2"],
            [
                "n3",
                "natGatewayGb",
                10,
                "10 GB through NAT (usage.natGbPerMonthPerVpc over the region's NAT gateways)",
                "us-west-2",
            ],
        ],
        free: [["v", "its NAT gateways are in the graph and priced as NatGateway resources"]],
        unpriced: [],
    },
    "VPC endpoints: gateway free, other kinds and subnet-less interfaces unpriced": {
        items: [
            [
                "named",
                "interfaceEndpointAzHour",
                1460,
                "2 AZ(s) × 730 h (com.amazonaws.us-east-1.ecr.api)",
                "us-east-1",
            ],
            [
                "named",
                "interfaceEndpointGb",
                1,
                "1 GB processed (usage.endpointGbPerMonth)",
                "us-east-1",
            ],
        ],
        free: [["gw", "gateway endpoints (S3, DynamoDB) have no charge"]],
        unpriced: [
            ["gwlb", "GatewayLoadBalancer endpoints are not priced by the model"],
            ["nosub", "interface endpoint without subnetIds: its AZ count is unknown"],
        ],
    },
    "load balancers: NLB, gateway, internal, subnet mappings, a standby Region without users": {
        items: [
            ["nlb", "nlbHour", 730, "NLB × 730 h", "us-east-1"],
            ["internal", "albHour", 730, "ALB × 730 h", "us-east-1"],
            [
                "internal",
                "albLcuHour",
                111.1111111111111,
                "0.1522 LCU × 730 h (max of 10,000,000 new connections at 25/s per LCU, 95.37 GB at 1 GB/h per LCU)",
                "us-east-1",
            ],
            [
                "internal",
                "internetEgressGb",
                95.367431640625,
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "us-east-1",
            ],
            ["mapped", "albHour", 730, "ALB × 730 h", "us-east-1"],
            [
                "mapped",
                "publicIpv4Hour",
                2190,
                "3 public IPv4 (one per AZ node, the minimum) × 730 h",
                "us-east-1",
            ],
            [
                "mapped",
                "albLcuHour",
                111.1111111111111,
                "0.1522 LCU × 730 h (max of 10,000,000 new connections at 25/s per LCU, 95.37 GB at 1 GB/h per LCU)",
                "us-east-1",
            ],
            [
                "mapped",
                "internetEgressGb",
                95.367431640625,
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "us-east-1",
            ],
            ["standby", "albHour", 730, "ALB × 730 h", "us-west-2"],
            [
                "standby",
                "publicIpv4Hour",
                1460,
                "2 public IPv4 (one per AZ node, the minimum) × 730 h",
                "us-west-2",
            ],
            ["svc-us-east-1-p", "fargateVcpuHour", 1460, "2 task(s) × 1 vCPU × 730 h", "us-east-1"],
            ["svc-us-east-1-p", "fargateGbHour", 2920, "2 task(s) × 2 GB × 730 h", "us-east-1"],
        ],
        free: [
            ["svc-us-west-2-p", "desiredCount 0: no tasks run"],
            ["td", "billed as its service's running tasks"],
        ],
        unpriced: [
            ["nlb", "network load balancer capacity units are not priced by the model"],
            ["gwlb", "gateway load balancer capacity units are not priced by the model"],
        ],
    },
    "an ALB where no Region serves yet, behind CloudFront: LCUs, no egress": {
        items: [
            ["alb", "albHour", 730, "ALB × 730 h", "us-east-1"],
            [
                "alb",
                "publicIpv4Hour",
                1460,
                "2 public IPv4 (one per AZ node, the minimum) × 730 h",
                "us-east-1",
            ],
            [
                "alb",
                "albLcuHour",
                111.1111111111111,
                "0.1522 LCU × 730 h (max of 10,000,000 new connections at 25/s per LCU, 95.37 GB at 1 GB/h per LCU)",
                "us-east-1",
            ],
            [
                "cdn",
                "cloudFrontGb",
                95.367431640625,
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "global",
            ],
            ["cdn", "cloudFrontHttpsPer10k", 1000, "10,000,000 HTTPS requests", "global"],
        ],
        free: [],
        unpriced: [],
    },
    "services and clusters: launch types, task definitions, Container Insights per stack and Region":
        {
            items: [
                [
                    "svc-us-east-1-p",
                    "fargateVcpuHour",
                    730,
                    "1 task(s) × 1 vCPU × 730 h",
                    "us-east-1",
                ],
                ["svc-us-east-1-p", "fargateGbHour", 1460, "1 task(s) × 2 GB × 730 h", "us-east-1"],
                ["byfamily", "fargateVcpuHour", 730, "1 task(s) × 1 vCPU × 730 h", "us-east-1"],
                ["byfamily", "fargateGbHour", 1460, "1 task(s) × 2 GB × 730 h", "us-east-1"],
                [
                    "svc-us-west-2-p",
                    "fargateVcpuHour",
                    730,
                    "1 task(s) × 1 vCPU × 730 h",
                    "us-west-2",
                ],
                ["svc-us-west-2-p", "fargateGbHour", 1460, "1 task(s) × 2 GB × 730 h", "us-west-2"],
                [
                    "svc-us-east-1-q",
                    "fargateVcpuHour",
                    730,
                    "1 task(s) × 1 vCPU × 730 h",
                    "us-east-1",
                ],
                ["svc-us-east-1-q", "fargateGbHour", 1460, "1 task(s) × 2 GB × 730 h", "us-east-1"],
                [
                    "on",
                    "containerInsightsMetricMonth",
                    50,
                    "Container Insights (enhanced): 10 cluster metrics + 4 service(s) × 10",
                    "us-east-1",
                ],
            ],
            free: [
                ["off", "ECS clusters have no charge and Container Insights is off"],
                [
                    "step",
                    "step and scheduled scaling have no charge; their alarms are priced as alarms",
                ],
                ["td", "billed as its service's running tasks"],
            ],
            unpriced: [
                ["ec2", "launch type EC2: its instances are not in the model"],
                ["nodef", "task definition (cpu, memory) not found in the graph"],
            ],
        },
    "RDS: an unknown class unpriced, a replica with its source's usage": {
        items: [
            ["db", "rdsInstanceHour", 730, "db.t4g.micro × 1 × 730 h", "us-east-1"],
            ["db", "rdsGp3GbMonth", 30, "30 GB allocated × 1", "us-east-1"],
            ["rep", "rdsGp3GbMonth", 7, "7 GB allocated × 1", "us-west-2"],
            [
                "rep",
                "interRegionGb",
                3,
                "cross-region replication into us-west-2: 3 GB written/month",
                "us-west-2",
            ],
        ],
        free: [],
        unpriced: [["rep", 'no price for RDS class "db.x9.huge"']],
    },
    "DynamoDB: provisioned unpriced, inline replicas, separate replicas by ARN": {
        items: [
            [
                "t",
                "dynamodbWritePerMillion",
                1.048576,
                "1.0486 M writes (1 GB in 1 KB items)",
                "us-east-1",
            ],
            ["t", "dynamodbStorageGbMonth", 50, "50 GB stored", "us-east-1"],
            [
                "t",
                "dynamodbReplicatedWritePerMillion",
                1.048576,
                "replica us-west-2: 1.0486 M replicated writes",
                "us-west-2",
            ],
            ["t", "dynamodbStorageGbMonth", 50, "replica us-west-2: 50 GB stored", "us-west-2"],
            [
                "t",
                "interRegionGb",
                1,
                "cross-region replication to us-west-2: 1 GB written/month",
                "us-east-1",
            ],
            [
                "t",
                "dynamodbReplicatedWritePerMillion",
                1.048576,
                "replica unknown: 1.0486 M replicated writes",
                "unknown",
            ],
            ["t", "dynamodbStorageGbMonth", 50, "replica unknown: 50 GB stored", "unknown"],
            [
                "t",
                "interRegionGb",
                1,
                "cross-region replication to unknown: 1 GB written/month",
                "us-east-1",
            ],
            [
                "r",
                "dynamodbReplicatedWritePerMillion",
                1.048576,
                "1.0486 M replicated writes",
                "eu-west-1",
            ],
            ["r", "dynamodbStorageGbMonth", 50, "50 GB stored", "eu-west-1"],
            [
                "r",
                "interRegionGb",
                1,
                "cross-region replication into eu-west-1: 1 GB written/month",
                "eu-west-1",
            ],
            [
                "r2",
                "dynamodbReplicatedWritePerMillion",
                10.48576,
                "10.4858 M replicated writes",
                "eu-west-1",
            ],
            ["r2", "dynamodbStorageGbMonth", 50, "50 GB stored", "eu-west-1"],
            [
                "r2",
                "interRegionGb",
                10,
                "cross-region replication into eu-west-1: 10 GB written/month",
                "eu-west-1",
            ],
        ],
        free: [],
        unpriced: [
            ["prov", "provisioned capacity is not priced; the model prices on-demand tables"],
        ],
    },
    "S3: rules by status, metrics, destinations in and out of the graph, a Multi-Region Access Point":
        {
            items: [
                ["a", "s3StandardGbMonth", 50, "50 GB Standard", "us-east-1"],
                ["b", "s3StandardGbMonth", 50, "50 GB Standard", "us-east-1"],
                ["c", "s3StandardGbMonth", 50, "50 GB Standard", "us-west-2"],
                ["rep", "s3PutPer1000", 2, "2,000 replication PUTs at b (us-east-1)", "us-east-1"],
                [
                    "rep",
                    "cloudWatchCustomMetricMonth",
                    4,
                    "4 replication metrics of the rule",
                    "us-east-1",
                ],
                [
                    "rep",
                    "interRegionGb",
                    10,
                    "cross-region replication us-east-1 → c (us-west-2): 10 GB written/month",
                    "us-east-1",
                ],
                ["rep", "s3PutPer1000", 2, "2,000 replication PUTs at c (us-west-2)", "us-west-2"],
                [
                    "rep",
                    "interRegionGb",
                    10,
                    "cross-region replication us-east-1 → elsewhere: 10 GB written/month",
                    "us-east-1",
                ],
                ["rep", "s3PutPer1000", 2, "2,000 replication PUTs at elsewhere", "us-east-1"],
                [
                    "rep",
                    "interRegionGb",
                    10,
                    "cross-region replication us-east-1 → destination: 10 GB written/month",
                    "us-east-1",
                ],
                ["rep", "s3PutPer1000", 2, "2,000 replication PUTs at destination", "us-east-1"],
                ["mrap", "s3MrapRoutingGb", 4, "4 GB routed (the store's writes)", "global"],
            ],
            free: [],
            unpriced: [],
        },
};

const vpc = (name: string, region = "us-east-1", stack = "p") => ({
    ...at("awsx:ec2:Vpc", name, {}, region, stack),
    inputs: { natGateways: { strategy: "Single" }, numberOfAvailabilityZones: 2 },
    outputs: {},
});
const svc = (region: string, n: number, stack = "p") =>
    at(
        "aws:ecs/service:Service",
        `svc-${region}-${stack}`,
        { desiredCount: n, taskDefinition: "arn:aws:ecs:r:1:task-definition/app:3" },
        region,
        stack,
    );
const td = at("aws:ecs/taskDefinition:TaskDefinition", "td", {
    family: "app",
    cpu: "1024",
    memory: "2048",
});

scenario("NAT gateways in the graph: the VPC priced at zero, traffic shared per Region", [
    vpc("v"),
    at("aws:ec2/natGateway:NatGateway", "n1", {}),
    at("aws:ec2/natGateway:NatGateway", "n2", {}),
    at("aws:ec2/natGateway:NatGateway", "n3", {}, "us-west-2"),
    vpc("w", "us-west-2", "q"),
]);
scenario("VPC endpoints: gateway free, other kinds and subnet-less interfaces unpriced", [
    at("aws:ec2/vpcEndpoint:VpcEndpoint", "gw", {}),
    at("aws:ec2/vpcEndpoint:VpcEndpoint", "gwlb", {
        vpcEndpointType: "GatewayLoadBalancer",
        subnetIds: ["a"],
    }),
    at("aws:ec2/vpcEndpoint:VpcEndpoint", "nosub", { vpcEndpointType: "Interface" }),
    at("aws:ec2/vpcEndpoint:VpcEndpoint", "named", {
        vpcEndpointType: "Interface",
        subnetIds: ["a", "b"],
        serviceName: "com.amazonaws.us-east-1.ecr.api",
    }),
]);
scenario(
    "load balancers: NLB, gateway, internal, subnet mappings, a standby Region without users",
    [
        svc("us-east-1", 2),
        svc("us-west-2", 0),
        td,
        at("aws:lb/loadBalancer:LoadBalancer", "nlb", { loadBalancerType: "network" }),
        at("aws:lb/loadBalancer:LoadBalancer", "gwlb", { loadBalancerType: "gateway" }),
        at("aws:lb/loadBalancer:LoadBalancer", "internal", { internal: true }),
        at("aws:lb/loadBalancer:LoadBalancer", "mapped", { subnetMappings: [{}, {}, {}] }),
        at("aws:lb/loadBalancer:LoadBalancer", "standby", {}, "us-west-2"),
    ],
);
scenario("an ALB where no Region serves yet, behind CloudFront: LCUs, no egress", [
    at("aws:lb/loadBalancer:LoadBalancer", "alb", { internal: "false" }),
    at("aws:cloudfront/distribution:Distribution", "cdn", {}),
]);
scenario(
    "services and clusters: launch types, task definitions, Container Insights per stack and Region",
    [
        svc("us-east-1", 1),
        at("aws:ecs/service:Service", "ec2", { launchType: "EC2" }),
        at("aws:ecs/service:Service", "nodef", { taskDefinition: "other" }),
        at("aws:ecs/service:Service", "byfamily", { taskDefinition: "app" }),
        td,
        at("aws:ecs/cluster:Cluster", "off", {}),
        at("aws:ecs/cluster:Cluster", "on", {
            settings: [
                { name: "other", value: "x" },
                { name: "containerInsights", value: "enhanced" },
            ],
        }),
        svc("us-west-2", 1),
        svc("us-east-1", 1, "q"),
        at("aws:appautoscaling/policy:Policy", "step", { policyType: "StepScaling" }),
    ],
);
scenario(
    "RDS: an unknown class unpriced, a replica with its source's usage",
    [
        at("aws:rds/instance:Instance", "db", {
            identifier: "db",
            instanceClass: "db.t4g.micro",
            allocatedStorage: 30,
        }),
        at(
            "aws:rds/instance:Instance",
            "rep",
            { instanceClass: "db.x9.huge", replicateSourceDb: "db" },
            "us-west-2",
        ),
    ],
    { stores: { db: { gbStored: 7, gbWrittenPerMonth: 3 } } },
);
scenario(
    "DynamoDB: provisioned unpriced, inline replicas, separate replicas by ARN",
    [
        at("aws:dynamodb/table:Table", "prov", {}),
        at("aws:dynamodb/table:Table", "t", {
            name: "orders",
            billingMode: "PAY_PER_REQUEST",
            replicas: [{ regionName: "us-west-2" }, {}],
        }),
        at(
            "aws:dynamodb/tableReplica:TableReplica",
            "r",
            { globalTableArn: "arn:aws:dynamodb:us-east-1:1:table/orders" },
            "eu-west-1",
        ),
        at(
            "aws:dynamodb/tableReplica:TableReplica",
            "r2",
            { globalTableArn: "arn:aws:dynamodb:us-east-1:1:table/other" },
            "eu-west-1",
        ),
    ],
    { stores: { t: { gbWrittenPerMonth: 1 } } },
);
scenario(
    "S3: rules by status, metrics, destinations in and out of the graph, a Multi-Region Access Point",
    [
        at("aws:s3/bucket:Bucket", "a", { bucket: "a" }),
        at("aws:s3/bucket:Bucket", "b", { bucket: "b" }),
        at("aws:s3/bucket:Bucket", "c", { bucket: "c" }, "us-west-2"),
        at("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "rep", {
            bucket: "arn:aws:s3:::a",
            rules: [
                { status: "Disabled", destination: { bucket: "arn:aws:s3:::c" } },
                { destination: { bucket: "arn:aws:s3:::b", metrics: { status: "Enabled" } } },
                { destination: { bucket: "arn:aws:s3:::c" } },
                { destination: { bucket: "elsewhere" } },
                { destination: {} },
            ],
        }),
        at("aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint", "mrap", {
            details: { regions: [{ bucket: "c" }] },
        }),
    ],
    { stores: { c: { gbWrittenPerMonth: 4 }, rep: { objectsReplicatedPerMonth: 2000 } } },
);

describe("budget cost: network, compute and data, branch by branch", () => {
    for (const [title, build, usage, want] of scenarios) {
        it(title, () => {
            const cost = estimateCost({ resources: build() }, undefined, usage as never);
            assert.deepStrictEqual(
                {
                    items: cost.items.map((i) => [
                        i.resource,
                        i.priceKey,
                        i.quantity,
                        i.item,
                        i.region,
                    ]),
                    free: cost.free.map((f) => [f.resource, f.reason]),
                    unpriced: cost.unpriced.map((f) => [f.resource, f.reason]),
                },
                want,
            );
        });
    }
});
