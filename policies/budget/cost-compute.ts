/**
 * Network and compute lines: NAT gateways (read from the awsx VPC's inputs), public IPv4
 * addresses, VPC endpoints, load balancers with their LCUs and internet egress, Fargate tasks,
 * Container Insights and ECR pull-through caches.
 */
import { regionCapacities } from "./capacity";
import type { PricingContext } from "./cost-model";
import {
    BudgetResource,
    asArray,
    asBoolean,
    asNumber,
    asString,
    field,
    identifiersOf,
    numberProp,
    ofType,
    prop,
    regionOf,
    stringProp,
} from "./graph";
import { types as routingTypes } from "./routing";
import { gbServedPerMonth } from "./usage";

export const networkTypes = {
    awsxVpc: "awsx:ec2:Vpc",
    natGateway: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    service: "aws:ecs/service:Service",
    cluster: "aws:ecs/cluster:Cluster",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    pullThroughCacheRule: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
} as const;

/** The NAT gateways an awsx VPC creates. */
export interface VpcNat {
    count: number;
    strategy: string;
    /** How the count was read. */
    reason: string;
}

/**
 * NAT gateways of an awsx VPC, from its inputs: `natGateways` is an input `{ strategy }`
 * (default OnePerAz) and NAT gateways serve only private subnets (awsx default specs: Public
 * and Private). Its output of the same name is the array of created gateways, the only thing a
 * stack policy (outputs only) can read.
 */
export function vpcNatGateways(vpc: BudgetResource): VpcNat {
    if (vpc.inputs) {
        const strategy =
            asString(field(field(vpc.inputs, "natGateways"), "strategy")) ?? "OnePerAz";
        const specs = Array.isArray(field(vpc.inputs, "subnetSpecs"))
            ? asArray(field(vpc.inputs, "subnetSpecs")).map((s) => asString(field(s, "type")))
            : ["Public", "Private"];
        const azs =
            asNumber(field(vpc.inputs, "numberOfAvailabilityZones")) ??
            (asArray(field(vpc.inputs, "availabilityZoneNames")).length || 3);
        if (!specs.includes("Private")) {
            return {
                count: 0,
                strategy,
                reason: "no Private subnets in subnetSpecs, so awsx creates no NAT gateway",
            };
        }
        const count = strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
        return {
            count,
            strategy,
            reason: `natGateways.strategy ${strategy}${strategy === "OnePerAz" ? ` over ${azs} AZs` : ""}`,
        };
    }
    const created = asArray(field(vpc.outputs, "natGateways")).length;
    return {
        count: created,
        strategy: "as created",
        reason: `${created} NAT gateway(s) in the natGateways output`,
    };
}

/** NAT gateways, public IPv4 addresses and VPC endpoints. */
export function priceNetwork(ctx: PricingContext): void {
    const { resources, hours, usage } = ctx;
    const nats = ofType(resources, networkTypes.natGateway);
    const sameRegion = (a: BudgetResource, b: BudgetResource) =>
        a.stack === b.stack && regionOf(a) === regionOf(b);
    for (const vpc of ofType(resources, networkTypes.awsxVpc)) {
        if (nats.some((n) => sameRegion(n, vpc))) {
            ctx.zero(vpc, "its NAT gateways are in the graph and priced as NatGateway resources");
            continue;
        }
        const nat = vpcNatGateways(vpc);
        if (nat.count === 0) {
            ctx.zero(vpc, `no NAT gateways: ${nat.reason}; a VPC itself has no charge`);
            continue;
        }
        ctx.line(
            vpc,
            "natGatewayHour",
            nat.count * hours,
            `${nat.count} NAT gateway(s) (${nat.reason}) × ${hours} h`,
        );
        ctx.line(
            vpc,
            "publicIpv4Hour",
            nat.count * hours,
            `${nat.count} NAT public IPv4 address(es) × ${hours} h`,
        );
        ctx.line(
            vpc,
            "natGatewayGb",
            usage.natGbPerMonthPerVpc,
            `${usage.natGbPerMonthPerVpc} GB through NAT (usage.natGbPerMonthPerVpc)`,
            { usage: true },
        );
    }
    for (const nat of nats) {
        ctx.line(nat, "natGatewayHour", hours, `NAT gateway × ${hours} h`);
        const share = usage.natGbPerMonthPerVpc / nats.filter((n) => sameRegion(n, nat)).length;
        ctx.line(
            nat,
            "natGatewayGb",
            share,
            `${share} GB through NAT (usage.natGbPerMonthPerVpc over the region's NAT gateways)`,
            { usage: true },
        );
    }
    for (const eip of ofType(resources, networkTypes.eip)) {
        ctx.line(eip, "publicIpv4Hour", hours, `public IPv4 address × ${hours} h`);
    }
    for (const endpoint of ofType(resources, networkTypes.vpcEndpoint)) {
        const kind = stringProp(endpoint, "vpcEndpointType") ?? "Gateway";
        if (kind === "Gateway") {
            ctx.zero(endpoint, "gateway endpoints (S3, DynamoDB) have no charge");
            continue;
        }
        const azs = asArray(prop(endpoint, "subnetIds")).length;
        if (kind !== "Interface" || azs === 0) {
            ctx.unpriced(
                endpoint,
                kind !== "Interface"
                    ? `${kind} endpoints are not priced by the model`
                    : "interface endpoint without subnetIds: its AZ count is unknown",
            );
            continue;
        }
        ctx.line(
            endpoint,
            "interfaceEndpointAzHour",
            azs * hours,
            `${azs} AZ(s) × ${hours} h (${stringProp(endpoint, "serviceName") ?? "service"})`,
        );
        ctx.line(
            endpoint,
            "interfaceEndpointGb",
            usage.endpointGbPerMonth,
            `${usage.endpointGbPerMonth} GB processed (usage.endpointGbPerMonth)`,
            { usage: true },
        );
    }
    priceLoadBalancers(ctx);
}

/** Hours, public IPv4 per AZ node, LCUs and internet egress where users are served. */
function priceLoadBalancers(ctx: PricingContext): void {
    const { resources, hours, usage } = ctx;
    const serving = regionCapacities(ctx.graph)
        .filter((c) => c.servesTraffic && c.running > 0)
        .map((c) => c.region);
    // CloudFront fetches from AWS origins free of transfer charges and bills its own egress.
    const behindCloudFront = ofType(resources, routingTypes.distribution).length > 0;
    const served = gbServedPerMonth(usage);
    for (const lb of ofType(resources, networkTypes.loadBalancer)) {
        const type = stringProp(lb, "loadBalancerType") ?? "application";
        if (type !== "application") {
            if (type === "network") {
                ctx.line(lb, "nlbHour", hours, `NLB × ${hours} h`);
            }
            ctx.unpriced(lb, `${type} load balancer capacity units are not priced by the model`);
            continue;
        }
        ctx.line(lb, "albHour", hours, `ALB × ${hours} h`);
        if (asBoolean(prop(lb, "internal")) !== true) {
            const nodes =
                asArray(prop(lb, "subnets")).length ||
                asArray(prop(lb, "subnetMappings")).length ||
                2;
            ctx.line(
                lb,
                "publicIpv4Hour",
                nodes * hours,
                `${nodes} public IPv4 (one per AZ node, the minimum) × ${hours} h`,
            );
        }
        const share = serving.includes(regionOf(lb))
            ? 1 / serving.length
            : serving.length === 0
              ? 1
              : 0;
        if (share === 0) {
            continue; // a standby that serves no users: no LCUs, no egress
        }
        const requests = usage.requestsPerMonth * share;
        const gb = served * share;
        const lcus = Math.max(requests / (hours * 3600) / 25, gb / hours);
        ctx.line(
            lb,
            "albLcuHour",
            lcus * hours,
            `${lcus.toFixed(4)} LCU × ${hours} h (max of ${requests.toLocaleString("en-US")} new connections at 25/s per LCU, ${gb.toFixed(2)} GB at 1 GB/h per LCU)`,
            { usage: true },
        );
        if (!behindCloudFront) {
            ctx.line(
                lb,
                "internetEgressGb",
                gb,
                `${gb.toFixed(2)} GB to users (usage: requests × averageResponseKb)`,
                { usage: true },
            );
        }
    }
}

/** Fargate tasks, Container Insights, ECR pull-through caches and target tracking alarms. */
export function priceCompute(ctx: PricingContext): void {
    const { resources, hours, usage } = ctx;
    const taskDefinitions = ofType(resources, networkTypes.taskDefinition);
    const services = ofType(resources, networkTypes.service);
    for (const service of services) {
        const tasks = numberProp(service, "desiredCount") ?? 1;
        if (tasks === 0) {
            ctx.zero(service, "desiredCount 0: no tasks run");
            continue;
        }
        const launchType = stringProp(service, "launchType") ?? "FARGATE";
        if (launchType !== "FARGATE") {
            ctx.unpriced(service, `launch type ${launchType}: its instances are not in the model`);
            continue;
        }
        const reference = stringProp(service, "taskDefinition") ?? "";
        const definition = taskDefinitions.find(
            (t) =>
                identifiersOf(t, "family").has(reference) ||
                reference.includes(`task-definition/${stringProp(t, "family") ?? "\0"}:`),
        );
        const cpu = definition ? numberProp(definition, "cpu") : undefined;
        const memory = definition ? numberProp(definition, "memory") : undefined;
        if (cpu === undefined || memory === undefined) {
            ctx.unpriced(service, "task definition (cpu, memory) not found in the graph");
            continue;
        }
        ctx.line(
            service,
            "fargateVcpuHour",
            (tasks * cpu * hours) / 1024,
            `${tasks} task(s) × ${cpu / 1024} vCPU × ${hours} h`,
        );
        ctx.line(
            service,
            "fargateGbHour",
            (tasks * memory * hours) / 1024,
            `${tasks} task(s) × ${memory / 1024} GB × ${hours} h`,
        );
    }
    const insights = ctx.prices.prices.containerInsightsMetricMonth;
    for (const cluster of ofType(resources, networkTypes.cluster)) {
        const setting = asArray(prop(cluster, "settings")).find(
            (s) => asString(field(s, "name")) === "containerInsights",
        );
        const mode = asString(field(setting, "value")) ?? "disabled";
        if (mode === "disabled") {
            ctx.zero(cluster, "ECS clusters have no charge and Container Insights is off");
            continue;
        }
        const count = services.filter(
            (s) => s.stack === cluster.stack && regionOf(s) === regionOf(cluster),
        ).length;
        const perCluster = insights.metricsPerCluster ?? 0;
        const perService = insights.metricsPerService ?? 0;
        ctx.line(
            cluster,
            "containerInsightsMetricMonth",
            perCluster + count * perService,
            `Container Insights (${mode}): ${perCluster} cluster metrics + ${count} service(s) × ${perService}`,
        );
    }
    for (const rule of ofType(resources, networkTypes.pullThroughCacheRule)) {
        ctx.line(
            rule,
            "ecrStorageGbMonth",
            usage.cachedImageGb,
            `${usage.cachedImageGb} GB of cached images (usage.cachedImageGb)`,
            { usage: true },
        );
    }
    for (const policy of ofType(resources, networkTypes.scalingPolicy)) {
        if (stringProp(policy, "policyType") !== "TargetTrackingScaling") {
            ctx.zero(
                policy,
                "step and scheduled scaling have no charge; their alarms are priced as alarms",
            );
            continue;
        }
        // Application Auto Scaling UG, target tracking: the policy creates and manages two
        // CloudWatch alarms (scale out, scale in), billed as standard alarms.
        ctx.line(
            policy,
            "cloudWatchAlarmMonth",
            2,
            "2 alarms target tracking manages (high and low)",
        );
    }
}
