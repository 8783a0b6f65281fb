/** awsx.lb.ApplicationLoadBalancer (pulumi-awsx awsx/lb/applicationLoadBalancer.ts). */
import { defaultSubnets, defaultVpcId } from "../invokes-aws";
import { RecordedResource } from "../types";
import { Children, ExpansionContext, Inputs, list, pick, record } from "./children";

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

export function expandAlb(component: RecordedResource, children: Children, ctx: ExpansionContext) {
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
