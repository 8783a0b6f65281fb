/** awsx.ec2.Vpc and the default VPC (pulumi-awsx awsx/ec2/vpc.ts and its subnet distributors). */
import { shapeFor } from "../aws-shapes";
import { defaultSubnets, defaultVpcId } from "../invokes-aws";
import { RecordedResource } from "../types";
import { Children, ExpansionContext, Inputs, list, pick, record } from "./children";

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

export function expandVpc(component: RecordedResource, children: Children, ctx: ExpansionContext) {
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
export function subnetIdsOf(component: RecordedResource, ctx: ExpansionContext) {
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
