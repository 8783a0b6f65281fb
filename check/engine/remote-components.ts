/**
 * Remote (multi-language) components, expanded. With the Pulumi CLI a remote component's
 * provider registers its child resources, and the policy pack sees them; under the SDK's mocks
 * nothing runs the provider, so an `awsx.ecs.FargateService` would be recorded without the
 * `aws:ecs/service:Service` it creates, and the pack would analyse nothing inside it. This file
 * re-creates, for the awsx components programs commonly use, the children awsx creates, with the
 * names, parents and inputs awsx gives them (pulumi/pulumi-awsx: awsx/ec2/vpc.ts and its subnet
 * distributors, awsx/lb/applicationLoadBalancer.ts, awsx/ecs/fargateService.ts, ec2Service.ts,
 * fargateTaskDefinition.ts, awsx/role.ts, awsx/cloudwatch/logGroup.ts). Any other remote
 * component keeps no children, and the pack's `analysis-coverage` policy names it.
 */
import { createHash } from "crypto";
import { shapeFor } from "./aws-shapes";
import { defaultSubnets, defaultVpcId } from "./invokes-aws";
import { RecordedResource } from "./types";

/** What expansion needs from the engine. */
export interface ExpansionContext {
    stack: string;
    project: string;
    /** Resources recorded so far in this stack (an ALB finds its subnets' VPC here). */
    recorded: readonly RecordedResource[];
    /** The region the engine gives a resource with these inputs and provider reference. */
    regionOf(inputs: Record<string, unknown>, provider: string | undefined): string;
}

/** The awsx component types this file expands. */
export const expandedComponentTypes = [
    "awsx:ec2:Vpc",
    "awsx:lb:ApplicationLoadBalancer",
    "awsx:ecs:FargateService",
    "awsx:ecs:EC2Service",
    "awsx:ecr:Repository",
    "awsx:ecr:Image",
];

type Inputs = Record<string, unknown>;

/** Builds children under one component, in awsx's order, with engine-style URNs and shapes. */
class Children {
    readonly list: RecordedResource[] = [];

    constructor(
        private readonly component: RecordedResource,
        private readonly ctx: ExpansionContext,
    ) {}

    add(
        type: string,
        name: string,
        inputs: Inputs,
        parent: RecordedResource = this.component,
        forced: { id?: string; outputs?: Inputs } = {},
        custom = true,
    ): RecordedResource {
        const clean = JSON.parse(JSON.stringify(inputs)) as Inputs;
        const parentType = parent.urn.split("::")[2];
        const urn = `urn:pulumi:${this.ctx.stack}::${this.ctx.project}::${parentType}$${type}::${name}`;
        const region = this.ctx.regionOf(clean, this.component.provider);
        const shape = custom
            ? shapeFor({ type, name, inputs: clean, region, stack: this.ctx.stack })
            : { id: "", outputs: {} };
        const id = forced.id ?? shape.id;
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, value] of Object.entries(clean)) {
            const from = this.list.filter((c) => mentions(value, c));
            if (from.length > 0) {
                propertyDependencies[key] = from.map((c) => c.urn);
            }
        }
        const child: RecordedResource = {
            urn,
            type,
            name,
            region,
            parent: parent.urn,
            provider: this.component.provider,
            custom,
            inputs: clean,
            // Plain JSON, as state holds it: an output nobody computed is absent, not undefined.
            outputs: JSON.parse(
                JSON.stringify(
                    custom ? { ...clean, id, ...shape.outputs, ...(forced.outputs ?? {}) } : clean,
                ),
            ) as Inputs,
            protect: this.component.protect,
            retainOnDelete: this.component.retainOnDelete,
            dependencies: [...new Set(Object.values(propertyDependencies).flat())],
            propertyDependencies,
            stack: this.ctx.stack,
            source: this.component.source,
        };
        this.list.push(child);
        return child;
    }
}

/** Whether `value` holds the id or ARN of `resource` (the engine's inputs carry plain values). */
function mentions(value: unknown, resource: RecordedResource): boolean {
    const ids = [resource.outputs.id, resource.outputs.arn].filter(
        (v): v is string => typeof v === "string" && v !== "",
    );
    const text = JSON.stringify(value) ?? "";
    return ids.some((id) => text.includes(JSON.stringify(id)));
}

function pick(source: Inputs, keys: readonly string[]): Inputs {
    return Object.fromEntries(
        keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]),
    );
}

function record(value: unknown): Inputs {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Inputs)
        : {};
}

function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** The children awsx creates for `component`, or `[]` for a type this file does not expand. */
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

/**
 * What awsx's `getDefaultVpc` invoke and `DefaultVpc` component return: the default VPC and its
 * subnets, all public (a default VPC has a public subnet per Availability Zone and no private
 * ones: https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html).
 */
export function defaultVpcOutputs(region: string): Inputs {
    return {
        vpcId: defaultVpcId(region),
        publicSubnetIds: defaultSubnets(region).map((s) => s.id),
        privateSubnetIds: [],
    };
}

// --- awsx.ec2.Vpc ------------------------------------------------------------------------

const vpcKeys = [
    "assignGeneratedIpv6CidrBlock",
    "cidrBlock",
    "enableDnsHostnames",
    "enableDnsSupport",
    "enableNetworkAddressUsageMetrics",
    "instanceTenancy",
    "ipv4IpamPoolId",
    "ipv4NetmaskLength",
    "ipv6CidrBlock",
    "ipv6CidrBlockNetworkBorderGroup",
    "ipv6IpamPoolId",
    "ipv6NetmaskLength",
    "region",
    "tags",
];

/** One subnet awsx lays out. */
export interface SubnetLayout {
    type: string;
    azName: string;
    azIndex: number;
    subnetName: string;
    cidrBlock: string;
    tags?: Inputs;
}

const ipToInt = (ip: string) => ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
const intToIp = (n: number) =>
    [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
const blockSize = (mask: number) => 2 ** (32 - mask);

/** A block of `mask` bits at the start of the block after `previous` (awsx `nextNetmask`). */
function nextBlock(previousBase: number, previousMask: number, mask: number): number {
    const last = previousBase + blockSize(previousMask) - 1;
    const size = blockSize(mask);
    return (Math.floor(last / size) + 1) * size;
}

const newBits = (count: number) => (count === 0 ? 0 : Math.ceil(Math.log2(count)));

/** awsx's subnet layout for the "Auto" strategy and explicit cidrBlocks (subnetDistributorNew). */
function autoLayout(vpcName: string, cidr: string, azs: string[], specs: Inputs[] | undefined) {
    const [base, bits] = cidr.split("/");
    const azMask = Number(bits) + newBits(azs.length);
    const inputs = specs ?? [
        { type: "Private", cidrMask: Math.max(azMask, 16) + 1 },
        { type: "Public", cidrMask: Math.max(azMask, 16) + 2 },
    ];
    const defaultMask = azMask + newBits(inputs.length);
    const out: SubnetLayout[] = [];
    let azBase = ipToInt(base);
    azs.forEach((azName, azIndex) => {
        let current: { base: number; mask: number } | undefined;
        for (const spec of inputs) {
            const mask = Number(spec.cidrMask ?? maskOfSize(spec.size) ?? defaultMask);
            const explicit = list(spec.cidrBlocks)[azIndex];
            const start = current ? nextBlock(current.base, current.mask, mask) : azBase;
            current = { base: start, mask };
            out.push({
                type: String(spec.type),
                azName,
                azIndex,
                subnetName: `${vpcName}-${String(spec.name ?? String(spec.type).toLowerCase())}-${azIndex + 1}`,
                cidrBlock: typeof explicit === "string" ? explicit : `${intToIp(start)}/${mask}`,
                tags: spec.tags as Inputs | undefined,
            });
        }
        azBase += blockSize(azMask);
    });
    return out;
}

function maskOfSize(size: unknown): number | undefined {
    return typeof size === "number" && size > 0 ? 32 - Math.log2(size) : undefined;
}

/** awsx's "Legacy" layout (subnetDistributorLegacy): private /19, public /20, isolated /24. */
function legacyLayout(vpcName: string, cidr: string, azs: string[], specs: Inputs[] | undefined) {
    const [base, bits] = cidr.split("/");
    const vpcMask = Number(bits);
    const azMask = vpcMask + Math.log2(2 ** newBits(azs.length));
    const azBases = azs.map((_, i) => ipToInt(base) + i * blockSize(azMask));
    const out: SubnetLayout[] = [];
    if (!specs) {
        for (const type of ["Private", "Public"]) {
            azs.forEach((azName, i) => {
                const privateBase = azBases[i];
                const start =
                    type === "Private" ? privateBase : privateBase + blockSize(azMask + 1);
                out.push({
                    type,
                    azName,
                    azIndex: i,
                    subnetName: `${vpcName}-${type.toLowerCase()}-${i + 1}`,
                    cidrBlock: `${intToIp(start)}/${azMask + 1 + (type === "Public" ? 1 : 0)}`,
                });
            });
        }
        return out;
    }
    const perSubnet = specs.length === 1 ? 0 : 1;
    const minimum: Record<string, number> = { Private: 19, Public: 20, Isolated: 24 };
    azs.forEach((azName, i) => {
        let previous: { base: number; mask: number } = { base: azBases[i] - 1, mask: 32 };
        for (const type of ["Private", "Public", "Isolated"]) {
            specs
                .filter((s) => String(s.type).toLowerCase() === type.toLowerCase())
                .forEach((spec, j) => {
                    const mask = Number(
                        spec.cidrMask ?? Math.max(azMask + perSubnet, minimum[type]),
                    );
                    let start = azBases[i] + j * blockSize(mask);
                    if (start <= previous.base + blockSize(previous.mask) - 1) {
                        start = nextBlock(previous.base, previous.mask, mask);
                    }
                    previous = { base: start, mask };
                    out.push({
                        type,
                        azName,
                        azIndex: i,
                        subnetName: `${vpcName}-${String(spec.name ?? type.toLowerCase())}-${i + 1}`,
                        cidrBlock: `${intToIp(start)}/${mask}`,
                        tags: spec.tags as Inputs | undefined,
                    });
                });
        }
    });
    return out;
}

/** The subnets awsx creates for a Vpc's inputs, in awsx's creation order. */
export function vpcSubnetLayout(name: string, inputs: Inputs, region: string): SubnetLayout[] {
    const azs = Array.isArray(inputs.availabilityZoneNames)
        ? inputs.availabilityZoneNames.map(String)
        : ["a", "b", "c", "d", "e", "f"]
              .slice(0, Number(inputs.numberOfAvailabilityZones ?? 3))
              .map((s) => `${region}${s}`);
    const cidr = String(inputs.cidrBlock ?? "10.0.0.0/16");
    const specs = Array.isArray(inputs.subnetSpecs) ? inputs.subnetSpecs.map(record) : undefined;
    const explicit = specs?.some((s) => s.cidrBlocks !== undefined) ?? false;
    const strategy = String(inputs.subnetStrategy ?? "Legacy");
    const layout =
        strategy === "Legacy" || (specs === undefined && strategy !== "Auto")
            ? legacyLayout(name, cidr, azs, specs)
            : autoLayout(name, cidr, azs, specs);
    const order = ["public", "private", "isolated"];
    // awsx creates each AZ's subnets in turn, public first (compareSubnetSpecs).
    return azs
        .flatMap((_, i) =>
            layout
                .filter((s) => s.azIndex === i && s.type !== "Unused")
                .sort(
                    (a, b) =>
                        order.indexOf(a.type.toLowerCase()) - order.indexOf(b.type.toLowerCase()),
                ),
        )
        .map((s) => (explicit ? s : s));
}

function expandVpc(component: RecordedResource, children: Children, ctx: ExpansionContext) {
    const inputs = component.inputs;
    const name = component.name;
    const region = ctx.regionOf(inputs, component.provider);
    const vpcShape = shapeFor({ type: component.type, name, inputs, region, stack: ctx.stack })
        .outputs as { vpcId: string; natGateways: { id: string }[] };
    const sharedTags = { Name: name, ...record(inputs.tags) };
    const cidrBlock = inputs.ipv4IpamPoolId
        ? inputs.cidrBlock
        : (inputs.cidrBlock ?? "10.0.0.0/16");
    const vpc = children.add(
        "aws:ec2/vpc:Vpc",
        name,
        { ...pick(inputs, vpcKeys), cidrBlock, tags: sharedTags },
        component,
        { id: vpcShape.vpcId },
    );
    const vpcId = vpcShape.vpcId;
    const igw = children.add(
        "aws:ec2/internetGateway:InternetGateway",
        name,
        { vpcId, tags: sharedTags },
        vpc,
    );
    for (const spec of list(inputs.vpcEndpointSpecs).map(record)) {
        children.add(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            String(spec.serviceName),
            {
                ...pick(spec, [
                    "autoAccept",
                    "policy",
                    "privateDnsEnabled",
                    "routeTableIds",
                    "securityGroupIds",
                    "subnetIds",
                    "tags",
                    "vpcEndpointType",
                ]),
                vpcId,
                serviceName: spec.serviceName,
            },
            vpc,
        );
    }
    const strategy = String(record(inputs.natGateways).strategy ?? "OnePerAz").toLowerCase();
    const allocationIds = list(record(inputs.natGateways).elasticIpAllocationIds);
    const nats: RecordedResource[] = [];
    const eips: RecordedResource[] = [];
    const subnetIds = subnetIdsOf(component, ctx);
    for (const spec of vpcSubnetLayout(name, inputs, region)) {
        const type = spec.type.toLowerCase();
        const subnet = children.add(
            "aws:ec2/subnet:Subnet",
            spec.subnetName,
            {
                vpcId,
                availabilityZone: spec.azName,
                mapPublicIpOnLaunch: type === "public",
                cidrBlock: spec.cidrBlock,
                tags: {
                    ...sharedTags,
                    ...(spec.tags ?? {}),
                    Name: spec.subnetName,
                    SubnetType: spec.type,
                },
            },
            vpc,
            { id: subnetIds(spec.type, spec.azName) },
        );
        const routeTable = children.add(
            "aws:ec2/routeTable:RouteTable",
            spec.subnetName,
            { vpcId, tags: { ...sharedTags, Name: spec.subnetName, SubnetType: spec.type } },
            subnet,
        );
        children.add(
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            spec.subnetName,
            { routeTableId: routeTable.outputs.id, subnetId: subnet.outputs.id },
            routeTable,
        );
        const i = spec.azIndex;
        const wantsNat =
            strategy === "single"
                ? nats.length < 1
                : strategy === "oneperaz" && nats.length < i + 1;
        if (type === "public" && wantsNat) {
            const natName = `${name}-${i + 1}`;
            if (allocationIds.length === 0) {
                eips.push(
                    children.add(
                        "aws:ec2/eip:Eip",
                        natName,
                        { tags: { ...record(inputs.tags), Name: natName } },
                        subnet,
                    ),
                );
            }
            nats.push(
                children.add(
                    "aws:ec2/natGateway:NatGateway",
                    natName,
                    {
                        subnetId: subnet.outputs.id,
                        allocationId:
                            allocationIds.length === 0
                                ? (eips[eips.length - 1].outputs.allocationId ??
                                  eips[eips.length - 1].outputs.id)
                                : allocationIds[i],
                        tags: { ...record(inputs.tags), Name: natName },
                    },
                    subnet,
                    { id: vpcShape.natGateways[nats.length]?.id },
                ),
            );
        }
        if (type === "public") {
            children.add(
                "aws:ec2/route:Route",
                spec.subnetName,
                {
                    routeTableId: routeTable.outputs.id,
                    gatewayId: igw.outputs.id,
                    destinationCidrBlock: "0.0.0.0/0",
                },
                routeTable,
            );
        } else if (type === "private" && strategy !== "none" && nats.length > 0) {
            const nat = strategy === "single" ? nats[0] : (nats[i] ?? nats[nats.length - 1]);
            children.add(
                "aws:ec2/route:Route",
                spec.subnetName,
                {
                    routeTableId: routeTable.outputs.id,
                    natGatewayId: nat.outputs.id,
                    destinationCidrBlock: "0.0.0.0/0",
                },
                routeTable,
            );
        }
    }
}

/** The subnet IDs the engine's awsx:ec2:Vpc shape published, by type and AZ. */
function subnetIdsOf(component: RecordedResource, ctx: ExpansionContext) {
    const region = ctx.regionOf(component.inputs, component.provider);
    const ctxShape = { type: component.type, name: component.name, stack: ctx.stack };
    return (type: string, az: string) => {
        const shape = shapeFor({ ...ctxShape, inputs: component.inputs, region });
        const outputs = shape.outputs as Record<string, string[]>;
        const key = `${type.toLowerCase()}SubnetIds`;
        const azs = shape.outputs.availabilityZones as string[];
        return outputs[key]?.[azs.indexOf(az)];
    };
}

// --- awsx.lb.ApplicationLoadBalancer -----------------------------------------------------

const loadBalancerKeys = [
    "accessLogs",
    "clientKeepAlive",
    "connectionLogs",
    "desyncMitigationMode",
    "dnsRecordClientRoutingPolicy",
    "dropInvalidHeaderFields",
    "enableCrossZoneLoadBalancing",
    "enableDeletionProtection",
    "enableHttp2",
    "enableTlsVersionAndCipherSuiteHeaders",
    "enableWafFailOpen",
    "enableXffClientPort",
    "enableZonalShift",
    "idleTimeout",
    "internal",
    "ipAddressType",
    "loadBalancerType",
    "name",
    "namePrefix",
    "preserveHostHeader",
    "region",
    "securityGroups",
    "subnetMappings",
    "subnets",
    "tags",
    "xffHeaderProcessingMode",
];

function listenerProtocol(listener: Inputs | undefined): Inputs | undefined {
    if (listener) {
        const { port, protocol } = listener;
        if (port && protocol) {
            return { port, protocol };
        }
        if (port) {
            return { port, protocol: port === 443 ? "HTTPS" : "HTTP" };
        }
        if (protocol) {
            return { protocol, port: protocol === "HTTPS" ? 443 : 80 };
        }
    }
    return { port: 80, protocol: "HTTP" };
}

function expandAlb(component: RecordedResource, children: Children, ctx: ExpansionContext) {
    const args = component.inputs;
    const name = component.name;
    const lbArgs: Inputs = pick(args, loadBalancerKeys);
    const given = Array.isArray(args.subnets)
        ? args.subnets.map((s) => (typeof s === "string" ? s : record(s).id))
        : args.subnetIds;
    // Given no subnets, awsx places the load balancer in the default VPC's public subnets
    // (awsx/lb/applicationLoadBalancer.ts: getDefaultVpc when subnets, subnetIds and
    // subnetMappings are all unset), which the engine answers as the getVpc/getSubnets invokes do.
    const useDefaultVpc = given === undefined && args.subnetMappings === undefined;
    const region = ctx.regionOf(component.inputs, component.provider);
    const subnets = useDefaultVpc ? defaultSubnets(region).map((s) => s.id) : given;
    if (subnets !== undefined) {
        lbArgs.subnets = subnets;
    }
    const firstSubnet = String(list(subnets)[0] ?? record(list(args.subnetMappings)[0]).subnetId);
    const vpcId = useDefaultVpc
        ? defaultVpcId(region)
        : (record(list(args.subnets)[0]).vpcId ??
          ctx.recorded.find(
              (r) => r.type === "aws:ec2/subnet:Subnet" && r.outputs.id === firstSubnet,
          )?.inputs.vpcId);
    const sgArgs = record(args.defaultSecurityGroup);
    if (!lbArgs.securityGroups && sgArgs.skip !== true) {
        if (sgArgs.securityGroupId) {
            lbArgs.securityGroups = [sgArgs.securityGroupId];
        } else {
            const sg = children.add(
                "aws:ec2/securityGroup:SecurityGroup",
                name,
                record(sgArgs.args),
            );
            lbArgs.securityGroups = [sg.outputs.id];
        }
    }
    const lb = children.add("aws:lb/loadBalancer:LoadBalancer", name, lbArgs);
    const listeners = Array.isArray(args.listeners) ? args.listeners.map(record) : undefined;
    const single = args.listener ? record(args.listener) : undefined;
    const defaultProtocol = listeners
        ? listeners.length !== 1
            ? listenerProtocol(listeners[0])
            : undefined
        : listenerProtocol(single);
    const tg = children.add("aws:lb/targetGroup:TargetGroup", name, {
        vpcId,
        targetType: "ip",
        ...(defaultProtocol ?? {}),
        ...record(args.defaultTargetGroup),
    });
    const defaultActions = [{ type: "forward", targetGroupArn: tg.outputs.arn }];
    const loadBalancerArn = lb.outputs.arn;
    if (listeners) {
        listeners.forEach((l, i) =>
            children.add("aws:lb/listener:Listener", `${name}-${i}`, {
                defaultActions,
                ...listenerProtocol(l),
                ...l,
                loadBalancerArn,
            }),
        );
    } else {
        children.add("aws:lb/listener:Listener", `${name}-0`, {
            defaultActions,
            ...(defaultProtocol ?? {}),
            ...(single ?? {}),
            loadBalancerArn,
        });
    }
}

// --- awsx.ecs.FargateService / EC2Service ---------------------------------------------------

const serviceKeys = [
    "alarms",
    "availabilityZoneRebalancing",
    "capacityProviderStrategies",
    "cluster",
    "deploymentCircuitBreaker",
    "deploymentController",
    "deploymentMaximumPercent",
    "deploymentMinimumHealthyPercent",
    "desiredCount",
    "enableEcsManagedTags",
    "enableExecuteCommand",
    "forceDelete",
    "forceNewDeployment",
    "healthCheckGracePeriodSeconds",
    "iamRole",
    "loadBalancers",
    "name",
    "networkConfiguration",
    "orderedPlacementStrategies",
    "placementConstraints",
    "platformVersion",
    "propagateTags",
    "region",
    "schedulingStrategy",
    "serviceConnectConfiguration",
    "serviceRegistries",
    "tags",
    "triggers",
    "volumeConfiguration",
];

const taskDefinitionKeys = [
    "cpu",
    "enableFaultInjection",
    "ephemeralStorage",
    "ipcMode",
    "memory",
    "pidMode",
    "placementConstraints",
    "proxyConfiguration",
    "runtimePlatform",
    "skipDestroy",
    "tags",
    "trackLatest",
    "volumes",
];

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex").slice(0, 8);

/** The default role policy awsx attaches to a task execution role (awsx/role.ts). */
const executionRolePolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
const assumeRolePolicy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Action: "sts:AssumeRole",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Effect: "Allow",
            Sid: "",
        },
    ],
});

/** awsx's task definition component (Fargate or EC2): log group, roles, task definition. */
function expandTaskDefinition(
    service: RecordedResource,
    args: Inputs,
    launch: "FARGATE" | "EC2",
    children: Children,
    ctx: ExpansionContext,
): { arn: unknown; loadBalancers?: Inputs[] } {
    const name = service.name;
    const type =
        launch === "FARGATE" ? "awsx:ecs:FargateTaskDefinition" : "awsx:ecs:EC2TaskDefinition";
    const td = children.add(type, name, {}, service, {}, false);
    const logArgs = record(args.logGroup);
    const region = ctx.regionOf(service.inputs, service.provider);
    let logGroupName: unknown;
    if (logArgs.skip !== true && logArgs.existing === undefined) {
        const log = children.add(
            "aws:cloudwatch/logGroup:LogGroup",
            name,
            record(logArgs.args),
            td,
        );
        logGroupName = log.outputs.name ?? log.outputs.id;
    } else if (logArgs.existing !== undefined) {
        logGroupName = record(logArgs.existing).name;
    }
    const role = (suffix: string, given: Inputs, policies: string[]) => {
        if (given.skip === true) {
            return undefined;
        }
        if (given.roleArn !== undefined) {
            return given.roleArn;
        }
        const roleArgs = { assumeRolePolicy, ...record(given.args) };
        const created = children.add("aws:iam/role:Role", `${name}-${suffix}`, roleArgs, td);
        for (const policyArn of policies) {
            children.add(
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                `${name}-${suffix}-${sha1(policyArn)}`,
                { role: created.outputs.name ?? created.outputs.id, policyArn },
                td,
            );
        }
        return created.outputs.arn;
    };
    const taskRoleArn = role("task", record(args.taskRole), []);
    const executionRoleArn = role("execution", record(args.executionRole), [executionRolePolicy]);
    const containers: Record<string, Inputs> = args.containers
        ? (record(args.containers) as Record<string, Inputs>)
        : { [String(record(args.container).name ?? "container")]: record(args.container) };
    const loadBalancers: Inputs[] = [];
    const definitions = Object.entries(containers).map(([containerName, c]) => {
        const portMappings = list(c.portMappings).map((m) => {
            const mapping = record(m);
            const targetGroup = record(mapping.targetGroup);
            const port = mapping.containerPort ?? targetGroup.port;
            if (targetGroup.arn !== undefined) {
                loadBalancers.push({
                    containerName,
                    containerPort: port,
                    targetGroupArn: targetGroup.arn,
                });
            }
            const { targetGroup: _omit, ...rest } = mapping;
            void _omit;
            return { ...rest, containerPort: port, hostPort: mapping.hostPort ?? port };
        });
        return {
            ...c,
            name: containerName,
            portMappings,
            ...(logGroupName !== undefined && c.logConfiguration === undefined
                ? {
                      logConfiguration: {
                          logDriver: "awslogs",
                          options: {
                              "awslogs-group": logGroupName,
                              "awslogs-region": region,
                              "awslogs-stream-prefix": containerName,
                          },
                      },
                  }
                : {}),
        };
    });
    const containerDefinitions = JSON.stringify(definitions);
    const task = children.add(
        "aws:ecs/taskDefinition:TaskDefinition",
        name,
        {
            ...pick(args, taskDefinitionKeys),
            ...(launch === "FARGATE"
                ? { cpu: args.cpu ?? "256", memory: args.memory ?? "512" }
                : {}),
            requiresCompatibilities: [launch],
            networkMode: args.networkMode ?? "awsvpc",
            taskRoleArn,
            executionRoleArn,
            family: args.family ?? `${name}-${sha1(ctx.stack + containerDefinitions)}`,
            containerDefinitions,
        },
        td,
    );
    return {
        arn: task.outputs.arn,
        loadBalancers: loadBalancers.length > 0 ? loadBalancers : undefined,
    };
}

function expandService(
    component: RecordedResource,
    children: Children,
    ctx: ExpansionContext,
    launch: "FARGATE" | "EC2",
) {
    const args = component.inputs;
    const name = component.name;
    let taskDefinition = args.taskDefinition;
    let loadBalancers: unknown = args.loadBalancers;
    if (args.taskDefinitionArgs !== undefined) {
        const td = expandTaskDefinition(
            component,
            record(args.taskDefinitionArgs),
            launch,
            children,
            ctx,
        );
        taskDefinition = td.arn;
        loadBalancers ??= td.loadBalancers;
    }
    let networkConfiguration = args.networkConfiguration;
    if (launch === "FARGATE" && networkConfiguration === undefined) {
        // awsx places the service in the default VPC with an allow-all security group.
        const region = ctx.regionOf(component.inputs, component.provider);
        const sg = children.add("aws:ec2/securityGroup:SecurityGroup", `${name}-sg`, {
            vpcId: defaultVpcId(region),
            ingress: [
                {
                    fromPort: 0,
                    toPort: 0,
                    protocol: "-1",
                    cidrBlocks: ["0.0.0.0/0"],
                    ipv6CidrBlocks: ["::/0"],
                },
            ],
            egress: [
                {
                    fromPort: 0,
                    toPort: 65535,
                    protocol: "tcp",
                    cidrBlocks: ["0.0.0.0/0"],
                    ipv6CidrBlocks: ["::/0"],
                },
            ],
        });
        const assignPublicIp = args.assignPublicIp === true;
        networkConfiguration = {
            // A default VPC has public subnets only, one per Availability Zone.
            subnets: defaultSubnets(region).map((s) => s.id),
            assignPublicIp,
            securityGroups: [sg.outputs.id],
        };
    }
    const usesProviders =
        args.capacityProviderStrategies !== undefined ||
        args.useClusterDefaultCapacityProviderStrategy === true;
    children.add("aws:ecs/service:Service", name, {
        ...(launch === "FARGATE" ? { desiredCount: 1 } : {}),
        ...pick(args, serviceKeys),
        networkConfiguration,
        cluster: args.cluster,
        launchType: launch === "EC2" ? "EC2" : usesProviders ? undefined : "FARGATE",
        loadBalancers,
        waitForSteadyState: args.continueBeforeSteadyState !== true,
        taskDefinition,
    });
}

// --- awsx.ecr.Repository / Image ----------------------------------------------------------

/**
 * awsx's repository (awsx/ecr/repository.ts): the repository, named in lower case, and unless
 * `lifecyclePolicy.skip`, a lifecycle policy; with no rules given, awsx's default rule keeps one
 * untagged image ("remove untagged images").
 */
function expandRepository(component: RecordedResource, children: Children) {
    const { lifecyclePolicy, ...repoArgs } = component.inputs;
    const name = component.name.toLowerCase();
    const repo = children.add("aws:ecr/repository:Repository", name, repoArgs);
    const policy = record(lifecyclePolicy);
    if (policy.skip !== true) {
        const rules = Array.isArray(policy.rules)
            ? policy.rules
            : [
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
              ];
        children.add("aws:ecr/lifecyclePolicy:LifecyclePolicy", name, {
            repository: repo.outputs.name ?? repo.outputs.id,
            policy: JSON.stringify({ rules }),
            ...(component.inputs.region !== undefined ? { region: component.inputs.region } : {}),
        });
    }
}

/** The image's name in awsx: its `imageName`, else its tag, else a hash of its build inputs. */
function imageName(inputs: Inputs): string {
    const build = `${String(inputs.context ?? ".")}${inputs.dockerfile ? `;dockerfile=${String(inputs.dockerfile)}` : ""}${JSON.stringify(inputs.args ?? {})}`;
    return String(inputs.imageName ?? inputs.imageTag ?? sha1(build));
}

/** awsx returns the pushed image by digest: `<repositoryUrl>@sha256:<digest>`. */
function imageUri(inputs: Inputs): string | undefined {
    const url = inputs.repositoryUrl;
    return typeof url === "string"
        ? `${url}@sha256:${createHash("sha256")
              .update(`${url}:${imageName(inputs)}`)
              .digest("hex")}`
        : undefined;
}

/**
 * awsx's image (awsx/ecr/image.ts): a docker-build image that builds the context and pushes it
 * to the repository under `<repositoryUrl>:<name>`, with an inline cache.
 */
function expandImage(component: RecordedResource, children: Children) {
    const inputs = component.inputs;
    const name = imageName(inputs);
    const canonical = `${String(inputs.repositoryUrl ?? "")}:${name}`;
    children.add(
        "docker-build:index:Image",
        name,
        {
            tags: [canonical],
            buildArgs: inputs.args,
            cacheFrom: list(inputs.cacheFrom).length
                ? list(inputs.cacheFrom).map((ref) => ({ registry: { ref } }))
                : [{ registry: { ref: canonical } }],
            cacheTo: [{ inline: {} }],
            context: { location: inputs.context ?? "." },
            dockerfile: { location: inputs.dockerfile },
            platforms: inputs.platform ? [inputs.platform] : [],
            target: inputs.target,
            push: true,
        },
        component,
        { outputs: { ref: canonical, digest: imageUri(inputs)?.split("@")[1] } },
    );
}
