import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { globalAcceleratorHostedZoneId } from "../../policies/lib/aws-limits";
import { trafficDial } from "./plan";

/** One region behind the accelerator. */
export interface AcceleratedRegion {
    /** AWS region; the endpoint group's region and the key of its resource name. */
    region: string;
    /** ARN of the regional ALB, the group's only endpoint. */
    albArn: pulumi.Input<string>;
    /** Whether the region serves traffic now; standbys get a traffic dial of 0. */
    servesTraffic: boolean;
    /** Path the endpoint group's health check uses (mirrors the Route 53 check). */
    healthCheckPath: pulumi.Input<string>;
    /** An internal ALB: its security group admits the accelerator's (see `admitAccelerator`). */
    internalAlb?: boolean;
    /** The ALB's security group and VPC, for an internal ALB. */
    albSecurityGroupId?: pulumi.Input<string>;
    vpcId?: pulumi.Input<string>;
}

export interface GlobalAcceleratorRoutingArgs {
    /** Hosted zone that holds `domain`. */
    zoneId: pulumi.Input<string>;
    /** The name users resolve; an alias to the accelerator. */
    domain: string;
    /** Regions, primary first. */
    regions: AcceleratedRegion[];
    /** Endpoint group health check interval, seconds: 10 or 30. */
    healthCheckIntervalSeconds?: number;
    /** Endpoint group health check threshold count, 1 to 10. */
    healthCheckThreshold?: number;
    /** S3 bucket for accelerator flow logs; flow logs are off without it. */
    flowLogsBucket?: pulumi.Input<string>;
    /** Key prefix for flow logs in `flowLogsBucket`. */
    flowLogsPrefix?: string;
}

const defaults = {
    healthCheckIntervalSeconds: 10,
    healthCheckThreshold: 3,
    flowLogsPrefix: "global-accelerator/",
};

/** Ports the accelerator accepts; 80 exists only so the ALB can redirect users to HTTPS. */
export const acceleratorPorts: readonly number[] = [80, 443];

/**
 * A Global Accelerator in front of every regional ALB: two anycast IPs, one TCP listener on
 * 80/443, and one endpoint group per region with the ALB as its endpoint and client IP
 * preservation on. Regions that serve traffic get a traffic dial of 100, standbys 0. For ALB
 * endpoints the accelerator acts on the ALB's own target health, so failover does not wait for
 * DNS caches; the group health check settings mirror the Route 53 checks for the record.
 */
export class GlobalAcceleratorRouting extends pulumi.ComponentResource {
    public readonly accelerator: aws.globalaccelerator.Accelerator;
    public readonly listener: aws.globalaccelerator.Listener;
    /** Region to its endpoint group. */
    public readonly endpointGroups: Record<string, aws.globalaccelerator.EndpointGroup>;
    /** The alias record of the domain. */
    public readonly record: aws.route53.Record;
    /** The accelerator's DNS name. */
    public readonly dnsName: pulumi.Output<string>;

    constructor(
        name: string,
        args: GlobalAcceleratorRoutingArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:routing:GlobalAcceleratorRouting", name, {}, opts);
        const settings = { ...defaults, ...args };
        this.accelerator = new aws.globalaccelerator.Accelerator(
            name,
            {
                enabled: true,
                ipAddressType: "IPV4",
                attributes: args.flowLogsBucket
                    ? {
                          flowLogsEnabled: true,
                          flowLogsS3Bucket: args.flowLogsBucket,
                          flowLogsS3Prefix: settings.flowLogsPrefix,
                      }
                    : { flowLogsEnabled: false },
            },
            { parent: this },
        );
        this.listener = new aws.globalaccelerator.Listener(
            `${name}-tcp`,
            {
                acceleratorArn: this.accelerator.arn,
                protocol: "TCP",
                clientAffinity: "NONE",
                portRanges: acceleratorPorts.map((port) => ({ fromPort: port, toPort: port })),
            },
            { parent: this },
        );
        this.endpointGroups = {};
        for (const target of args.regions) {
            this.endpointGroups[target.region] = new aws.globalaccelerator.EndpointGroup(
                `${name}-${target.region}`,
                {
                    listenerArn: this.listener.arn,
                    endpointGroupRegion: target.region,
                    trafficDialPercentage: trafficDial(target.servesTraffic),
                    healthCheckProtocol: "HTTPS",
                    healthCheckPort: 443,
                    healthCheckPath: target.healthCheckPath,
                    healthCheckIntervalSeconds: settings.healthCheckIntervalSeconds,
                    thresholdCount: settings.healthCheckThreshold,
                    endpointConfigurations: [
                        {
                            endpointId: target.albArn,
                            weight: 128,
                            clientIpPreservationEnabled: true,
                        },
                    ],
                },
                // The dial is set at creation from servesTraffic; after that the Region switch
                // plan's hold-edge step owns it (components/routing/edgeGate.ts), so a later
                // deploy of the global stack does not reopen a Region the plan holds out.
                { parent: this, ignoreChanges: ["trafficDialPercentage"] },
            );
            if (target.internalAlb) {
                admitAccelerator(name, target, this.endpointGroups[target.region], this);
            }
        }
        this.record = new aws.route53.Record(
            `${name}-alias`,
            {
                zoneId: args.zoneId,
                name: args.domain,
                type: "A",
                aliases: [
                    {
                        name: this.accelerator.dnsName,
                        zoneId: globalAcceleratorHostedZoneId,
                        // One record with nowhere else to go: health lives in the accelerator.
                        evaluateTargetHealth: false,
                    },
                ],
            },
            { parent: this },
        );
        this.dnsName = this.accelerator.dnsName;
        this.registerOutputs({
            accelerator: this.accelerator,
            listener: this.listener,
            endpointGroups: this.endpointGroups,
            record: this.record,
            dnsName: this.dnsName,
        });
    }
}

/**
 * Admit Global Accelerator to an internal ALB. Adding an internal ALB endpoint makes the
 * accelerator create ENIs, with one security group named `GlobalAccelerator` per VPC, in the
 * ALB's subnets; client IPs are preserved, so the ALB's rule must reference that group, not an
 * address range (https://docs.aws.amazon.com/global-accelerator/latest/dg/best-practices-aga.html).
 * The group exists once the endpoint group does, hence the lookup after it, in the ALB's region.
 */
function admitAccelerator(
    name: string,
    target: AcceleratedRegion,
    endpointGroup: aws.globalaccelerator.EndpointGroup,
    parent: pulumi.Resource,
): void {
    if (target.albSecurityGroupId === undefined || target.vpcId === undefined) {
        throw new Error(
            `${name}: region ${target.region} has an internal ALB but no albSecurityGroupId and vpcId; the accelerator cannot be admitted`,
        );
    }
    const acceleratorGroup = aws.ec2.getSecurityGroupOutput(
        {
            region: target.region,
            filters: [
                { name: "group-name", values: ["GlobalAccelerator"] },
                { name: "vpc-id", values: [target.vpcId] },
            ],
        },
        { parent, dependsOn: [endpointGroup] },
    );
    for (const port of acceleratorPorts) {
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-${target.region}-alb-in-${port}`,
            {
                region: target.region,
                securityGroupId: target.albSecurityGroupId,
                description: `Port ${port} from Global Accelerator (client IPs preserved)`,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                referencedSecurityGroupId: acceleratorGroup.id,
            },
            { parent },
        );
    }
}
